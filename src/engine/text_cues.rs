//! What a message's words tell besides the rules' signals: words and
//! placeholders standing for a removed link or a phone number, a bank named
//! as where to pay, an account named by its last digits, quoted passages, a
//! `【…】` signature.

use super::MAX_ITEMS;
use crate::knowledge::ClaimVia;
use crate::rules::Expression;
use crate::text::{contains_in_text, is_cjk, last_chars};
use crate::words::Words;
use std::ops::Range;
use std::sync::OnceLock;

/// Words that stand for a link removed from a quoted message ("请进入某网站"),
/// or name an address without writing it ("请登录手机网查询"): a link when the
/// message has no other.
pub(super) const REDACTED_LINK_WORDS: [&str; 38] = [
    "某网站", "某網站", "某网址", "某網址", "某链接", "某鏈接", "某連結", "网址链接", "点击链接", "點擊鏈接", "點擊連結", "点选链接", "點選連結",
    "下方链接", "下方連結", "以下链接", "以下鏈接", "以下連結", "打开链接", "登录手机网", "登陆手机网", "登入手机网", "登录网址", "登陆网址",
    "登入网址", "手机网站", "**网址", "XX网址", "XX網址", "xx网址", "点地址", "点击地址", "这是链接", "下列网址", "下列網址", "下面的网址",
    "下面网址", "如下网址",
];

/// Whether a text may have one of [`REDACTED_LINK_WORDS`] (one automaton
/// pass; true when the automaton could not be built).
pub(super) fn may_have_redacted_link_words(text: &str) -> bool {
    static WORDS: OnceLock<Option<Words>> = OnceLock::new();
    let words = WORDS.get_or_init(|| Words::sparse(&REDACTED_LINK_WORDS, false));
    words.as_ref().map_or(true, |w| w.is_match(text))
}

/// Words before `点击链接` that warn against a link rather than point to one.
pub(super) const LINK_WARNINGS: [&str; 8] = ["勿", "不要", "别", "不会", "切莫", "谨慎", "陌生", "不明"];

/// Stand-ins that are the link itself: placeholders and masks
/// ([`masked_stand_ins`]), then a quoter's notes in brackets
/// ([`bracketed_stand_ins`]).
pub(super) fn link_stand_ins(text: &str) -> Vec<Range<usize>> {
    let mut found = masked_stand_ins(text);
    found.extend(bracketed_stand_ins(text));
    found
}

/// A dataset's `URL` placeholder inside Chinese text (`请登录URL查询`, also
/// with the link's leftover lower-case tail glued on, `你看这是谁URLlihxg`)
/// and masked addresses (`***.cc`, `x.sh**63.cc`, `请打开********`, and a
/// police page's `链接地址:XXX`).
fn masked_stand_ins(text: &str) -> Vec<Range<usize>> {
    // Without a `U`, a `*` or the first byte of `×` (most texts, one SIMD
    // pass) there is none of them but an `XXX` mask: a link masked by whoever
    // quoted it (`https://XXXXXXXX`, a scheme and no host, or `链接地址:XXX`).
    let maybe = memchr::memchr3(b'U', b'*', "×".as_bytes()[0], text.as_bytes()).is_some();
    if !(maybe && (text.contains("URL") || text.contains("**") || text.contains("××")) || has_x_mask(text)) {
        return Vec::new();
    }
    static RE: OnceLock<Expression> = OnceLock::new();
    let re = RE.get_or_init(|| Expression::new(r"URL[a-z0-9]{0,12}|\*{2,}\.[A-Za-z]{2,6}|\.[a-z]{1,6}\*{2,}[a-z0-9]{1,8}\.[A-Za-z]{2,6}|(打开|进入|登录|登陆|访问|点击|请进)\*{4,}|[×\*]{2,}(网址|網址|网站)|https?://(X{4,}|x{4,})|(链接|鏈接|連結|网址|網址)(地址)?[:：] ?(X{3,}|x{3,}|×{3,}|\*{3,})"));
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut found = Vec::new();
    let mut seen = 0;
    re.each_match(text, |m| {
        seen += 1;
        let (before, after) = (text[..m.start].chars().next_back(), text[m.end..].chars().next());
        if text[m.clone()].starts_with("URL") {
            let cjk_beside = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if cjk_beside && !ascii_word(before) && !ascii_word(after) {
                found.push(m);
            }
        } else {
            let stars = text[m.clone()].find('*').unwrap_or(0);
            found.push(m.start + stars..m.end);
        }
        seen < MAX_ITEMS
    });
    found
}

