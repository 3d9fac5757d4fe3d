//! The link knowledge of `data/links.toml` (shorteners, redirect wrappers,
//! abused TLDs, brand tokens that are ordinary words), written as a Rust
//! static by the build script: nothing to parse at run time.

/// The file as JSON, for the test that checks every entry's source.
#[cfg(test)]
pub(crate) const JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/links.json"));

/// Everything `data/links.toml` holds, in the shape the code uses.
#[derive(Debug)]
pub(crate) struct Knowledge {
    /// Shortener hosts (`t.cn`), sorted: see [`Knowledge::is_shortener`].
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
    /// Free website builders and hosting: hosts flagged with their subdomains.
    pub free_hosts: &'static [&'static str],
    /// Free form and site services on a shared host: host and path prefix.
    pub free_pages: &'static [&'static str],
    /// Words of an account or payment action, looked for in a registrable label.
    pub domain_words: &'static [&'static str],
    /// Words of paying, looked for as a whole hyphen-separated part of a
    /// registrable label of several parts (`pcn-payment`, not `epay`).
    pub domain_parts: &'static [&'static str],
    /// Public suffixes under which only a vetted body registers: a
    /// government (`gov.uk`, `gov`) or a licensed bank (`bank.in`).
    pub vetted_suffixes: &'static [&'static str],
}

impl Knowledge {
    /// `domain` (a registrable domain) sits under a suffix only vetted bodies register.
    pub fn is_vetted(&self, domain: &str) -> bool {
        self.vetted_suffixes.iter().any(|s| domain.len() > s.len() + 1 && is_same_or_subdomain(domain, s))
    }

    /// `host` is a listed shortener or one of its subdomains: each of its
    /// dot-suffixes is looked up in the sorted list.
    pub fn is_shortener(&self, host: &str) -> bool {
        let found = |h: &str| self.shorteners.binary_search(&h).is_ok();
        found(host) || host.match_indices('.').any(|(i, _)| found(&host[i + 1..]))
    }

    /// A page of a free website builder, hosting or form service.
    pub fn is_free_hosting(&self, host: &str, path: &str) -> bool {
        self.free_hosts.iter().any(|d| is_same_or_subdomain(host, d))
            || self.free_pages.iter().any(|p| {
                p.split_once('/').is_some_and(|(h, prefix)| host == h && path.trim_start_matches('/').starts_with(prefix))
            })
    }
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
