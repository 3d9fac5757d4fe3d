//! A learned text model beside the rules: two linear heads over hashed
//! n-grams, one for "scam" and one for "overdue notice" (which examples
//! train each head is the fitter's choice: `src/fit.rs` trains the first on
//! scams against genuine messages, leaving suspicious collectors out).
//!
//! The rules name what they know; the model catches wording no rule names.
//! Each head is a logistic regression over the binary features of
//! [`features`] (CJK character 1–3-grams, words, word pairs and character
//! 3–5-grams of words, with links, phone numbers, numbers and dataset
//! placeholders read as the same class tokens, and the roles of the rules'
//! keywords as concepts), hashed into `2^bits` buckets
//! and length-normalised: the logit is `bias + scale · Σ w[b] / √n` over the
//! `n` distinct buckets of the message. [`train`] fits both heads
//! deterministically; [`TextModel::explain`] names the n-grams that pushed
//! hardest, as byte ranges of the message, so a verdict that uses the model
//! still shows its evidence.
//!
//! # File format (`data/model.bin`, embedded at build time)
//!
//! All numbers little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 4 | magic `OGTM` |
//! | 1 | format version, [`FORMAT_VERSION`] (it changes whenever the features change) |
//! | 1 | bucket bits `b`, 1 to 24 |
//! | 1 | number of heads, 2: [`Head::Scam`] then [`Head::Overdue`] |
//! | 1 | reserved, 0 |
//! | per head: 4 | scale, `f32` (a weight is `scale · w`) |
//! | per head: 4 | bias, `f32` |
//! | per head: `2^b` | weights `w`, `i8` |
//!
//! Without `data/model.bin` the crate builds with an empty model whose
//! logits are all 0.0.

mod features;
mod train;

#[cfg(test)]
mod tests;

pub use features::{features, Concept};
pub(crate) use features::within;
pub use train::{group_weights, train, Example, TrainConfig};

use crate::text::{with_mainland_words, Normalized};
use std::ops::Range;

/// The version of the file format and of the features it was trained on.
pub const FORMAT_VERSION: u8 = 2;
const MAGIC: &[u8; 4] = b"OGTM";
const HEADER_LEN: usize = 8;
const MAX_BITS: u8 = 24;

/// What a head predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The message is a scam (see the module documentation).
    Scam,
    /// The message is an overdue-payment or debt-collection notice.
    Overdue,
}

impl Head {
    fn index(self) -> usize {
        match self {
            Head::Scam => 0,
            Head::Overdue => 1,
        }
    }
}

/// One stretch of the message that pushed a head towards its positive class.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// What it added to the logit.
    pub weight: f32,
}

/// The quantised weights of one head (as trained, and as the file lists them).
#[derive(Debug, Clone, PartialEq, Default)]
struct HeadWeights {
    scale: f32,
    bias: f32,
    weights: Vec<i8>,
}

/// A head's scale and bias: a weight is `scale · w`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Affine {
    scale: f32,
    bias: f32,
}

/// Two quantised linear heads over hashed n-grams.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextModel {
    bits: u8,
    heads: [Affine; 2],
    /// Each bucket's weight in both heads side by side, [`Head::Scam`]
    /// then [`Head::Overdue`] (a feature reads both at once); empty for an
    /// empty model.
    weights: Vec<[i8; 2]>,
}

