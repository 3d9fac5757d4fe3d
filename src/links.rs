//! Links: finding URLs in plain text (with or without a scheme), reading the
//! `links` of the input, unwrapping redirectors, the registrable domain, and
//! the flags that make a link suspicious.
//!
//! (Skeleton: the links issue work replaces this file.)

use std::ops::Range;

/// One link found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte range in the message text; `None` for a link given only in the input's `links`.
    pub range: Option<Range<usize>>,
    /// The real target, redirectors unwrapped, with a scheme.
    pub url: String,
    /// Lower-case host (punycode kept as `xn--`).
    pub host: String,
    /// Registrable domain by the public suffix list, or the host when it has none (IP, unknown suffix).
    pub domain: String,
    /// What is suspicious about it.
    pub flags: Vec<LinkFlag>,
    /// The visible text of an `<a>` (input links only).
    pub shown_text: Option<String>,
}

/// A reason a link is suspicious.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFlag {
    /// A URL shortener (t.cn, bit.ly, …).
    Shortener,
    /// The host is an IP address.
    IpHost,
    /// The host contains a punycode (`xn--`) label.
    Punycode,
    /// The host mixes scripts or uses characters that imitate Latin letters.
    Confusable,
    /// The domain imitates this official domain.
    Lookalike(String),
    /// An institution's brand token sits in a subdomain of another domain.
    BrandInSubdomain(String),
    /// An institution's brand token sits in the path of another domain.
    BrandInPath(String),
    /// A TLD much used for abuse.
    SuspiciousTld,
    /// A download of an Android package.
    ApkDownload,
    /// The visible text names this other domain.
    TextMismatch(String),
    /// `user@host` trick: text before `@` that looks like a host.
    UserInfo,
    /// Unwrapped from this redirector (Gmail, Safe Links, QQ Mail): informational.
    Redirected(String),
    /// A redacted or masked link (`#URL`, `http://***.cn`): a link was there.
    Redacted,
}

impl LinkFlag {
    /// The flag's stable snake_case code, as it appears in the report.
    pub fn code(&self) -> &'static str {
        match self {
            LinkFlag::Shortener => "shortener",
            LinkFlag::IpHost => "ip_host",
            LinkFlag::Punycode => "punycode",
            LinkFlag::Confusable => "confusable",
            LinkFlag::Lookalike(_) => "lookalike",
            LinkFlag::BrandInSubdomain(_) => "brand_in_subdomain",
            LinkFlag::BrandInPath(_) => "brand_in_path",
            LinkFlag::SuspiciousTld => "suspicious_tld",
            LinkFlag::ApkDownload => "apk",
            LinkFlag::TextMismatch(_) => "text_mismatch",
            LinkFlag::UserInfo => "userinfo",
            LinkFlag::Redirected(_) => "redirected",
            LinkFlag::Redacted => "redacted",
        }
    }
}

/// An institution's official domains and brand tokens, for lookalike checks.
#[derive(Debug, Clone, Copy)]
pub struct Brand<'a> {
    /// Institution id.
    pub institution: &'a str,
    /// Official registrable domains (`icbc.com.cn`).
    pub domains: &'a [String],
    /// ASCII brand tokens (`icbc`, `webank`, `95588`).
    pub tokens: &'a [String],
}

/// Finds every link in plain text.
pub fn find_in_text(_text: &str) -> Vec<Link> {
    Vec::new()
}

/// Reads one input link (`href` and visible text).
pub fn from_input(_href: Option<&str>, _shown: Option<&str>) -> Option<Link> {
    None
}

/// Adds `Lookalike`, `BrandInSubdomain` and `BrandInPath` flags.
pub fn check_brands(_link: &mut Link, _brands: &[Brand<'_>]) {}

/// The registrable domain of a host, by the public suffix list.
pub fn registrable_domain(host: &str) -> Option<String> {
    Some(host.to_ascii_lowercase())
}
