//! The link knowledge of `data/links.toml` (shorteners, redirect wrappers,
//! abused TLDs, brand tokens that are ordinary words), embedded as JSON by the
//! build script and parsed once.

use std::sync::OnceLock;

use serde::Deserialize;

pub(crate) const JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/links.json"));

/// Everything `data/links.toml` holds, in the shape the code uses.
#[derive(Debug, Default)]
pub(crate) struct Knowledge {
    /// Shortener hosts (`t.cn`).
    pub shorteners: Vec<String>,
    /// Redirect wrappers.
    pub redirectors: Vec<Redirector>,
    /// TLDs much used for phishing, without dot.
    pub suspicious_tlds: Vec<String>,
    /// Brand tokens matched only as whole parts.
    pub word_tokens: Vec<String>,
    /// Generic TLDs under which a host written alone counts as a link.
    pub bare_gtlds: Vec<String>,
    /// Country-code TLDs that are words: a host written alone under them is prose.
    pub prose_cctlds: Vec<String>,
}

/// A redirect wrapper that carries its target in a query parameter.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Redirector {
    /// Hosts matched exactly.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Hosts matched with any subdomain.
    #[serde(default)]
    pub host_suffixes: Vec<String>,
    /// Path prefix, when the wrapper lives on one path only.
    #[serde(default)]
    pub path: Option<String>,
    /// Query parameters that may hold the target, in order of preference.
    pub params: Vec<String>,
}

impl Redirector {
    /// Whether a lower-case host and a path belong to this wrapper.
    pub fn matches(&self, host: &str, path: &str) -> bool {
        let host_ok = self.hosts.iter().any(|h| h == host)
            || self
                .host_suffixes
                .iter()
                .any(|s| is_same_or_subdomain(host, s));
        host_ok
            && self.path.as_deref().map_or(true, |p| {
                path == p
                    || path
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    word_tokens: Vec<String>,
    #[serde(default)]
    bare_gtlds: Vec<String>,
    #[serde(default)]
    prose_cctlds: Vec<String>,
    #[serde(default)]
    shortener: Vec<ShortenerGroup>,
    #[serde(default)]
    redirector: Vec<Redirector>,
    #[serde(default)]
    suspicious_tld: Vec<Tld>,
}

#[derive(Deserialize)]
struct ShortenerGroup {
    domains: Vec<String>,
}

#[derive(Deserialize)]
struct Tld {
    tld: String,
}

/// The parsed knowledge; empty lists if the embedded file were unreadable
/// (the build script already rejects invalid TOML, and a test checks the shape).
pub(crate) fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| parse(JSON).unwrap_or_default())
}

fn parse(json: &str) -> Option<Knowledge> {
    let file: File = serde_json::from_str(json).ok()?;
    let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_ascii_lowercase()).collect();
    Some(Knowledge {
        shorteners: lower(file.shortener.into_iter().flat_map(|g| g.domains).collect()),
        redirectors: file.redirector,
        suspicious_tlds: lower(file.suspicious_tld.into_iter().map(|t| t.tld).collect()),
        word_tokens: lower(file.word_tokens),
        bare_gtlds: lower(file.bare_gtlds),
        prose_cctlds: lower(file.prose_cctlds),
    })
}

/// Parses the embedded file strictly, for the test that guards its shape.
#[cfg(test)]
pub(crate) fn parse_embedded() -> Option<Knowledge> {
    parse(JSON)
}

/// `host` is `domain` or one of its subdomains (`a.b.t.cn` under `t.cn`).
pub(crate) fn is_same_or_subdomain(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.'))
}
