//! Lists of words found in text ([`Words`]): the rules' keywords, institution
//! names, brands, negators, region words, Taiwan words.
//!
//! An Aho-Corasick automaton (`daachorse`'s double array) finds every word of
//! a list in one pass over the text, but it must be built first: for the
//! rules' 5,600 keywords that is most of the first message's work, and the
//! first message is what a user waits for when the browser has just started
//! the extension's worker. A sorted table of the words needs no building
//! beyond a sort (none for the rules' keywords, which build.rs writes in the
//! table's order) and finds the same words a few times more slowly. So a list
//! is searched with its table until the table has searched about as many
//! bytes as building the automaton would have cost ([`BUILD_AFTER`]; for a
//! short list, at least [`BUILD_AFTER_AT_LEAST`], so that the first messages
//! never run the builder), and with the automaton, built then, from there on:
//! a few short messages never pay for an automaton, and many messages never
//! pay more than about twice the cheaper of the two (the ski-rental rule).
//! Both ways find the same matches in the same order (the tests compare them
//! on every message of the test data).

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Bytes of text a list's table searches, for each byte of its words, before
/// its automaton is built (counting the text about to be searched: one long
/// text gets the automaton at once). Natively, building costs about 95–99 ns
/// a byte of the words (the rules' 70 KB of keywords: 6.6–6.9 ms) and the
/// table searches 39–41 ns a byte of text more slowly than the automaton
/// (about 48 against 8 ns, over the found set): even after 2.3–2.5 bytes a
/// byte. Measured with `cargo test --release --lib build_and_search_costs --
/// --ignored --nocapture`.
const BUILD_AFTER: usize = 2;

/// Bytes of text any list's table searches before its automaton is built,
/// however short the list. A short list (the Taiwan words, the negators) is
/// searched about as fast with its table, and building its automaton during
/// the first message would run the automaton builder's code then: in the
/// module that code is compiled when it first runs, and optimised when it
/// runs long, both on the worker's few cores while the first report waits.
const BUILD_AFTER_AT_LEAST: usize = 32 * 1024;

/// A list of words, each with a value (its index in the list, or the one it
/// was given). Empty words are left out; a repeated word keeps its first
/// value. Case matters: the texts searched are lower-cased like the words.
pub(crate) struct Words {
    /// Kept forwards for leftmost-longest matching ([`Words::leftmost`]),
    /// backwards for every match.
    table: Table,
    /// The automaton gets daachorse's prefilter (natively only).
    prefilter: bool,
    /// Natively, the automaton is a packed one ([`Automaton::Packed`]).
    #[cfg_attr(target_arch = "wasm32", expect(dead_code, reason = "the module has no packed automaton"))]
    sparse: bool,
    /// Bytes searched with the table so far.
    searched: AtomicUsize,
    /// Built once `searched` reaches [`BUILD_AFTER`] times the words' bytes
    /// (and [`BUILD_AFTER_AT_LEAST`]);
    /// `None` if it could not be (the table serves on).
    automaton: OnceLock<Option<Automaton>>,
}

/// A list's automaton: `daachorse`'s double array, or natively, for the
/// short lists searched in every message ([`Words::sparse`]: the region
/// words, the negators, the Taiwan words), an `aho-corasick` automaton with
/// its literal prefilter, which skips the text between their words: over
/// the English lines of issue 7's mix it searched the region words about
/// three times as fast as the double array. The rules' 6,000 keywords are
/// everywhere in a text, and there the double array is the quicker; with
/// the institution names and the brands packed too, the CLI did about 1 %
/// more work on the whole. The module has the double array only: its
/// payload has no room for a second automaton crate.
enum Automaton {
    Double(CharwiseDoubleArrayAhoCorasick<u32>),
    #[cfg(not(target_arch = "wasm32"))]
    Packed { searcher: aho_corasick::AhoCorasick, values: Vec<u32> },
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let built = self.automaton.get().map(|a| {
            a.as_ref().map(|a| match a {
                Automaton::Double(a) => a.num_states(),
                #[cfg(not(target_arch = "wasm32"))]
                Automaton::Packed { values, .. } => values.len(),
            })
        });
        write!(f, "Words({} words, automaton: {built:?})", self.table.len())
    }
}

impl Words {
    /// `words`, each valued by its index, matching leftmost-longest when
    /// `longest` (for [`Words::leftmost`]), else every match (for the
    /// others); `None` when there is no word.
    /// Its automaton gets daachorse's prefilter natively (the CLI searches
    /// these lists about 5 % quicker with it).
    pub(crate) fn new<S: AsRef<str>>(words: &[S], longest: bool) -> Option<Words> {
        Words::of_list(indexed(words), longest, true, false)
    }

