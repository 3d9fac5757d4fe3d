//! Finding link candidates in plain text.
//!
//! SMS texts write links without a scheme (`etchyhy.com`, `t.cn/A6ZX5wgg`) and
//! glue them to Chinese words (`点击etchyhy.com完成办理`); e-mails also carry
//! `https://` URLs, masked ones (`http://***.***.cn`, `#URL`) and plenty of
//! dots that are not links (`97.00元`, `e.g.`, `U.S.`, `No.1`, e-mail
//! addresses). The scanner walks the text once, run by run:
//!
//! * a *run* is a maximal stretch of host characters: ASCII letters, digits,
//!   `-`, `.`, `*`, and non-ASCII letters outside CJK scripts (so `pаypal.com`
//!   with a Cyrillic `а` stays one run, while `点击` ends one);
//! * a run `http`/`https` (or defanged `hxxp`/`hxxps`) followed by `://` starts a
//!   scheme URL, which continues over URL characters;
//! * any other run is a bare host when its last label is a known public suffix
//!   (or it starts with `www.`), it is not the local part of an e-mail address,
//!   and it is not glued to the previous word by `@`, `/`, `_` and the like;
//!   a path after `/`, `?` or `#` and a `:port` join it.
//!
//! Trailing sentence punctuation and unbalanced closing brackets are cut off.
//! Every run is looked at once and a failed candidate resumes after what it
//! read, so the scan is linear in the text length; without a `URL`
//! placeholder only the runs around a dot or a colon are looked at (found
//! with `memchr`), since no other run can be a candidate.

use std::ops::Range;

use super::data::knowledge;
use super::psl;
use crate::text::contains_in_text;

/// A link candidate in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// A URL or bare host at this byte range.
    Url(Range<usize>),
    /// A masked link (`#URL`, `[URL]`, `http://***.cn`).
    Masked(Range<usize>),
}

/// Every candidate, in text order.
pub(crate) fn scan(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    // Every candidate has a dot (a host), `://` after its scheme or a `URL`
    // placeholder: most messages have none of them.
    let bytes = text.as_bytes();
    let placeholders = memchr::memchr2(b'U', b'u', bytes).is_some() && (contains_in_text(text, "URL") || contains_in_text(text, "url"));
    if memchr::memchr2(b'.', b':', bytes).is_none() && !placeholders {
        return out;
    }
    let mut i = 0;
    // End of the last link: what lies before it cannot glue to the next one.
    let mut floor = 0;
    while let Some(&b) = bytes.get(i) {
        // Without placeholders, a run with no dot that is not followed by
        // `://` is never a candidate: go straight to the run around the next
        // dot or colon (the words of most messages are not looked at).
        if !placeholders {
            match memchr::memchr2(b'.', b':', &bytes[i..]) {
                None => break,
                Some(0) => {}
                Some(n) => {
                    let start = run_start(text, i, i + n);
                    if start > i {
                        i = start;
                        continue;
                    }
                }
            }
        }
        // ASCII by its byte; other characters decoded.
        let (host, len) = if b.is_ascii() {
            (is_host_char(char::from(b)), 1)
        } else {
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
            (is_host_char(c), c.len_utf8())
        };
        if !host {
            i += len;
            continue;
        }
        let j = run_end(text, i, is_host_char);
        match candidate(text, floor, i, j) {
            Ok((found, resume)) => {
                out.push(found);
                i = resume.max(j);
                floor = i;
            }
            Err(resume) => i = resume.max(j),
        }
    }
    out
}

/// Letters of scripts that write words without spaces (Han, kana, Hangul) and
/// full-width forms: they end a run, so Chinese text glued to a link stays out.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x303F
        | 0x3040..=0x30FF
        | 0x3100..=0x31FF
        | 0x3200..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// A letter of another script, allowed inside internationalised hosts and paths.
fn is_foreign_letter(c: char) -> bool {
    !c.is_ascii() && !is_cjk(c) && c.is_alphabetic()
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '*') || is_foreign_letter(c)
}

