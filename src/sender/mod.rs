//! Senders and phone numbers. Whether a debt notice is genuine often shows in
//! who sent it: a bank's own 95xxx number, a 106 gateway port (banks, agencies,
//! marketers and scammers alike), a personal or virtual-operator mobile, an
//! overseas number, a service number dressed up (`00095588`, `+8695588`,
//! `40095588`, `020-95588`), or for e-mail a free-mail box or a display name
//! stuffed with invisible characters. This module only classifies: it says
//! what a sender or a number written in a message *is* under the number plan
//! (`data/number_plan.toml`) and which facts bear on trust; the engine weighs
//! them and checks them against the institutions' knowledge base.
//!
//! - [`parse_sender`] reads a sender field: a number in any common written form,
//!   a name (`【微众银行】`, `CommBank`), or an e-mail sender.
//! - [`find_phone_numbers`] finds the numbers written in a message's text with
//!   their byte ranges, leaving out amounts, dates, codes, card tails and
//!   reference numbers.
//!
//! Both take any input without panicking, in time linear in its length.

mod email;
mod plan;
mod scan;
#[cfg(test)]
mod tests;

use crate::text::is_invisible;
use std::ops::Range;

/// The contract's sender kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderKind {
    /// 95xxx / 96xxx service numbers, and other short service codes: 12xxx
    /// public services, carrier numbers (10086 …), 1010xxxx.
    BankShortCode,
    /// 106 SMS gateway ports.
    CommercialPort,
    /// An 11-digit personal mobile number.
    PersonalMobile,
    /// Virtual-operator segments (170/171, 162/165/167).
    VirtualOperator,
    /// A `+`/`00` international form that is not mainland China.
    Overseas,
    /// A fixed line with area code, or 400/800; also a number written in
    /// another country's national format (flagged [`SenderFlag::ForeignFormat`]).
    Landline,
    /// An e-mail address.
    Email,
    /// Anything else.
    Unknown,
}

impl SenderKind {
    /// The contract's snake_case name.
    pub fn code(self) -> &'static str {
        match self {
            SenderKind::BankShortCode => "bank_short_code",
            SenderKind::CommercialPort => "commercial_port",
            SenderKind::PersonalMobile => "personal_mobile",
            SenderKind::VirtualOperator => "virtual_operator",
            SenderKind::Overseas => "overseas",
            SenderKind::Landline => "landline",
            SenderKind::Email => "email",
            SenderKind::Unknown => "unknown",
        }
    }
}

/// A fact about a sender or number that bears on trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SenderFlag {
    /// A 95 number that is not 5 or 6 digits long (e.g. 95212234).
    ServiceNumberWrongLength,
    /// A known service number dressed up: 00095588, +8695588, 40095588, area code + 95588.
    SpoofedServiceNumber(String),
    /// `+`/`00` prefix of another country, with its calling code (`852`, `60`;
    /// `0` when a zero follows the prefix, as in `00095588` or `+00019…`).
    OverseasPrefix(String),
    /// 170/171: high-risk virtual-operator segment.
    VirtualOperator,
    /// 162/165/167: later virtual-operator segments (lower confidence).
    VirtualOperatorWeak,
    /// 192 (China Broadnet), spoofed as "official" numbers.
    Broadnet192,
    /// 400/800 number.
    Toll400,
    /// A free-mail provider's address (gmail.com, qq.com, 163.com, …).
    FreeMail,
    /// Invisible characters in the display name (or in a name or address).
    HiddenCharacters,
    /// The e-mail display name contains this address, which differs from the real one.
    DisplayNameAddress(String),
    /// A number written in another country's national format, with that
    /// country's calling code: `1` for `(800) 123-4567`, `44` for `0800 195 6669`.
    ForeignFormat(String),
    /// An Indian business header as the phone shows it (`VK-ASIANT`,
    /// `JM-HDFCBK-S`): operator and circle, the six-character header the
    /// sender registered on TRAI's DLT platform, and the message type.
    RegisteredHeader,
}

