//! The features of the text model, shared by training and scoring.
//!
//! A message is first read as a sequence of *units*, each with the byte range
//! of the original text it came from:
//!
//! * a CJK character (Traditional folded to Simplified);
//! * a word of letters (ASCII lower case, full-width folded);
//! * a class token standing for what a dataset anonymised or what differs
//!   from message to message: `LINK` (the links the engine found, bare
//!   `http…`/`www…` text, the placeholder `URL`, `{url}`), `PHONE` (runs of 7
//!   or more digits, `+86 138…`, `CELLPHONE`, `PHONE`, `WECHAT`, `{mobile}`)
//!   and `NUM` (other numbers, amounts with their currency sign, dates,
//!   `DIGIT`, `{0}`, `${amount}`, `#date#`, `%s`, masks such as `XXXX`).
//!   Names and places (`NAME`, `PLACE`, `{name}`) are dropped and leave a
//!   break, as punctuation does.
//!
//! So `您的借款已逾期{1}天，请致电CELLPHONE` and `您的借款已逾期3天，请致电13812345678`
//! have the same features, and the model learns no placeholder words.
//!
//! From the units come the features, each a 32-bit hash with a byte range:
//! every unit; pairs of neighbouring units (words may be apart by spaces,
//! CJK characters must touch); triples of touching CJK characters and class
//! tokens; and the character 3- to 5-grams of every word of 3 or more
//! letters (the range is the whole word). Hashes use only integer arithmetic,
//! so they are the same on every platform.
//!
//! Beside the units come *concepts*: the roles the rules' keywords play (a
//! signal of `data/signals.toml` is one role: 公安局, 检察院 and 法院 all raise
//! the police-impersonation signal), found by the engine's one keyword pass.
//! Each concept is a feature (its range is its keyword's), and so is each
//! pair of a concept and the next different one (the later keyword's range),
//! so that `AUTHORITY … TRANSFER` carries to wording no training message had.

use crate::text::{fold, is_cjk, is_invisible, to_simplified, with_mainland_words};
use std::ops::Range;

/// What a class token stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Link,
    Phone,
    Num,
}

impl Class {
    fn name(self) -> &'static str {
        match self {
            Class::Link => "LINK",
            Class::Phone => "PHONE",
            Class::Num => "NUM",
        }
    }
}

/// What separates a unit from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Break,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Cjk,
    Word,
    Class,
}

#[derive(Debug, Clone)]
struct Unit {
    kind: Kind,
    hash: u64,
    range: Range<usize>,
    gap: Gap,
}

/// Receives the units of a message, in order; `letters` are a word's folded
/// letters (empty for other units).
trait Sink {
    fn unit(&mut self, unit: Unit, letters: &str);
}

/// Dataset placeholders written as upper-case words (fbs_sms glues them into
/// Chinese text); `None` drops the word.
const PLACEHOLDERS: [(&str, Option<Class>); 7] = [
    ("url", Some(Class::Link)),
    ("cellphone", Some(Class::Phone)),
    ("phone", Some(Class::Phone)),
    ("wechat", Some(Class::Phone)),
    ("digit", Some(Class::Num)),
    ("name", None),
    ("place", None),
];

/// What a template variable (`{name}`, `${amount}`, `#date#`) stands for, by
/// words of its name; anything else is a number (amounts, days, dates).
const TEMPLATE_WORDS: [(&str, Option<Class>); 14] = [
    ("name", None),
    ("user", None),
    ("customer", None),
    ("nick", None),
    ("姓名", None),
    ("客户", None),
    ("phone", Some(Class::Phone)),
    ("mobile", Some(Class::Phone)),
    ("tel", Some(Class::Phone)),
    ("手机", Some(Class::Phone)),
    ("电话", Some(Class::Phone)),
    ("url", Some(Class::Link)),
    ("link", Some(Class::Link)),
    ("网址", Some(Class::Link)),
];

