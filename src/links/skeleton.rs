//! Confusable skeletons (Unicode UTS #39) of host labels, from a table that
//! build.rs writes with the `unicode-security` crate: only characters whose
//! skeleton is ASCII letters, digits and hyphens are in it, because a label
//! only ever imitates an ASCII domain label. `None` means the skeleton has
//! another character.

include!(concat!(env!("OUT_DIR"), "/ascii_skeletons.rs"));

/// The skeleton of `s` when it is all ASCII letters, digits and hyphens
/// (`раураl` → `paypal`), else `None`.
pub(crate) fn ascii_skeleton(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match ASCII_SKELETONS.binary_search_by_key(&c, |&(k, _)| k) {
            Ok(i) => out.extend(ASCII_SKELETONS[i].1.iter().take_while(|&&b| b != 0).map(|&b| char::from(b))),
            // Characters whose skeleton is empty (soft hyphen, tags) add nothing.
            Err(_) => {
                let i = NO_SKELETON.partition_point(|&(start, _)| start <= c);
                let (start, end) = *NO_SKELETON.get(i.checked_sub(1)?)?;
                if !(start..=end).contains(&c) {
                    return None;
                }
            }
        }
    }
    Some(out)
}

/// The ASCII letter or digit `c`, a letter of another script, is drawn as
/// (Cyrillic `а` → `a`, Lisu `ꓮ` → `A`, mathematical bold `𝐏` → `P`): its
/// skeleton when that is one ASCII letter or digit; `None` for ASCII itself,
/// for letters with marks (`é`) and for everything drawn otherwise.
pub(crate) fn latin_lookalike(c: char) -> Option<char> {
    // The blocks such letters are in (Latin extensions and IPA, Greek, Cyrillic,
    // Armenian, Cherokee, phonetic extensions, letterlike symbols, Lisu,
    // mathematical alphanumerics): text of other scripts, Chinese punctuation
    // among it, is passed over without a look-up.
    if !matches!(c as u32, 0x0100..=0x058F | 0x13A0..=0x13FF | 0x1D00..=0x1FFF | 0x2100..=0x214F | 0xA4D0..=0xA4FF | 0xA640..=0xA7FF | 0xAB30..=0xAB6F | 0x1D400..=0x1D7FF) || !c.is_alphanumeric() {
        return None;
    }
    if let Some(&(_, a)) = SMALL_CAPITALS.iter().find(|&&(s, _)| s == c) {
        return Some(a);
    }
    let i = ASCII_SKELETONS.binary_search_by_key(&c, |&(k, _)| k).ok()?;
    match ASCII_SKELETONS[i].1 {
        [b, 0, 0, 0] if b.is_ascii_alphanumeric() => Some(char::from(b)),
        _ => None,
    }
}

/// The Latin small capitals ("LATIN LETTER SMALL CAPITAL A", U+1D00 …) that
/// "small caps" text generators write for lower-case letters ("ʏᴏᴜʀ ᴘᴀʏᴍᴇɴᴛ
/// ᴄᴀɴɴᴏᴛ ᴘʀᴏᴄᴇss"), with the letter each is drawn as; UTS #39 gives most of
/// them no ASCII skeleton. `ǫ` (o with ogonek) is what the generators put for q.
const SMALL_CAPITALS: [(char, char); 25] = [
    ('ᴀ', 'a'), ('ʙ', 'b'), ('ᴄ', 'c'), ('ᴅ', 'd'), ('ᴇ', 'e'), ('ꜰ', 'f'), ('ɢ', 'g'), ('ʜ', 'h'), ('ɪ', 'i'),
    ('ᴊ', 'j'), ('ᴋ', 'k'), ('ʟ', 'l'), ('ᴍ', 'm'), ('ɴ', 'n'), ('ᴏ', 'o'), ('ᴘ', 'p'), ('ǫ', 'q'), ('ʀ', 'r'),
    ('ꜱ', 's'), ('ᴛ', 't'), ('ᴜ', 'u'), ('ᴠ', 'v'), ('ᴡ', 'w'), ('ʏ', 'y'), ('ᴢ', 'z'),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The table gives what `unicode-security` gives, on labels of every kind.
    #[test]
    fn agrees_with_unicode_security() {
        let labels = [
            "paypal", "раураl", "pаypal", "crnbchina", "cmbchina", "icbc", "1cbc", "0", "m", "rn",
            "аррӏе", "例子", "中国银行", "ɡoogle", "xn--80ak6aa92e", "ｐａｙｐａｌ", "é", "e\u{301}", "",
            "-", "ß", "Ⅰ", "ﬁ", "a.b", "a_b", "‚", "pay\u{ad}pal", "\u{e0061}", "a\u{34f}b",
        ];
        for label in labels {
            let want: String = unicode_security::skeleton(label).collect();
            let got = ascii_skeleton(label);
            if want.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                assert_eq!(got.as_deref(), Some(want.as_str()), "{label}");
            } else {
                assert_eq!(got, None, "{label}: skeleton {want}");
            }
        }
    }
}
