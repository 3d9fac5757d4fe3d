//! The link knowledge of `data/links.toml` (shorteners, redirect wrappers,
//! abused TLDs, brand tokens that are ordinary words), written as a Rust
//! static by the build script: nothing to parse at run time.

/// The file as JSON, for the test that checks every entry's source.
#[cfg(test)]
pub(crate) const JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/links.json"));

/// Everything `data/links.toml` holds, in the shape the code uses.
#[derive(Debug)]
pub(crate) struct Knowledge {
    /// Shortener hosts (`t.cn`).
    pub shorteners: &'static [&'static str],
    /// Redirect wrappers.
    pub redirectors: &'static [Redirector],
    /// TLDs much used for phishing, without dot.
    pub suspicious_tlds: &'static [&'static str],
    /// Brand tokens matched only as whole parts.
    pub word_tokens: &'static [&'static str],
    /// Generic TLDs under which a host written alone counts as a link.
    pub bare_gtlds: &'static [&'static str],
    /// Country-code TLDs that are words: a host written alone under them is prose.
    pub prose_cctlds: &'static [&'static str],
}

/// A redirect wrapper that carries its target in a query parameter.
#[derive(Debug)]
pub(crate) struct Redirector {
    /// Hosts matched exactly.
    pub hosts: &'static [&'static str],
    /// Hosts matched with any subdomain.
    pub host_suffixes: &'static [&'static str],
    /// Path prefix, when the wrapper lives on one path only.
    pub path: Option<&'static str>,
    /// Query parameters that may hold the target, in order of preference.
    pub params: &'static [&'static str],
}

impl Redirector {
    /// Whether a lower-case host and a path belong to this wrapper.
    pub fn matches(&self, host: &str, path: &str) -> bool {
        let host_ok = self.hosts.contains(&host)
            || self
                .host_suffixes
                .iter()
                .any(|s| is_same_or_subdomain(host, s));
        host_ok
            && self.path.map_or(true, |p| {
                path == p
                    || path
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

// `LINKS`, written by build.rs from `data/links.toml`.
include!(concat!(env!("OUT_DIR"), "/links.rs"));

/// The lists of `data/links.toml` (the build script rejects an unknown key,
/// and a test checks the content).
pub(crate) fn knowledge() -> &'static Knowledge {
    &LINKS
}

/// `host` is `domain` or one of its subdomains (`a.b.t.cn` under `t.cn`).
pub(crate) fn is_same_or_subdomain(host: &str, domain: &str) -> bool {
    host == domain
        || (host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.'))
}
