//! Words with letters swapped for look-alikes: a capital `I` for an `l` inside
//! a lower-case word (`pIease`, `canceI`), an `l` inside a capital word
//! (`DEBlT`), a `0`, `1` or `3` for a letter (`acc0unt`, `del1ver`). Spammers
//! write them so that filters matching words miss them; a person reads past
//! them. Only words outside links are looked at; besides the ASCII tricks, a
//! word written wholly or partly in letters of other scripts that are drawn
//! like Latin ones (`ꓑꓲеаѕе`, `Nеtflix` with a Cyrillic `е`) is disguised; and
//! so are words broken by a dot (`You.r in.voice … re.ceived`) when two
//! different ones read as words a spammer's text is made of.

use std::ops::Range;

/// The byte range of the first disguised word of `text` outside `links`.
pub fn first_disguised_word(text: &str, links: &[Range<usize>]) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        if !bytes[start].is_ascii_alphanumeric() {
            start += 1;
            continue;
        }
        let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let word = &bytes[start..end];
        if may_be_disguised(word) && !in_link(links, start, end) && disguised(word) && !address_like(bytes, start, end) {
            return Some(start..end);
        }
        start = end;
    }
    None
}

/// The byte range of the first word of `text` outside `links` that is
/// written with letters of another script drawn like Latin ones: every letter
/// of it Latin or such a look-alike, at least one a look-alike, and at least
/// two letters (a lone `μ` or `×` is a unit or a sign). A word of Russian or
/// Greek has letters drawn otherwise, and is left alone.
pub fn first_lookalike_word(text: &str, links: &[Range<usize>]) -> Option<Range<usize>> {
    if text.is_ascii() {
        return None;
    }
    let mut word: Option<(usize, usize, bool, bool)> = None; // start, letters, a look-alike, all Latin-like
    let check = |w: Option<(usize, usize, bool, bool)>, end: usize| -> Option<Range<usize>> {
        let (start, letters, lookalike, latin) = w?;
        (letters >= 2 && lookalike && latin && !in_link(links, start, end)).then_some(start..end)
    };
    for (b, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let lookalike = crate::links::latin_lookalike(c).is_some();
            let w = word.get_or_insert((b, 0, false, true));
            w.1 += 1;
            w.2 |= lookalike;
            w.3 &= c.is_ascii_alphanumeric() || lookalike;
        } else if let Some(found) = check(word.take(), b) {
            return Some(found);
        }
    }
    check(word, text.len())
}

/// The byte range of the first word of `text` outside `links` broken by a
/// dot (`in.voice`, `mo.nth`, `h.ere's`), when at least two different words so
/// broken read as one of `BAIT_WORDS` without their dot. One is not enough:
/// a missing space after a full stop (`today.Thanks`) or an abbreviation
/// (`p.m`) makes a dotted pair of ordinary words, a dotted bait word twice
/// in one message does not happen by accident.
pub fn first_dotted_word(text: &str, links: &[Range<usize>]) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
    let mut first: Option<(Range<usize>, Vec<u8>)> = None;
    // Only a dot between two letters can break a word: most texts have none.
    for dot in memchr::memchr_iter(b'.', bytes).filter(|&d| d > 0 && letter(d - 1) && letter(d + 1)) {
        let start = dot - bytes[..dot].iter().rev().take_while(|b| b.is_ascii_alphabetic()).count();
        let end = dot + 1 + bytes[dot + 1..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        // Part of an address, a path, a number or a longer dotted name.
        let joins_before = start.checked_sub(1).is_some_and(|i| bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'@' | b'/' | b'_' | b'-'));
        let joins_after = bytes.get(end).is_some_and(|&b| b.is_ascii_digit() || matches!(b, b'@' | b'/' | b'_' | b'-')) || (bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric));
        if joins_before || joins_after || in_link(links, start, end) {
            continue;
        }
        let word: Vec<u8> = bytes[start..end].iter().filter(|&&b| b != b'.').map(u8::to_ascii_lowercase).collect();
        if !BAIT_WORDS.iter().any(|bait| bait.as_bytes() == word.as_slice()) {
            continue;
        }
        match &first {
            Some((found, before)) if *before != word => return Some(found.clone()),
            Some(_) => {}
            None => first = Some((start..end, word)),
        }
    }
    None
}

/// Bytes `start..end` touch one of `links`.
fn in_link(links: &[Range<usize>], start: usize, end: usize) -> bool {
    links.iter().any(|l| l.start < end && start < l.end)
}

/// Part of something that is not prose: an address, a path or an identifier.
fn address_like(bytes: &[u8], start: usize, end: usize) -> bool {
    let joins = |b: Option<&u8>| b.is_some_and(|b| matches!(b, b'@' | b'/' | b'_' | b'=' | b'#' | b'\\'));
    let dotted = |b: Option<&u8>, next: Option<&u8>| b == Some(&b'.') && next.is_some_and(u8::is_ascii_alphanumeric);
    joins(start.checked_sub(1).and_then(|i| bytes.get(i)))
        || joins(bytes.get(end))
        || dotted(bytes.get(end), bytes.get(end + 1))
        || start.checked_sub(2).is_some_and(|i| dotted(bytes.get(i + 1), bytes.get(start)) && bytes[i].is_ascii_alphanumeric())
}

