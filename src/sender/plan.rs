//! The number plan: given the digits of a number as someone wrote them (with
//! or without `+`/`00`/`86`, grouped by spaces, dashes, dots or parentheses),
//! say what kind of number it is and which trust-relevant facts it carries.
//!
//! The facts live in `data/number_plan.toml` (prefixes, area codes, service
//! numbers, country codes, with sources); this file only applies them.

use super::{SenderFlag, SenderKind, ServiceNumber};

/// Longest digit string considered a phone number at all (106 ports reach 20
/// national digits; `0086` and a few separators' worth of slack on top).
pub(crate) const MAX_DIGITS: usize = 24;

/// A number as written: its digits and how they were grouped.
#[derive(Debug, Clone, Default)]
pub(crate) struct Written {
    /// Every digit, ASCII, in order (full-width digits already mapped).
    pub digits: String,
    /// Began with `+`.
    pub plus: bool,
    /// Digit count of each group (groups are split by separators or parentheses).
    pub groups: Vec<usize>,
    /// The first group stood in parentheses: `(800) 123-4567`, `(010)12345678`.
    pub paren_first: bool,
}

/// What the plan says about a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Class {
    pub kind: SenderKind,
    /// Canonical form: national digits for mainland numbers, `+` and the
    /// international digits for others.
    pub number: String,
    pub service: Option<ServiceNumber>,
    pub flags: Vec<SenderFlag>,
    /// In message text, report this number only next to a phone word (电话, 致电, call …).
    pub needs_context: bool,
}

/// `data/number_plan.toml` (its `source`, `meaning` and notes stay in the file).
#[derive(Debug)]
struct Plan {
    prefix: &'static [PrefixEntry],
    area_codes: AreaCodes,
    service: &'static [ServiceEntry],
    overseas: Overseas,
    foreign: &'static [Foreign],
    text: TextWords,
}

#[derive(Debug)]
struct PrefixEntry {
    prefix: &'static str,
    kind: &'static str,
    min_len: usize,
    max_len: usize,
    flag: Option<&'static str>,
    text_needs_context: bool,
}

#[derive(Debug)]
struct AreaCodes {
    two_digit: &'static [&'static str],
}

#[derive(Debug)]
struct ServiceEntry {
    number: &'static str,
    id: &'static str,
}

#[derive(Debug)]
struct Overseas {
    one_digit_codes: &'static [&'static str],
    two_digit_codes: &'static [&'static str],
    seen_in_fraud: &'static [FraudCode],
}

#[derive(Debug)]
struct FraudCode {
    code: &'static str,
    bare_len: Option<usize>,
}

#[derive(Debug)]
struct Foreign {
    country: &'static str,
    toll_free: &'static [&'static str],
    /// First digits of the country's ten-digit mobile numbers, read as that
    /// country's when written as one ungrouped run without a country code.
    mobile_first: &'static [&'static str],
    /// First digits, after the calling code, of the country's mobile numbers
    /// of `mobile_digits` digits (Taiwan: `+886 9…`, nine digits).
    mobile: &'static [&'static str],
    mobile_digits: usize,
}

/// Words around a digit run in message text (see `[text]` in the data file).
#[derive(Debug)]
pub(crate) struct TextWords {
    pub reject_before: &'static [&'static str],
    pub reject_after: &'static [&'static str],
    pub accept_before: &'static [&'static str],
    pub accept_after: &'static [&'static str],
}

// `PLAN`, written by build.rs from `data/number_plan.toml`.
include!(concat!(env!("OUT_DIR"), "/number_plan.rs"));

fn plan() -> &'static Plan {
    &PLAN
}

/// Context words for the text scanner.
pub(crate) fn text_words() -> &'static TextWords {
    &plan().text
}

fn kind_of(code: &str) -> SenderKind {
    match code {
        "bank_short_code" => SenderKind::BankShortCode,
        "commercial_port" => SenderKind::CommercialPort,
        "personal_mobile" => SenderKind::PersonalMobile,
        "virtual_operator" => SenderKind::VirtualOperator,
        "overseas" => SenderKind::Overseas,
        "landline" => SenderKind::Landline,
        "email" => SenderKind::Email,
        _ => SenderKind::Unknown,
    }
}