impl SenderFlag {
    /// The flag's stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            SenderFlag::ServiceNumberWrongLength => "service_number_wrong_length",
            SenderFlag::SpoofedServiceNumber(_) => "spoofed_service_number",
            SenderFlag::OverseasPrefix(_) => "overseas_prefix",
            SenderFlag::VirtualOperator => "virtual_operator",
            SenderFlag::VirtualOperatorWeak => "virtual_operator_weak",
            SenderFlag::Broadnet192 => "broadnet_192",
            SenderFlag::Toll400 => "toll_400",
            SenderFlag::FreeMail => "free_mail",
            SenderFlag::HiddenCharacters => "hidden_characters",
            SenderFlag::RegisteredHeader => "registered_header",
            SenderFlag::DisplayNameAddress(_) => "display_name_address",
            SenderFlag::ForeignFormat(_) => "foreign_format",
        }
    }
}

/// A known public service number (12381, 96110, 12321, 12378, 12368, 12363, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceNumber {
    /// The number.
    pub number: String,
    /// Stable id (`anti_fraud_warning`, `court_service`, …).
    pub id: String,
}

/// An e-mail sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailSender {
    /// The display name, if any, without invisible characters, spaces collapsed.
    pub display_name: Option<String>,
    /// The address, lower-cased.
    pub address: String,
    /// The domain part of the address.
    pub domain: String,
    /// An address written inside the display name (`"service@bank.com" <x@evil.top>`),
    /// lower-cased, even when it equals `address`.
    pub display_address: Option<String>,
}

/// What a sender is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderInfo {
    /// As given.
    pub raw: String,
    /// The contract's kind.
    pub kind: SenderKind,
    /// Canonical national digits (95588, 13800138000, 4008108866, 106980095533), when a number;
    /// `+` and the international digits for a number outside mainland China (`+85212345678`,
    /// `+18662572117`). For a digit string that is no number under the plan, its digits.
    pub number: Option<String>,
    /// When the number is a known public service number.
    pub service: Option<ServiceNumber>,
    /// When the sender is an e-mail address.
    pub email: Option<EmailSender>,
    /// A name given instead of a number, without its brackets (`建设银行` for `【建设银行】`).
    pub name: Option<String>,
    /// Trust-relevant facts.
    pub flags: Vec<SenderFlag>,
}

/// A phone number written in a message's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneMention {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Classification of the number, as for a sender.
    pub info: SenderInfo,
}

/// Longest sender field read (longer ones are `unknown`): no sender is this long.
const MAX_SENDER_BYTES: usize = 1024;

impl SenderInfo {
    fn unknown(raw: &str) -> SenderInfo {
        SenderInfo {
            raw: raw.to_string(),
            kind: SenderKind::Unknown,
            number: None,
            service: None,
            email: None,
            name: None,
            flags: Vec::new(),
        }
    }

    fn from_class(raw: String, c: plan::Class) -> SenderInfo {
        SenderInfo {
            raw,
            kind: c.kind,
            number: Some(c.number),
            service: c.service,
            email: None,
            name: None,
            flags: c.flags,
        }
    }
}

/// Classifies a sender field: a phone number or short code in any common
/// written form, an e-mail sender (`Name <addr>`, `"Name" <addr>`, a bare
/// address), or a name (`【微众银行】`, `CommBank`). A trailing remark in
/// parentheses with Latin letters (`中国移动 (claimed)`) is left out. Anything
/// unreadable is `unknown`.
pub fn parse_sender(raw: &str) -> SenderInfo {
    let mut info = SenderInfo::unknown(raw);
    let t = raw.trim();
    if t.is_empty() || t.len() > MAX_SENDER_BYTES {
        return info;
    }
    if t.contains(['@', '<', '>']) {
        if let Some((email, flags)) = email::parse(t) {
            info.kind = SenderKind::Email;
            info.email = Some(email);
            info.flags = flags;
        }
        return info;
    }
    let t = without_remark(t);
    // A number with invisible characters inside (`955\u{200B}88`) is read
    // without them, and flagged.
    let digits: String = t.chars().filter(|&c| !is_invisible(c)).collect();
    if let Some(w) = written_number(&digits) {
        let mut info = match plan::classify(&w) {
            Some(c) => SenderInfo::from_class(raw.to_string(), c),
            None => {
                info.number = (w.digits.len() <= plan::MAX_DIGITS).then_some(w.digits);
                info
            }
        };
        if digits.len() != t.len() {
            info.flags.push(SenderFlag::HiddenCharacters);
        }
        return info;
    }
    let (name, hidden) = email::clean(t);
    let name = strip_brackets(&name);
    if name.chars().any(char::is_alphanumeric) {
        info.name = Some(name.to_string());
        if hidden {
            info.flags.push(SenderFlag::HiddenCharacters);
        } else if registered_header(name) {
            info.flags.push(SenderFlag::RegisteredHeader);
        }
    }
    info
}

