//! Bad or strange input never panics, and time stays linear in the input.

use overdue_guard::{classify, InputLink, Message, Options};

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
