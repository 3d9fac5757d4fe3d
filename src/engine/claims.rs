//! The institution a message claims: its signature first, then the first
//! name or product it mentions, then the owner of the sender's name, number
//! or domain; a bank named as where to pay is no claim.

use super::text_cues::names_payee_account;
use super::Classifier;
use crate::knowledge::{Claim, ClaimVia};
use crate::links;
use crate::sender::SenderInfo;
use crate::text::fold_str;
use std::ops::Range;

impl<'a> Classifier<'a> {
    /// The institution the message claims: its signature first, then the first
    /// name or product, then the owner of the sender's number or domain.
    pub(super) fn claimed_institution(&self, sender: Option<&SenderInfo>) -> (Option<(usize, ClaimVia, Range<usize>)>, bool) {
        let text = self.norm.text.as_str();
        let claims: Vec<_> = self.kb.find_claims(text).into_iter().filter(|c| !names_payee_account(text, c)).collect();
        let signed = |c: &&Claim| {
            matches!(c.via, ClaimVia::Signature | ClaimVia::WrongSignature | ClaimVia::UnlistedSignature)
        };
        if let Some(c) = self.kb.primary_claim(&claims).filter(signed) {
            return (Some((c.institution, c.via, c.range.clone())), true);
        }
        // Signed by someone the knowledge base does not know (【宁波银行】):
        // that signer sent it; institutions it merely mentions are not claimed.
        let unknown_signer = !crate::knowledge::signature_spans(&self.norm.text).is_empty();
        if let Some(c) = self.kb.primary_claim(&claims).filter(|_| !unknown_signer) {
            return (Some((c.institution, c.via, c.range.clone())), false);
        }
        // A sender that names an institution (`【微众银行】`, `建设银行`, a display name).
        if let Some(s) = sender {
            let label = s.name.clone().or_else(|| s.email.as_ref().and_then(|e| e.display_name.clone()));
            if let Some(label) = label {
                let label_claims = self.kb.find_claims(&fold_str(&label));
                if let Some(c) = self.kb.primary_claim(&label_claims) {
                    return (Some((c.institution, ClaimVia::Name, 0..0)), false);
                }
            }
            if unknown_signer {
                return (None, false);
            }
            let by_number = s.number.as_deref().and_then(|n| self.kb.institution_for_number(n).or_else(|| self.kb.institution_for_port(n)));
            if let Some(i) = by_number {
                return (Some((i, ClaimVia::Name, 0..0)), false);
            }
            if let Some(i) = s.email.as_ref().and_then(|e| links::registrable_domain(&e.domain)).and_then(|d| self.kb.institution_for_domain(&d)) {
                return (Some((i, ClaimVia::Name, 0..0)), false);
            }
        }
        (None, unknown_signer)
    }
}
