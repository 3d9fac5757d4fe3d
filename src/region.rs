//! Where the reader probably is, so that advice fits: a text from a US
//! number about dollars should end with the FTC and the US credit bureaus,
//! not with China's 110 and 征信中心.
//!
//! The regions, their cues and their advice replacements are data
//! (`data/regions.toml`). [`detect`] adds up the cues a message shows — the
//! sender's calling code, the top-level domains of its addresses and links,
//! currencies, and names only one country's institutions use — and picks the
//! region with the most. A Chinese text without cues is from mainland China;
//! an English one from "elsewhere", which gets advice without any country's
//! numbers.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// One region and what points to it.
#[derive(Debug, Clone)]
pub struct Region {
    /// Stable id: `cn`, `us`, `uk`, `tw`, `hk`, `ng`, `in`, `other`.
    pub id: &'static str,
    calling_codes: &'static [&'static str],
    tlds: &'static [&'static str],
    currencies: &'static [&'static str],
    words: &'static [&'static str],
    /// Letters written for the currency right before an amount (`N1 000` naira).
    letter_amounts: &'static [&'static str],
    /// The region writes Traditional Chinese (Taiwan, Hong Kong).
    traditional: bool,
    /// A business sender header as the region's regulator registers them
    /// (India's `VK-HDFCBK`) points here.
    registered_headers: bool,
    /// Mainland-China advice id → this region's (empty: none).
    advice: &'static [(&'static str, &'static str)],
}

impl Region {
    /// The advice that stands for `id` here: itself, a replacement, or none.
    pub fn advice_for<'a>(&'a self, id: &'a str) -> Option<&'a str> {
        match self.advice.iter().find(|(from, _)| *from == id) {
            Some((_, "")) => None,
            Some((_, to)) => Some(to),
            None => Some(id),
        }
    }
}

// `REGIONS`, written by build.rs from `data/regions.toml`.
include!(concat!(env!("OUT_DIR"), "/regions.rs"));

/// The regions of `data/regions.toml`.
pub fn regions() -> &'static [Region] {
    REGIONS
}

/// Whether a sender with calling code `code` writes from the reader's own
/// country on a message in Traditional Chinese (`traditional`): the
/// Traditional region the text itself points to (`text_region`, read without
/// the sender) has that code, or, where the text points to none, any region
/// that writes Traditional Chinese does (+886 or +852). A Taiwan toll text from
/// +852 is still from abroad.
pub fn home_calling_code(code: &str, traditional: bool, text_region: Option<&Region>) -> bool {
    if !traditional {
        return false;
    }
    match text_region.filter(|r| r.traditional) {
        Some(r) => r.calling_codes.contains(&code),
        None => regions().iter().any(|r| r.traditional && r.calling_codes.contains(&code)),
    }
}

/// What a message shows of where it is from.
#[derive(Debug, Default)]
pub struct Cues<'a> {
    /// The normalised text (lower case, Simplified).
    pub text: &'a str,
    /// The text has Chinese characters.
    pub chinese: bool,
    /// The sender's number with `+` and its calling code, for an international number.
    pub international_number: Option<&'a str>,
    /// The sender is a mainland-China number (mobile, 95xxx, 106 port).
    pub mainland_number: bool,
    /// Domains of the sender's address and of the links.
    pub domains: Vec<&'a str>,
    /// The sender is a registered business header (`VK-HDFCBK`).
    pub registered_header: bool,
}