fn is_authority_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '.' | '_' | '~' | '*' | ':' | '@' | '[' | ']' | '%')
        || is_foreign_letter(c)
}

fn is_url_char(c: char) -> bool {
    (c.is_ascii_graphic()
        && !matches!(
            c,
            '<' | '>' | '"' | '\'' | '`' | '{' | '}' | '|' | '\\' | '^'
        ))
        || is_foreign_letter(c)
}

/// A character before a run that glues it to something that is not a link:
/// `user@host`, `path/file.cn`, `snake_case.name`, `#hashtag.com`, `${a.b.name}`.
fn blocks_start(c: char) -> bool {
    matches!(
        c,
        '@' | '/' | '\\' | '_' | '%' | '&' | '+' | '~' | '#' | '$' | '{' | '^' | '='
    )
}

/// The first byte index at or after `from` whose character fails `keep`.
fn run_end(text: &str, from: usize, keep: impl Fn(char) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    // ASCII by its byte; other characters decoded.
    while let Some(&b) = bytes.get(i) {
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => return text.len(),
            }
        };
        if !keep(c) {
            return i;
        }
        i += len;
    }
    text.len()
}

/// Where the run of host characters that ends at or holds byte `at` begins,
/// looking back no further than `from` (both character boundaries).
fn run_start(text: &str, from: usize, at: usize) -> usize {
    text[from..at].char_indices().rev().find(|&(_, c)| !is_host_char(c)).map_or(from, |(b, c)| from + b + c.len_utf8())
}

/// Looks at the run `text[i..j]`: a candidate and where to resume, or only
/// where to resume.
fn candidate(text: &str, floor: usize, i: usize, j: usize) -> Result<(Found, usize), usize> {
    // Leading dots and hyphens are punctuation ("…example.com", "--www.x.cn").
    let i = match text[i..j].find(|c: char| c != '.' && c != '-') {
        Some(n) => i + n,
        None => return Err(j),
    };
    let run = &text[i..j];
    // Without a dot, a run is only a placeholder or a scheme.
    if !run.contains('.') && run != "URL" && run != "url" && !text[j..].starts_with("://") {
        return Err(j);
    }
    let prev = text[floor.min(i)..i].chars().next_back();
    let next = text[j..].chars().next();

    if run == "URL" || run == "url" {
        match (prev, next) {
            (Some('#'), Some('#')) => return Ok((Found::Masked(i - 1..j + 1), j + 1)),
            (Some('#'), _) => return Ok((Found::Masked(i - 1..j), j)),
            (Some('['), Some(']')) | (Some('<'), Some('>')) | (Some('{'), Some('}')) => {
                return Ok((Found::Masked(i - 1..j + 1), j + 1))
            }
            _ => return Err(j),
        }
    }
    if text[j..].starts_with("://") && is_scheme(run) {
        return scheme_url(text, i, j + 3);
    }
    if prev.is_some_and(blocks_start) || next == Some('@') || next == Some('_') {
        return Err(j);
    }
    bare(text, i, j)
}

fn is_scheme(run: &str) -> bool {
    ["http", "https", "hxxp", "hxxps"]
        .iter()
        .any(|s| run.eq_ignore_ascii_case(s))
}

/// `scheme://authority[/path]` starting at `start`, authority at `auth`.
fn scheme_url(text: &str, start: usize, auth: usize) -> Result<(Found, usize), usize> {
    let narrow = run_end(text, auth, is_authority_char);
    let auth_end = chinese_host_end(text, auth).unwrap_or(narrow);
    let mut end = auth_end;
    if text[auth_end..].starts_with(['/', '?', '#']) {
        end = run_end(text, auth_end, is_url_char);
    }
    let scanned = end;
    let end = trim_end(text, auth, end);
    let host_part = &text[auth..end.min(auth_end)];
    if host_part.is_empty() || host_part.trim_matches(['.', ':', '@']).is_empty() {
        return Err(scanned);
    }
    if host_part.contains('*') {
        return Ok((Found::Masked(start..end), scanned));
    }
    Ok((Found::Url(start..end), scanned))
}

