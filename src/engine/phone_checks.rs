//! The phone numbers of a message. In one that claims an institution, a
//! personal, overseas or fixed number that is not the institution's own is not
//! its line (a national 95xxx number and a courier's own mobile excepted); in
//! a Chinese debt notice that names no institution, a personal mobile to
//! contact is the collector's own phone.

use super::Classifier;
use crate::knowledge::Belongs;
use crate::rules::Known as K;
use crate::sender::{PhoneMention, SenderKind};
use crate::text::{contains_in_text, last_chars};

/// Who gives their own number in a delivery notice (the courier, the delivery
/// station), and how many characters before the number they are looked for.
const COURIER_WORDS: [&str; 7] = ["配送员", "快递员", "派送员", "送货员", "快递小哥", "骑手", "站点电话"];
const COURIER_REACH: usize = 32;

/// Words of borrowing and credit: a lender's collection, not a landlord's,
/// a school's or a property manager's fee (a building's housekeeper does give
/// out a mobile).
const LOAN_WORDS: [&str; 12] = ["贷", "借款", "借钱", "欠款", "信用卡", "白条", "花呗", "借呗", "还款", "征信", "催收", "债"];

impl<'a> Classifier<'a> {
    pub(super) fn phone_signals(&mut self, phones: &[PhoneMention], inst: Option<usize>, inst_name: Option<&str>, chinese_overdue: bool) {
        let Some(i) = inst else {
            if chinese_overdue {
                self.personal_mobile_to_contact(phones);
            }
            return;
        };
        for p in phones {
            let Some(n) = p.info.number.as_deref() else { continue };
            let belongs = self.kb.number_belongs(i, n);
            let contactable = matches!(
                p.info.kind,
                SenderKind::PersonalMobile | SenderKind::VirtualOperator | SenderKind::Overseas | SenderKind::Landline | SenderKind::BankShortCode
            );
            // A national 95xxx number (five or six digits, not dressed up) rings
            // the enterprise it is allotted to (domain.md §2): another firm's
            // (南航95539 in a bank's co-branded card offer) puts no impostor on the line.
            let national_service = p.info.kind == SenderKind::BankShortCode
                && p.info.flags.is_empty()
                && n.starts_with("95")
                && matches!(n.len(), 5 | 6);
            if contactable && !national_service && !self.couriers_own(p) && !matches!(belongs, Belongs::Yes | Belongs::Likely) && p.info.service.is_none() {
                self.raise_at_number(K::institution_number_not_official, p, inst_name.map(str::to_string));
            }
        }
    }

    /// A courier's own mobile (`我是京东配送员…手机号：185…`) is the person
    /// bringing the parcel, not a number passed off as the firm's line.
    fn couriers_own(&self, p: &PhoneMention) -> bool {
        let before = last_chars(self.message.text.get(..p.range.start).unwrap_or_default(), COURIER_REACH);
        COURIER_WORDS.iter().any(|w| before.contains(w))
    }

    /// Raises `signal` with the number `p` as its span and evidence.
    pub(super) fn raise_at_number(&mut self, signal: K, p: &PhoneMention, detail: Option<String>) {
        let span = Some(self.u16().span(p.range.clone()));
        let evidence = self.message.text.get(p.range.clone()).unwrap_or_default().to_string();
        self.raise(signal, span, evidence, detail);
    }

    /// A Chinese overdue notice of a loan or a card, from no named
    /// institution, that gives a personal or virtual-operator mobile to
    /// contact: the text's own version of `sender_personal_mobile_collection`.
    /// (In other languages an eleven-digit number starting with 1 is a North
    /// American one: 1800-555-0199.)
    fn personal_mobile_to_contact(&mut self, phones: &[PhoneMention]) {
        let Some(p) = phones.iter().find(|p| {
            p.info.service.is_none() && matches!(p.info.kind, SenderKind::PersonalMobile | SenderKind::VirtualOperator)
        }) else {
            return;
        };
        if self.couriers_own(p) || !LOAN_WORDS.iter().any(|w| contains_in_text(&self.message.text, w)) {
            return;
        }
        self.raise_at_number(K::collection_contact_personal_mobile, p, None);
    }
}