fn flag_of(code: &str) -> Option<SenderFlag> {
    match code {
        "virtual_operator" => Some(SenderFlag::VirtualOperator),
        "virtual_operator_weak" => Some(SenderFlag::VirtualOperatorWeak),
        "broadnet_192" => Some(SenderFlag::Broadnet192),
        "toll_400" => Some(SenderFlag::Toll400),
        _ => None,
    }
}

fn known_service(n: &str) -> Option<ServiceNumber> {
    plan()
        .service
        .iter()
        .find(|s| s.number == n)
        .map(|s| ServiceNumber {
            number: s.number.to_string(),
            id: s.id.to_string(),
        })
}

/// The longest prefix entry whose length range admits `n`.
fn prefix_entry(n: &str) -> Option<&'static PrefixEntry> {
    plan()
        .prefix
        .iter()
        .filter(|e| n.starts_with(e.prefix) && (e.min_len..=e.max_len).contains(&n.len()))
        .max_by_key(|e| e.prefix.len())
}

/// A number that scammers dress up (95xxx, 96xxx, 12xxx, known service numbers).
fn service_like(n: &str) -> bool {
    known_service(n).is_some()
        || prefix_entry(n).is_some_and(|e| kind_of(e.kind) == SenderKind::BankShortCode)
}

/// Classifies a written number; `None` when it is no phone number under any plan.
pub(crate) fn classify(w: &Written) -> Option<Class> {
    let d = w.digits.as_str();
    if d.len() < 3 || d.len() > MAX_DIGITS || !d.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if w.plus || d.starts_with("00") {
        let mut rest = if w.plus { d } else { &d[2..] };
        if w.plus && rest.starts_with("00") {
            rest = &rest[2..]; // "+00019…": a second international prefix
        }
        return match rest.strip_prefix("86") {
            Some(national) if !national.is_empty() => mainland(national, true, w),
            _ => overseas(rest),
        };
    }
    if let Some(national) = d.strip_prefix("86") {
        // Bare 86 before a mobile or a service number (8695588, 8613800138000).
        let mobile = national.len() == 11 && national.starts_with('1');
        if mobile || service_like(national) {
            return mainland(national, true, w);
        }
    }
    for code in plan().overseas.seen_in_fraud {
        if code.bare_len == Some(d.len()) && d.starts_with(code.code) {
            return overseas(d);
        }
    }
    national_foreign_mobile(d, w).or_else(|| mainland(d, false, w))
}

/// A ten-digit national number with its trunk 0 (`0912-345-678`): no mainland
/// number has that length (a 0, an area code and seven or eight digits), so one
/// whose rest starts another plan's mobile numbers (Taiwan's 9…) is that mobile.
fn national_foreign_mobile(n: &str, w: &Written) -> Option<Class> {
    let rest = n.strip_prefix('0').filter(|r| r.len() == 9)?;
    let f = plan().foreign.iter().find(|f| f.mobile_digits == rest.len() && f.mobile.iter().any(|m| rest.starts_with(m)))?;
    let mut c = foreign_number(f.country, rest, SenderKind::PersonalMobile, Vec::new());
    c.needs_context = w.groups.len() < 2; // an ungrouped run in text may be a code
    Some(c)
}

