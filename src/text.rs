//! Text positions: byte offsets (what Rust slices use) to UTF-16 code units
//! (what the page's JavaScript uses), and the normalised view of a message
//! that keyword rules match against.

use crate::report::Span;
use std::borrow::Cow;
use crate::words::Words;
use std::ops::Range;

/// Converts byte offsets of one text into UTF-16 offsets.
#[derive(Debug)]
pub struct Utf16Index<'t> {
    /// The UTF-16 units of the characters that start before each
    /// [`UTF16_STEP`]th byte (the first: 0); empty for ASCII text, whose
    /// offsets are the same in both.
    steps: Vec<u32>,
    /// The text's bytes.
    bytes: &'t [u8],
    ascii: bool,
}

/// Bytes between two of [`Utf16Index`]'s counts: an offset is its step's
/// count and the units of fewer bytes than this after it.
const UTF16_STEP: usize = 64;

/// The UTF-16 units of the characters whose first byte is in `bytes`: one
/// for each byte that is not a continuation byte, two for a four-byte
/// character's first (one outside the Basic Multilingual Plane).
fn utf16_units(bytes: &[u8]) -> u32 {
    bytes.iter().map(|&b| u32::from((b as i8) >= -0x40) + u32::from(b >= 0xF0)).sum()
}

impl<'t> Utf16Index<'t> {
    /// Builds the index for `text` (linear time, one count for each
    /// [`UTF16_STEP`] bytes).
    pub fn new(text: &'t str) -> Self {
        let ascii = text.is_ascii();
        let mut steps = Vec::new();
        if !ascii {
            steps.reserve(text.len() / UTF16_STEP + 1);
            let mut units = 0;
            for chunk in text.as_bytes().chunks(UTF16_STEP) {
                steps.push(units);
                units += utf16_units(chunk);
            }
            // The end, where it is a step itself.
            if text.len() % UTF16_STEP == 0 {
                steps.push(units);
            }
        }
        Utf16Index { steps, bytes: text.as_bytes(), ascii }
    }

    /// UTF-16 offset of byte offset `b` (rounded down to a char boundary).
    pub fn at(&self, b: usize) -> u32 {
        let mut b = b.min(self.bytes.len());
        if self.ascii {
            return b as u32;
        }
        // Back to the start of the character `b` is inside.
        while self.bytes.get(b).is_some_and(|&c| (c as i8) < -0x40) {
            b -= 1;
        }
        let step = b / UTF16_STEP;
        self.steps.get(step).map_or(0, |&units| units + utf16_units(&self.bytes[step * UTF16_STEP..b]))
    }

    /// The UTF-16 span of a byte range.
    pub fn span(&self, r: Range<usize>) -> Span {
        Span(self.at(r.start), self.at(r.end))
    }
}

/// A message as keyword rules see it: Simplified Chinese, ASCII lower case,
/// full-width forms folded to ASCII, typographic apostrophes and spaces
/// folded to ASCII ones, a run of spaces written as one, invisible characters
/// removed, and the spaces and symbols that split a Chinese word removed
/// (`催 收`, `逾-期`).
///
/// Every character of the normalised text remembers the byte range of the
/// original text it came from, so a match can be highlighted where the user
/// sees it.
#[derive(Debug)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For each char of `text`: (its byte offset in `text`, original byte range);
    /// empty when `identity`.
    map: Vec<(u32, u32, u32)>,
    /// Byte `i` of `text` came from byte `i` of the original (ASCII text: no
    /// character is dropped or changes length), so `map` is not needed.
    identity: bool,
    original_len: usize,
    /// Some Taiwan word was read as its mainland word (see [`Normalized::model_text`]).
    mainland: bool,
}

impl Normalized {
    /// Normalises `original` (linear time).
    pub fn new(original: &str) -> Self {
        if original.is_ascii() && !has_space_run(original) {
            Normalized::ascii(original)
        } else {
            Normalized::any(original)
        }
    }