/// Whether a text has `XXX` or `xxx`, a quoting page's mask (the finders are
/// built once: `str::contains` would build a searcher for every message).
fn has_x_mask(text: &str) -> bool {
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 2]> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| [memchr::memmem::Finder::new("XXX"), memchr::memmem::Finder::new("xxx")]);
    finders.iter().any(|f| f.find(text.as_bytes()).is_some())
}

/// A note in brackets where whoever quoted a message took its link out:
/// `[link]`, `<REDACTED URL>`, `[FAKE LINK]`, `(link provided)`, `(釣魚網址)`,
/// `<連結>`. Police, bank and news pages quote scam texts so, and the datasets
/// built from them keep the note; the text's recipient saw a link there.
fn bracketed_stand_ins(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // Without an opening bracket there is none. (`（` and `〈` are looked
    // for whole: their first bytes begin most Chinese punctuation too.)
    let wide = || ["（", "〈"].iter().any(|b| contains_in_text(text, b));
    if memchr::memchr3(b'[', b'<', b'(', bytes).is_none() && !wide() {
        return Vec::new();
    }
    static RE: OnceLock<Expression> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Expression::new(r"[\[<(（〈] ?[^\[\]<>()（）〈〉{}\n]{0,24}(\b([Hh]yper)?([Ll]ink|LINK|[Uu]rl|URL)[sS]?\b|網址|网址|連結|链接|鏈接)[^\[\]<>()（）〈〉{}\n]{0,24} ?[\]>)）〉]")
    });
    let mut found = Vec::new();
    re.each_match(text, |m| {
        found.push(m);
        found.len() < MAX_ITEMS
    });
    found
}

/// Words before a bank's name that make it where money is to be paid (转我建行卡,
/// 那张农行卡, 卡号：工行 6222…) and words after it that name an account, in
/// normalised form (帐号 is read 账号).
const PAYER_WORDS: [&str; 8] = ["转", "打", "汇", "存", "我", "号", "那张", "这张"];

const ACCOUNT_WORDS: [&str; 3] = ["卡", "账号", "账户"];

/// A bank named as the account a payment goes to (`转我建行卡`, `你要的卡号：工行
/// 6222…`) is where the money goes, not who sends the message: no claim.
pub(super) fn names_payee_account(text: &str, c: &crate::knowledge::Claim) -> bool {
    if c.via != ClaimVia::Name {
        return false;
    }
    let after = text.get(c.range.end..).unwrap_or_default().trim_start();
    let account = ACCOUNT_WORDS.iter().any(|w| after.starts_with(w)) || after.starts_with(|ch: char| ch.is_ascii_digit());
    let before = last_chars(text.get(..c.range.start).unwrap_or_default(), 4);
    account && PAYER_WORDS.iter().any(|w| before.contains(w))
}

/// The loan or card named by the last digits of its number (`尾号8842`,
/// `卡号后四位:1234`): the sender knows which account it writes about.
pub(super) fn names_account_tail(text: &str) -> bool {
    static RE: OnceLock<Expression> = OnceLock::new();
    RE.get_or_init(|| Expression::new(r"(尾号|尾数|后四位)[:为是]?\d{4}")).is_match(text)
}

/// An English message that names its sender or creditor in capitals the
/// normalised text no longer has: a name before a colon at its start
/// (`Bredell Ferreira: your account is in arrears`) or a name before what is
/// owed (`your Wonga loan`, `your Christmas Air invoice`).
pub(super) fn names_itself_in_capitals(text: &str) -> bool {
    static RE: OnceLock<Expression> = OnceLock::new();
    RE.get_or_init(|| {
        Expression::new(
            r"^\s*[A-Z][A-Za-z&'.-]*[a-z][A-Za-z&'.-]*( [A-Z&][A-Za-z&'.-]*){0,3}:|\b[Yy]our ([A-Z][A-Za-z&'-]*[a-z][A-Za-z&'-]* ){1,3}(invoice|loan|account|bill|card|order|subscription|membership|policy|balance)\b",
        )
    })
    .is_match(text)
}

