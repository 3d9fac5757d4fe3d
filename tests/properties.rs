//! Properties of the public API on generated input (proptest): nothing
//! panics; every span lies inside its text, in order, on UTF-16 (and byte)
//! boundaries; the same input gives the same report.
//!
//! `make test` runs a few hundred cases per property. `make fuzz` runs the
//! same properties with many more (`PROPTEST_CASES`), bounded in time. A
//! failing input found either way is added to `regressions` below.

use overdue_guard::links::{find_in_text, from_input};
use overdue_guard::sender::{find_phone_numbers, parse_sender};
use overdue_guard::text::{is_invisible, visible, Normalized, Stripped, Utf16Index};
use overdue_guard::{classify, InputLink, Message, Options, Span};
use proptest::prelude::*;

/// Cases per property: `PROPTEST_CASES`, else `default`.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    // Failures are kept as tests in `regressions`, not in files next to the tests.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// Pieces that the classifier's parsers care about: keywords, link and number
/// parts, invisible and bidirectional characters, wide and astral characters.
const PIECES: &[&str] = &[
    "逾期", "催 收", "已逾-期", "【微众银行】", "【", "】", "[", "]", "http://", "https://", "hxxp://", "www.", ".com", ".cn/",
    ".top", "t.cn/", "xn--", "@", "%", "?q=", "&url=", "/", "95588", "+86", "00095588", "170", "1380013800", "400-", "-",
    " ", "\n", "\u{200B}", "\u{200D}", "\u{202E}", "\u{202C}", "\u{2066}", "\u{2069}", "\u{FEFF}", "\u{00AD}", "😀",
    "ｈｔｔｐ", "．", "。", "，", "a", "Z", "9", "0", "past due", "owe", "call", "#URL", "***.", "\u{0301}", "\u{10FFFF}",
    "<", ">", "\"", "'", "\\", "验证码", "安全账户", "點擊", "icbc", "ic\u{200B}bc.com.cn", "pаypal", "..", "//", ":", "：",
    "１２３", "mailto:", "javascript:", "Name <a@b.cn>", "95\u{200B}588", "\u{E0041}",
];

fn pieced() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// Text made of pieces, or any Unicode at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => pieced(), 1 => any::<String>()]
}

fn message() -> impl Strategy<Value = Message> {
    let link = (prop::option::of(text()), prop::option::of(text())).prop_map(|(href, text)| InputLink { href, text });
    (text(), prop::option::of(text()), prop::collection::vec(link, 0..4)).prop_map(|(text, sender, links)| Message {
        text,
        sender,
        links,
        ..Message::default()
    })
}

/// The span is in order, inside `units`, and cuts no surrogate pair.
fn span_ok(span: Span, units: &[u16]) -> bool {
    let on_boundary = |at: u32| !matches!(units.get(at as usize), Some(&u) if (0xDC00..=0xDFFF).contains(&u));
    span.0 <= span.1 && span.1 as usize <= units.len() && on_boundary(span.0) && on_boundary(span.1)
}

/// The byte range is in order, inside `text`, on char boundaries.
fn range_ok(r: &std::ops::Range<usize>, text: &str) -> bool {
    r.start <= r.end && text.get(r.clone()).is_some()
}

fn check_message(m: &Message) -> Result<(), TestCaseError> {
    let report = classify(m, &Options::default());
    let units: Vec<u16> = m.text.encode_utf16().collect();
    for s in &report.signals {
        if let Some(span) = s.span {
            prop_assert!(span_ok(span, &units), "signal {} span {span:?}", s.id);
        }
    }
    for l in &report.links {
        if let Some(span) = l.span {
            prop_assert!(span_ok(span, &units), "link {} span {span:?}", l.url);
        }
        if let Some(i) = l.input_index {
            prop_assert!(i < m.links.len());
        }
    }
    let again = classify(m, &Options::default());
    prop_assert_eq!(
        serde_json::to_string(&report).expect("report serialises"),
        serde_json::to_string(&again).expect("report serialises"),
        "same input, same report"
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn classify_never_panics_and_its_spans_hold(m in message()) {
        check_message(&m)?;
    }

    #[test]
    fn links_in_text_have_sound_ranges(t in text()) {
        let mut last_end = 0;
        for link in find_in_text(&t) {
            let r = link.range.expect("a link of the text has a range");
            prop_assert!(range_ok(&r, &t), "{r:?}");
            prop_assert!(r.start >= last_end, "links are in order and do not overlap");
            last_end = r.end;
        }
    }

    #[test]
    fn input_links_never_panic(href in prop::option::of(text()), shown in prop::option::of(text())) {
        if let Some(link) = from_input(href.as_deref(), shown.as_deref()) {
            prop_assert!(link.range.is_none());
            prop_assert!(!link.url.chars().any(is_invisible), "{}", link.url);
        }
    }

    #[test]
    fn senders_and_numbers_never_panic(t in text()) {
        let info = parse_sender(&t);
        prop_assert_eq!(&info.raw, &t);
        for p in find_phone_numbers(&t) {
            prop_assert!(range_ok(&p.range, &t), "{:?}", p.range);
        }
    }

    #[test]
    fn normalising_maps_back_inside_the_text(t in text(), a in 0usize..200, b in 0usize..200) {
        let n = Normalized::new(&t);
        for r in [0..n.text.len(), a..b, a.min(b)..a.max(b)] {
            let o = n.original_range(r);
            prop_assert!(range_ok(&o, &t), "{o:?}");
        }
        let s = Stripped::new(&t);
        prop_assert!(!s.text.chars().any(is_invisible));
        for r in [0..s.text.len(), a..b, a.min(b)..a.max(b)] {
            let o = s.original_range(r);
            prop_assert!(range_ok(&o, &t), "{o:?}");
        }
        let u = Utf16Index::new(&t);
        let units: Vec<u16> = t.encode_utf16().collect();
        prop_assert!(span_ok(u.span(0..t.len()), &units));
        prop_assert!(!visible(&t).chars().any(is_invisible));
    }
}

/// Inputs that once failed a property, and the hand-picked corners the
/// properties are about.
#[test]
fn regressions() {
    let cases = [
        Message { text: "https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap\u{202C}".into(), ..Message::default() },
        Message { text: "\u{202E}".repeat(3), sender: Some("\u{200B}".into()), ..Message::default() },
        Message { text: "😀\u{200B}😀http://\u{200B}a.cn".into(), ..Message::default() },
        Message {
            text: String::new(),
            links: vec![InputLink { href: Some("\u{202E}".into()), text: Some("http://\u{2066}x.top\u{2069}".into()) }],
            ..Message::default()
        },
    ];
    for m in &cases {
        check_message(m).unwrap_or_else(|e| panic!("{:?}: {e}", m.text));
    }
    // Found by `normalising_maps_back_inside_the_text`: a range that ends
    // inside a character of a text with nothing to strip came back as it was.
    let t = "ｈｔｔｐ逾期逾期逾期😀";
    assert_eq!(Stripped::new(t).original_range(0..1), 0..0);
}