/// Whether `w` holds what every disguise of [`disguised`] needs: a capital
/// `I`, a `0`, `1` or `3`, or an `l` beside capitals. Most words hold none,
/// and one pass over them says so.
fn may_be_disguised(w: &[u8]) -> bool {
    let (mut swapped, mut small_l, mut capital) = (false, false, false);
    for &b in w {
        swapped |= matches!(b, b'I' | b'0' | b'1' | b'3');
        small_l |= b == b'l';
        capital |= b.is_ascii_uppercase();
    }
    swapped || small_l && capital
}

fn disguised(w: &[u8]) -> bool {
    capital_i_for_l(w) || small_l_in_capitals(w) || digit_for_letter(w)
}

/// `pIease`, `deIivery`, `canceI`, `PIease`, `successfuIIy`: a lower-case word
/// with a capital `I` where an `l` belongs. Two words run together (`accessInternet`,
/// `roomInfo`, `thenI`) are not: a capital `I` that starts `In…`/`If…` or ends a
/// short word is a new word.
fn capital_i_for_l(w: &[u8]) -> bool {
    if w.len() < 4 || !w.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    // Every letter after the first is lower case or `I`.
    if !w[1..].iter().all(|&b| b.is_ascii_lowercase() || b == b'I') {
        return false;
    }
    let lower = |i: usize| w.get(i).is_some_and(u8::is_ascii_lowercase);
    (1..w.len()).filter(|&i| w[i] == b'I').any(|i| {
        let after_lower = lower(i + 1) && lower(i + 2) && !matches!(w[i + 1], b'n' | b'f');
        let doubled = w.get(i + 1) == Some(&b'I') && lower(i + 2);
        let last = i + 1 == w.len() && i >= 4 && matches!(w[i - 1], b'a' | b'e' | b'i' | b'u' | b'l');
        // `PIease`: a capital, then `I` before a vowel.
        let second = i == 1 && w[0].is_ascii_uppercase() && w.len() >= 5 && matches!(w[2], b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        (i >= 1 && lower(i - 1) && (after_lower || doubled || last)) || second
    })
}

/// `DEBlT`, `lDENTlTY`, `BlNANCE`: a capital word with a small `l` in it.
fn small_l_in_capitals(w: &[u8]) -> bool {
    w.len() >= 4
        && w.iter().all(|&b| b.is_ascii_uppercase() || b == b'l')
        && w.iter().filter(|b| b.is_ascii_uppercase()).count() >= 3
        && w.contains(&b'l')
}

/// `acc0unt`, `del1ver`, `b1tc0in`: a lower-case word with `0`, `1` or `3`
/// between its letters (two letters on each side, or two such digits); or a
/// word of either case that reads as one of `BAIT_WORDS` with its `0`, `1`
/// and `3` read as `o`, `i` or `l`, and `e` (`Y0UR`, `W0N`, `FR0M`, `0NLINE`).
/// A capital word with a digit inside is not enough alone: booking references
/// and codes are written so (`KX0PLM`).
fn digit_for_letter(w: &[u8]) -> bool {
    spelled_bait_word(w) || digit_inside_small_word(w)
}

// `BAIT_WORDS`: words a spammer's text is made of, which the filters it hides
// from look for (`Y0UR` reads `your`), from `data/bait_words.toml` with their
// sources. Short words are there because the rule of
// [`digit_inside_small_word`] needs two letters on each side of a digit.
include!(concat!(env!("OUT_DIR"), "/bait_words.rs"));

fn spelled_bait_word(w: &[u8]) -> bool {
    if w.len() < 3 || w.len() > 12 || !w.iter().any(u8::is_ascii_alphabetic) || !w.iter().any(|b| matches!(b, b'0' | b'1' | b'3')) || !w.iter().all(|&b| b.is_ascii_alphabetic() || matches!(b, b'0' | b'1' | b'3')) {
        return false;
    }
    let read = |one: u8| -> Vec<u8> {
        w.iter()
            .map(|&b| match b {
                b'0' => b'o',
                b'1' => one,
                b'3' => b'e',
                b => b.to_ascii_lowercase(),
            })
            .collect()
    };
    let (as_i, as_l) = (read(b'i'), read(b'l'));
    BAIT_WORDS.iter().any(|bait| bait.as_bytes() == as_i.as_slice() || bait.as_bytes() == as_l.as_slice())
}

fn digit_inside_small_word(w: &[u8]) -> bool {
    if !w.iter().all(|&b| b.is_ascii_lowercase() || matches!(b, b'0' | b'1' | b'3')) {
        return false;
    }
    let digits: Vec<usize> = (0..w.len()).filter(|&i| w[i].is_ascii_digit()).collect();
    let letters_around = |i: usize, n: usize| {
        i >= n && w[i - n..i].iter().all(u8::is_ascii_lowercase) && w.get(i + 1..=i + n).is_some_and(|s| s.iter().all(u8::is_ascii_lowercase))
    };
    match digits.as_slice() {
        [] => false,
        [i] => letters_around(*i, 2),
        many => many.len() <= 3 && many.iter().all(|&i| letters_around(i, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_latin_lookalike_letters_are_disguised() {
        let cases = [
            ("ꓮꓲеrt ꓚаոаdа ꓔісkеt", Some("ꓮꓲеrt")),
            ("Your Nеtflix account", Some("Nеtflix")),
            ("Pay 𝐍𝐎𝐖 today", Some("𝐍𝐎𝐖")),
            ("ʏᴏᴜʀ ᴀᴜᴛᴏ ᴘᴀʏᴍᴇɴᴛ ᴄᴀɴɴᴏᴛ ᴘʀᴏᴄᴇss", Some("ʏᴏᴜʀ")),
            ("Привет, Иван", None),
            ("café résumé naïve", None),
            ("5 μm and 3×4", None),
            ("逾期请还款", None),
            ("plain English only", None),
        ];
        for (text, want) in cases {
            let got = first_lookalike_word(text, &[]).map(|r| &text[r]);
            assert_eq!(got, want, "{text}");
        }
        let text = "visit https://раураl.com now";
        let link = text.find("https").unwrap()..text.find(" now").unwrap();
        assert_eq!(first_lookalike_word(text, &[link]), None, "a link's host is the link checks' business");
    }

    #[test]
    fn the_quick_check_passes_every_disguised_word() {
        let data = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/found.jsonl")).expect("test data");
        let words = data.split(|c: char| !c.is_ascii_alphanumeric()).map(str::as_bytes);
        let extra: [&[u8]; 8] = [b"pIease", b"DEBlT", b"acc0unt", b"Y0UR", b"fr33", b"successfuIIy", b"lDENTlTY", b"W0N"];
        for w in words.chain(extra) {
            assert!(!disguised(w) || may_be_disguised(w), "{}", String::from_utf8_lossy(w));
        }
        assert!(!may_be_disguised(b"please") && !may_be_disguised(b"Hi there") && !may_be_disguised(b"ORDER2"));
    }

    #[test]
    fn disguised_words_and_ordinary_ones() {
        let table: &[(&str, Option<&str>)] = &[
            ("Your latest package was deIayed! pIease visit us", Some("deIayed")),
            ("PIease confirm", Some("PIease")),
            ("To canceI this withdrawal", Some("canceI")),
            ("Linked successfuIIy", Some("successfuIIy")),
            ("Your DEBlT card", Some("DEBlT")),
            ("Verify your acc0unt now", Some("acc0unt")),
            ("Join our b1tc0in group", Some("b1tc0in")),
            ("The courier cannot del1ver your package", Some("del1ver")),
            ("CALCULATE Y0UR POSSIBLE PROFITS", Some("Y0UR")),
            ("as you have W0N a guaranteed cash prize", Some("W0N")),
            ("FROM:CHASE-0NLINE: YOUR CARD IS LOCKED", Some("0NLINE")),
            ("Claim your fr33 spins", Some("fr33")),
            // Ordinary text, names, codes and words run together.
            ("Please see the roomInfo and accessInternet fields", None),
            ("I said thenI left", None),
            ("McIntyre and O'Neil met at the iPhone store", None),
            ("Your code is ab12cd, flight BA0117, mp3 and covid19", None),
            ("Meet me at 10am, call 07700 900123", None),
            ("Booking reference KX0PLM confirmed; code AB0CD, gate B10", None),
            ("Room 101 on floor 3, seat 1A", None),
            ("Track it at https://deIivery.example/pIease", None),
            ("Mail jo.deIivery@example.com", None),
            ("", None),
            ("é I ü", None),
        ];
        for (text, want) in table {
            let got = first_disguised_word(text, &[]).map(|r| &text[r]);
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn words_broken_by_dots() {
        let table: &[(&str, Option<&str>)] = &[
            ("You.r in.voice fo.r last mo.nth is re.ceived. Thank.s! h.ere's our l.ittle present", Some("You.r")),
            ("Your paymen.t for la.st month was pa.id. Thank you", Some("paymen.t")),
            // One dotted word, or the same one twice, is not enough.
            ("Your paymen.t is late", None),
            ("paymen.t and paymen.t again", None),
            // Missing spaces after full stops, abbreviations, addresses.
            ("See you today.Thanks for the card.Love you", None),
            ("Meet at 5 p.m. e.g. at the bank.Your seat is 4", None),
            ("Mail pay.ment@example.com or visit your.account.example/pay", None),
            ("", None),
        ];
        for (text, want) in table {
            let got = first_dotted_word(text, &[]).map(|r| &text[r]);
            assert_eq!(got, *want, "{text:?}");
        }
        let text = "Your paymen.t for la.st month";
        let link = 0..text.len();
        assert_eq!(first_dotted_word(text, &[link]), None, "links are the link checks' business");
    }

    #[test]
    fn words_inside_links_are_left_alone() {
        let text = "see amzheip.com/r/pIease now";
        let link = 4..text.find(" now").unwrap();
        assert_eq!(first_disguised_word(text, &[link]), None);
    }
}