/// A bank card or account number (twelve digits or more, in groups of four or
/// not): what a payment goes to. Mobile numbers have eleven digits.
pub(super) fn holds_account_number(text: &str) -> bool {
    static RE: OnceLock<Expression> = OnceLock::new();
    RE.get_or_init(|| Expression::new(r"\d{4}[ -]?\d{4}[ -]?\d{4}")).is_match(text)
}

/// A dataset's `PHONE`, `CELLPHONE` or `HOTLINE` placeholder next to Chinese
/// text, or a number to call that whoever quoted the message masked
/// (`请致电0086××××`, `请速回:13*****`, `联系客服:008-61XXXXXXX`).
pub(super) fn phone_placeholder(text: &str) -> bool {
    masked_number_to_call(text) || phone_word(text)
}

/// A call word, then at most a few digits, then a mask of three `×` or `*`
/// or four `X`/`x` or more.
fn masked_number_to_call(text: &str) -> bool {
    // Without a `*`, an `X`/`x` or the first byte of `×` there is no mask.
    if memchr::memchr3(b'*', b'X', "×".as_bytes()[0], text.as_bytes()).is_none() && !text.contains("xxxx") {
        return false;
    }
    static RE: OnceLock<Expression> = OnceLock::new();
    RE.get_or_init(|| Expression::new(r"(致电|拨打|撥打|电话|電話|联系|聯繫|联络|來電|来电|回电|回電|速回|请回|熱線|热线|客服)[:：]?\s?(\+?[\d-]{1,8})?(×{3,}|\*{3,}|[Xx]{4,})")).is_match(text)
}

/// A dataset's `PHONE`, `CELLPHONE` or `HOTLINE` placeholder next to Chinese text.
fn phone_word(text: &str) -> bool {
    // Most texts have neither word (a quick test, before the searchers are
    // built; most have no capital P or H at all).
    let maybe = memchr::memchr2(b'P', b'H', text.as_bytes()).is_some();
    if !maybe || (!text.contains("PHONE") && !text.contains("HOTLINE")) {
        return false;
    }
    let found = text.match_indices("PHONE").chain(text.match_indices("HOTLINE"));
    found.into_iter().any(|(at, w)| {
        let before = text[..at].strip_suffix("CELL").unwrap_or(&text[..at]).chars().next_back();
        let after = text[at + w.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        !word(before) && !word(after) && (before.is_some_and(is_cjk) || after.is_some_and(is_cjk))
    })
}

/// The byte ranges inside quotation marks (“…”, 「…」, 『…』, "…"), marks
/// excluded; an unclosed mark quotes nothing.
pub(super) fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    const PAIRS: [(char, char); 4] = [('“', '”'), ('「', '」'), ('『', '』'), ('"', '"')];
    let mut ranges = Vec::new();
    for (open, close) in PAIRS {
        let mut rest = 0;
        while let Some(o) = text[rest..].find(open).map(|i| rest + i + open.len_utf8()) {
            let Some(c) = text[o..].find(close).map(|i| o + i) else { break };
            ranges.push(o..c);
            rest = c + close.len_utf8();
        }
    }
    ranges
}

/// `【…】` or `[…]` at the start or the end: the message is signed.
pub(super) fn has_cjk_signature(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('【') || t.ends_with('】') || t.starts_with('[') || t.ends_with(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_ranges_are_the_text_between_closed_marks() {
        let cases: [(&str, &[&str]); 5] = [
            ("以“不还钱就去你公司”恐吓", &["不还钱就去你公司"]),
            ("「他欠錢不還」和『你家人會知道』", &["他欠錢不還", "你家人會知道"]),
            ("he said \"pay now\" twice", &["pay now"]),
            ("一个“没有闭合的引号", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = quoted_ranges(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