/// The region a message is most likely from.
pub fn detect(cues: &Cues<'_>) -> Option<&'static Region> {
    let list = regions();
    let named = named_words(cues.text);
    let mut best: Option<(&Region, u32)> = None;
    for r in list {
        let mut score = 0;
        if let Some(n) = cues.international_number.and_then(|n| n.strip_prefix('+')) {
            // Longest calling code wins: +852 is Hong Kong, not +85.
            let own = r.calling_codes.iter().filter(|c| n.starts_with(**c)).map(|c| c.len()).max();
            let longest = list.iter().flat_map(|o| o.calling_codes).filter(|c| n.starts_with(**c)).map(|c| c.len()).max();
            if own.is_some() && own == longest {
                score += 2;
            }
        }
        if cues.mainland_number && r.id == "cn" {
            score += 2;
        }
        if cues.registered_header && r.registered_headers {
            score += 2;
        }
        score += cues.domains.iter().filter(|d| r.tlds.iter().any(|t| d.rsplit('.').next() == Some(*t))).count() as u32;
        score += r.currencies.iter().filter(|c| named.contains(c)).count() as u32;
        score += 2 * r.words.iter().filter(|w| named.contains(w)).count() as u32;
        // A letter amount in Chinese text is a contract or order number (合同N2023…).
        if !cues.chinese {
            score += r.letter_amounts.iter().filter(|l| letter_amount(cues.text, l)).count() as u32;
        }
        if score > best.map_or(0, |b| b.1) {
            best = Some((r, score));
        }
    }
    let default = if cues.chinese { "cn" } else { "other" };
    best.map(|b| b.0).or_else(|| list.iter().find(|r| r.id == default))
}

/// The currencies and words of every region that `text` contains (an ASCII
/// word only as a whole word), from one pass of one automaton, and the empty
/// word. A message names few of them: a list searched by hand is quicker than
/// hashing every region's words against a set. The module builds the
/// automaton for the first text that [`may_name`] says can name one; the
/// CLI searches every text (natively the automaton's prefilter passes over
/// a text in fewer instructions than the check).
fn named_words(text: &str) -> Vec<&'static str> {
    static M: OnceLock<(Option<crate::words::Words>, Vec<&'static str>)> = OnceLock::new();
    // The empty word is in every text.
    let mut named: Vec<&'static str> = vec![""];
    if cfg!(target_arch = "wasm32") && !may_name(text) {
        return named;
    }
    let (matcher, words) = M.get_or_init(|| {
        let words: Vec<&'static str> = all_words().collect::<BTreeSet<_>>().into_iter().collect();
        (crate::words::Words::sparse(&words, false), words)
    });
    let Some(matcher) = matcher else { return named };
    for (range, i) in matcher.overlapping(text) {
        let word = words[i];
        if !named.contains(&word) && whole_word(text, word, range.start) {
            named.push(word);
        }
    }
    named
}

/// Every region's currencies and words (some more than once).
fn all_words() -> impl Iterator<Item = &'static str> {
    regions().iter().flat_map(|r| r.currencies.iter().chain(r.words)).copied().filter(|w| !w.is_empty())
}

/// Whether `text` can name a region word: it holds a word's last two
/// characters (a one-character word: that one), and after an ASCII
/// word's, no ASCII letter or digit. A cheap check, so that a text that
/// names none (most Chinese ones) needs no automaton: the first report's
/// message holds `征信` and `pay`, not `中心` (`征信中心`), `微信` or a
/// whole `…pa` (`fdcpa`).
fn may_name(text: &str) -> bool {
    // (last character, the one before it or '\0', whole words only), sorted.
    static ENDS: OnceLock<Vec<(char, char, bool)>> = OnceLock::new();
    let ends = ENDS.get_or_init(|| {
        // Kept sorted as they come: a sort would add 5 KB of code for 40 items.
        let mut ends: Vec<(char, char, bool)> = Vec::new();
        for w in all_words() {
            let mut chars = w.chars().rev();
            let Some(last) = chars.next() else { continue };
            let end = (last, chars.next().unwrap_or('\0'), w.starts_with(|c: char| c.is_ascii_alphanumeric()));
            if let Err(at) = ends.binary_search(&end) {
                ends.insert(at, end);
            }
        }
        ends
    });
    let mut before = '\0';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let from = ends.partition_point(|e| e.0 < c);
        for &(_, b, whole) in ends[from..].iter().take_while(|e| e.0 == c) {
            if (b == '\0' || b == before) && !(whole && chars.peek().is_some_and(char::is_ascii_alphanumeric)) {
                return true;
            }
        }
        before = c;
    }
    false
}