    /// [`Normalized::new`] of any text, with the map of each character.
    fn any(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map: Vec<(u32, u32, u32)> = Vec::with_capacity(original.len() / 2);
        // Separators seen since the last kept character, not yet written.
        let mut pending: Vec<(char, u32, u32)> = Vec::new();
        // How many separators `pending` stands for (a run of spaces is one entry).
        let mut separators = 0usize;
        let mut last_kept: Option<char> = None;
        let mut previous: Option<char> = None;
        for (b, c) in original.char_indices() {
            let end = (b + c.len_utf8()) as u32;
            let b = b as u32;
            let lower_ascii = c.is_ascii_lowercase();
            let c = if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                // Most of Chinese text, the short way: such a character is
                // visible, no separator, and folds to its Simplified form.
                previous = Some(c);
                to_simplified(c)
            } else {
                if is_invisible(c) {
                    continue;
                }
                // A capital I inside a lower-case word stands for an l
                // ("NetfIix", "deIivery"): phishing's look-alike spelling.
                let after_lower = previous.is_some_and(|p| p.is_ascii_lowercase());
                previous = Some(c);
                let c = if c == 'I' && after_lower { 'l' } else { fold(c) };
                if is_word_separator(c) {
                    separators += 1;
                    // A run of spaces and tabs is one space ("is  overdue",
                    // "is\u{a0}\u{a0}overdue"), from the run's first byte to its last.
                    let c = if c == '\t' { ' ' } else { c };
                    match pending.last_mut() {
                        Some((' ', _, run_end)) if c == ' ' => *run_end = end,
                        _ => pending.push((c, b, end)),
                    }
                    continue;
                }
                c
            };
            // Drop separators that split a Chinese word: CJK on both sides, or
            // CJK and a Latin letter (a word half written in pinyin: `yu 期`).
            // Most characters follow no separator: nothing to decide.
            if !pending.is_empty() {
                if lower_ascii && last_kept.is_some_and(wraps_after) && is_soft_wrap(pending.iter().map(|&(s, _, _)| s)) {
                    // A line wrapped inside an English sentence ("is past\ndue")
                    // reads as one space, from the break's first byte to its last.
                    map.push((text.len() as u32, pending[0].1, pending[pending.len() - 1].2));
                    text.push(' ');
                } else {
                    let glue = match last_kept {
                        Some(p) if is_cjk(p) => is_cjk(c) || c.is_ascii_alphabetic(),
                        Some(p) if p.is_ascii_alphabetic() => is_cjk(c),
                        _ => false,
                    };
                    let line_break = pending.iter().any(|&(s, _, _)| s == '\n');
                    if !(glue && !line_break && separators <= 3) {
                        for &(s, sb, se) in &pending {
                            map.push((text.len() as u32, sb, se));
                            text.push(s);
                        }
                    }
                }
                pending.clear();
                separators = 0;
            }
            map.push((text.len() as u32, b, end));
            text.push(c);
            last_kept = Some(c);
        }
        for (s, sb, se) in pending {
            map.push((text.len() as u32, sb, se));
            text.push(s);
        }
        let mainland = mainland_words(&mut text);
        Normalized { text, map, identity: false, original_len: original.len(), mainland }
    }

    /// [`Normalized::new`] of ASCII text without a run of spaces or a tab
    /// (those [`Normalized::new`] leaves to [`Normalized::any`]): lower case,
    /// and the look-alike `I` after a lower-case letter read as `l`. Nothing
    /// in ASCII is invisible or Chinese, so no character is dropped and each
    /// keeps its place.
    fn ascii(original: &str) -> Self {
        let mut text = original.to_ascii_lowercase();
        let source = original.as_bytes();
        // `text` is a copy: the original is read while it is written.
        for (at, _) in original.match_indices('I').filter(|&(at, _)| at > 0 && source[at - 1].is_ascii_lowercase()) {
            text.replace_range(at..at + 1, "l");
        }
        // A line wrapped inside a sentence reads as a space, as in
        // [`Normalized::any`]; text with spaces or a carriage return beside
        // such a break goes there ([`has_spaced_wrap`]).
        for at in memchr::memchr_iter(b'\n', source).filter(|&at| wrap_around(source, at) == Some(at..at + 1)) {
            text.replace_range(at..at + 1, " ");
        }
        Normalized { text, map: Vec::new(), identity: true, original_len: original.len(), mainland: false }
    }

    /// [`with_mainland_words`] of `original`, the text this was made of,
    /// without normalising it again: `original` itself unless a Taiwan word
    /// was read as its mainland word.
    pub fn model_text<'o>(&self, original: &'o str) -> Cow<'o, str> {
        if !self.mainland {
            return Cow::Borrowed(original);
        }
        // A Chinese character of the normalised text that is not the fold of
        // the one it came from was put there by a word.
        let mut found: Vec<(Range<usize>, &str)> = Vec::new();
        for ((at, c), &(_, start, end)) in self.text.char_indices().zip(&self.map) {
            let (start, end) = (start as usize, end as usize);
            let Some(was) = original.get(start..end).and_then(|o| o.chars().next()) else { continue };
            if is_cjk(c) && fold(was) != c && end - start == c.len_utf8() && was.len_utf8() == c.len_utf8() {
                found.push((start..end, &self.text[at..at + c.len_utf8()]));
            }
        }
        if found.is_empty() {
            return Cow::Borrowed(original);
        }
        Cow::Owned(replaced(original, &found))
    }

    /// The map's entry for the `i`th char of `text`.
    fn entry(&self, i: usize) -> Option<(u32, u32, u32)> {
        if self.identity {
            (i < self.text.len()).then(|| (i as u32, i as u32, i as u32 + 1))
        } else {
            self.map.get(i).copied()
        }
    }

    /// The original byte range that the normalised byte range `r` came from.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        if self.entry(0).is_none() || r.start >= r.end {
            let at = self.original_pos(r.start);
            return at..at;
        }
        let first = self.index_of(r.start);
        let last = self.index_of(r.end.saturating_sub(1));
        let start = self.entry(first).map_or(self.original_len, |m| m.1 as usize);
        let end = self.entry(last).map_or(self.original_len, |m| m.2 as usize);
        start..end.max(start)
    }

    fn original_pos(&self, b: usize) -> usize {
        if b >= self.text.len() {
            return self.original_len;
        }
        self.entry(self.index_of(b)).map_or(self.original_len, |m| m.1 as usize)
    }

    fn index_of(&self, b: usize) -> usize {
        if self.identity {
            return b.min(self.text.len().saturating_sub(1));
        }
        let b = b as u32;
        match self.map.binary_search_by_key(&b, |m| m.0) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
}

/// Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt): zero-width,
/// soft hyphen, bidirectional controls and other format characters that render
/// as nothing and so can hide inside a word, a name or a link.
pub fn is_invisible(c: char) -> bool {
    // Below the first of them (U+00AD: most text) and between U+3164 and
    // U+FE00 (Chinese text) at once.
    (c as u32) >= 0xAD && !(0x3165..0xFE00).contains(&(c as u32)) && matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Bidirectional controls: marks, embeddings, overrides and isolates
/// (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069). Text after an
/// override is shown in the reverse order of what it is.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every invisible character written out as `⟨U+XXXX⟩`, so evidence
/// shows what hides in it and reads in its real order.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A text without its invisible characters, remembering where each kept
/// character was, so ranges found in it map back to the original exactly.
#[derive(Debug)]
pub struct Stripped<'a> {
    /// The text without invisible characters (the original itself when it
    /// has none, as most texts).
    pub text: Cow<'a, str>,
    /// For each kept char: (its byte offset in `text`, its byte range in the original).
    map: Vec<(u32, u32, u32)>,
    original_len: usize,
}

impl<'a> Stripped<'a> {
    /// Strips `original` (linear time).
    pub fn new(original: &'a str) -> Self {
        // (ASCII text, told at once, has none.)
        if original.is_ascii() || !original.chars().any(is_invisible) {
            return Stripped::unchanged(original);
        }
        let kept = original.char_indices().filter(|&(_, c)| !is_invisible(c)).map(|(b, c)| (c, b, b + c.len_utf8()));
        Stripped::of(kept, original.len())
    }

