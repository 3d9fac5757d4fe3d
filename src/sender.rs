//! Senders and phone numbers: what a number or address is under the Chinese
//! number plan (95xxx service numbers, 106 ports, mobiles, virtual operators,
//! overseas and spoofed forms, landlines, 400) and for e-mail (display name,
//! address, free-mail).
//!
//! (Skeleton: the sender issue work replaces this file.)

use std::ops::Range;

/// The contract's sender kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SenderKind {
    /// 95xxx / 96xxx service numbers (and other short service codes).
    BankShortCode,
    /// 106 SMS gateway ports.
    CommercialPort,
    /// An 11-digit personal mobile number.
    PersonalMobile,
    /// Virtual-operator segments (170/171, 162/165/167).
    VirtualOperator,
    /// A `+`/`00` international form that is not mainland China.
    Overseas,
    /// A fixed line with area code, or 400/800.
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
    /// `+`/`00` prefix of another country.
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
    /// Invisible characters in the display name.
    HiddenCharacters,
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
    /// The display name, if any.
    pub display_name: Option<String>,
    /// The address, lower-cased.
    pub address: String,
    /// The domain part of the address.
    pub domain: String,
}

/// What a sender is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderInfo {
    /// As given.
    pub raw: String,
    /// The contract's kind.
    pub kind: SenderKind,
    /// Canonical national digits (95588, 13800138000, 4008108866, 106980095533), when a number.
    pub number: Option<String>,
    /// When the number is a known public service number.
    pub service: Option<ServiceNumber>,
    /// When the sender is an e-mail address.
    pub email: Option<EmailSender>,
    /// A name given instead of a number (`建设银行`, `【微众银行】`).
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

/// Classifies a sender string.
pub fn parse_sender(raw: &str) -> SenderInfo {
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

/// Finds phone numbers written in text.
pub fn find_phone_numbers(_text: &str) -> Vec<PhoneMention> {
    Vec::new()
}
