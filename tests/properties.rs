//! Properties of the public API on generated input (proptest): nothing
//! panics; every span lies inside its text, in order, on UTF-16 (and byte)
//! boundaries; the same input gives the same report.
//!
//! The properties themselves are in `common/checks.rs`, shared with the
//! cargo-fuzz targets of `fuzz/`. `make test` runs a few hundred cases per
//! property; `make fuzz` runs the fuzz targets (or, without a nightly
//! toolchain, these properties with many more cases), bounded in time. A
//! failing input found either way is added to `regressions` below.

#[path = "common/checks.rs"]
mod checks;

use overdue_guard::text::Stripped;
use overdue_guard::{InputLink, Message};
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

/// A property's answer as a proptest result.
fn holds(r: Result<(), String>) -> Result<(), TestCaseError> {
    r.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn classify_never_panics_and_its_spans_hold(m in message()) {
        holds(checks::message(&m))?;
    }

    #[test]
    fn links_in_text_have_sound_ranges(t in text()) {
        holds(checks::links_in_text(&t))?;
    }

    #[test]
    fn input_links_never_panic(href in prop::option::of(text()), shown in prop::option::of(text())) {
        holds(checks::input_link(href.as_deref(), shown.as_deref()))?;
    }

    #[test]
    fn senders_and_numbers_never_panic(t in text()) {
        holds(checks::sender_and_numbers(&t))?;
    }

    #[test]
    fn normalising_maps_back_inside_the_text(t in text(), a in 0usize..200, b in 0usize..200) {
        holds(checks::normalising(&t, a, b))?;
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
        checks::message(m).unwrap_or_else(|e| panic!("{:?}: {e}", m.text));
    }
    // Found by `normalising_maps_back_inside_the_text`: a range that ends
    // inside a character of a text with nothing to strip came back as it was.
    let t = "ｈｔｔｐ逾期逾期逾期😀";
    assert_eq!(Stripped::new(t).original_range(0..1), 0..0);
}
