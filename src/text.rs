//! Text positions: byte offsets (what Rust slices use) to UTF-16 code units
//! (what the page's JavaScript uses), and the normalised view of a message
//! that keyword rules match against.

use crate::report::Span;
use std::ops::Range;

/// Converts byte offsets of one text into UTF-16 offsets.
#[derive(Debug)]
pub struct Utf16Index {
    /// `(byte offset, utf16 offset)` of every char start, plus the end.
    starts: Vec<(u32, u32)>,
}

impl Utf16Index {
    /// Builds the index for `text` (linear time).
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 2 + 1);
        let mut u16pos = 0u32;
        for (b, c) in text.char_indices() {
            starts.push((b as u32, u16pos));
            u16pos += c.len_utf16() as u32;
        }
        starts.push((text.len() as u32, u16pos));
        Utf16Index { starts }
    }

    /// UTF-16 offset of byte offset `b` (rounded down to a char boundary).
    pub fn at(&self, b: usize) -> u32 {
        let b = b as u32;
        match self.starts.binary_search_by_key(&b, |&(bb, _)| bb) {
            Ok(i) => self.starts[i].1,
            Err(i) => self.starts[i.saturating_sub(1)].1,
        }
    }

    /// The UTF-16 span of a byte range.
    pub fn span(&self, r: Range<usize>) -> Span {
        Span(self.at(r.start), self.at(r.end))
    }
}