const TAG_CJK: u64 = 1;
const TAG_WORD: u64 = 2;
const TAG_CLASS: u64 = 3;
const TAG_UNI: u64 = 4;
const TAG_BI: u64 = 5;
const TAG_TRI: u64 = 6;
const TAG_CHARS: u64 = 7;
const TAG_CONCEPT: u64 = 8;
const TAG_CONCEPT_NEGATED: u64 = 9;
const TAG_CONCEPT_PAIR: u64 = 10;

/// A role a keyword of the message plays (a rules' signal) and the
/// keyword's byte range in the text the model reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    hash: u64,
    /// Byte range of the keyword.
    pub range: Range<usize>,
}

impl Concept {
    /// The concept `name` (a signal id), `negated` when a negator stands
    /// before its keyword ("以免逾期": a different concept from "已逾期").
    pub fn new(name: &str, negated: bool, range: Range<usize>) -> Concept {
        Concept { hash: hash_bytes(if negated { TAG_CONCEPT_NEGATED } else { TAG_CONCEPT }, name.as_bytes()), range }
    }
}

/// Appends the features of `text` to `out`: a hash and the byte range of
/// `text` it covers (always on char boundaries). `links` are the byte ranges
/// of links found in `text`, `concepts` its keywords' roles (in order of
/// position); ranges that are empty, out of bounds or not on char boundaries
/// are ignored. A feature may occur more than once.
pub fn features(text: &str, links: &[Range<usize>], concepts: &[Concept], out: &mut Vec<(u32, Range<usize>)>) {
    visit(&with_mainland_words(text), links, concepts, false, |h, r| out.push((h, r)));
}

/// Calls `f` with every feature of a text (as [`features`] lists them),
/// given as [`with_mainland_words`] makes it, keeping only the last two
/// units in memory. `distinct`: `f` counts a feature once, at its first
/// occurrence, so a word that the text had before is not given its own
/// features again (its pairs and triples still are).
pub(super) fn visit(text: &str, links: &[Range<usize>], concepts: &[Concept], distinct: bool, mut f: impl FnMut(u32, Range<usize>)) {
    WORDS.with(|words| {
        // Never busy (a reading does not read another); without it, each
        // word's features are made afresh.
        let mut words = words.try_borrow_mut().ok();
        let words = words.as_deref_mut().map(WordCache::next_message);
        read(text, links, &mut Grams { before: [None, None], states: [0; MAX_GRAM_WORD], words, distinct, f: &mut f });
    });
    let mut before: Option<u64> = None;
    for c in concepts.iter().filter(|c| within(text, &c.range)) {
        f(finish(c.hash), c.range.clone());
        if let Some(b) = before.filter(|&b| b != c.hash) {
            f(finish(combine(combine(TAG_CONCEPT_PAIR, b), c.hash)), c.range.clone());
        }
        before = Some(c.hash);
    }
}

/// A non-empty range of `text` on char boundaries.
pub(crate) fn within(text: &str, r: &Range<usize>) -> bool {
    r.start < r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

/// Makes the features of each unit with the two before it.
struct Grams<'w, F> {
    before: [Option<Unit>; 2],
    /// Room for [`char_grams`]' hash states, cleared once per message.
    states: [u64; MAX_GRAM_WORD],
    /// Words' own features, kept from message to message.
    words: Option<&'w mut WordCache>,
    /// See [`visit`].
    distinct: bool,
    f: F,
}

impl<F: FnMut(u32, Range<usize>)> Sink for Grams<'_, F> {
    fn unit(&mut self, unit: Unit, letters: &str) {
        if unit.kind == Kind::Word {
            self.word(&unit, letters);
        } else {
            (self.f)(finish(combine(TAG_UNI, unit.hash)), unit.range.clone());
        }
        let f = &mut self.f;
        if let Some(b) = self.before[1].as_ref().filter(|b| pairs(b, &unit)) {
            f(finish(combine(combine(TAG_BI, b.hash), unit.hash)), b.range.start..unit.range.end);
        }
        if let [Some(a), Some(b)] = &self.before {
            if triple(a, b, &unit) {
                let h = combine(combine(combine(TAG_TRI, a.hash), b.hash), unit.hash);
                f(finish(h), a.range.start..unit.range.end);
            }
        }
        self.before.rotate_left(1);
        self.before[1] = Some(unit);
    }
}