    /// [`Words::new`] for a short list (a few dozen words) searched in every
    /// message: natively its automaton is a packed one, whose prefilter
    /// skips the text between the words ([`Automaton::Packed`]).
    pub(crate) fn sparse<S: AsRef<str>>(words: &[S], longest: bool) -> Option<Words> {
        Words::of_list(indexed(words), longest, true, true)
    }

    /// Words with the values given, every match, and an automaton without
    /// daachorse's prefilter (the rules' keywords: 64 KiB that searched them
    /// no faster on the bench mix); `None` when there is no word.
    pub(crate) fn with_values<'a>(words: impl IntoIterator<Item = (&'a str, u32)>) -> Option<Words> {
        Words::of_list(words.into_iter().collect(), false, false, false)
    }

    /// The one body of [`Words::new`], [`Words::sparse`] and
    /// [`Words::with_values`], whatever the type of their list: the module
    /// carries it once.
    fn of_list(words: Vec<(&str, u32)>, longest: bool, prefilter: bool, sparse: bool) -> Option<Words> {
        let table = Table::new(words, !longest);
        (table.len() > 0).then(|| Words { table, prefilter, sparse, searched: AtomicUsize::new(0), automaton: OnceLock::new() })
    }

    /// Non-overlapping leftmost-longest matches: byte range and value (built
    /// with `longest`).
    pub(crate) fn leftmost<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        match self.automaton(text) {
            Some(Automaton::Double(a)) => Either::Automaton(a.leftmost_find_iter(text).map(found)),
            #[cfg(not(target_arch = "wasm32"))]
            Some(Automaton::Packed { searcher, values }) => Either::Packed(Box::new(searcher.find_iter(text).map(|m| packed(m, values)))),
            None => Either::Table(self.table.leftmost(text).into_iter()),
        }
    }

    /// Every match, overlapping, by end and, at one end, the longer first
    /// (built without `longest`).
    pub(crate) fn overlapping<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        match self.automaton(text) {
            Some(Automaton::Double(a)) => Either::Automaton(a.find_overlapping_iter(text).map(found)),
            #[cfg(not(target_arch = "wasm32"))]
            Some(Automaton::Packed { searcher, values }) => Either::Packed(Box::new(searcher.find_overlapping_iter(text).map(|m| packed(m, values)))),
            None => Either::Table(self.table.overlapping(text).into_iter()),
        }
    }

    /// Whether any word is in `text` (built without `longest`).
    pub(crate) fn is_match(&self, text: &str) -> bool {
        match self.automaton(text) {
            Some(Automaton::Double(a)) => a.find_iter(text).next().is_some(),
            #[cfg(not(target_arch = "wasm32"))]
            Some(Automaton::Packed { searcher, .. }) => searcher.is_match(text),
            None => self.table.is_match(text),
        }
    }

    /// The automaton, if built or if it is now time to build it (`text` is
    /// about to be searched).
    fn automaton(&self, text: &str) -> Option<&Automaton> {
        if let Some(built) = self.automaton.get() {
            return built.as_ref();
        }
        let searched = self.searched.fetch_add(text.len(), Ordering::Relaxed) + text.len();
        if searched < BUILD_AFTER.saturating_mul(self.table.bytes.len()).max(BUILD_AFTER_AT_LEAST) {
            return None;
        }
        self.automaton.get_or_init(|| self.build()).as_ref()
    }

    fn build(&self) -> Option<Automaton> {
        #[cfg(not(target_arch = "wasm32"))]
        if self.sparse {
            let kind = if self.table.backwards { aho_corasick::MatchKind::Standard } else { aho_corasick::MatchKind::LeftmostLongest };
            let (words, values): (Vec<String>, Vec<u32>) = self.table.entries().unzip();
            let searcher = aho_corasick::AhoCorasick::builder().match_kind(kind).build(&words).ok()?;
            return Some(Automaton::Packed { searcher, values });
        }
        let kind = if self.table.backwards { MatchKind::Standard } else { MatchKind::LeftmostLongest };
        // daachorse's prefilter (64 KiB for each automaton) only natively: the
        // module searches no quicker with it.
        let prefilter = self.prefilter && !cfg!(target_arch = "wasm32");
        let builder = CharwiseDoubleArrayAhoCorasickBuilder::new().match_kind(kind).use_prefilter(prefilter);
        builder.build_with_values(self.table.entries()).ok().map(Automaton::Double)
    }

    /// Builds the automaton now (benchmarks and tests).
    #[cfg(test)]
    pub(crate) fn built(self) -> Words {
        let _ = self.automaton.get_or_init(|| self.build());
        self
    }
}

/// Each word valued by its index in the list.
fn indexed<S: AsRef<str>>(words: &[S]) -> Vec<(&str, u32)> {
    words.iter().zip(0u32..).map(|(w, i)| (w.as_ref(), i)).collect()
}