    /// [`Stripped::new`], and written the way links are disguised in SMS
    /// texts read as plain ASCII: full-width letters, digits and `．／：－`
    /// (`ｈｔｔｐｓ：／／ｘ．ｃｃ`) as ASCII, an ideographic full stop between
    /// ASCII letters or digits (`www。x。cc`) as a dot, and a host spaced out
    /// around its dots (`www . x . cc`) without the spaces: lower-case labels
    /// joined by dots, one with spaces on both sides, that start with `www`
    /// or end with a label `bare_tld` accepts.
    pub fn for_links(original: &'a str, bare_tld: impl Fn(&str) -> bool) -> Self {
        // Full-width letters, digits and the marks of a host and its scheme;
        // not full-width brackets and commas, which end a link in Chinese text.
        let folded = |c: char| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).filter(|a| a.is_ascii_alphanumeric() || matches!(a, '.' | '/' | ':' | '-')).unwrap_or(c),
            _ => c,
        };
        let spaced = original.contains(" .");
        let disguised = |c: char| is_invisible(c) || folded(c) != c || c == '\u{3002}';
        if !spaced && (original.is_ascii() || !original.chars().any(disguised)) {
            return Stripped::unchanged(original);
        }
        let mut chars = original.char_indices().filter(|&(_, c)| !is_invisible(c)).map(|(b, c)| (folded(c), b, b + c.len_utf8()));
        // An ideographic full stop between ASCII letters or digits is a dot.
        let (mut next, mut after_alnum) = (chars.next(), false);
        let kept = std::iter::from_fn(move || {
            let (c, start, end) = next?;
            next = chars.next();
            let c = if c == '\u{3002}' && after_alnum && next.is_some_and(|n| n.0.is_ascii_alphanumeric()) { '.' } else { c };
            after_alnum = c.is_ascii_alphanumeric();
            Some((c, start, end))
        });
        if !spaced {
            // Nothing dropped (most Chinese text: any `。` or `：` brings it
            // here): the text and its map in one pass.
            return Stripped::of(kept, original.len());
        }
        let chars: Vec<(char, usize, usize)> = kept.collect();
        let mut dropped = vec![false; chars.len()];
        for (from, to) in spaced_hosts(&chars, bare_tld) {
            dropped[from..to].fill(true);
        }
        let kept = chars.into_iter().zip(dropped).filter(|(_, drop)| !drop).map(|(k, _)| k);
        Stripped::of(kept, original.len())
    }

    fn unchanged(original: &'a str) -> Self {
        Stripped { text: Cow::Borrowed(original), map: Vec::new(), original_len: original.len() }
    }

    /// The text of `kept` characters, each with its byte range in the original.
    fn of(kept: impl Iterator<Item = (char, usize, usize)>, original_len: usize) -> Self {
        let mut text = String::with_capacity(original_len);
        let mut map = Vec::with_capacity(original_len / 2);
        for (c, start, end) in kept {
            map.push((text.len() as u32, start as u32, end as u32));
            text.push(c);
        }
        Stripped { text: Cow::Owned(text), map, original_len }
    }

    /// Whether anything was removed or rewritten.
    pub fn removed_any(&self) -> bool {
        matches!(self.text, Cow::Owned(_))
    }

    /// The original byte range of the stripped range `r`: from its first kept
    /// character to the end of its last (invisible characters inside it
    /// included, those around it left out). An empty or out-of-range `r` gives
    /// an empty range.
    pub fn original_range(&self, r: Range<usize>) -> Range<usize> {
        if !self.removed_any() {
            if self.text.get(r.clone()).is_some() && r.start <= r.end {
                return r;
            }
            let mut at = r.start.min(self.text.len());
            while !self.text.is_char_boundary(at) {
                at -= 1;
            }
            return at..at;
        }
        let at = |b: usize| self.map.binary_search_by_key(&(b as u32), |m| m.0).ok();
        let last_start = self.text.get(..r.end).and_then(|head| head.char_indices().next_back()).map(|(i, _)| i);
        match (r.start < r.end).then(|| (at(r.start), last_start.and_then(at))) {
            Some((Some(first), Some(last))) if first <= last => {
                self.map[first].1 as usize..self.map[last].2 as usize
            }
            _ => {
                let at = r.start.min(self.text.len());
                let pos = self.map.get(self.map.partition_point(|m| (m.0 as usize) < at)).map_or(self.original_len, |m| m.1 as usize);
                pos..pos
            }
        }
    }
}

/// The runs of spaces to leave out of the hosts spaced out around their dots
/// (see [`Stripped::for_links`]), as index ranges of `chars`.
fn spaced_hosts(chars: &[(char, usize, usize)], bare_tld: impl Fn(&str) -> bool) -> Vec<(usize, usize)> {
    let label = |k: usize| chars.get(k).is_some_and(|c| c.0.is_ascii_lowercase() || c.0.is_ascii_digit() || c.0 == '-');
    let run_end = |mut k: usize| {
        while label(k) {
            k += 1;
        }
        k
    };
    let spaces = |from: usize| chars[from.min(chars.len())..].iter().take(3).take_while(|c| c.0 == ' ').count();
    let word = |from: usize, to: usize| chars[from..to].iter().map(|c| c.0).collect::<String>();
    let mut gaps = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        // A host starts after a space, a non-ASCII character or the start, not
        // inside a word or a path (`/x . Reply`).
        let glued = k > 0 && (chars[k - 1].0.is_ascii_graphic());
        if !label(k) || glued {
            k += 1;
            continue;
        }
        let (first, mut at) = (k, run_end(k));
        let (mut last, mut spaced, mut found) = ((k, at), false, Vec::new());
        loop {
            let before = spaces(at);
            let dot = at + before;
            if before > 2 || chars.get(dot).map(|c| c.0) != Some('.') {
                break;
            }
            let after = spaces(dot + 1);
            let next = dot + 1 + after;
            if after > 2 || !label(next) {
                break;
            }
            spaced |= before > 0 && after > 0;
            found.extend([(at, dot), (dot + 1, next)]);
            last = (next, run_end(next));
            at = last.1;
        }
        let ends_word = !chars.get(at).is_some_and(|c| c.0.is_ascii_alphanumeric());
        if spaced && ends_word && (word(first, run_end(first)) == "www" || bare_tld(&word(last.0, last.1))) {
            gaps.extend(found.into_iter().filter(|(from, to)| from < to));
        }
        k = at.max(k + 1);
    }
    gaps
}

/// Whether ASCII `text` has a tab, two spaces in a row or a wrapped line with
/// spaces beside its break, which the normalised text writes as one space (so
/// it is not byte for byte the original).
fn has_space_run(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr(b'\t', b).is_some() || memchr::memmem::find(b, b"  ").is_some() || has_spaced_wrap(b)
}