/// Whether `text` writes an amount of at least three digits right after the
/// currency letter `letter`, as a word of its own: `n1000`, `n12 500`,
/// `n1,000` (a London postcode, `n1 9gu`, has fewer digits; a reference
/// number, `n20231130001`, more than seven).
fn letter_amount(text: &str, letter: &str) -> bool {
    const MAX_AMOUNT_DIGITS: usize = 7;
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    // An empty letter writes no amount (and would match inside characters).
    !letter.is_empty() && memchr::memmem::find_iter(text.as_bytes(), letter.as_bytes()).any(|at| {
        let starts = text[..at].chars().next_back().map_or(true, |c| !c.is_ascii_alphanumeric());
        let rest = &text[at + letter.len()..];
        let lead = digits(rest);
        // One group of three after a space, a comma or a point: `n12 500`.
        let group = rest[lead..].strip_prefix([' ', ',', '.']).filter(|g| digits(g) == 3).map_or(0, |_| 4);
        let ends = rest[lead + group..].chars().next().map_or(true, |c| !c.is_ascii_alphanumeric());
        starts && (1..=MAX_AMOUNT_DIGITS).contains(&lead) && lead + group.min(3) >= 3 && ends
    })
}

/// Whether `word`, found at byte `at` of `hay`, counts: an ASCII word only
/// where it is a whole word.
fn whole_word(hay: &str, word: &str, at: usize) -> bool {
    let word_char = |c: char| c.is_ascii_alphanumeric();
    if !word.starts_with(word_char) {
        return true;
    }
    let before = hay[..at].chars().next_back().map_or(true, |c| !word_char(c));
    let after = hay[at + word.len()..].chars().next().map_or(true, |c| !word_char(c));
    before && after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(text: &str, chinese: bool, number: Option<&str>, mainland: bool, domains: &[&str]) -> String {
        let cues = Cues { text, chinese, international_number: number, mainland_number: mainland, domains: domains.to_vec(), registered_header: false };
        detect(&cues).map(|r| r.id.to_string()).unwrap_or_default()
    }

    #[test]
    fn regions_follow_the_cues() {
        let cases: &[(&str, bool, Option<&str>, bool, &[&str], &str)] = &[
            ("您的借款已逾期", true, None, false, &[], "cn"),
            ("您的借款已逾期", true, None, true, &[], "cn"),
            ("your account is past due", false, None, false, &[], "other"),
            ("your account is past due, pay $120 now", false, None, false, &[], "us"),
            ("your account is past due", false, Some("+12025550143"), false, &[], "us"),
            ("royal mail: your parcel has a fee of £1.45", false, None, false, &[], "uk"),
            ("unpaid toll", false, Some("+447700900123"), false, &["evri-redelivery.com"], "uk"),
            ("贵户本期电费已逾期,合计新台币275元", true, None, false, &[], "tw"),
            ("您的通行费已逾期", true, Some("+886912345678"), false, &[], "tw"),
            ("请到监理服务网缴纳罚款", true, None, false, &["mvdis-gov.cc"], "tw"),
            ("pay at the link", false, None, false, &["hmrc-refund.co.uk"], "uk"),
            ("call 852 1234", false, Some("+85212345678"), false, &[], "hk"),
            ("香港邮政:您的包裹无法派送", true, None, false, &[], "hk"),
            ("您的八达通自动增值已失效", true, None, false, &["octopus-hk.cloud"], "hk"),
            ("澳门司法警察局提醒", true, Some("+85362123456"), false, &[], "other"),
            ("win n1000 in the app. for enquiries call 07003000000", false, None, false, &[], "ng"),
            ("get it for n12 500. call 07034646035", false, None, false, &[], "ng"),
            ("airtime of 500 naira, call 08031234567", false, None, false, &[], "ng"),
            ("call 08031234567", false, Some("+2348031234567"), false, &[], "ng"),
            ("call 09061701461 to claim your £900 prize", false, None, false, &[], "uk"),
            ("our office is at n1 9gu, call 09061701461", false, None, false, &[], "other"),
            ("合同n20231130001已逾期", true, None, false, &[], "cn"),
            ("to access bank transfer of your winnings call 09061701461", false, None, false, &[], "other"),
            ("dear sbi user, your a/c debited by rs219.0. call 09449112211 to block upi", false, None, false, &[], "in"),
            ("your emi of ₹4,500 is due", false, None, false, &[], "in"),
            ("call 09449112211", false, Some("+919449112211"), false, &[], "in"),
            ("open hours 900 to 1700, call 09061701461", false, None, false, &[], "other"),
            // Pakistan's and Sri Lanka's rupees are Rs too: no region of their own.
            ("your bill of rs2500 is due, call 03001234567", false, None, false, &[], "other"),
            ("visit www.example.in", false, None, false, &["example.in"], "in"),
        ];
        // A registered business header points to India as its calling code would.
        let header = |text: &str| detect(&Cues { text, registered_header: true, ..Default::default() }).map(|r| r.id).unwrap_or_default();
        assert_eq!(header("your a/c is debited by rs 219.0"), "in");
        assert_eq!(region("your a/c is debited by rs 219.0", false, None, false, &[]), "other");
        for &(text, chinese, number, mainland, domains, want) in cases {
            assert_eq!(region(text, chinese, number, mainland, domains), want, "{text}");
        }
    }

    #[test]
    fn taiwan_and_hong_kong_numbers_are_home_on_traditional_text_only() {
        assert!(home_calling_code("886", true, None));
        assert!(!home_calling_code("886", false, None));
        assert!(home_calling_code("852", true, None));
        assert!(!home_calling_code("852", false, None));
        assert!(!home_calling_code("853", true, None));
        assert!(!home_calling_code("1", true, None));
        // The text's own region decides: a Taiwan text from +852 is from abroad.
        let of = |id: &str| regions().iter().find(|r| r.id == id);
        assert!(home_calling_code("886", true, of("tw")));
        assert!(!home_calling_code("852", true, of("tw")));
        assert!(home_calling_code("852", true, of("hk")));
        assert!(!home_calling_code("886", true, of("hk")));
        assert!(home_calling_code("886", true, of("cn")));
    }

    #[test]
    fn letter_amounts_need_three_digits_as_a_word() {
        let cases = [("n1000", true), ("win n1 000 now", true), ("n12,500", true), ("n5!", false), ("n1 9gu", false), ("bn1000", false), ("n1000x", false), ("n12 50", false), ("n1234567", true), ("n20231130001", false)];
        for (text, want) in cases {
            assert_eq!(letter_amount(text, "n"), want, "{text}");
        }
    }

    #[test]
    fn words_match_whole() {
        assert!(named_words("pay the irs today").contains(&"irs"));
        assert!(!named_words("first things").contains(&"irs"));
        assert!(named_words("fee £1").contains(&"£"));
        assert!(named_words("pay nt$ 100 to taipei").contains(&"nt$"));
        assert!(!named_words("hunt$ 100").contains(&"nt$"));
    }

    /// The check finds every word the automaton finds, and lets the first
    /// report's message through without one.
    #[test]
    fn only_texts_that_may_name_a_word_are_searched() {
        for w in all_words() {
            for text in [w.to_string(), format!("pay {w} now"), format!("请用{w}付款")] {
                assert!(may_name(&text), "{text}");
            }
        }
        let none = ["【微粒贷】您的借款已逾期,点击http://wld-hk.top/pay立即还款,否则上报征信", "fdcpay", "irsx", "", "微 信"];
        for text in none {
            assert!(!may_name(text), "{text}");
            assert_eq!(named_words(text), vec![""], "{text}");
        }
        assert!(may_name("$") && may_name("irs.") && may_name("公安局"));
    }

    /// A signal voided in a region names one that exists.
    #[test]
    fn signals_void_only_in_known_regions() {
        for s in &crate::rules::catalog().signals {
            for id in s.void_in_regions {
                assert!(regions().iter().any(|r| r.id == *id), "{}: no region {id}", s.id);
            }
        }
    }

    #[test]
    fn advice_is_replaced_kept_or_dropped() {
        let us = regions().iter().find(|r| r.id == "us").expect("us region");
        assert_eq!(us.advice_for("report_fraud"), Some("report_fraud_us"));
        assert_eq!(us.advice_for("keep_evidence"), Some("keep_evidence"));
        let other = regions().iter().find(|r| r.id == "other").expect("other region");
        assert_eq!(other.advice_for("report_spam_12321"), None);
    }
}