impl<F: FnMut(u32, Range<usize>)> Grams<'_, F> {
    /// A word's own features: its unigram, then its character n-grams
    /// (all with the word's range).
    fn word(&mut self, unit: &Unit, letters: &str) {
        let range = &unit.range;
        let cached = self.words.as_deref_mut().and_then(|words| words.features(unit.hash, letters, &mut self.states));
        let Some((cached, repeated)) = cached else {
            (self.f)(finish(combine(TAG_UNI, unit.hash)), range.clone());
            char_grams(letters, range, &mut self.states, &mut self.f);
            return;
        };
        // Read before in this text: each of its features was counted then.
        if repeated && self.distinct {
            return;
        }
        for &h in cached {
            (self.f)(h, range.clone());
        }
    }
}

/// ASCII words of at most this many letters keep their own features in the
/// [`WordCache`] (a longer word is rare and has them made each time).
const CACHED_WORD: usize = 16;

/// A cached word's own features at most: its unigram and the `3n − 3`
/// character n-grams of its `n` letters.
const WORD_FEATURES: usize = 1 + 3 * CACHED_WORD - 3;

/// Words in the cache, a power of two: the words of the bench mix of
/// issue 7 number about 6,400 in 10,000 messages, and its 2,048 commonest
/// are 96 % of what is read.
const CACHE_SLOTS: usize = 2048;

/// The own features of the words read lately, two slots for each value of
/// the word's hash (a new word takes the one read longer ago).
struct WordCache {
    /// Counts the texts read, so that a slot knows whether this one read
    /// its word before.
    message: u64,
    slots: Vec<CachedWord>,
}

#[derive(Clone)]
struct CachedWord {
    /// The word's letters, zero-padded (0 for a slot without a word: a
    /// word has a letter, never a zero byte).
    letters: u128,
    /// The text that last read the word ([`WordCache::message`]).
    read_in: u64,
    /// How many of `features` are the word's.
    len: u8,
    features: [u32; WORD_FEATURES],
}

thread_local! {
    static WORDS: std::cell::RefCell<WordCache> = const { std::cell::RefCell::new(WordCache { message: 0, slots: Vec::new() }) };
}

impl WordCache {
    /// The cache for the next text (its slots made on first use).
    fn next_message(&mut self) -> &mut WordCache {
        if self.slots.is_empty() {
            let empty = CachedWord { letters: 0, read_in: 0, len: 0, features: [0; WORD_FEATURES] };
            self.slots = vec![empty; CACHE_SLOTS];
        }
        self.message += 1;
        self
    }

    /// The own features of a word of ASCII `letters` (at most
    /// [`CACHED_WORD`]) whose unit hash is `hash`, made if it is not in the
    /// cache, and whether this text read it before; `None` for another word.
    fn features(&mut self, hash: u64, letters: &str, states: &mut [u64; MAX_GRAM_WORD]) -> Option<(&[u32], bool)> {
        let bytes = letters.as_bytes();
        if bytes.is_empty() || bytes.len() > CACHED_WORD || !bytes.is_ascii() {
            return None;
        }
        let mut key = [0u8; CACHED_WORD];
        key[..bytes.len()].copy_from_slice(bytes);
        let key = u128::from_le_bytes(key);
        // Two slots for each word: its own if either holds it, else the
        // one whose word was read longer ago.
        let pair = (hash as usize & (CACHE_SLOTS / 2 - 1)) * 2;
        let [a, b] = self.slots.get_mut(pair..pair + 2)? else { return None };
        let slot = if b.letters == key || (a.letters != key && b.read_in < a.read_in) { b } else { a };
        if slot.letters != key {
            let (features, len) = (&mut slot.features, &mut slot.len);
            *len = 0;
            let mut push = |h: u32, _: Range<usize>| {
                if let Some(slot) = features.get_mut(usize::from(*len)) {
                    *slot = h;
                    *len += 1;
                }
            };
            push(finish(combine(TAG_UNI, hash)), 0..0);
            char_grams(letters, &(0..0), states, &mut push);
            slot.letters = key;
            slot.read_in = 0;
        }
        let repeated = slot.read_in == self.message;
        slot.read_in = self.message;
        Some((&slot.features[..usize::from(slot.len)], repeated))
    }
}