/// Whether ASCII `b` has a line wrapped inside a sentence with a space or a
/// carriage return beside the break ("past \ndue", "past\r\ndue"), which
/// the normalised text writes as one space. (A bare "past\ndue" keeps its
/// length: [`Normalized::ascii`] reads it in place.)
fn has_spaced_wrap(b: &[u8]) -> bool {
    memchr::memchr_iter(b'\n', b).any(|i| wrap_around(b, i).is_some_and(|run| run != (i..i + 1)))
}

/// The line break at `i` of ASCII `b` with the spaces and carriage returns
/// around it, when it wraps a sentence: [`wraps_after`] the character before
/// the run and a lower-case letter after it.
fn wrap_around(b: &[u8], i: usize) -> Option<Range<usize>> {
    let start = i - b[..i].iter().rev().take_while(|&&c| c == b' ' || c == b'\r').count();
    let end = i + 1 + b[i + 1..].iter().take_while(|&&c| c == b' ').count();
    let wraps = start > 0 && wraps_after(b[start - 1].to_ascii_lowercase() as char) && b.get(end).is_some_and(u8::is_ascii_lowercase);
    wraps.then_some(start..end)
}

/// A line break can be a wrap after this character of a sentence (a lower-case
/// letter, a digit or a comma; folded text has no upper case).
fn wraps_after(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == ','
}

/// The separators between two characters are one line break wrapped inside a
/// sentence: a single `\n`, with spaces or a `\r` beside it, and no blank line.
/// (With [`wraps_after`] before it and a lower-case letter after it.)
fn is_soft_wrap(mut separators: impl Iterator<Item = char>) -> bool {
    let mut breaks = 0;
    separators.all(|s| {
        breaks += usize::from(s == '\n');
        matches!(s, ' ' | '\r' | '\n') && breaks <= 1
    }) && breaks == 1
}

/// Characters that obfuscators put between the characters of a word.
fn is_word_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '-' | '_' | '*' | '.' | '/' | '\\' | '|' | '~' | '+' | '=' | '#' | '^' | '`'
            | '\'' | '"' | '·' | '•' | '・' | '‧' | '∙' | '⋅' | '★' | '☆' | '○' | '●' | '◆' | '◇'
            | '※' | '～' | '—' | '–' | '﹏')
}

/// CJK ideographs (the characters Chinese words are made of).
pub fn is_cjk(c: char) -> bool {
    // Below the first of them (U+3400: Latin text) at once.
    (c as u32) >= 0x3400 && matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// One character's fold: full-width ASCII to ASCII, ideographic space to
/// space, the typographic apostrophes to `'` (phones and mail editors write
/// "haven’t" where the rules say "haven't"), ASCII to lower case,
/// Traditional to Simplified.
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        // Ideographic, no-break and typographic spaces (web mail writes
        // `&nbsp;` between words).
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => ' ',
        // Right and left single quotation marks, modifier letter apostrophe, prime.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' => '\'',
        _ => c,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if is_cjk(c) {
        return to_simplified(c);
    }
    // A letter of another script drawn like a Latin one ("ꓑꓲеаѕе" with Lisu and
    // Cyrillic letters, "𝐏𝐚𝐲" in mathematical bold) is read as that letter:
    // phishing writes its words so, so that filters matching words miss them.
    crate::links::latin_lookalike(c).map_or(c, |a| a.to_ascii_lowercase())
}

include!(concat!(env!("OUT_DIR"), "/t2s.rs"));
include!(concat!(env!("OUT_DIR"), "/tw_words.rs"));

/// The Taiwan words of `data/tw_words.txt` (folded) in one automaton, and the
/// mainland word each is read as; `None` when there is none.
fn taiwan_words() -> Option<&'static (Words, Vec<String>)> {
    static WORDS: std::sync::OnceLock<Option<(Words, Vec<String>)>> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            // A pair whose folded words differ in length would move characters
            // (the build checks the words as written; a test checks them folded).
            let pairs: Vec<(String, String)> = TW_WORDS
                .iter()
                .map(|(tw, mainland)| (tw.chars().map(fold).collect::<String>(), mainland.chars().map(fold).collect::<String>()))
                .filter(|(tw, mainland)| tw.len() == mainland.len())
                .collect();
            let words = Words::sparse(&pairs.iter().map(|p| p.0.as_str()).collect::<Vec<_>>(), true)?;
            Some((words, pairs.into_iter().map(|p| p.1).collect()))
        })
        .as_ref()
}

/// Replaces the Taiwan words of folded `text` by the mainland words the rules
/// use (简讯 → 短信, 连结 → 链接), leftmost-longest. Each replacement has the
/// bytes of what it replaces, so every character keeps its place.
fn mainland_words(text: &mut String) -> bool {
    let Some((words, mainland)) = taiwan_words() else { return false };
    let found: Vec<(Range<usize>, &str)> = words.leftmost(text).map(|(r, i)| (r, mainland[i].as_str())).collect();
    if !found.is_empty() {
        *text = replaced(text, &found);
    }
    !found.is_empty()
}