impl TextModel {
    /// The model shipped in `data/model.bin`, parsed once; an empty model when
    /// the crate was built without it (or it cannot be read).
    pub fn builtin() -> &'static TextModel {
        static MODEL: std::sync::OnceLock<TextModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            let bytes = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));
            if bytes.is_empty() {
                return TextModel::default();
            }
            TextModel::from_bytes(bytes).unwrap_or_default()
        })
    }

    /// Reads a model in the format of the module documentation.
    pub fn from_bytes(bytes: &[u8]) -> Result<TextModel, String> {
        if bytes.len() < HEADER_LEN {
            return Err(format!("text model: {} bytes, shorter than its {HEADER_LEN}-byte header", bytes.len()));
        }
        if &bytes[..4] != MAGIC {
            return Err("text model: not a model file (no OGTM magic)".into());
        }
        let (version, bits, heads) = (bytes[4], bytes[5], bytes[6]);
        if version != FORMAT_VERSION {
            return Err(format!("text model: format version {version}, this build reads {FORMAT_VERSION}"));
        }
        if !(1..=MAX_BITS).contains(&bits) {
            return Err(format!("text model: {bits} bucket bits, expected 1 to {MAX_BITS}"));
        }
        if heads != 2 {
            return Err(format!("text model: {heads} heads, expected 2"));
        }
        let n = 1usize << bits;
        let expected = HEADER_LEN + 2 * (8 + n);
        if bytes.len() != expected {
            return Err(format!("text model: {} bytes, expected {expected} for {bits} bucket bits", bytes.len()));
        }
        let f32_at = |at: usize| f32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let mut heads: [HeadWeights; 2] = Default::default();
        for (h, head) in heads.iter_mut().enumerate() {
            let at = HEADER_LEN + h * (8 + n);
            let (scale, bias) = (f32_at(at), f32_at(at + 4));
            if !scale.is_finite() || !bias.is_finite() {
                return Err(format!("text model: head {h} has a scale or bias that is not a finite number"));
            }
            let weights = bytes[at + 8..at + 8 + n].iter().map(|&b| b as i8).collect();
            *head = HeadWeights { scale, bias, weights };
        }
        Ok(TextModel::from_heads(bits, heads))
    }

    /// The model of two heads of `2^bits` weights each.
    fn from_heads(bits: u8, [scam, overdue]: [HeadWeights; 2]) -> TextModel {
        let weights = scam.weights.iter().zip(&overdue.weights).map(|(&s, &o)| [s, o]).collect();
        let affine = |h: &HeadWeights| Affine { scale: h.scale, bias: h.bias };
        TextModel { bits, heads: [affine(&scam), affine(&overdue)], weights }
    }

    /// The model in the format of the module documentation (empty for an
    /// empty model).
    pub fn to_bytes(&self) -> Vec<u8> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(HEADER_LEN + 2 * (8 + self.buckets()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[FORMAT_VERSION, self.bits, 2, 0]);
        for (h, head) in self.heads.iter().enumerate() {
            out.extend_from_slice(&head.scale.to_le_bytes());
            out.extend_from_slice(&head.bias.to_le_bytes());
            out.extend(self.weights.iter().map(|w| w[h] as u8));
        }
        out
    }

    /// True for a model without weights (all logits 0.0).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Bucket bits of each head (0 for an empty model).
    pub fn bucket_bits(&self) -> u8 {
        self.bits
    }

    fn buckets(&self) -> usize {
        if self.bits == 0 {
            0
        } else {
            1 << self.bits
        }
    }

    /// Logit of the head for this message. `links`: byte ranges of links the
    /// engine found in `text` (they become the LINK token); `concepts`: the
    /// roles of its keywords, in order of position.
    pub fn logit(&self, head: Head, text: &str, links: &[Range<usize>], concepts: &[Concept]) -> f32 {
        self.read(text, links, concepts).logit(head)
    }

    /// The logits of both heads, [`Head::Scam`] then [`Head::Overdue`], from
    /// one pass over the message's features.
    pub fn logits(&self, text: &str, links: &[Range<usize>], concepts: &[Concept]) -> (f32, f32) {
        let reading = self.read(text, links, concepts);
        (reading.logit(Head::Scam), reading.logit(Head::Overdue))
    }

    /// The logit, plus the (at most `k`) features that pushed hardest towards
    /// the positive class, merged where they overlap, as byte ranges of
    /// `text`, strongest first. Memory is bounded by the bucket count, not by
    /// the length of `text`.
    pub fn explain(&self, head: Head, text: &str, links: &[Range<usize>], concepts: &[Concept], k: usize) -> (f32, Vec<Contribution>) {
        self.read(text, links, concepts).explain(head, k)
    }

    /// Reads the features of a message once, for any number of logits and
    /// explanations (the engine asks for both logits of every message and
    /// for an explanation when a model signal is raised).
    pub fn read(&self, text: &str, links: &[Range<usize>], concepts: &[Concept]) -> Reading<'_> {
        self.read_view(&with_mainland_words(text), links, concepts)
    }

    /// [`TextModel::read`] of `text`, given `norm`, its [`Normalized`] (the
    /// engine has it already: the text is not normalised again).
    pub fn read_normalized(&self, text: &str, norm: &Normalized, links: &[Range<usize>], concepts: &[Concept]) -> Reading<'_> {
        self.read_view(&norm.model_text(text), links, concepts)
    }

    /// Reads the features of `text` as [`with_mainland_words`] makes it.
    fn read_view(&self, text: &str, links: &[Range<usize>], concepts: &[Concept]) -> Reading<'_> {
        let mut reading = Reading { model: self, buckets: Vec::new(), sums: [0; 2] };
        let n = self.buckets();
        let Some(weights) = self.weights.get(..n).filter(|w| !w.is_empty()) else {
            return reading;
        };
        let mask = n - 1;
        let sums = &mut reading.sums;
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch { seen, buckets } = &mut *scratch;
            buckets.clear();
            // A few features per byte, at most one per bucket.
            buckets.reserve((2 * text.len()).min(n));
            seen.resize(n.div_ceil(64), 0);
            let seen = &mut seen[..];
            // Each bucket counts once, at its first occurrence; both heads'
            // sums are added as the buckets are found, and their weights
            // kept with them for the explanation.
            features::visit(text, links, concepts, true, |h, range| {
                let b = h as usize & mask;
                let bit = 1u64 << (b % 64);
                let (Some(word), Some(&w)) = (seen.get_mut(b / 64), weights.get(b)) else { return };
                if *word & bit == 0 {
                    *word |= bit;
                    sums[0] += i32::from(w[0]);
                    sums[1] += i32::from(w[1]);
                    buckets.push(Bucket { index: b as u32, weights: w, start: range.start as u32, end: range.end as u32 });
                }
            });
            // All bits clear again for the next message.
            for b in buckets.iter() {
                seen[b.index as usize / 64] = 0;
            }
            reading.buckets = std::mem::take(buckets);
        });
        reading
    }
}