/// Two neighbours form a pair: touching, or words and class tokens apart by spaces.
fn pairs(a: &Unit, b: &Unit) -> bool {
    match b.gap {
        Gap::None => true,
        Gap::Space => a.kind != Kind::Cjk && b.kind != Kind::Cjk,
        Gap::Break => false,
    }
}

/// Three touching CJK characters or class tokens.
fn triple(a: &Unit, b: &Unit, c: &Unit) -> bool {
    b.gap == Gap::None
        && c.gap == Gap::None
        && [a, b, c].iter().all(|u| u.kind != Kind::Word)
}

/// Words longer than this many letters have no character n-grams.
const MAX_GRAM_WORD: usize = 24;

/// Character 3- to 5-grams of `<word>`, for words of 3 to 24 letters.
fn char_grams(word: &str, range: &Range<usize>, states: &mut [u64; MAX_GRAM_WORD], f: &mut impl FnMut(u32, Range<usize>)) {
    let ascii = word.is_ascii();
    let n = if ascii { word.len() } else { word.chars().count() };
    if !(3..=MAX_GRAM_WORD).contains(&n) {
        return;
    }
    // `<word>` on the stack.
    let mut buf = [0u8; MAX_GRAM_WORD * 4 + 2];
    let padded = &mut buf[..word.len() + 2];
    padded[0] = b'<';
    padded[1..=word.len()].copy_from_slice(word.as_bytes());
    padded[word.len() + 1] = b'>';
    if ascii {
        // The characters of `<word>` are its bytes: each gram goes on from
        // the state of the one a byte shorter at its start.
        let padded = &*padded;
        for (state, gram) in states.iter_mut().zip(padded.windows(3)) {
            *state = gram.iter().fold(fnv_start(TAG_CHARS), |h, &b| fnv_byte(h, b));
            f(finish(mix(*state)), range.clone());
        }
        for len in 4..=5 {
            for (state, &b) in states.iter_mut().zip(&padded[len - 1..]) {
                *state = fnv_byte(*state, b);
                f(finish(mix(*state)), range.clone());
            }
        }
        return;
    }
    // Where the characters of `<word>` start (and it ends).
    let mut starts = [0usize; MAX_GRAM_WORD + 3];
    for (k, (b, _)) in word.char_indices().enumerate() {
        starts[k + 1] = b + 1;
    }
    starts[n + 1] = word.len() + 1;
    starts[n + 2] = word.len() + 2;
    let padded = &*padded;
    emit_char_grams(n + 2, |k| &padded[starts[k]..starts[k + 1]], states, range, f);
}

/// The 3-, 4- and 5-grams of a word of `chars` characters (with its `<`
/// and `>`), `piece(k)` the bytes of its `k`th, by length, then start. A
/// 4-gram goes on from FNV's state of the 3-gram at its start by one
/// character, a 5-gram from the 4-gram's.
fn emit_char_grams<'w>(
    chars: usize,
    piece: impl Fn(usize) -> &'w [u8],
    states: &mut [u64; MAX_GRAM_WORD],
    range: &Range<usize>,
    f: &mut impl FnMut(u32, Range<usize>),
) {
    for (s, state) in states[..chars - 2].iter_mut().enumerate() {
        *state = (s..s + 3).fold(fnv_start(TAG_CHARS), |h, k| fnv(h, piece(k)));
        f(finish(mix(*state)), range.clone());
    }
    for len in 4..=5 {
        for (s, state) in states[..=chars - len].iter_mut().enumerate() {
            *state = fnv(*state, piece(s + len - 1));
            f(finish(mix(*state)), range.clone());
        }
    }
}

