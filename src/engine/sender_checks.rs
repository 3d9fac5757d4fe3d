//! The sender: its number or address against the institution the message
//! claims, the flags its form raises (a dressed-up service number, an
//! overseas or virtual number), the user's lists, and a brand named by an
//! e-mail sent from a domain that is not the brand's.

use super::brands::brands;
use super::Classifier;
use crate::knowledge::Belongs;
use crate::links;
use crate::region;
use crate::rules::Known as K;
use crate::sender::{self, SenderFlag, SenderInfo, SenderKind};
use crate::text::{fold_str, is_traditional};

/// How much of the start of a message counts as its opening line (the subject
/// of an e-mail, the sender's name in an SMS) when looking for a brand.
const OPENING_CHARS: usize = 100;

impl<'a> Classifier<'a> {
    /// Sender signals; returns whether the sender is official.
    pub(super) fn sender_signals(&mut self, s: Option<&SenderInfo>, inst: Option<usize>, inst_name: Option<&str>, overdue: bool, chinese: bool, carries_contact: bool) -> bool {
        let Some(s) = s else { return false };
        let raw = s.raw.clone();
        let key = sender_key(s);
        if self.options.blocked_senders.iter().any(|b| same_sender(b, &key)) {
            self.raise_sender(K::user_blocked_sender, &raw, None);
        }
        let trusted = self.options.trusted_senders.iter().any(|t| same_sender(t, &key));
        if trusted {
            self.raise_sender(K::user_trusted_sender, &raw, None);
        }
        let mut belongs = match inst {
            Some(i) => {
                let by_number = s.number.as_deref().map(|n| self.kb.number_belongs(i, n));
                let by_domain = s.email.as_ref().and_then(|e| links::registrable_domain(&e.domain)).map(|d| self.kb.domain_belongs(i, &d));
                by_number.or(by_domain).unwrap_or(Belongs::Unknown)
            }
            None => Belongs::Unknown,
        };
        // A service number dressed up (+8695588, 00095588) keeps only the
        // embedded number: that it belongs proves nothing. A prefixed form the
        // knowledge base lists itself (010-95580) is genuine.
        let dressed_up = s.flags.iter().any(|f| matches!(f, SenderFlag::SpoofedServiceNumber(e) if s.number.as_deref() == Some(e.as_str())));
        if dressed_up {
            belongs = Belongs::Unknown;
        }
        let genuine_prefixed = matches!(belongs, Belongs::Yes);
        for flag in &s.flags {
            match flag {
                SenderFlag::SpoofedServiceNumber(_) if !genuine_prefixed => self.raise_sender(K::sender_spoofed_service_number, &raw, None),
                SenderFlag::ServiceNumberWrongLength => self.raise_sender(K::sender_service_number_wrong_length, &raw, None),
                // +886 on a Taiwan message is the reader's own country.
                SenderFlag::OverseasPrefix(code) if (chinese || inst.is_some()) && !self.home_calling_code(code) => {
                    self.raise_sender(K::sender_overseas, &raw, None)
                }
                SenderFlag::VirtualOperator => self.raise_sender(K::sender_virtual_operator, &raw, None),
                SenderFlag::VirtualOperatorWeak => self.raise_sender(K::sender_virtual_operator_weak, &raw, None),
                SenderFlag::Broadnet192 => self.raise_sender(K::sender_broadnet_192, &raw, None),
                SenderFlag::HiddenCharacters => self.raise_sender(K::sender_hidden_characters, &raw, None),
                SenderFlag::RegisteredHeader => self.raise_sender(K::sender_registered_header, &raw, None),
                _ => {}
            }
        }
        if s.service.as_ref().is_some_and(|sv| sv.number == "12381") && carries_contact {
            self.raise_sender(K::sender_anti_fraud_impersonation, &raw, None);
        }
        let detail = inst_name.map(str::to_string);
        let mut official = trusted;
        if inst.is_some() {
            match belongs {
                Belongs::Yes => {
                    official = true;
                    self.raise_sender(K::official_sender, &raw, detail);
                }
                Belongs::Likely => self.raise_sender(K::likely_official_sender, &raw, detail),
                _ if trusted => {}
                Belongs::No if s.kind == SenderKind::BankShortCode => self.raise_sender(K::institution_sender_other_institution, &raw, detail),
                _ => match s.kind {
                    SenderKind::PersonalMobile | SenderKind::VirtualOperator | SenderKind::Overseas => {
                        self.raise_sender(K::institution_sender_not_official, &raw, detail)
                    }
                    // An e-mail poses as the institution when its sender or its
                    // opening (the subject) names it, or when it comes from a
                    // free-mail address: a court, a collection agency or a law
                    // firm names the creditor further down, from its own domain.
                    SenderKind::Email => {
                        let free = s.flags.contains(&SenderFlag::FreeMail);
                        // The names are searched only when the address is not free mail.
                        if free || ((belongs == Belongs::No || self.institution_has_domains(inst)) && self.institution_in_identity(s, inst)) {
                            self.raise_sender(K::institution_email_not_official, &raw, detail)
                        }
                    }
                    _ => {}
                },
            }
        } else if overdue && !trusted && matches!(s.kind, SenderKind::PersonalMobile | SenderKind::VirtualOperator) {
            self.raise_sender(K::sender_personal_mobile_collection, &raw, None);
        }
        // A well-known brand in the display name or the opening line (the
        // subject), sent from a domain that is not the brand's.
        if let Some(e) = &s.email {
            let opening: String = self.norm.text.chars().take(OPENING_CHARS).collect();
            let label = format!("{} {opening}", e.display_name.as_deref().map(fold_str).unwrap_or_default());
            let domain = links::registrable_domain(&e.domain).unwrap_or_else(|| e.domain.clone());
            if let Some(b) = brands().find(&label).into_iter().find(|b| !b.owns(&domain)) {
                if inst.is_none() && !trusted {
                    self.raise_sender(K::brand_email_not_official, &raw, Some(b.id.to_string()));
                }
            } else if inst.is_none() && !s.flags.contains(&SenderFlag::FreeMail) {
                // From the brand's own domain (not its free mail: outlook.com,
                // icloud.com), which mail providers check the sender against.
                if let Some(b) = brands().owner_of(&domain) {
                    self.raise_sender(K::brand_email_official, &raw, Some(b.id.to_string()));
                }
            }
        }
        official
    }

