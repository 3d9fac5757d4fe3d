//! # overdue-guard
//!
//! People receive messages such as "您的微粒贷已逾期，点击链接立即还款，否则上报征信".
//! Some are genuine reminders from the lender; many are scams that impersonate a
//! bank, a lender, a court or the regulator; some come from collectors who cross
//! the legal line. This crate reads one message (its text, and optionally its
//! sender and links) and answers three questions:
//!
//! 1. Is it an overdue-payment or debt-collection notice? ([`Report::overdue`])
//! 2. Is it benign, suspicious or a scam? ([`Report::verdict`])
//! 3. Which words, numbers and links made it so, and where are they
//!    ([`Report::signals`], spans in UTF-16 code units), and what should the
//!    reader do now ([`Report::advice`], with the institution's real hotline)?
//!
//! ```
//! use overdue_guard::{classify, Message, Options, Verdict};
//!
//! let msg = Message {
//!     text: "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信".into(),
//!     sender: Some("17012345678".into()),
//!     ..Message::default()
//! };
//! let report = classify(&msg, &Options::default());
//! assert!(report.overdue);
//! assert_eq!(report.verdict, Verdict::Scam);
//! ```
//!
//! The rules are data: every signal has a stable id, a weight and a sentence
//! in Chinese and English (`data/signals.toml`), and the knowledge of
//! institutions cites its sources (`data/institutions.toml`). The same core
//! runs natively (the `overdue-guard` command) and in the browser (the
//! WebAssembly module built from `src/wasm.rs`).

#![deny(missing_docs)]

pub mod corpus;
mod backtrack;
mod disguise;
mod engine;
mod gapped;
pub mod eval;
pub mod fit;
mod keywords;
pub mod knowledge;
pub mod links;
pub mod mime;
pub mod model;
pub mod region;
pub mod report;
pub mod rules;
pub mod sender;
pub mod text;
mod words;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::{classify, classify_traced, model_points, model_share, ModelInput, Params, Trace, Weights, MODEL_LOGIT_SCALE};
pub use report::{
    Advice, Channel, InputLink, InstitutionReport, LinkReport, Message, Options, Report,
    SenderReport, SignalHit, Span, Verdict,
};
pub use rules::{catalog, Catalog};
