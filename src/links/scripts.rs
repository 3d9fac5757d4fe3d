//! Does a host label mix scripts in a way that deceives? UTS #39's
//! restriction levels, from tables that build.rs writes with the
//! `unicode-security` and `unicode-script` crates: a label is *mixed* when
//! its level is above "highly restrictive" (Latin with Cyrillic or Greek,
//! say; Latin with Han, Kana or Hangul is not), or when it has a character
//! not allowed in identifiers.

include!(concat!(env!("OUT_DIR"), "/script_classes.rs"));

const ALLOWED: u8 = 1;
const HANB: u8 = 2;
const JPAN: u8 = 4;
const KORE: u8 = 8;
const LATIN: u8 = 16;

/// A character's class: script bitset and flags.
fn class(c: char) -> ([u64; 3], u8) {
    let i = SCRIPT_RUN_STARTS.partition_point(|&start| start <= c as u32);
    let class = i.checked_sub(1).and_then(|i| SCRIPT_RUN_CLASSES.get(i)).map_or(0, |&k| usize::from(k));
    SCRIPT_CLASSES.get(class).copied().unwrap_or(([0; 3], 0))
}

/// An augmented script set: scripts, and the Hanb, Jpan and Kore flags.
#[derive(Clone, Copy)]
struct Set([u64; 3], u8);

impl Set {
    /// Every script (Common).
    const ALL: Set = Set([u64::MAX; 3], HANB | JPAN | KORE);

    fn intersect(&mut self, bits: [u64; 3], flags: u8) {
        for (a, b) in self.0.iter_mut().zip(bits) {
            *a &= b;
        }
        self.1 &= flags;
    }
}

/// The label's restriction level is above "highly restrictive".
pub(crate) fn mixed(label: &str) -> bool {
    let (mut set, mut without_latin, mut ascii) = (Set::ALL, Set::ALL, true);
    for c in label.chars() {
        let (bits, flags) = class(c);
        if flags & ALLOWED == 0 {
            return true;
        }
        ascii &= c.is_ascii();
        set.intersect(bits, flags);
        if flags & LATIN == 0 {
            without_latin.intersect(bits, flags);
        }
    }
    let single_script = set.0 != [0; 3] || set.1 & (HANB | JPAN | KORE) != 0;
    let highly_restrictive = without_latin.1 & (HANB | JPAN | KORE) != 0;
    !ascii && !single_script && !highly_restrictive
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_security::{RestrictionLevel, RestrictionLevelDetection};

    /// The tables give what `unicode-security` gives.
    #[test]
    fn agrees_with_unicode_security() {
        let labels = [
            "paypal", "pаypal", "раураl", "аррӏе", "例子", "中国银行", "icbc中国", "中国ｉｃｂｃ", "ok한국", "テストabc",
            "abcテスト漢字", "ㄅㄆ中文", "ab-cd", "pay-жизнь", "αβγ", "abcαβγ", "é", "e\u{301}", "a\u{200d}b", "a_b",
            "", "1234", "اختبار", "abcاختبار", "ꓐꓑ", "abc\u{e0061}", "ǆ", "xn--abc", "абв", "абвabc123",
        ];
        for label in labels {
            let want = label.detect_restriction_level() > RestrictionLevel::HighlyRestrictive;
            assert_eq!(mixed(label), want, "{label:?}");
        }
        // And on every character, alone and after a Latin letter.
        for c in (0..0x3_0000_u32).step_by(7).filter_map(char::from_u32) {
            for label in [c.to_string(), format!("a{c}")] {
                let want = label.as_str().detect_restriction_level() > RestrictionLevel::HighlyRestrictive;
                assert_eq!(mixed(&label), want, "{label:?}");
            }
        }
    }
}