/// Reads `text` into units for `sink`; its Taiwan words are already the
/// mainland words they stand for (same byte ranges: [`with_mainland_words`]).
fn read(text: &str, links: &[Range<usize>], sink: &mut impl Sink) {
    let mut links: Vec<Range<usize>> = links
        .iter()
        .filter(|r| within(text, r))
        .cloned()
        .collect();
    links.sort_by_key(|r| (r.start, r.end));
    let mut reader = Reader { sink, letters: String::new(), gap: Gap::None };
    let mut next_link = 0;
    let mut i = 0;
    while i < text.len() {
        while links.get(next_link).is_some_and(|l| l.end <= i) {
            next_link += 1;
        }
        let limit = match links.get(next_link) {
            Some(l) if l.start <= i => {
                reader.class(Some(Class::Link), i..l.end);
                i = l.end;
                continue;
            }
            Some(l) => l.start,
            None => text.len(),
        };
        i = reader.read_one(text, i, limit);
    }
}

/// The state of reading one message.
struct Reader<'s, S> {
    sink: &'s mut S,
    /// The folded letters of the current word.
    letters: String,
    gap: Gap,
}

impl<S: Sink> Reader<'_, S> {
    /// Reads what starts at byte `i` (before `limit`, where a link starts);
    /// returns where the next thing starts.
    fn read_one(&mut self, text: &str, i: usize, limit: usize) -> usize {
        // Most of other text, the short way: an ASCII letter starts a word,
        // a space is a space (as the checks below would find).
        match text.as_bytes().get(i) {
            Some(b) if b.is_ascii_alphabetic() => return self.letters(text, i, limit),
            Some(b' ') => {
                self.gap = self.gap.max(Gap::Space);
                return i + 1;
            }
            _ => {}
        }
        let Some(c) = text[i..].chars().next() else { return text.len() };
        let next = i + c.len_utf8();
        // Most of Chinese text, the short way: a character of the main CJK
        // block is visible, no digit, sign or bracket, and folds to its
        // Simplified form.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            let f = to_simplified(c);
            if is_cjk(f) {
                self.cjk(f, i..next);
                return next;
            }
        }
        let f = fold(c);
        if is_invisible(c) {
            return next;
        }
        let digit_follows = || char_at(text, next).is_some_and(|d| fold(d).is_ascii_digit());
        if f.is_ascii_digit() || (matches!(f, '+' | '$' | '¥' | '￥' | '€' | '£') && digit_follows()) {
            return self.number(text, i, limit);
        }
        if matches!(f, '{' | '$' | '#' | '%') {
            if let Some((end, class)) = template(text, i, limit) {
                self.class(class, i..end);
                return end;
            }
        }
        if is_cjk(f) {
            self.cjk(f, i..next);
            return next;
        }
        if f.is_alphabetic() {
            return self.letters(text, i, limit);
        }
        if f == '\n' || f == '\r' || !f.is_whitespace() {
            self.gap = Gap::Break;
        } else {
            self.gap = self.gap.max(Gap::Space);
        }
        next
    }

    /// A number from byte `i`: digits, with single `, . : - / space` between
    /// digits and an optional leading `+` or currency sign.
    fn number(&mut self, text: &str, start: usize, limit: usize) -> usize {
        let mut i = start;
        let (mut digits, mut first_group, mut dash, mut other_sep) = (0, 0, false, false);
        let mut groups = 0;
        let mut lead = String::new();
        while i < limit {
            let Some(c) = char_at(text, i) else { break };
            let f = fold(c);
            let next = i + c.len_utf8();
            if f.is_ascii_digit() {
                digits += 1;
                if groups == 0 {
                    first_group += 1;
                    if lead.len() < 2 {
                        lead.push(f);
                    }
                }
            } else if i == start {
                // the sign or currency symbol
            } else if matches!(f, ',' | '.' | ':' | '-' | '/' | ' ')
                && digits > 0
                && next < limit
                && char_at(text, next).is_some_and(|d| fold(d).is_ascii_digit())
            {
                groups += 1;
                dash |= f == '-';
                other_sep |= f != '-' && f != ' ';
            } else {
                break;
            }
            i = next;
        }
        let date = first_group == 4 && dash && (lead == "19" || lead == "20");
        let phone = digits >= 7 && !other_sep && !date;
        self.class(Some(if phone { Class::Phone } else { Class::Num }), start..i);
        i
    }

    /// A run of letters from byte `i`: a word, a bare link (`http…`, `www…`),
    /// upper-case dataset placeholders, or a mask (`XXXX`).
    fn letters(&mut self, text: &str, start: usize, limit: usize) -> usize {
        let mut i = start;
        let mut upper = true;
        self.letters.clear();
        while i < limit {
            // ASCII by its byte: a letter is kept in lower case, anything else ends the word.
            if let Some(&b) = text.as_bytes().get(i).filter(|b| b.is_ascii()) {
                if !b.is_ascii_alphabetic() {
                    break;
                }
                upper &= b.is_ascii_uppercase();
                self.letters.push(char::from(b.to_ascii_lowercase()));
                i += 1;
                continue;
            }
            let Some(c) = char_at(text, i) else { break };
            let f = fold(c);
            if !is_invisible(c) {
                if is_cjk(f) || !f.is_alphabetic() {
                    break;
                }
                upper &= c.is_uppercase();
                self.letters.push(f);
            }
            i += c.len_utf8();
        }
        let word = &self.letters;
        if word.starts_with("http") || word.starts_with("www") {
            let end = url_end(text, i, limit);
            self.class(Some(Class::Link), start..end);
            return end;
        }
        let mask = word.chars().all(|c| c == 'x') && (word.len() >= 3 || (upper && word.len() == 2));
        if mask {
            self.class(Some(Class::Num), start..i);
            return i;
        }
        if upper && text[start..i].is_ascii() {
            if let Some(pieces) = placeholders(word) {
                let mut at = start;
                for (len, class) in pieces {
                    self.class(class, at..at + len);
                    at += len;
                }
                return i;
            }
        }
        let unit = Unit { kind: Kind::Word, hash: hash_bytes(TAG_WORD, word.as_bytes()), range: start..i, gap: self.gap };
        self.sink.unit(unit, &self.letters);
        self.gap = Gap::None;
        i
    }

    /// A CJK character, folded.
    fn cjk(&mut self, f: char, range: Range<usize>) {
        let mut b = [0; 4];
        self.push(Kind::Cjk, hash_bytes(TAG_CJK, f.encode_utf8(&mut b).as_bytes()), range);
    }

    /// A class token, or a break for a dropped name.
    fn class(&mut self, class: Option<Class>, range: Range<usize>) {
        match class {
            Some(c) => self.push(Kind::Class, hash_bytes(TAG_CLASS, c.name().as_bytes()), range),
            None => self.gap = Gap::Break,
        }
    }

    fn push(&mut self, kind: Kind, hash: u64, range: Range<usize>) {
        self.sink.unit(Unit { kind, hash, range, gap: self.gap }, "");
        self.gap = Gap::None;
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Where a bare link that reached byte `i` ends: at a space, a non-ASCII
/// character, a bracket or quote, or `limit`.
fn url_end(text: &str, mut i: usize, limit: usize) -> usize {
    while i < limit {
        match char_at(text, i) {
            Some(c) if c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '(' | ')' | '[' | ']' | '{' | '}') => {
                i += 1
            }
            _ => break,
        }
    }
    i
}

