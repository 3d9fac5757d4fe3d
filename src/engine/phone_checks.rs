//! The phone numbers of a message that claims an institution: a personal,
//! overseas or fixed number that is not the institution's own is not its line
//! (a national 95xxx number and a courier's own mobile excepted).

use super::Classifier;
use crate::knowledge::Belongs;
use crate::rules::Known as K;
use crate::sender::{PhoneMention, SenderKind};
use crate::text::last_chars;

/// Who gives their own number in a delivery notice (the courier, the delivery
/// station), and how many characters before the number they are looked for.
const COURIER_WORDS: [&str; 7] = ["配送员", "快递员", "派送员", "送货员", "快递小哥", "骑手", "站点电话"];
const COURIER_REACH: usize = 32;

impl<'a> Classifier<'a> {
    pub(super) fn phone_signals(&mut self, phones: &[PhoneMention], inst: Option<usize>, inst_name: Option<&str>) {
        let Some(i) = inst else { return };
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
            // A courier's own mobile (`我是京东配送员…手机号：185…`) is the person
            // bringing the parcel, not a number passed off as the firm's line.
            let before = last_chars(self.message.text.get(..p.range.start).unwrap_or_default(), COURIER_REACH);
            let couriers_own = COURIER_WORDS.iter().any(|w| before.contains(w));
            if contactable && !national_service && !couriers_own && !matches!(belongs, Belongs::Yes | Belongs::Likely) && p.info.service.is_none() {
                let span = Some(self.u16().span(p.range.clone()));
                let evidence = self.message.text.get(p.range.clone()).unwrap_or_default().to_string();
                self.raise(K::institution_number_not_official, span, evidence, inst_name.map(str::to_string));
            }
        }
    }
}