fn found(m: daachorse::Match<u32>) -> (Range<usize>, usize) {
    (m.start()..m.end(), m.value() as usize)
}

#[cfg(not(target_arch = "wasm32"))]
fn packed(m: aho_corasick::Match, values: &[u32]) -> (Range<usize>, usize) {
    (m.range(), values.get(m.pattern().as_usize()).map_or(usize::MAX, |&v| v as usize))
}

/// One of the iterators of the same items: an automaton's, natively the
/// packed one's (boxed: one small allocation a search), or the table's.
enum Either<'a, A, T, I> {
    Automaton(A),
    #[cfg(not(target_arch = "wasm32"))]
    Packed(Box<dyn Iterator<Item = I> + 'a>),
    #[cfg(target_arch = "wasm32")]
    #[expect(dead_code, reason = "it only holds the lifetime and the item type: the module has no packed automaton")]
    Packed(std::marker::PhantomData<&'a I>),
    Table(T),
}

impl<I, A: Iterator<Item = I>, T: Iterator<Item = I>> Iterator for Either<'_, A, T, I> {
    type Item = I;

    fn next(&mut self) -> Option<I> {
        match self {
            Either::Automaton(a) => a.next(),
            #[cfg(not(target_arch = "wasm32"))]
            Either::Packed(p) => p.next(),
            #[cfg(target_arch = "wasm32")]
            Either::Packed(_) => None,
            Either::Table(t) => t.next(),
        }
    }
}

/// The words sorted by their bytes, in buckets by their first two bytes; for
/// every match ([`Table::overlapping`]) each word's bytes are kept backwards
/// and the text is read from each place a word may end, so that the matches
/// come by end, the longest first, as the automaton gives them.
struct Table {
    backwards: bool,
    /// The words' bytes, one after another (each backwards, if `backwards`).
    bytes: Vec<u8>,
    /// The words of two bytes or more, sorted by their bytes as kept.
    words: Vec<Entry>,
    /// Bit `b0 << 8 | b1` is set when a word of `words` begins with the bytes
    /// `b0 b1`: most places in a text begin no word, and this says so at once.
    pairs: Box<[u64; 1024]>,
    /// Set bits of `pairs` before each of its 64-bit words.
    ranks: Box<[u32; 1024]>,
    /// Where in `words` the bucket of each set bit of `pairs` begins (and,
    /// last, the end of the last bucket).
    buckets: Vec<u32>,
    /// The word of one byte `b`, if there is one.
    singles: Box<[Option<Entry>; 256]>,
}

/// Sorts `words` by `order`, keeping the list's order among equal words,
/// then keeps the first of each word and drops the empty ones.
#[inline(never)]
fn sort_and_dedup(words: &mut Vec<(&str, u32)>, order: &impl Fn(&str, &str) -> std::cmp::Ordering) {
    words.retain(|(w, _)| !w.is_empty());
    words.sort_by(|a, b| order(a.0, b.0));
    words.dedup_by(|later, first| later.0 == first.0);
}

struct Entry {
    start: u32,
    end: u32,
    value: u32,
}

impl Table {
    fn new(mut words: Vec<(&str, u32)>, backwards: bool) -> Table {
        // The words' order as kept: their bytes, read backwards if `backwards`.
        let order = |a: &str, b: &str| if backwards { a.bytes().rev().cmp(b.bytes().rev()) } else { a.cmp(b) };
        // The rules' 5,600 keywords come in this order, each once (build.rs
        // writes them so): one pass says so, and the first message neither
        // sorts them nor runs the sorting code.
        if !words.windows(2).all(|w| !w[0].0.is_empty() && order(w[0].0, w[1].0).is_lt()) {
            sort_and_dedup(&mut words, &order);
        }
        Table::lay_out(&words, backwards)
    }

    /// The table of `words`, which are in their order as kept, each once
    /// (an empty word is left out).
    fn lay_out(words: &[(&str, u32)], backwards: bool) -> Table {
        let mut bytes = Vec::with_capacity(words.iter().map(|(w, _)| w.len()).sum());
        let mut entries = Vec::with_capacity(words.len());
        let mut pairs = Box::new([0u64; 1024]);
        let mut buckets = Vec::new();
        let mut singles = Box::new([const { None }; 256]);
        for &(word, value) in words.iter().filter(|(w, _)| !w.is_empty()) {
            // The bytes stay under 4 GiB: no list here comes near.
            let start = bytes.len();
            if backwards {
                bytes.extend(word.bytes().rev());
            } else {
                bytes.extend_from_slice(word.as_bytes());
            }
            let kept = &bytes[start..];
            let entry = Entry { start: start as u32, end: bytes.len() as u32, value };
            if kept.len() == 1 {
                singles[usize::from(kept[0])] = Some(entry);
                continue;
            }
            let pair = pair(kept);
            if pairs[pair / 64] >> (pair % 64) & 1 == 0 {
                pairs[pair / 64] |= 1 << (pair % 64);
                buckets.push(entries.len() as u32);
            }
            entries.push(entry);
        }
        buckets.push(entries.len() as u32);
        let mut ranks = Box::new([0u32; 1024]);
        let mut rank = 0;
        for (r, bits) in ranks.iter_mut().zip(pairs.iter()) {
            *r = rank;
            rank += bits.count_ones();
        }
        Table { backwards, bytes, words: entries, pairs, ranks, buckets, singles }
    }