/// Splits an upper-case word made only of placeholders (`DIGIT`,
/// `NAMEDIGIT`) into (byte length, class) pieces.
fn placeholders(mut word: &str) -> Option<Vec<(usize, Option<Class>)>> {
    let mut pieces = Vec::new();
    while !word.is_empty() {
        let &(name, class) = PLACEHOLDERS.iter().find(|(name, _)| word.starts_with(name))?;
        pieces.push((name.len(), class));
        word = &word[name.len()..];
    }
    Some(pieces)
}

/// The longest name of a `{x}` template variable, in bytes.
const MAX_BRACED_NAME: usize = 40;

/// The longest name of a `#x#` template variable, in bytes.
const MAX_HASHED_NAME: usize = 20;

/// A template variable at byte `i`: `{x}`, `{{x}}`, `${x}`, `#x#`, `%s`,
/// `%1$s`. Returns its end and what it stands for.
fn template(text: &str, i: usize, limit: usize) -> Option<(usize, Option<Class>)> {
    let rest = text.get(i..limit)?;
    let (inner, len) = if let Some(r) = rest.strip_prefix("${").or_else(|| rest.strip_prefix("{{")).or_else(|| rest.strip_prefix('{')) {
        let open = rest.len() - r.len();
        // Its end is looked for no further than a name may reach.
        let close = find_within(r, b'}', MAX_BRACED_NAME + 1)?;
        let name = &r[..close];
        if name.contains(['{', '\n']) {
            return None;
        }
        let closing = if rest.starts_with("{{") { "}}" } else { "}" };
        r[close..].starts_with(closing).then_some((name, open + close + closing.len()))?
    } else if let Some(r) = rest.strip_prefix('#') {
        let close = find_within(r, b'#', MAX_HASHED_NAME + 1)?;
        let name = &r[..close];
        let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        ok.then_some((name, close + 2))?
    } else {
        let r = rest.strip_prefix('%')?;
        let spec = r.bytes().take_while(|b| b.is_ascii_digit() || *b == b'$').count();
        let kind = *r.as_bytes().get(spec)?;
        matches!(kind, b's' | b'd' | b'@').then_some(("", 1 + spec + 1))?
    };
    let name = inner.to_ascii_lowercase();
    // Most names (`{0}`, `%s`) are shorter than every word: no search.
    let class = TEMPLATE_WORDS.iter().find(|(w, _)| name.len() >= w.len() && name.contains(w)).map_or(Some(Class::Num), |&(_, c)| c);
    Some((i + len, class))
}