/// A number after `+`/`00` that is not mainland China.
fn overseas(rest: &str) -> Option<Class> {
    if rest.len() < 3 || rest.len() > 17 {
        return None;
    }
    let o = &plan().overseas;
    let cc_len = if rest.starts_with('0')
        || o.one_digit_codes
            .iter()
            .any(|c| rest.starts_with(*c))
    {
        1
    } else if o
        .two_digit_codes
        .iter()
        .any(|c| rest.starts_with(*c))
    {
        2
    } else {
        3
    };
    let (cc, tail) = rest.split_at(cc_len.min(rest.len()));
    let mut flags = vec![SenderFlag::OverseasPrefix(cc.to_string())];
    if cc == "0" && service_like(tail) {
        flags.push(SenderFlag::SpoofedServiceNumber(tail.to_string())); // 00095588
    } else if rest.len() < 7 {
        // Shortest international numbers: a country code and six digits; this
        // also keeps time-zone offsets (`11:35:54 +0100`) out.
        return None;
    }
    if tail.len() == 10 && foreign_toll_free(cc, &tail[..3]) {
        flags.push(SenderFlag::Toll400);
    }
    let mobile = plan().foreign.iter().any(|f| f.country == cc && tail.len() == f.mobile_digits && f.mobile.iter().any(|m| tail.starts_with(m)));
    Some(Class {
        kind: if mobile { SenderKind::PersonalMobile } else { SenderKind::Overseas },
        number: format!("+{rest}"),
        service: None,
        flags,
        needs_context: false,
    })
}

fn foreign_toll_free(country: &str, area: &str) -> bool {
    plan()
        .foreign
        .iter()
        .any(|f| f.country == country && f.toll_free.contains(&area))
}

/// A national number. `via86`: it came after +86 / 0086 / 86.
fn mainland(n: &str, via86: bool, w: &Written) -> Option<Class> {
    let spoof = |kind: SenderKind, flags: Vec<SenderFlag>, service: &str| {
        let mut flags = flags;
        flags.push(SenderFlag::SpoofedServiceNumber(service.to_string()));
        Some(Class {
            kind,
            number: n.to_string(),
            service: None,
            flags,
            needs_context: false,
        })
    };
    if via86 && service_like(n) {
        let kind = prefix_entry(n).map_or(SenderKind::BankShortCode, |e| kind_of(e.kind));
        return spoof(kind, Vec::new(), n); // +8695588
    }
    let national = prefix_entry(n).is_some() || known_service(n).is_some();
    if via86 && !n.starts_with('0') && !national {
        // +86 21 6129 5599, +86 10 1234 5678: a landline without its trunk 0.
        return mainland(&format!("0{n}"), true, w);
    }
    if let Some(rest) = n.strip_prefix('0') {
        let two = plan()
            .area_codes
            .two_digit
            .iter()
            .any(|a| rest.starts_with(*a));
        let local = rest.get(if two { 2 } else { 3 }..).unwrap_or("");
        if service_like(local) {
            return spoof(SenderKind::Landline, Vec::new(), local); // 020-95588
        }
        if n.len() == 11 && (n.starts_with("0800") || n.starts_with("0808")) {
            return Some(foreign_number(
                "44",
                rest,
                SenderKind::Landline,
                vec![SenderFlag::Toll400],
            ));
        }
    }
    for toll in ["400", "800"] {
        if let Some(rest) = n.strip_prefix(toll) {
            if service_like(rest) {
                return spoof(SenderKind::Landline, vec![SenderFlag::Toll400], rest);
                // 40095588
            }
        }
    }
    if !via86 {
        // After +86 a number is Chinese, whatever its grouping.
        if let Some(c) = north_american(n, w) {
            return Some(c);
        }
    }
    let service = known_service(n);
    let Some(entry) = prefix_entry(n) else {
        if service.is_some() {
            // 10086, 10010, 10000, 10086109: carrier service numbers.
            return Some(Class {
                kind: SenderKind::BankShortCode,
                number: n.to_string(),
                service,
                flags: Vec::new(),
                needs_context: false,
            });
        }
        if n.starts_with("95") && (7..=12).contains(&n.len()) {
            return Some(Class {
                kind: SenderKind::BankShortCode,
                number: n.to_string(),
                service: None,
                flags: vec![SenderFlag::ServiceNumberWrongLength],
                needs_context: true,
            });
        }
        return None;
    };
    let flags = entry
        .flag
        .and_then(flag_of)
        .into_iter()
        .collect();
    Some(Class {
        kind: kind_of(entry.kind),
        number: n.to_string(),
        needs_context: entry.text_needs_context && service.is_none(),
        service,
        flags,
    })
}

