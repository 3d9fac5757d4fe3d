//! The keyword list of the rules: every literal of `data/signals.toml`
//! (signal patterns with their pinyin forms, regex anchors, finance words),
//! each once, with what it stands for, sorted by their bytes read backwards
//! (the order of the crate's keyword table, which then needs no sorting).
//! The keywords are used as written: `data/signals.toml` writes them in the
//! normalised form messages are matched in (a test in `src/rules.rs` checks).
//! build.rs includes this file to write the keyword list; the crate
//! itself needs only [`Word`] (and the rest in its tests).

use std::collections::HashMap;

/// What a keyword stands for (one keyword may stand for several things).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    /// A pattern of signal `signal`; `open_end`: no word-end check (`*`).
    Signal { signal: usize, open_end: bool },
    /// An anchor of the `regex`th regular expression (in file order).
    Anchor { regex: usize },
    /// A finance word.
    Finance,
}

/// The keywords one signal brings.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct SignalWords<'a> {
    /// Its literal patterns (`*` at the end: no word-end check).
    pub patterns: &'a [&'a str],
    /// Its patterns also match half written in pinyin.
    pub pinyin: bool,
    /// The anchors of each of its regular expressions.
    pub regex_anchors: Vec<&'a [&'a str]>,
}

/// The keywords and what each stands for, by keyword index.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug, Default)]
pub(crate) struct Keywords {
    /// Each keyword once (the automaton's pattern `i` is `texts[i]`).
    pub texts: Vec<String>,
    /// What keyword `i` stands for.
    pub kinds: Vec<Vec<Word>>,
}

#[cfg_attr(not(test), allow(dead_code))]
impl Keywords {
    /// The keywords of the signals (in file order) and the finance words;
    /// `pinyin` gives the toneless pinyin of a keyword character.
    pub(crate) fn collect<'a>(signals: impl IntoIterator<Item = SignalWords<'a>>, finance: &[&str], pinyin: &HashMap<char, String>) -> Keywords {
        let mut k = Keywords::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut add = |k: &mut Keywords, text: &str, word: Word| {
            if text.is_empty() {
                return;
            }
            let i = *index.entry(text.to_string()).or_insert_with(|| {
                k.texts.push(text.to_string());
                k.kinds.push(Vec::new());
                k.texts.len() - 1
            });
            k.kinds[i].push(word);
        };
        let mut regexes = 0;
        for (signal, s) in signals.into_iter().enumerate() {
            for &p in s.patterns {
                let open_end = p.ends_with('*');
                let word = Word::Signal { signal, open_end };
                add(&mut k, p.trim_end_matches('*'), word);
                if s.pinyin {
                    for variant in pinyin_variants(p, pinyin) {
                        add(&mut k, &variant, word);
                    }
                }
            }
            for anchors in s.regex_anchors {
                for &a in anchors {
                    add(&mut k, a, Word::Anchor { regex: regexes });
                }
                regexes += 1;
            }
        }
        for &p in finance {
            add(&mut k, p, Word::Finance);
        }
        k.sort_backwards();
        k
    }

    /// Orders the keywords by their bytes read backwards, the order of the
    /// keyword table (`Words` searching every match keeps its words
    /// backwards and sorted), so that the crate's first message finds the
    /// list already sorted: checking that is one pass, where sorting the
    /// 5,600 keywords there cost more than the rest of a short message.
    fn sort_backwards(&mut self) {
        let mut order: Vec<(String, Vec<Word>)> = std::mem::take(&mut self.texts).into_iter().zip(std::mem::take(&mut self.kinds)).collect();
        order.sort_by(|a, b| a.0.bytes().rev().cmp(b.0.bytes().rev()));
        (self.texts, self.kinds) = order.into_iter().unzip();
    }
}

/// Each place in `text` where an ASCII letter stands beside a non-ASCII
/// character, as the pair in text order (`yu期`: `('u', '期')`). A keyword
/// with such pairs (a pinyin form) is only in a text that holds them too.
pub(crate) fn script_pairs(text: &str) -> impl Iterator<Item = (char, char)> + '_ {
    let b = text.as_bytes();
    // In UTF-8 a byte of 128 or more beside an ASCII byte is the first or
    // last byte of a character.
    (1..b.len()).filter_map(move |i| {
        let (x, y) = (b[i - 1], b[i]);
        if x.is_ascii_alphabetic() && y >= 0x80 {
            Some((char::from(x), text[i..].chars().next()?))
        } else if x >= 0x80 && y.is_ascii_alphabetic() {
            Some((text[..i].chars().next_back()?, char::from(y)))
        } else {
            None
        }
    })
}

/// The pairs of [`script_pairs`] of every keyword, sorted, each once.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn script_pairs_of(keywords: &[String]) -> Vec<(char, char)> {
    let mut pairs: Vec<(char, char)> = keywords.iter().flat_map(|k| script_pairs(k)).collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The forms of a 2–4 character Chinese keyword with some characters in
/// pinyin: `逾期` → `yu期`, `逾qi`, and `yuqi` only when the all-pinyin
/// form is long enough not to be an ordinary word or name (6 letters).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn pinyin_variants(keyword: &str, pinyin: &HashMap<char, String>) -> Vec<String> {
    let chars: Vec<char> = keyword.chars().collect();
    if !(2..=4).contains(&chars.len()) || !chars.iter().all(|c| pinyin.contains_key(c)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for mask in 1u32..(1 << chars.len()) {
        let form: String = chars
            .iter()
            .enumerate()
            .map(|(i, c)| if mask & (1 << i) != 0 { pinyin[c].clone() } else { c.to_string() })
            .collect();
        let all_pinyin = mask == (1 << chars.len()) - 1;
        if !all_pinyin || form.len() >= 6 {
            out.push(form);
        }
    }
    out
}
