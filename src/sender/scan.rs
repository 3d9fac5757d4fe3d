//! Phone numbers written in a message's text. A message is full of digit runs
//! that are not phone numbers: amounts (`1352.29元`), dates, card tails
//! (`尾号1234`), verification codes, order and case numbers, masked numbers.
//! The scanner reads each run of digits with the separators people put in
//! phone numbers (spaces, dashes, dots, parentheses, a leading `+`), cuts it
//! into the longest pieces the number plan accepts, and drops pieces whose
//! neighbouring words say they are something else.
//!
//! One pass over the text; each run is capped at [`MAX_GROUPS`] groups, so the
//! work per character is bounded.

use super::plan::{self, Written, MAX_DIGITS};
use super::{PhoneMention, SenderInfo};
use std::ops::Range;

/// Most digit groups looked at together (`+86 138 0013 8000` has four).
const MAX_GROUPS: usize = 8;
/// Separator characters allowed between two groups (`400 - 818`).
const MAX_SEPARATORS: usize = 3;
/// How far back (in bytes) the scanner looks for a context word.
const CONTEXT_BYTES: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    Space,
    Dash,
    Dot,
    Paren,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cls {
    Digit(u8),
    Plus,
    Sep(Sep),
    Open,
    Close,
    Other,
}

/// How a character reads inside a phone number (full-width forms included).
pub(crate) fn class(c: char) -> Cls {
    match c {
        '0'..='9' => Cls::Digit(c as u8 - b'0'),
        '０'..='９' => Cls::Digit((c as u32 - '０' as u32) as u8),
        '+' | '＋' => Cls::Plus,
        ' ' | '\u{a0}' | '\u{3000}' | '\u{2009}' | '\u{202f}' => Cls::Sep(Sep::Space),
        '-' | '－' | '\u{2010}'..='\u{2014}' => Cls::Sep(Sep::Dash),
        '.' | '．' => Cls::Sep(Sep::Dot),
        '(' | '（' => Cls::Open,
        ')' | '）' => Cls::Close,
        _ => Cls::Other,
    }
}

/// One group of digits in a run.
#[derive(Debug, Clone)]
struct Group {
    /// Byte range of the digits.
    range: Range<usize>,
    digits: String,
    /// The separator before this group (`None` for the first).
    sep_before: Option<Sep>,
    /// The run's first group stood alone in parentheses starting here: `(010)`.
    paren_start: Option<usize>,
}

/// A run of groups, possibly starting with `+`.
#[derive(Debug, Default)]
struct Run {
    plus_at: Option<usize>,
    groups: Vec<Group>,
    /// Byte offset just past the run's last digit.
    end: usize,
}

/// Characters that mask digits (`138****8000`, `XXXX1234`).
fn is_mask(c: char) -> bool {
    matches!(c, '*' | '＊' | '×' | 'X' | 'x' | '●' | '•' | '#')
}

/// A character a run can start with: a digit, `+` or `(` (ASCII by itself,
/// as most characters are).
fn starts_run(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit() || c == '+' || c == '('
    } else {
        matches!(class(c), Cls::Digit(_) | Cls::Plus | Cls::Open)
    }
}

/// A neighbour that glues a digit run into a word, a URL or an address.
fn is_glue(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '_' | '\\' | '=' | '?' | '&' | '@' | '%' | '％' | '$' | '€' | '£' | '¥' | '￥'
        )
        || matches!(class(c), Cls::Digit(_))
        || ('Ａ'..='ｚ').contains(&c)
        || is_mask(c)
}

/// Whether byte `b` of a text can begin a character that starts a run
/// ([`starts_run`]): an ASCII digit, `+` or `(`, or the first byte of a
/// full-width form (`０`–`９`, `＋`, `（` are EF BC 90–99, 8B, 88).
fn may_start_run(b: u8) -> bool {
    b.is_ascii_digit() || b == b'+' || b == b'(' || b == 0xEF
}