    /// The number of words (each once).
    fn len(&self) -> usize {
        self.words.len() + self.singles.iter().flatten().count()
    }

    /// Every word with its value.
    fn entries(&self) -> impl Iterator<Item = (String, u32)> + '_ {
        self.words.iter().chain(self.singles.iter().flatten()).filter_map(|e| {
            let mut word = self.bytes(e).to_vec();
            if self.backwards {
                word.reverse();
            }
            String::from_utf8(word).ok().map(|w| (w, e.value))
        })
    }

    fn bytes(&self, e: &Entry) -> &[u8] {
        &self.bytes[e.start as usize..e.end as usize]
    }

    /// Calls `f(length, value)` for each word (as kept) that `rest` begins
    /// with, the longest first, until it returns false.
    fn prefixes(&self, rest: &[u8], mut f: impl FnMut(usize, u32) -> bool) {
        let Some(&first) = rest.first() else { return };
        let pair = pair(rest);
        let bits = self.pairs[pair / 64];
        if bits >> (pair % 64) & 1 == 1 {
            let bucket = (self.ranks[pair / 64] + (bits & ((1 << (pair % 64)) - 1)).count_ones()) as usize;
            let words = &self.words[self.buckets[bucket] as usize..self.buckets[bucket + 1] as usize];
            // The words that are prefixes of `rest` are all at most `rest`.
            // Take the greatest word at most `rest`, `w`, and their common
            // prefix `p`: a word between `w` and `rest` would share more than
            // `p` with `rest` and be greater than `w`; so the next shorter
            // prefix of `rest` is at most `p` (and less than `w`, when `w` is
            // one itself).
            let mut end = words.partition_point(|e| self.bytes(e) <= rest);
            while end > 0 {
                let entry = &words[end - 1];
                let w = self.bytes(entry);
                let common = w.iter().zip(rest).take_while(|(a, b)| a == b).count();
                if common == w.len() {
                    if !f(common, entry.value) {
                        return;
                    }
                    end -= 1;
                } else {
                    end = words[..end].partition_point(|e| self.bytes(e) <= &rest[..common]);
                }
            }
        }
        if let Some(single) = &self.singles[usize::from(first)] {
            f(1, single.value);
        }
    }

    /// Calls `f(range, value)` for each match, by end and, at one end, the
    /// longer first, until it returns false (a table kept backwards).
    fn each_match(&self, text: &str, mut f: impl FnMut(Range<usize>, u32) -> bool) {
        let backwards: Vec<u8> = text.bytes().rev().collect();
        for end in (1..=text.len()).filter(|&end| text.is_char_boundary(end)) {
            let mut go_on = true;
            self.prefixes(&backwards[text.len() - end..], |len, value| {
                go_on = f(end - len..end, value);
                go_on
            });
            if !go_on {
                return;
            }
        }
    }

    fn overlapping(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let mut found = Vec::new();
        self.each_match(text, |range, value| {
            found.push((range, value as usize));
            true
        });
        found
    }

    fn is_match(&self, text: &str) -> bool {
        let mut any = false;
        self.each_match(text, |_, _| {
            any = true;
            false
        });
        any
    }

    /// Non-overlapping leftmost-longest matches (a table kept forwards).
    fn leftmost(&self, text: &str) -> Vec<(Range<usize>, usize)> {
        let bytes = text.as_bytes();
        let mut found = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let mut longest = None;
            if text.is_char_boundary(at) {
                self.prefixes(&bytes[at..], |len, value| {
                    longest = Some((len, value));
                    false
                });
            }
            match longest {
                Some((len, value)) => {
                    found.push((at..at + len, value as usize));
                    at += len;
                }
                None => at += 1,
            }
        }
        found
    }
}

/// The first two bytes of `bytes` (the second 0 if there is none), as one number.
fn pair(bytes: &[u8]) -> usize {
    usize::from(bytes[0]) << 8 | usize::from(bytes.get(1).copied().unwrap_or(0))
}

#[cfg(test)]
mod tests;