/// After a scheme, a host written in Chinese (`http://中文.com/x`,
/// `http://例子.中国`) ends where its known suffix ends and Chinese text
/// begins (`http://中文.com完成` → `中文.com`). `None` when the authority is
/// plain ASCII, or no such end exists.
fn chinese_host_end(text: &str, auth: usize) -> Option<usize> {
    let wide_char = |c: char| is_authority_char(c) || (is_cjk(c) && c.is_alphabetic());
    let wide_end = run_end(text, auth, wide_char);
    let wide = &text[auth..wide_end];
    if !wide.chars().any(is_cjk) {
        return None;
    }
    // Ends to try: every switch from ASCII to CJK, then the whole run.
    let mut prev_ascii = false;
    let switches = wide.char_indices().filter_map(move |(n, c)| {
        let switch = prev_ascii && is_cjk(c);
        prev_ascii = c.is_ascii();
        switch.then_some(n)
    });
    // A host name has at most 253 characters; longer prefixes are not tried,
    // which keeps this linear.
    switches
        .chain(std::iter::once(wide.len()))
        .take_while(|&n| n <= 1024)
        .find(|&n| {
            let host = wide[..n].rsplit('@').next().unwrap_or("");
            let host = host.split(':').next().unwrap_or("");
            !host.ends_with('.') && known_host(host)
        })
        .map(|n| auth + n)
}

/// A host without scheme in `text[i..j]`, with optional port and path.
fn bare(text: &str, i: usize, j: usize) -> Result<(Found, usize), usize> {
    let host = text[i..j].trim_end_matches('.');
    let host_end = i + host.len();
    if !host.contains('.') {
        return Err(j);
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty() || l.len() > 63) {
        return Err(j);
    }
    let tld = labels.last().copied().unwrap_or("");
    let after = &text[host_end..];
    let mut masked = false;
    if host.contains('*') {
        // `***.***.cn`: a masked link when some label is all stars and the
        // suffix is real.
        let starred = labels.iter().any(|l| l.chars().all(|c| c == '*'));
        if !(starred && tld.chars().all(|c| c.is_ascii_alphabetic()) && known_tld(tld)) {
            return Err(j);
        }
        masked = true;
    } else if labels.len() == 4 && labels.iter().all(|l| is_octet(l)) {
        // A bare IPv4 address is a link only with a port or a path;
        // otherwise it is a version or a section number.
        let port_or_path = after.starts_with('/')
            || (after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
        if !port_or_path || host_end != j {
            return Err(j);
        }
    } else if !plausible_tld(tld) {
        return Err(j);
    } else {
        let www = host
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("www."));
        if !www && !known_host(host) {
            return Err(j);
        }
    }

    let mut end = host_end;
    if host_end == j {
        end += port_len(after);
        if text[end..].starts_with(['/', '?', '#']) {
            let path_end = run_end(text, end, is_url_char);
            end = trim_end(text, end, path_end);
        }
    }
    let www = host
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("www."));
    if !masked && !www && looks_like_prose(host, &labels, end == host_end) {
        return Err(j);
    }
    let found = if masked {
        Found::Masked(i..end)
    } else {
        Found::Url(i..end)
    };
    Ok((found, end))
}