/// `text` with each of the ranges `found` (in order, not overlapping) replaced.
fn replaced(text: &str, found: &[(Range<usize>, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, with) in found {
        out.push_str(&text[at..r.start]);
        out.push_str(with);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `original` with its Taiwan words written as the mainland words
/// [`Normalized`] reads them as, character for character, where the
/// original character has the bytes of its replacement (a Chinese character
/// of the Basic Multilingual Plane): byte ranges of the result are those of
/// `original`. What the text model reads, so that it sees 短信 in 簡訊.
pub fn with_mainland_words(original: &str) -> Cow<'_, str> {
    if original.is_ascii() || taiwan_words().is_none() {
        return Cow::Borrowed(original);
    }
    Normalized::new(original).model_text(original)
}

/// The Simplified form of a Traditional character (itself otherwise), from
/// the table the build script makes of `data/t2s.txt`.
pub fn to_simplified(c: char) -> char {
    // Most characters have no other form: a bit per character of the Basic
    // Multilingual Plane (8 KB, made on first use) says so without a search.
    // The table holds no character outside that plane (build.rs).
    static TRADITIONAL: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let traditional = TRADITIONAL.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for &(t, _) in T2S {
            bits[t as usize / 64] |= 1 << (t as u32 % 64);
        }
        bits
    });
    if (c as u32) >= 0x10000 || traditional[c as usize / 64] & (1 << (c as u32 % 64)) == 0 {
        return c;
    }
    match T2S.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => T2S[i].1,
        Err(_) => c,
    }
}

/// Whether `text` is written in Traditional characters: two or more of its
/// characters fold to another Simplified one (one alone may be a variant
/// that Simplified text uses too).
pub fn is_traditional(text: &str) -> bool {
    text.chars().filter(|&c| is_cjk(c) && to_simplified(c) != c).nth(1).is_some()
}

/// The last `n` characters of `s` (all of it when it is shorter).
pub(crate) fn last_chars(s: &str, n: usize) -> &str {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &s[start..]
}

/// Whether `needle` is in `hay`, as `str::contains` says, for the short
/// strings of links (a label, a piece of a path) searched for many words:
/// a comparison at each place, where the standard library would set up its
/// two-way searcher for each word first. Text is searched with
/// [`contains_in_text`].
pub(crate) fn contains_short(hay: &str, needle: &str) -> bool {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether `needle` is in `hay`, as `str::contains` says, with memchr's
/// searcher: in the module the standard library's has no SIMD path.
pub(crate) fn contains_in_text(hay: &str, needle: &str) -> bool {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
}

/// Simplified, folded text of a short string (names, signatures) without the
/// position map.
pub fn fold_str(s: &str) -> String {
    Normalized::new(s).text
}

/// Test helper for data matched as written: each of `words` that is not in
/// the normalised form texts are matched in, with the form to write
/// (`"Netflix" (write "netflix")`).
#[cfg(test)]
pub(crate) fn not_normalised<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    words.into_iter().filter(|w| fold_str(w) != *w).map(|w| format!("{w:?} (write {:?})", fold_str(w))).collect()
}

