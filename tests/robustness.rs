//! Bad or strange input never panics, and time stays linear in the input.

use overdue_guard::{classify, InputLink, Message, Options, Verdict};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "逾期", "催 收", "已逾-期", "【微众银行】", "【", "】", "[", "]", "http://", "https://", "www.", ".com", ".cn/", "t.cn/",
    "xn--", "@", "%", "?q=", "&url=", "95588", "+86", "00095588", "170", "1380013800", "400-", "-", " ", "\n", "\u{200b}",
    "\u{feff}", "😀", "ｈｔｔｐ", "．", "。", "，", "a", "Z", "9", "0", "past due", "owe", "call", "#URL", "***.", "\u{0301}",
    "\u{10FFFF}", "<", ">", "\"", "'", "\\", "验证码", "安全账户", "點擊", "link", "..", "//", ":", "：", "１２３",
];

fn random_text(rng: &mut Rng, pieces: usize) -> String {
    (0..pieces).map(|_| rng.pick(PIECES)).collect()
}

#[test]
fn random_messages_never_panic_and_spans_stay_in_bounds() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for i in 0..3000 {
        let text = random_text(&mut rng, (i % 40) + 1);
        let sender = (i % 3 == 0).then(|| random_text(&mut rng, 3));
        let links = if i % 5 == 0 {
            vec![InputLink { href: Some(random_text(&mut rng, 4)), text: Some(random_text(&mut rng, 2)) }]
        } else {
            Vec::new()
        };
        let msg = Message { text: text.clone(), sender, links, ..Message::default() };
        let r = classify(&msg, &Options::default());
        let len = text.encode_utf16().count() as u32;
        for s in &r.signals {
            if let Some(sp) = s.span {
                assert!(sp.0 <= sp.1 && sp.1 <= len, "{text:?}: {s:?}");
            }
        }
        for l in &r.links {
            if let Some(sp) = l.span {
                assert!(sp.0 <= sp.1 && sp.1 <= len, "{text:?}: {l:?}");
            }
        }
    }
}

#[test]
fn a_megabyte_message_classifies() {
    let unit = "您的借款已逾期3天，点击 http://pay-wld.top/x 立即还款，否则通知家人。Call 400-818-9199 now. ";
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    let r = classify(&Message { text, ..Message::default() }, &Options::default());
    assert!(r.overdue);
    assert!(r.signals.len() < 2_000, "the report stays bounded: {}", r.signals.len());
}

#[test]
fn empty_and_blank_messages_are_benign() {
    for text in ["", " ", "\n\n", "\u{200b}\u{200b}"] {
        let r = classify(&Message { text: text.into(), ..Message::default() }, &Options::default());
        assert!(!r.overdue && r.signals.is_empty() && r.advice.is_empty(), "{text:?}");
    }
}

/// The message of issue 8: ordinary shop links, then the one bad link.
fn padded(links: usize, distinct_domains: bool) -> Message {
    let mut input: Vec<InputLink> = (0..links)
        .map(|i| {
            let href = if distinct_domains { format!("https://shop{i}.example.com/item") } else { format!("https://shop.example.com/item/{i}") };
            InputLink { href: Some(href), text: Some(format!("Item {i}")) }
        })
        .collect();
    input.push(InputLink { href: Some("https://example-mall-pay.top/pay?id=8812".into()), text: Some("our secure portal".into()) });
    let text = format!("{}Your payment is 30 days past due. Pay now at our secure portal", "Item ".repeat(links.min(100)));
    Message { text, links: input, ..Message::default() }
}

#[test]
fn padding_links_do_not_hide_the_bad_one() {
    for (n, distinct) in [(0, false), (200, false), (5_000, false), (5_000, true)] {
        let r = classify(&padded(n, distinct), &Options::default());
        let bad = r.links.iter().find(|l| l.domain == "example-mall-pay.top").unwrap_or_else(|| panic!("{n} links: the bad link is missing"));
        assert_eq!(bad.input_index, Some(n), "{n} links");
        assert!(bad.signals.iter().any(|s| s == "link_suspicious_tld"), "{n} links: {:?}", bad.signals);
        assert!(r.verdict >= Verdict::Suspicious, "{n} links: {:?}", r.verdict);
    }
}

#[test]
fn repeated_links_are_examined_once() {
    let mut m = padded(3, false);
    let again = m.links.clone();
    m.links.extend(again.iter().cloned().cycle().take(4_000));
    m.text.push_str(&" https://example-mall-pay.top/pay?id=8812".repeat(1_000));
    let r = classify(&m, &Options::default());
    assert_eq!(r.links.len(), 4, "{:?}", r.links.iter().map(|l| &l.url).collect::<Vec<_>>());
    let bad = r.links.iter().find(|l| l.domain == "example-mall-pay.top").expect("the bad link");
    assert!(bad.span.is_some() && bad.input_index == Some(3), "{bad:?}");
}

#[test]
fn a_disguised_link_is_flagged_not_official() {
    let text = "【工商银行】您的信用卡已逾期，请登录 https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap\u{202C} 还款";
    for links in [Vec::new(), vec![InputLink { href: Some("https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap\u{202C}".into()), text: Some("\u{202E}xcod.yap".into()) }]] {
        let r = classify(&Message { text: text.into(), links, ..Message::default() }, &Options::default());
        let link = r.links.iter().find(|l| l.domain == "icbc.com.cn").expect("the link is found whole");
        assert!(!link.official && link.signals.iter().any(|s| s == "link_hidden_characters"), "{link:?}");
        assert!(r.verdict >= Verdict::Suspicious, "{:?}", r.verdict);
        assert!(!r.signals.iter().any(|s| s.id == "official_link"));
    }
}
