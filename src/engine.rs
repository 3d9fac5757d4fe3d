//! Scoring: turns what the other modules found into signals, a verdict and advice.

use crate::report::{Message, Options, Report, Verdict};

/// Classifies one message.
pub fn classify(message: &Message, _options: &Options) -> Report {
    Report {
        id: message.id.clone(),
        overdue: false,
        verdict: Verdict::Benign,
        score: 0,
        institution: None,
        sender: None,
        signals: Vec::new(),
        links: Vec::new(),
        advice: Vec::new(),
    }
}