/// NANP numbers written the American way: `(800) 123-4567`, `866.257.2117`,
/// `1-800-123-4567`. Mainland China has no ten-digit numbers starting 2-9
/// except 400/800, and an 800 number counts as American only with `(800)`.
fn north_american(n: &str, w: &Written) -> Option<Class> {
    let ten = match n.len() {
        10 => n,
        11 if n.starts_with('1') && w.groups.first() == Some(&1) => &n[1..],
        _ => return None,
    };
    let first = ten.as_bytes().first().copied().unwrap_or(b'0');
    if !(b'2'..=b'9').contains(&first) || ten.starts_with("400") {
        return None;
    }
    if let Some(c) = ungrouped_foreign_mobile(n, w) {
        return Some(c);
    }
    let american_800 = w.paren_first || n.len() == 11;
    if ten.starts_with("800") && !american_800 {
        return None;
    }
    let mut flags = Vec::new();
    if foreign_toll_free("1", &ten[..3]) {
        flags.push(SenderFlag::Toll400);
    }
    let mut c = foreign_number("1", ten, SenderKind::Landline, flags);
    c.needs_context = w.groups.len() < 2; // an ungrouped 10-digit run in text is rarely a phone
    Some(c)
}

/// A ten-digit run written without groups or a country code whose first digit
/// starts another country's mobile numbers (`7679046492`, India): Americans
/// group their numbers (`767-904-6492`), a mobile number in India is written
/// as one run. American toll-free numbers (`8662572117`) stay American.
fn ungrouped_foreign_mobile(n: &str, w: &Written) -> Option<Class> {
    if n.len() != 10 || w.groups.len() != 1 || w.paren_first || foreign_toll_free("1", &n[..3]) {
        return None;
    }
    let f = plan().foreign.iter().find(|f| f.mobile_first.iter().any(|d| n.starts_with(d)))?;
    let mut c = foreign_number(f.country, n, SenderKind::Landline, Vec::new());
    c.needs_context = true; // an ungrouped 10-digit run in text is rarely a phone
    Some(c)
}

fn foreign_number(
    country: &str,
    national: &str,
    kind: SenderKind,
    mut flags: Vec<SenderFlag>,
) -> Class {
    flags.insert(0, SenderFlag::ForeignFormat(country.to_string()));
    Class {
        kind,
        number: format!("+{country}{national}"),
        service: None,
        flags,
        needs_context: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_loads_and_every_entry_is_usable() {
        let p = plan();
        assert!(p.prefix.len() >= 20, "number_plan.toml did not load");
        for e in p.prefix {
            assert_ne!(
                kind_of(e.kind),
                SenderKind::Unknown,
                "prefix {} kind {}",
                e.prefix,
                e.kind
            );
            assert!(
                e.min_len <= e.max_len && e.max_len <= MAX_DIGITS,
                "prefix {}",
                e.prefix
            );
            if let Some(f) = &e.flag {
                assert!(flag_of(f).is_some(), "prefix {} flag {f}", e.prefix);
            }
        }
        for s in p.service {
            assert!(!s.id.is_empty() && s.number.bytes().all(|b| b.is_ascii_digit()));
        }
        assert_eq!(p.area_codes.two_digit.len(), 11);
        assert!(!p.text.reject_before.is_empty() && !p.text.accept_before.is_empty());
    }

    #[test]
    fn data_entries_have_sources() {
        let raw: serde_json::Value =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/number_plan.json")))
                .unwrap();
        for table in ["prefix", "service", "foreign"] {
            for e in raw[table].as_array().unwrap() {
                assert!(
                    e["source"].as_str().is_some_and(|s| !s.is_empty()),
                    "{table}: {e}"
                );
            }
        }
        for e in raw["overseas"]["seen_in_fraud"].as_array().unwrap() {
            assert!(e["source"].as_str().is_some_and(|s| !s.is_empty()), "{e}");
        }
        for key in ["area_codes", "spoof", "overseas", "text"] {
            assert!(raw[key]["source"].as_str().is_some(), "{key}");
        }
    }
}