/// Where the ASCII `byte` first is among the first `n` bytes of `s` (a
/// template's name is short: a long text is not searched to its end for each
/// `{` or `#`).
fn find_within(s: &str, byte: u8, n: usize) -> Option<usize> {
    s.as_bytes().iter().take(n).position(|&b| b == byte)
}

/// FNV-1a over `bytes`, started from `tag`, then mixed.
fn hash_bytes(tag: u64, bytes: &[u8]) -> u64 {
    mix(fnv(fnv_start(tag), bytes))
}

/// FNV-1a's state before any byte, for `tag`.
fn fnv_start(tag: u64) -> u64 {
    0xcbf2_9ce4_8422_2325 ^ tag.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// FNV-1a's state after `bytes` more.
fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| fnv_byte(h, b))
}

/// FNV-1a's state after one byte more.
fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(23) ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The SplitMix64 finaliser.
pub(super) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn finish(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// The units of `text` as strings, for tests: CJK characters, words, `<LINK>`,
/// `<PHONE>`, `<NUM>`, with `|` for a break and `_` for a space.
#[cfg(test)]
pub(crate) fn units_of(text: &str, links: &[Range<usize>]) -> Vec<String> {
    struct Names<'t>(&'t str, Vec<String>);
    impl Sink for Names<'_> {
        fn unit(&mut self, u: Unit, letters: &str) {
            match u.gap {
                Gap::Break if !self.1.is_empty() => self.1.push("|".to_string()),
                Gap::Space if !self.1.is_empty() => self.1.push("_".to_string()),
                _ => {}
            }
            let name = match u.kind {
                Kind::Cjk => self.0[u.range].chars().map(fold).collect(),
                Kind::Word => letters.to_string(),
                Kind::Class => {
                    let class = [Class::Link, Class::Phone, Class::Num]
                        .into_iter()
                        .find(|c| hash_bytes(TAG_CLASS, c.name().as_bytes()) == u.hash)
                        .map_or("?", Class::name);
                    format!("<{class}>")
                }
            };
            self.1.push(name);
        }
    }
    let mut names = Names(text, Vec::new());
    read(&with_mainland_words(text), links, &mut names);
    names.1
}
