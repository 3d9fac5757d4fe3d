//! The learned text model (being written on the `model` branch; this file
//! holds its interface until that lands).
use std::ops::Range;

/// Which question a head answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// Suspicious or scam.
    Scam,
    /// An overdue notice.
    Overdue,
}

/// An n-gram's push towards the positive class, as a byte range of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Its contribution to the logit.
    pub weight: f32,
}

/// A text model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextModel {}

/// One training message.
pub struct Example<'a> {
    /// The text.
    pub text: &'a str,
    /// Links found in it.
    pub links: Vec<Range<usize>>,
    /// The label.
    pub label: bool,
    /// Its weight.
    pub weight: f32,
}

/// Training settings.
#[derive(Debug, Clone, Default)]
pub struct TrainConfig {}

impl TextModel {
    /// The shipped model.
    pub fn builtin() -> &'static TextModel {
        static M: TextModel = TextModel {};
        &M
    }
    /// Reads a model.
    pub fn from_bytes(_bytes: &[u8]) -> Result<TextModel, String> {
        Ok(TextModel {})
    }
    /// Writes a model.
    pub fn to_bytes(&self) -> Vec<u8> {
        Vec::new()
    }
    /// No weights.
    pub fn is_empty(&self) -> bool {
        true
    }
    /// The logit.
    pub fn logit(&self, _head: Head, _text: &str, _links: &[Range<usize>]) -> f32 {
        0.0
    }
    /// The logit and what pushed it.
    pub fn explain(&self, _head: Head, _text: &str, _links: &[Range<usize>], _k: usize) -> (f32, Vec<Contribution>) {
        (0.0, Vec::new())
    }
}

/// Trains both heads.
pub fn train(_scam: &[Example], _overdue: &[Example], _cfg: &TrainConfig) -> TextModel {
    TextModel {}
}