/// What reading a message needs beside the model, kept from message to
/// message so that it is not allocated for each.
#[derive(Default)]
struct Scratch {
    /// Which buckets the reading has seen: one bit per bucket, all clear
    /// between readings.
    seen: Vec<u64>,
    /// Room for a reading's buckets, lent to each [`Reading`] and given back
    /// when it is dropped.
    buckets: Vec<Bucket>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// One distinct feature bucket of a message.
#[derive(Debug)]
struct Bucket {
    index: u32,
    /// Its weight in each head.
    weights: [i8; 2],
    /// The byte range of its first occurrence (the engine's offsets are
    /// 32-bit too).
    start: u32,
    end: u32,
}

/// The distinct feature buckets of one message, in the order the features
/// were read.
#[derive(Debug)]
pub struct Reading<'m> {
    model: &'m TextModel,
    buckets: Vec<Bucket>,
    /// Each head's sum of its weights over `buckets`.
    sums: [i32; 2],
}

impl Drop for Reading<'_> {
    /// Gives the room of the buckets back for the next reading.
    fn drop(&mut self) {
        let buckets = std::mem::take(&mut self.buckets);
        let _ = SCRATCH.try_with(|scratch| {
            if let Ok(mut scratch) = scratch.try_borrow_mut() {
                if scratch.buckets.capacity() < buckets.capacity() {
                    scratch.buckets = buckets;
                }
            }
        });
    }
}

impl Reading<'_> {
    /// The logit of a head (0.0 for an empty model).
    pub fn logit(&self, head: Head) -> f32 {
        if self.model.is_empty() {
            return 0.0;
        }
        let sum = self.sums[head.index()];
        let head = &self.model.heads[head.index()];
        head.bias + head.scale * sum as f32 / norm(self.buckets.len())
    }

    /// The logit, plus the (at most `k`) features that pushed hardest towards
    /// the positive class (see [`TextModel::explain`]).
    pub fn explain(&self, head: Head, k: usize) -> (f32, Vec<Contribution>) {
        let logit = self.logit(head);
        let at = head.index();
        if self.model.is_empty() || k == 0 {
            return (logit, Vec::new());
        }
        // Strongest first; among equals, the earliest, then the first read:
        // the k smallest keys, kept sorted as the buckets go by (k is small,
        // a message has thousands of buckets).
        let key = |w: i8, start: u32, i: usize| (std::cmp::Reverse(w), start, i);
        let mut pushes: Vec<(std::cmp::Reverse<i8>, u32, usize)> = Vec::with_capacity(k.min(self.buckets.len()) + 1);
        // The weakest weight that may still be kept: a positive one, and
        // once there are k, the weakest kept (an equal one only earlier in
        // the text).
        let mut floor = 1;
        for (i, bucket) in self.buckets.iter().enumerate() {
            let w = bucket.weights[at];
            if w < floor {
                continue;
            }
            let pushed = key(w, bucket.start, i);
            if pushes.len() == k && pushes.last().is_some_and(|last| pushed >= *last) {
                continue;
            }
            let at = pushes.partition_point(|p| *p < pushed);
            pushes.insert(at, pushed);
            pushes.truncate(k);
            if let Some(last) = pushes.last().filter(|_| pushes.len() == k) {
                floor = last.0 .0;
            }
        }
        let norm = norm(self.buckets.len());
        let scale = self.model.heads[at].scale;
        let pushes = pushes.into_iter().map(|(std::cmp::Reverse(w), _, i)| {
            let bucket = &self.buckets[i];
            Contribution { range: bucket.start as usize..bucket.end as usize, weight: scale * f32::from(w) / norm }
        });
        (logit, merge(pushes.collect()))
    }
}

/// The length normalisation of `n` distinct features.
fn norm(n: usize) -> f32 {
    (n.max(1) as f32).sqrt()
}

/// Merges overlapping and touching contributions (adding their weights),
/// strongest first: `暂` and `停` read side by side are quoted as `暂停`.
fn merge(mut pushes: Vec<Contribution>) -> Vec<Contribution> {
    pushes.sort_by_key(|c| (c.range.start, c.range.end));
    let mut merged: Vec<Contribution> = Vec::with_capacity(pushes.len());
    for c in pushes {
        match merged.last_mut() {
            Some(last) if c.range.start <= last.range.end => {
                last.range.end = last.range.end.max(c.range.end);
                last.weight += c.weight;
            }
            _ => merged.push(c),
        }
    }
    merged.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.range.start.cmp(&b.range.start)));
    merged
}