/// Finds phone numbers in `text`; see the module docs.
pub(crate) fn find(text: &str) -> Vec<PhoneMention> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Byte offsets of characters: only where a byte may begin a run is a
    // character decoded (a lead byte of one, never a continuation byte).
    let mut i = 0;
    while let Some(at) = bytes.get(i..).and_then(|rest| rest.iter().position(|&b| may_start_run(b))) {
        i += at;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
        let step = c.len_utf8();
        if !starts_run(c) {
            i += step;
            continue;
        }
        let mut before = text[..i].chars().rev();
        let (prev, prev2) = (before.next(), before.next());
        let digit = |c: Option<char>| c.is_some_and(|c| matches!(class(c), Cls::Digit(_)));
        let glued = prev.is_some_and(is_glue)
            // a decimal or thousands tail (1,570.44), or a domain label (n.95508.com)
            || (prev.is_some_and(|p| p == '.' || p == ',') && prev2.is_some_and(is_glue))
            // a URL path (t.cn/13800138000), but not a list (07946746291/07880867867)
            || (prev == Some('/') && !digit(prev2));
        if glued && !matches!(class(c), Cls::Open) {
            i += step;
            continue;
        }
        let (run, next) = read_run(text, i);
        if run.groups.is_empty() {
            i += step;
            continue;
        }
        let after = text.get(run.end..).and_then(|s| s.chars().next());
        let after2 = text.get(run.end..).and_then(|s| s.chars().nth(1));
        // A question ends at its "?" ("call me on 0722 555 017?"); a query
        // string goes on after it ("/13800138000?from=sms").
        let asks = after == Some('?') && !after2.is_some_and(char::is_alphanumeric);
        let tail_glued = (after.is_some_and(|a| is_glue(a) && !digit(Some(a))) && !asks)
            || (after.is_some_and(|a| a == '.' || a == ',')
                && (digit(after2) || after2.is_some_and(|a| a.is_ascii_lowercase())))
            || (after == Some('/') && !digit(after2));
        let masked = prev.is_some_and(is_mask);
        if !masked {
            cut(text, &run, tail_glued, &mut out);
        }
        i = next.max(i + step);
    }
    out
}

/// Reads the run starting at byte `start` of `text`; returns it and the
/// byte offset to go on from.
fn read_run(text: &str, start: usize) -> (Run, usize) {
    let mut run = Run::default();
    let mut pending: Option<Sep> = None;
    let mut seps = 0;
    // An unclosed '(': its byte offset and how many groups came before it.
    let mut open: Option<(usize, usize)> = None;
    let mut last_digit = false;
    let mut resume = start;
    for (at, c) in text[start..].char_indices().map(|(k, c)| (start + k, c)) {
        let next_at = at + c.len_utf8();
        match class(c) {
            Cls::Plus if run.groups.is_empty() && run.plus_at.is_none() && open.is_none() => {
                run.plus_at = Some(at);
            }
            // "(" after a separator, or right after a country code: +1(845) 407-0627
            Cls::Open
                if open.is_none()
                    && (!last_digit || run.plus_at.is_some() && run.groups.len() == 1) =>
            {
                open = Some((at, run.groups.len()));
                pending = Some(Sep::Paren);
                seps = 0;
            }
            Cls::Close if last_digit => {
                let Some((paren_at, before)) = open.take() else {
                    break;
                };
                if before == 0 && run.groups.len() == 1 {
                    if let Some(g) = run.groups.first_mut() {
                        g.paren_start = Some(paren_at); // (010)12345678
                    }
                }
                pending = Some(Sep::Paren);
                seps = 0;
                last_digit = false;
            }
            Cls::Digit(d) => {
                if last_digit {
                    if let Some(g) = run.groups.last_mut() {
                        g.digits.push((b'0' + d) as char);
                        g.range.end = next_at;
                    }
                } else {
                    if run.groups.len() == MAX_GROUPS {
                        break;
                    }
                    let first = run.groups.is_empty();
                    run.groups.push(Group {
                        range: at..next_at,
                        digits: ((b'0' + d) as char).to_string(),
                        sep_before: if first {
                            None
                        } else {
                            pending.or(Some(Sep::Space))
                        },
                        paren_start: None,
                    });
                    pending = None;
                    seps = 0;
                }
                last_digit = true;
                run.end = next_at;
                resume = next_at;
            }
            Cls::Sep(s) if !run.groups.is_empty() && seps < MAX_SEPARATORS && open.is_none() => {
                // Space is the weakest joint; keep the strongest separator seen.
                pending = Some(match (pending, s) {
                    (Some(Sep::Paren), _) => Sep::Paren,
                    (Some(Sep::Dot), Sep::Space) => Sep::Space, // a full stop: "89693. 0871…"
                    (Some(Sep::Dash), _) | (_, Sep::Dash) => Sep::Dash,
                    (Some(Sep::Dot), _) | (_, Sep::Dot) => Sep::Dot,
                    _ => Sep::Space,
                });
                seps += 1;
                last_digit = false;
            }
            _ => break,
        }
    }
    (run, resume)
}

/// Cuts a run into the longest pieces the plan accepts and keeps those the
/// context allows. `tail_glued`: the run ends inside a word or a decimal.
fn cut(text: &str, run: &Run, tail_glued: bool, out: &mut Vec<PhoneMention>) {
    let g = &run.groups;
    let mut i = 0;
    while i < g.len() {
        // A piece starts at the run's start or after a space / parenthesis.
        if i > 0 && !matches!(g[i].sep_before, Some(Sep::Space | Sep::Paren)) {
            i += 1;
            continue;
        }
        let mut taken = None;
        for j in (i + 1..=g.len()).rev() {
            if j == g.len() && tail_glued {
                continue;
            }
            if j < g.len() && g[j].sep_before == Some(Sep::Dot) {
                continue; // never cut inside 866.257.2117
            }
            if let Some(m) = piece(text, run, i, j) {
                taken = Some((j, m));
                break;
            }
        }
        match taken {
            Some((j, m)) => {
                out.push(m);
                i = j;
            }
            None => i += 1,
        }
    }
}