/// Test helper in linkify's style: strips the `|` marks of an example and
/// returns the text and the marked byte ranges:
/// `"点击|etchyhy.com|完成"` → `("点击etchyhy.com完成", [6..17])`.
#[cfg(test)]
pub(crate) fn marked(example: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut ranges = Vec::new();
    let mut open = None;
    for c in example.chars() {
        if c == '|' {
            match open.take() {
                Some(start) => ranges.push(start..text.len()),
                None => open = Some(text.len()),
            }
        } else {
            text.push(c);
        }
    }
    assert!(open.is_none(), "unbalanced marks in {example:?}");
    (text, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_checks_say_what_str_contains_says() {
        let cases = [
            ("pay-paypal-login", "paypal", true),
            ("pay-paypa", "paypal", false),
            ("", "", true),
            ("abc", "", true),
            ("", "a", false),
            ("ab", "abc", false),
            ("请登录网址URL查询", "URL", true),
            ("逾期还款", "期还", true),
            ("逾期还款", "还期", false),
            ("aaab", "aab", true),
        ];
        for (hay, needle, want) in cases {
            assert_eq!(hay.contains(needle), want, "{hay:?} {needle:?}");
            assert_eq!(contains_short(hay, needle), want, "short: {hay:?} {needle:?}");
            assert_eq!(contains_in_text(hay, needle), want, "text: {hay:?} {needle:?}");
        }
    }

    fn norm(s: &str) -> String {
        Normalized::new(s).text
    }

    #[test]
    fn utf16_offsets_of_every_byte_round_down_to_a_character() {
        let mixed = "逾期😀a\u{200B}é".repeat(20);
        for s in ["", "a", "中", "😀", "ab中😀", mixed.as_str(), &"x".repeat(130), &format!("{}中", "y".repeat(63))] {
            let u16 = Utf16Index::new(s);
            for b in 0..=s.len() + 2 {
                let mut floor = b.min(s.len());
                while !s.is_char_boundary(floor) {
                    floor -= 1;
                }
                assert_eq!(u16.at(b) as usize, s[..floor].encode_utf16().count(), "{s:?} {b}");
            }
        }
    }

    #[test]
    fn ascii_text_is_normalised_as_any_text_is() {
        for s in ["", "a", "I", "NetfIix deIivery", "Pay NOW - at http://x.Co/I?a=1\nIIi", "aI.I bI_Ic", "is past\ndue", "PAST\ndue, 3\nx", "a.\nb\nC\n\nd", "\nx", "x\n", "Hi,\r\n\r\nThanks.\r\nBye", "end. \nNext", "a \n\nb"] {
            let (fast, general) = (Normalized::new(s), Normalized::any(s));
            assert!(fast.identity && !general.identity);
            assert_eq!(fast.text, general.text, "{s:?}");
            let u16 = Utf16Index::new(s);
            for b in 0..=s.len() + 1 {
                assert_eq!(u16.at(b) as usize, s[..b.min(s.len())].encode_utf16().count(), "{s:?} {b}");
            }
            for start in 0..=s.len() + 1 {
                for end in 0..=s.len() + 1 {
                    assert_eq!(fast.original_range(start..end), general.original_range(start..end), "{s:?} {start}..{end}");
                }
            }
        }
    }

    #[test]
    fn folds_traditional_fullwidth_case_and_invisible() {
        assert_eq!(norm("貴戶本期電費已逾期"), "贵户本期电费已逾期");
        assert_eq!(norm("ＡＢＣ１２３"), "abc123");
        assert_eq!(norm("P\u{200d}r\u{200d}ime"), "prime");
        assert_eq!(norm("ʏᴏᴜʀ ᴘᴀʏᴍᴇɴᴛ ᴄᴀɴɴᴏᴛ ᴘʀᴏᴄᴇss"), "your payment cannot process");
        assert_eq!(norm("帳單"), "账单");
        assert_eq!(norm("We haven’t received it, don‘t wait"), "we haven't received it, don't wait");
    }

    #[test]
    fn taiwan_words_read_as_the_mainland_words_in_place() {
        for (taiwan, mainland) in [
            ("您的簡訊連結已失效", "您的短信链接已失效"),
            ("請登入網路銀行", "请登录网上银行"),
            ("網路斷線", "网络断线"),
            ("香港郵政短訊：速遞貨件派遞失敗", "香港邮政短信:快递包裹派送失败"),
            ("網上理財與行動銀行", "网上银行与手机银行"),
            ("加賴領取健保補助", "加微领取医保补助"),
            ("簡 訊", "短信"),
            ("监管账户", "安全账户"),
            ("短信链接", "短信链接"),
            ("台電電費", "台电电费"),
        ] {
            assert_eq!(norm(taiwan), mainland, "{taiwan}");
        }
        let original = "點此連結 http://x.tw 查看簡訊";
        let n = Normalized::new(original);
        let at = n.text.find("链接").unwrap();
        assert_eq!(&original[n.original_range(at..at + "链接".len())], "連結");
        let model_view = with_mainland_words(original);
        assert_eq!(model_view, "點此链接 http://x.tw 查看短信");
        assert_eq!(model_view.len(), original.len());
        assert!(matches!(with_mainland_words("没有台湾词"), Cow::Borrowed(_)));
        assert!(matches!(with_mainland_words("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_taiwan_word_pair_is_kept_and_folds_to_words_of_equal_bytes() {
        let (words, mainland) = taiwan_words().expect("data/tw_words.txt has words");
        assert_eq!(mainland.len(), TW_WORDS.len(), "a pair was dropped: its folded words differ in length");
        for (tw, to) in TW_WORDS {
            let folded: String = tw.chars().map(fold).collect();
            assert!(words.leftmost(&folded).next().is_some(), "{tw}");
            assert_ne!(folded, to.chars().map(fold).collect::<String>(), "{tw} {to}: nothing to replace");
        }
    }

    #[test]
    fn tells_traditional_text() {
        assert!(is_traditional("您的通行費已逾期，請繳納"));
        assert!(!is_traditional("您的通行费已逾期"));
        assert!(!is_traditional("pay now"));
        assert!(!is_traditional("乾"));
    }

    #[test]
    fn removes_separators_inside_chinese_words_only() {
        assert_eq!(norm("催 收"), "催收");
        assert_eq!(norm("逾-期"), "逾期");
        assert_eq!(norm("刑 事案件"), "刑事案件");
        assert_eq!(norm("法.院"), "法院");
        assert_eq!(norm("final notice"), "final notice");
        assert_eq!(norm("t.cn/a6 完成"), "t.cn/a6 完成");
        assert_eq!(norm("yu 期"), "yu期");
        assert_eq!(norm("pay now"), "pay now");
        assert_eq!(norm("逾期\n\n请"), "逾期\n\n请");
    }

    #[test]
    fn maps_back_to_original_ranges() {
        let original = "您已逾 期3天";
        let n = Normalized::new(original);
        let at = n.text.find("逾期").unwrap();
        let r = n.original_range(at..at + "逾期".len());
        assert_eq!(&original[r], "逾 期");
        let u = Utf16Index::new(original);
        assert_eq!(u.span(n.original_range(at..at + "逾期".len())), Span(2, 5));
    }

    /// `original` normalises to `expected`, and `phrase` in it maps back to
    /// the same words of `original`, whatever spaces stood between them.
    fn assert_reads_as_one_space(original: &str, expected: &str, phrase: &str) {
        let n = Normalized::new(original);
        assert_eq!(n.text, expected, "{original:?}");
        let at = n.text.find(phrase).unwrap();
        let words = original[n.original_range(at..at + phrase.len())].to_lowercase();
        assert_eq!(words.split_whitespace().collect::<Vec<_>>(), phrase.split(' ').collect::<Vec<_>>(), "{original:?}");
    }

    #[test]
    fn a_run_of_spaces_reads_as_one_space() {
        for original in ["Your invoice is  overdue", "Your invoice is\u{a0}overdue", "Your invoice is \t\u{2009}overdue", "YOUR INVOICE IS\u{a0}\u{a0}OVERDUE"] {
            assert_reads_as_one_space(original, "your invoice is overdue", "is overdue");
        }
        // Line breaks stay where a line ends a sentence, a heading or an item:
        // a rule's phrase does not run across them.
        for kept in ["is.\noverdue", "Overdue:\nnone", "is\nOverdue", "is\n\noverdue", "is\n \n overdue", "逾期\nplease"] {
            assert_eq!(Normalized::new(kept).text, Normalized::any(kept).text, "{kept:?}");
            assert!(norm(kept).contains('\n'), "{kept:?}");
        }
        // Between Chinese characters spaces still go, as many as before.
        assert_eq!(norm("逾  期"), "逾期");
        assert_eq!(norm("逾    期"), "逾 期");
    }

    #[test]
    fn a_line_wrapped_inside_a_sentence_reads_as_a_space() {
        for original in ["Your payment is past\ndue", "Your payment is past \ndue", "Your payment is past\r\ndue", "YOUR PAYMENT IS PAST\n due"] {
            assert_reads_as_one_space(original, "your payment is past due", "past due");
        }
        assert_eq!(norm("owe 40,\nwhich"), "owe 40, which");
    }

    #[test]
    fn a_capital_i_inside_a_lower_case_word_reads_as_l() {
        assert_eq!(norm("NetfIix deIivery canceI"), "netflix delivery cancel");
        assert_eq!(norm("I am IN Italy"), "i am in italy");
    }

    #[test]
    fn stripped_maps_back_to_the_original() {
        let original = "https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap\u{202C} 还款";
        let s = Stripped::new(original);
        assert!(s.removed_any());
        let url = "https://www.icbc.com.cn/xcod.yap";
        assert!(s.text.starts_with(url));
        let r = s.original_range(0..url.len());
        assert_eq!(&original[r.clone()], "https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap");
        assert_eq!(s.original_range(3..3), 3..3);
        let (start, end) = (5, 2);
        assert_eq!(s.original_range(start..end), 5..5);
        assert_eq!(s.original_range(1000..2000), original.len()..original.len());
        assert!(!Stripped::new("plain 文字").removed_any());
    }

    #[test]
    fn visible_writes_out_invisible_characters() {
        assert_eq!(visible("pay\u{202E}cod.exe\u{200B}"), "pay⟨U+202E⟩cod.exe⟨U+200B⟩");
        assert_eq!(visible("逾期 😀"), "逾期 😀");
        assert!(is_bidi_control('\u{2067}') && !is_bidi_control('\u{200B}'));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["", " ", "\u{200b}", "-- --", "逾", "\u{FEFF}逾\u{FEFF}", "😀逾 😀期"] {
            let n = Normalized::new(s);
            let _ = n.original_range(0..n.text.len());
            let (start, end) = (5, 2);
            let _ = n.original_range(start..end);
            let _ = n.original_range(100..200);
        }
    }
}