    /// Whether an e-mail's display name, address or first line (its subject,
    /// at most `OPENING_CHARS`) names the institution `inst`, or one of its
    /// group.
    fn institution_in_identity(&self, s: &SenderInfo, inst: Option<usize>) -> bool {
        let (Some(inst), Some(e)) = (inst, s.email.as_ref()) else {
            return false;
        };
        let opening: String = self.norm.text.chars().take(OPENING_CHARS).take_while(|&c| c != '\n').collect();
        let name = e.display_name.as_deref().map(fold_str).unwrap_or_default();
        let label = format!("{name} {} {opening}", fold_str(&e.address));
        self.kb.find_claims(&label).iter().any(|c| c.institution == inst || self.kb.same_group(c.institution, inst))
    }

    pub(super) fn institution_has_domains(&self, inst: Option<usize>) -> bool {
        inst.and_then(|i| self.kb.institutions.get(i)).is_some_and(|i| !i.domains.is_empty())
    }

    /// Whether a sender's calling code is the reader's own on this message (a
    /// Traditional Chinese text and the region its words point to).
    pub(super) fn home_calling_code(&self, code: &str) -> bool {
        let traditional = is_traditional(&self.message.text);
        let text_region = || region::detect(&region::Cues { text: &self.norm.text, chinese: true, ..Default::default() });
        traditional && region::home_calling_code(code, true, text_region())
    }
}

/// What a sender is compared by in the user's lists: digits of a number, or
/// the lower-case address.
fn sender_key(s: &SenderInfo) -> String {
    if let Some(e) = &s.email {
        return e.address.to_lowercase();
    }
    if let Some(n) = &s.number {
        return n.clone();
    }
    s.raw.trim().to_lowercase()
}
fn same_sender(listed: &str, key: &str) -> bool {
    let listed = listed.trim();
    if listed.is_empty() {
        return false;
    }
    let listed_info = sender::parse_sender(listed);
    sender_key(&listed_info) == key || listed.to_lowercase() == key
}