/// Groups `i..j` as a phone number, if the plan and the context accept them.
fn piece(text: &str, run: &Run, i: usize, j: usize) -> Option<PhoneMention> {
    let groups = run.groups.get(i..j)?;
    if groups.iter().map(|g| g.digits.len()).sum::<usize>() > MAX_DIGITS {
        return None;
    }
    let dotted = groups
        .iter()
        .skip(1)
        .any(|g| g.sep_before == Some(Sep::Dot));
    if dotted && (groups.len() < 3 || groups.iter().any(|g| g.digits.len() < 3)) {
        return None; // 1352.29, 95.588: amounts, not NANP-style 866.257.2117
    }
    let plus = if i == 0 { run.plus_at } else { None };
    let first = groups.first()?;
    // Single digits are a country code (`+7 495`, `1-800`) or a list (`1 2 3 4 5`).
    let lone = |k: usize, g: &Group| {
        g.digits.len() == 1 && !(k == 0 && groups.len() > 1 && (plus.is_some() || g.digits == "1"))
    };
    if groups.iter().enumerate().any(|(k, g)| lone(k, g)) {
        return None;
    }
    // "(010)12345678" includes its parentheses; a lone "(95588)" does not.
    let paren = first.paren_start.filter(|_| groups.len() > 1);
    let w = Written {
        digits: groups.iter().map(|g| g.digits.as_str()).collect(),
        plus: plus.is_some(),
        groups: groups.iter().map(|g| g.digits.len()).collect(),
        paren_first: paren.is_some(),
    };
    let class = plan::classify(&w)?;
    let start = plus.or(paren).unwrap_or(first.range.start);
    let end = groups.last()?.range.end;
    // Context words are compared folded: ASCII letters in lower case,
    // Traditional characters as Simplified (聯絡 as 联络).
    let words = plan::text_words();
    let before = crate::text::fold_str(context_before(text, start));
    let after = text
        .get(end..)
        .unwrap_or("")
        .trim_start_matches([' ', '\u{3000}']);
    let after = after.chars().take(8).map(crate::text::fold).collect::<String>();
    let ends = |list: &[&str]| list.iter().any(|w| before.ends_with(w));
    let starts = |list: &[&str]| list.iter().any(|w| after.starts_with(w));
    if ends(words.reject_before) || starts(words.reject_after) {
        return None;
    }
    let phone_word = ends(words.accept_before) || starts(words.accept_after);
    if class.needs_context && !phone_word {
        return None;
    }
    let raw = text.get(start..end)?.to_string();
    Some(PhoneMention {
        range: start..end,
        info: SenderInfo::from_class(raw, class),
    })
}

/// Up to [`CONTEXT_BYTES`] of text before `at`, without the spaces, colons and
/// linking words (为, 是, ：) that sit between a label and its number.
fn context_before(text: &str, at: usize) -> &str {
    let mut from = at.saturating_sub(CONTEXT_BYTES);
    while from < at && !text.is_char_boundary(from) {
        from += 1;
    }
    let s = text.get(from..at).unwrap_or("");
    s.trim_end_matches(|c: char| c.is_whitespace() || "：:为是（(【[".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_starts_where_its_class_says() {
        let chars = (0u8..128).map(char::from).chain(['０', '９', '＋', '（', '）', '－', '\u{3000}', 'é', '中']);
        for c in chars {
            assert_eq!(starts_run(c), matches!(class(c), Cls::Digit(_) | Cls::Plus | Cls::Open), "{c:?}");
        }
    }

    #[test]
    fn every_character_that_starts_a_run_begins_with_a_byte_the_scan_stops_at() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32).filter(|&c| starts_run(c)) {
            let mut utf8 = [0; 4];
            assert!(may_start_run(c.encode_utf8(&mut utf8).as_bytes()[0]), "{c:?}");
        }
        // A continuation byte never stops it (it would not be a character's start).
        assert!((0x80..0xC0).all(|b| !may_start_run(b)));
    }

    #[test]
    fn classes() {
        assert_eq!(class('９'), Cls::Digit(9));
        assert_eq!(class('０'), Cls::Digit(0));
        assert_eq!(class('＋'), Cls::Plus);
        assert_eq!(class('－'), Cls::Sep(Sep::Dash));
        assert_eq!(class('（'), Cls::Open);
        assert_eq!(class('a'), Cls::Other);
    }

    #[test]
    fn context_before_is_char_safe() {
        let t = "请致电客服电话：95588";
        let at = t.find('9').unwrap();
        assert!(context_before(t, at).ends_with("电话"));
        for at in 0..=t.len() {
            let _ = context_before(t, at); // never panics at any byte offset
        }
    }
}
