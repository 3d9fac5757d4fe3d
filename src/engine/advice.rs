//! Where the reader probably is, and the advice a verdict gets: which
//! `data/advice.toml` entries apply, in order, the claimed institution's
//! hotline and app filled in, the reader's region's own in place of mainland
//! China's.

use super::link_checks::FoundLink;
use super::Classifier;
use crate::region::{self, Region};
use crate::report::{Advice, Channel, Verdict};
use crate::rules::Known as K;
use crate::sender::{SenderFlag, SenderInfo, SenderKind};

impl<'a> Classifier<'a> {
    /// Where the reader probably is (for the advice).
    pub(super) fn region(&self, chinese: bool, sender: Option<&SenderInfo>, links: &[FoundLink]) -> Option<&'static Region> {
        let number = sender.and_then(|s| s.number.as_deref());
        let mainland = sender.is_some_and(|s| {
            matches!(s.kind, SenderKind::BankShortCode | SenderKind::CommercialPort | SenderKind::PersonalMobile | SenderKind::VirtualOperator)
        });
        let sender_domain = sender.and_then(|s| s.email.as_ref()).map(|e| e.domain.as_str());
        let cues = region::Cues {
            text: &self.norm.text,
            chinese,
            international_number: number.filter(|n| n.starts_with('+')),
            mainland_number: mainland && !number.is_some_and(|n| n.starts_with('+')),
            domains: links.iter().map(|l| l.link.domain.as_str()).chain(sender_domain).filter(|d| !d.is_empty()).collect(),
            registered_header: sender.is_some_and(|s| s.flags.contains(&SenderFlag::RegisteredHeader)),
        };
        region::detect(&cues)
    }

    /// The advice for this verdict: what to do and not to do, then where to
    /// check and report, each advice id once.
    pub(super) fn advice(&self, verdict: Verdict, overdue: bool, inst: Option<usize>, has_link: bool, has_phone: bool, region: Option<&Region>) -> Vec<Advice> {
        let mainland = region.map_or(true, |r| r.id == "cn");
        let mut ids: Vec<(&str, Option<String>, Option<String>)> = Vec::new();
        let official = |ids: &mut Vec<(&str, Option<String>, Option<String>)>| match inst.and_then(|i| self.kb.institutions.get(i)) {
            Some(_) => {
                let i = inst.unwrap_or_default();
                if let Some(h) = self.kb.hotline(i) {
                    ids.push(("call_official_hotline", Some(h.to_string()), None));
                }
                match self.kb.official_channel(i) {
                    Some(c) => ids.push(("verify_in_official_app", Some(c.zh), Some(c.en))),
                    None => ids.push(("verify_through_official_channel", None, None)),
                }
            }
            None => ids.push(("verify_through_official_channel", None, None)),
        };
        match verdict {
            Verdict::Scam | Verdict::Suspicious => {
                if has_link {
                    ids.push(("do_not_click_links", None, None));
                }
                if has_phone || self.has(K::deceptive_payment_lure) || self.has(K::auto_renewal_lure) || self.has(K::callback_lure) {
                    ids.push(("do_not_call_numbers_in_message", None, None));
                }
                if self.has(K::asks_for_code_or_password) || self.has(K::screen_share_or_private_chat) {
                    ids.push(("never_share_codes", None, None));
                }
                if self.has(K::safe_account_transfer) || self.has(K::gift_card_or_crypto_payment) {
                    ids.push(("never_transfer_money", None, None));
                }
                if self.has(K::cancel_student_loan_account) {
                    ids.push(("no_account_cancellation_needed", None, None));
                }
                if self.has(K::credit_repair_offer) {
                    ids.push(("credit_repair_is_fraud", None, None));
                }
                official(&mut ids);
                if self.has(K::third_party_debt_notice) {
                    ids.push(("not_your_debt", None, None));
                }
                let threats = [K::threat_arrest_or_criminal, K::threat_home_or_work_visit, K::threat_contacts_family_employer, K::third_party_debt_notice, K::veiled_threat];
                if threats.iter().any(|&t| self.has(t)) {
                    ids.push(("report_improper_collection", None, None));
                }
                if self.has(K::fake_legal_document) {
                    ids.push(("verify_court_matter", None, None));
                }
                if overdue && !self.has(K::third_party_debt_notice) {
                    ids.push(("if_never_borrowed", None, None));
                    ids.push(("dispute_credit_record", None, None));
                    if !mainland {
                        ids.push(("request_debt_validation", None, None));
                    }
                }
                ids.push(("keep_evidence", None, None));
                if verdict == Verdict::Scam {
                    ids.push(("report_fraud", None, None));
                    if self.message.channel != Some(Channel::Email) {
                        ids.push(("report_spam_12321", None, None));
                    }
                }
            }
            Verdict::Benign if overdue => {
                official(&mut ids);
                ids.push(("repay_through_official_channel", None, None));
                ids.push(("if_never_borrowed", None, None));
                ids.push(("dispute_credit_record", None, None));
            }
            Verdict::Benign => {}
        }
        let mut out: Vec<Advice> = Vec::new();
        for (id, detail, detail_en) in ids {
            // The reader's region may put its own advice in place of mainland China's.
            let Some(id) = region.map_or(Some(id), |r| r.advice_for(id)) else { continue };
            if self.rules.catalog.advice(id).is_some() && !out.iter().any(|a| a.id == id) {
                out.push(Advice { id: id.to_string(), detail, detail_en });
            }
        }
        out
    }
}
