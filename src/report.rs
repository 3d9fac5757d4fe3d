//! The classifier's input and output types: the contract of brief §3.
//!
//! Field names here are part of the public contract (the extension, the CLI
//! and other people's tools read them); do not rename them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One message as the user sees it. Only `text` is required; unknown fields
/// are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Message {
    /// Echoed back unchanged in the report (any JSON value).
    #[serde(default)]
    pub id: Option<Value>,
    /// The message body.
    pub text: String,
    /// Phone number, short code, e-mail address or `Name <addr>`.
    #[serde(default)]
    pub sender: Option<String>,
    /// Where the message came from.
    #[serde(default)]
    pub channel: Option<Channel>,
    /// Links of the rendered message (`<a>` elements): real target and visible text.
    #[serde(default)]
    pub links: Vec<InputLink>,
}

/// The channel a message arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// A text message (also SMS synced to a web page).
    Sms,
    /// An e-mail.
    Email,
}

/// A link element of the rendered message.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InputLink {
    /// The real target of the `<a>` (may be wrapped by a redirector).
    #[serde(default)]
    pub href: Option<String>,
    /// The visible text of the link.
    #[serde(default)]
    pub text: Option<String>,
}

/// The user's own lists (options page); inputs to the classifier, never code.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Options {
    /// Senders the user trusts (numbers or e-mail addresses, exact match after normalising).
    pub trusted_senders: Vec<String>,
    /// Senders the user has blocked.
    pub blocked_senders: Vec<String>,
    /// Domains the user trusts (a link on one is treated as official).
    pub trusted_domains: Vec<String>,
    /// Domains the user has blocked.
    pub blocked_domains: Vec<String>,
}

/// The verdict of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A genuine reminder, or an ordinary message.
    Benign,
    /// Threats beyond the law, disclosure to third parties, deceptive or unverifiable claims.
    Suspicious,
    /// Fraud, phishing, impersonation.
    Scam,
}

impl Verdict {
    /// The contract's name for the verdict.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Benign => "benign",
            Verdict::Suspicious => "suspicious",
            Verdict::Scam => "scam",
        }
    }
}

/// A half-open range of UTF-16 code units in the input `text` (what a
/// JavaScript string index is). Serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span(pub u32, pub u32);

/// The classifier's answer for one message.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The input's `id`, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// The message presents itself as an overdue-payment or debt-collection notice.
    pub overdue: bool,
    /// benign | suspicious | scam.
    pub verdict: Verdict,
    /// Sum of the weights of the signals raised.
    pub score: i32,
    /// The institution the message names or signs as, if any.
    pub institution: Option<InstitutionReport>,
    /// What the sender is, when a sender was given.
    pub sender: Option<SenderReport>,
    /// Every signal raised, in order of appearance.
    pub signals: Vec<SignalHit>,
    /// Every link found in the text or given in `links`.
    pub links: Vec<LinkReport>,
    /// What to do, tailored to the verdict and to where the reader probably
    /// is (`region`).
    pub advice: Vec<Advice>,
    /// Where the message is probably from, which the advice follows: `cn`
    /// (mainland China), `us`, `uk`, `tw` (Taiwan), `hk` (Hong Kong), `ng` (Nigeria), or `other` (advice
    /// without any country's numbers); see `data/regions.toml`. Absent when there is no
    /// advice (an ordinary message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The institution a message claims to come from.
#[derive(Debug, Clone, Serialize)]
pub struct InstitutionReport {
    /// Stable id from the knowledge base (`webank`, `icbc`, …).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// The sender or links prove the message comes from it.
    pub official: bool,
}

/// What the sender is.
#[derive(Debug, Clone, Serialize)]
pub struct SenderReport {
    /// The sender as given.
    pub raw: String,
    /// bank_short_code | commercial_port | personal_mobile | virtual_operator | overseas | landline | email | unknown
    pub kind: String,
    /// The sender is one of the claimed institution's own numbers or domains.
    pub official: bool,
    /// When the sender is a known public service number, its stable id
    /// (`anti_fraud_warning` for 12381, `court_service` for 12368, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Ids of the signals the sender raised (for `data-og-flag` on the sender element).
    pub signals: Vec<String>,
}

/// One raised signal.
#[derive(Debug, Clone, Serialize)]
pub struct SignalHit {
    /// Stable snake_case id (see `data/signals.toml`).
    pub id: String,
    /// Weight added to the score (negative for legitimacy signals).
    pub weight: i32,
    /// Where in `text`; `null` for signals from the sender or the channel.
    pub span: Option<Span>,
    /// The text that raised it (or the sender, the domain, …).
    pub evidence: String,
    /// What the signal's sentence needs filled in for `{detail}` (an institution, a domain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The English form of `detail` (an institution's English name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_en: Option<String>,
}

/// One link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkReport {
    /// The link's real target (redirectors unwrapped).
    pub url: String,
    /// Where in `text`; `null` for a link given only in `links`.
    pub span: Option<Span>,
    /// Registrable domain (public suffix list), or the host when it has none.
    pub domain: String,
    /// Flags such as `shortener`, `ip_host`, `punycode`, `lookalike`.
    pub flags: Vec<String>,
    /// On the claimed institution's (or a user-trusted) domain.
    pub official: bool,
    /// Index into the input's `links` when the link came from there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_index: Option<usize>,
    /// Ids of the signals this link raised (for `data-og-flag` on the link element).
    pub signals: Vec<String>,
}

/// One piece of advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    /// Stable snake_case id (see `data/advice.toml`).
    pub id: String,
    /// What the sentence needs filled in (a hotline, a domain).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The English form of `detail`, when it is words rather than a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_en: Option<String>,
}