/// A host written without scheme or `www.` that is more likely two words
/// with a missing space ("Hello.How", "days.so") than a link.
fn looks_like_prose(host: &str, labels: &[&str], alone: bool) -> bool {
    // A sentence starting after the full stop: `person.Meet` (but `Amazon.com`
    // and `WAY2SMS.COM` are links).
    let mixed_case = labels
        .iter()
        .any(|l| l.chars().any(|c| c.is_ascii_lowercase()));
    let capital_later = labels
        .iter()
        .skip(1)
        .any(|l| l.starts_with(|c: char| c.is_ascii_uppercase()));
    if mixed_case && capital_later {
        return true;
    }
    if !alone {
        return false;
    }
    let tld = labels.last().copied().unwrap_or("").to_ascii_lowercase();
    if tld.starts_with("xn--") || listed_bare(&tld) {
        return false;
    }
    // Under a last label not accepted bare (a country code that is also a
    // word, `.in`, `.my`; a generic TLD outside the list, `.support`), a host
    // is still a link when its name is hyphenated (`sbi-rewards-redeem.in`,
    // `apple-id-restore.support`) or its suffix has two labels
    // (`hdfc-kyc.co.in`, `maybank2u.com.my`): two words run together at a
    // missing space have neither.
    let hyphenated = labels.len() >= 2 && labels[labels.len() - 2].contains('-');
    let two_label_suffix = labels.len() >= 3 && psl::split(&host.to_ascii_lowercase()).is_some_and(|s| s.suffix.contains('.'));
    !hyphenated && !two_label_suffix
}

fn is_octet(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 3
        && label.bytes().all(|b| b.is_ascii_digit())
        && label.parse::<u16>().is_ok_and(|n| n <= 255)
}

/// Letters only (ASCII or another script), or punycode, two or more long.
fn plausible_tld(tld: &str) -> bool {
    tld.chars().count() >= 2
        && (tld.chars().all(char::is_alphabetic)
            || tld.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("xn--")))
}

/// A last label that makes a bare host of a run (`x.top`, `x.cc`): one of the
/// generic TLDs accepted bare, or a known country code that is no prose word.
pub(crate) fn bare_tld(tld: &str) -> bool {
    listed_bare(tld) && (tld.len() != 2 || known_tld(tld))
}

/// What `data/links.toml` says of a lower-case last label written alone: a
/// two-letter one is a link unless it is a prose word (`prose_cctlds`), a
/// longer one only when it is a generic TLD accepted bare (`bare_gtlds`).
fn listed_bare(tld: &str) -> bool {
    let k = knowledge();
    if tld.len() == 2 {
        !k.prose_cctlds.contains(&tld)
    } else {
        k.bare_gtlds.contains(&tld)
    }
}

fn known_tld(tld: &str) -> bool {
    psl::has_known_suffix(&tld.to_ascii_lowercase())
}

/// The host has a label before a known public suffix.
fn known_host(host: &str) -> bool {
    let ascii = if host.is_ascii() {
        host.to_ascii_lowercase()
    } else {
        url::quirks::domain_to_ascii(host)
    };
    psl::split(&ascii).is_some()
}

/// Length of a `:port` (one to five digits, not followed by a letter or digit).
fn port_len(after: &str) -> usize {
    let Some(rest) = after.strip_prefix(':') else {
        return 0;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let glued = rest[digits..].starts_with(|c: char| c.is_alphanumeric());
    if (1..=5).contains(&digits) && !glued {
        1 + digits
    } else {
        0
    }
}

/// Cuts trailing punctuation and unbalanced closing brackets, never below `floor`.
fn trim_end(text: &str, floor: usize, mut end: usize) -> usize {
    let body = &text[floor..end];
    let balance = |open: char, close: char| {
        body.chars().filter(|&c| c == open).count() as i64
            - body.chars().filter(|&c| c == close).count() as i64
    };
    let mut bal = [balance('(', ')'), balance('[', ']'), balance('{', '}')];
    while let Some(c) = text[floor..end].chars().next_back() {
        let slot = match c {
            ')' => Some(0),
            ']' => Some(1),
            '}' => Some(2),
            _ => None,
        };
        let trim = match slot {
            Some(k) if bal[k] < 0 => {
                bal[k] += 1;
                true
            }
            Some(_) => false,
            None => matches!(c, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '"'),
        };
        if !trim {
            break;
        }
        end -= c.len_utf8();
    }
    end
}
