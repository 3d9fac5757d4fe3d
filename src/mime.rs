//! MIME encoded words (RFC 2047) in a message's text: a pasted or scraped
//! e-mail can keep its subject as `=?utf-8?Q?Your=20account?=` or
//! `=?UTF-8?B?WW91ciBhY2NvdW50?=`, which no keyword and no n-gram reads.
//! [`decode`] gives the text with every encoded word decoded, and maps places
//! in it back to the original, so spans still point at what the page shows.
//!
//! Written here rather than taken from a crate: the decoders on crates.io
//! bring a full charset library (encoding_rs: several hundred KB in the
//! WebAssembly module), and the words met in practice are UTF-8, Latin-1 or
//! ASCII, which need none. A word in any other charset, or one that does not
//! decode, stays as it is.

use std::ops::Range;

/// A text with its encoded words decoded.
#[derive(Debug)]
pub struct Decoded {
    /// The decoded text.
    pub text: String,
    /// Each decoded word: its byte range in `text`, and in the original.
    words: Vec<(Range<usize>, Range<usize>)>,
}

impl Decoded {
    /// The original byte offset of byte offset `at` of the decoded text: a
    /// place inside a decoded word maps to the word's start, or its end when
    /// `end` (so a range that covers part of a word covers all of it).
    pub fn original(&self, at: usize, end: bool) -> usize {
        let mut shift = 0isize;
        for (dec, orig) in &self.words {
            if at < dec.start || (end && at == dec.start) {
                break;
            }
            if at < dec.end {
                return if end { orig.end } else { orig.start };
            }
            shift = orig.end as isize - dec.end as isize;
        }
        (at as isize + shift) as usize
    }
}

/// `text` with its RFC 2047 encoded words decoded, or `None` when it has none
/// that decode. White space between two adjacent encoded words is dropped, as
/// RFC 2047 §6.2 says.
pub fn decode(text: &str) -> Option<Decoded> {
    // Most texts have no `=` at all (one SIMD pass).
    if memchr::memchr(b'=', text.as_bytes()).is_none() || !text.contains("=?") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut words: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut copied = 0; // original bytes before this are in `out`
    let mut search = 0;
    while let Some(found) = text[search..].find("=?") {
        let start = search + found;
        let Some((len, decoded)) = encoded_word(&text[start..]) else {
            search = start + 2;
            continue;
        };
        let gap = &text[copied..start];
        let follows_word = words.last().is_some_and(|(_, o)| o.end == copied);
        if !(follows_word && gap.chars().all(char::is_whitespace)) {
            out.push_str(gap);
        }
        let from = out.len();
        out.push_str(&decoded);
        words.push((from..out.len(), start..start + len));
        copied = start + len;
        search = copied;
    }
    if words.is_empty() {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(Decoded { text: out, words })
}

/// One encoded word at the start of `s`: its length and decoded text.
fn encoded_word(s: &str) -> Option<(usize, String)> {
    let body = s.strip_prefix("=?")?;
    let (charset, rest) = body.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let end = rest.find("?=")?;
    let data = &rest[..end];
    let len = 2 + charset.len() + 1 + encoding.len() + 1 + end + 2;
    // An encoded word is at most 75 characters; allow long, folded ones, but
    // not a question mark (the end of some other `=?` … `?=` pair).
    if charset.is_empty() || charset.len() > 40 || data.len() > 4096 || data.contains('?') {
        return None;
    }
    let data: Vec<u8> = data.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let bytes = match encoding {
        "B" | "b" => base64(&data)?,
        "Q" | "q" => quoted(&data)?,
        _ => return None,
    };
    // RFC 2231 adds a language after `*`: `utf-8*en`.
    let charset = charset.split('*').next().unwrap_or_default().to_ascii_lowercase();
    let decoded = match charset.as_str() {
        "utf-8" | "utf8" => String::from_utf8(bytes).ok()?,
        "us-ascii" | "ascii" if bytes.is_ascii() => String::from_utf8(bytes).ok()?,
        "iso-8859-1" | "latin1" | "windows-1252" => bytes.iter().map(|&b| b as char).collect(),
        _ => return None,
    };
    Some((len, decoded))
}

/// The "Q" encoding: `_` is a space, `=XX` a byte in hex.
fn quoted(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'_' => out.push(b' '),
            b'=' => {
                let hex = std::str::from_utf8(data.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Some(out)
}

/// Standard base64, padding optional.
fn base64(data: &[u8]) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let data = data.strip_suffix(b"==").or_else(|| data.strip_suffix(b"=")).unwrap_or(data);
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in data {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_encoded_words() {
        let cases: &[(&str, &str)] = &[
            ("Subject: =?utf-8?Q?Dear=20Client=20=3a=20Update?= now", "Subject: Dear Client : Update now"),
            ("=?UTF-8?B?WW91ciBQYXlQYWwgYWNjb3VudA==?=", "Your PayPal account"),
            ("=?utf-8?B?WW91ciBQYXlQYWwgYWNjb3VudA?=", "Your PayPal account"),
            ("=?ISO-8859-1?Q?Compte_Suspect=E9?=", "Compte Suspecté"),
            // adjacent words join without the space between them
            ("=?utf-8?Q?Logg?= =?utf-8?Q?ing=20in?=", "Logging in"),
            ("=?utf-8?Q?a?=\n =?utf-8?Q?b?= c", "ab c"),
            ("=?utf-8?q?=E4=BD=A0=E5=A5=BD?=", "你好"),
        ];
        for (text, want) in cases {
            assert_eq!(decode(text).map(|d| d.text).as_deref(), Some(*want), "{text}");
        }
    }

    #[test]
    fn leaves_what_is_no_encoded_word() {
        for text in [
            "no words here",
            "=?",
            "a=?b",
            "=?utf-8?X?abc?=",
            "=?koi8-r?Q?abc?=",
            "=?utf-8?B?@@@@?=",
            "=?utf-8?Q?=ZZ?=",
            "=?utf-8?Q?=E4?=",
            "=?utf-8?Q?unterminated",
            "what? =?utf-8?Q?x",
            "=??Q?x?=",
        ] {
            assert!(decode(text).is_none(), "{text}");
        }
    }

    #[test]
    fn maps_places_back_to_the_original() {
        let text = "Hi =?utf-8?Q?Pay=20now?= at x";
        let d = decode(text).unwrap();
        assert_eq!(d.text, "Hi Pay now at x");
        let word = 3..text.find(" at").unwrap();
        // before, inside, after the word
        assert_eq!(d.original(0, false), 0);
        assert_eq!(d.original(3, false), word.start);
        assert_eq!(d.original(5, true), word.end);
        assert_eq!(d.original(10, true), word.end);
        assert_eq!(d.original(11, false), word.end + 1);
        assert_eq!(d.original(d.text.len(), true), text.len());
    }
}