/// Whether `name` is written as an Indian business header: two letters of
/// operator and circle, a dash, the six capitals or digits registered on
/// TRAI's DLT platform, and since 2025 a dash and the message type (`S`
/// service, `T` transactional, `P` promotional, `G` government):
/// `VK-ASIANT`, `JM-HDFCBK-S`.
fn registered_header(name: &str) -> bool {
    let b = name.as_bytes();
    let head = |r: &[u8]| r.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let typed = match b.len() {
        9 => true,
        11 => b[9] == b'-' && matches!(b[10], b'S' | b'T' | b'P' | b'G'),
        _ => false,
    };
    typed && b[..2].iter().all(u8::is_ascii_uppercase) && b[2] == b'-' && head(&b[3..9]) && b[3..9].iter().any(u8::is_ascii_uppercase)
}

/// `中国移动 (claimed)` → `中国移动`: drops a trailing parenthesised remark
/// that contains Latin letters, when something is left before it.
fn without_remark(t: &str) -> &str {
    if let Some(body) = t.strip_suffix(')') {
        if let Some(open) = body.rfind(" (") {
            let (head, remark) = (body[..open].trim_end(), &body[open + 2..]);
            if !head.is_empty() && remark.chars().any(|c| c.is_ascii_alphabetic()) {
                return head;
            }
        }
    }
    t
}

/// Removes one pair of enclosing brackets: 【】, [], 〖〗, 「」, 《》, quotes.
fn strip_brackets(s: &str) -> &str {
    const PAIRS: [(char, char); 7] = [
        ('【', '】'),
        ('[', ']'),
        ('〖', '〗'),
        ('「', '」'),
        ('《', '》'),
        ('"', '"'),
        ('“', '”'),
    ];
    let s = s.trim();
    for (open, close) in PAIRS {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}

/// Reads `t` as a number when it holds nothing but digits (ASCII or
/// full-width), a leading `+`, separators and parentheses.
fn written_number(t: &str) -> Option<plan::Written> {
    let mut w = plan::Written::default();
    let mut in_group = false;
    let mut seen_close = false;
    for c in t.chars() {
        match scan::class(c) {
            scan::Cls::Digit(d) => {
                w.digits.push((b'0' + d) as char);
                if in_group {
                    if let Some(last) = w.groups.last_mut() {
                        *last += 1;
                    }
                } else {
                    w.groups.push(1);
                }
                in_group = true;
            }
            scan::Cls::Plus if w.digits.is_empty() && !w.plus => w.plus = true,
            scan::Cls::Open if w.digits.is_empty() && !seen_close => {
                w.paren_first = true;
                in_group = false;
            }
            scan::Cls::Close => {
                seen_close = true;
                in_group = false;
            }
            scan::Cls::Open | scan::Cls::Sep(_) => in_group = false,
            scan::Cls::Plus | scan::Cls::Other => return None,
        }
    }
    (w.digits.len() >= 3).then_some(w)
}

/// Finds phone numbers written in text, with byte ranges and the same
/// classification as [`parse_sender`] gives. Amounts (`1352.29元`, `$299.95`),
/// dates and times, card and account tails (`尾号1234`), verification codes,
/// order, case and reference numbers, postal codes, digit runs inside words or
/// links, and masked numbers (`138****8000`) are not reported.
pub fn find_phone_numbers(text: &str) -> Vec<PhoneMention> {
    scan::find(text)
}
