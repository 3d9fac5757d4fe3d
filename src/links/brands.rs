//! Does a link imitate an institution?
//!
//! Phishing links for bank customers take a few shapes (research: domain.md
//! §3 R5; institutions.md §2 pitfalls 7 and 13):
//!
//! * a registrable domain that looks like the official one: the same label
//!   under another suffix (`icbc.com.co`), look-alike characters
//!   (`crnbchina.com`, Cyrillic letters), a typo (`cmbchlna.com`), or the
//!   brand plus extra words (`cmb-china.com`, `icbc-95588.com`,
//!   `webank-hk.top`) → [`LinkFlag::Lookalike`];
//! * the brand in a subdomain of some other domain
//!   (`icbc.com.cn.secure-login.top`) → [`LinkFlag::BrandInSubdomain`];
//! * the brand in the path (`evil.top/icbc/login`) → [`LinkFlag::BrandInPath`];
//! * and, brand or not, an account or payment action in the domain's own
//!   label (`secure-login.com`, `verifiusers.com`) → [`LinkFlag::ActionWordInDomain`].
//!
//! A link on an official domain or one of its subdomains
//! (`creditcard.cmbc.com.cn`, `n.95508.com`) is never flagged: genuine
//! messages link to those. Tokens of three letters or fewer (`ccb`, `abc`) and
//! tokens that are ordinary words (`data/links.toml`, `word_tokens`) only count
//! as whole labels, hyphen parts or path segment parts, so `abc` does not
//! match inside `fabcon`.

use std::cell::RefCell;

use super::data::{is_same_or_subdomain, knowledge};
use super::skeleton::ascii_skeleton;
use super::{psl, Brand, Link, LinkFlag};
use crate::text::contains_short;

/// Adds `Lookalike`, `BrandInSubdomain`, `BrandInPath` and `ActionWordInDomain` flags to each link.
pub(crate) fn check<'l>(links: impl IntoIterator<Item = &'l mut Link>, brands: &[Brand<'_>]) {
    with_prepared(brands, |prepared| check_all(links, prepared));
}

fn check_all<'l>(links: impl IntoIterator<Item = &'l mut Link>, brands: &[Prepared]) {
    for link in links {
        check_prepared(link, brands);
    }
}

fn check_prepared(link: &mut Link, brands: &[Prepared]) {
    if link.host.is_empty() || official_index(&link.host, brands).is_some() {
        return;
    }
    let split = psl::split(&link.host);
    let mut flags = Vec::new();
    if let Some(split) = split {
        if let Some(official) = lookalike(split, brands) {
            flags.push(LinkFlag::Lookalike(official));
        }
    }
    let ip = link.flags.contains(&LinkFlag::IpHost);
    let sub = if ip {
        None
    } else {
        subdomain_part(&link.host, split.map(|s| s.domain))
    };
    if let Some(token) = sub.and_then(|s| token_in(s.split('.'), brands)) {
        flags.push(LinkFlag::BrandInSubdomain(token));
    }
    if let Some(token) = token_in(path_of(&link.url).split('/'), brands) {
        flags.push(LinkFlag::BrandInPath(token));
    }
    // An account or payment action in the name the owner chose: the
    // registrable label, or on a free host the label left of the host's
    // domain (subdomains of a real firm's domain are the firm's own). Words
    // of paying count only as one hyphen part of several (`pcn-payment`).
    let free_host = knowledge().free_hosts.iter().find_map(|d| link.host.strip_suffix(d)?.strip_suffix('.'));
    let label = match free_host {
        Some(rest) => rest.rsplit('.').next().unwrap_or_default(),
        None => split.map(|s| s.label()).unwrap_or_default(),
    };
    let word = knowledge().domain_words.iter().find(|w| contains_short(label, w)).or_else(|| {
        let parts: Vec<&str> = label.split('-').filter(|p| !p.is_empty()).collect();
        let paying = knowledge().domain_parts.iter().find(|w| parts.contains(w));
        paying.filter(|_| parts.len() > 1)
    });
    if let Some(word) = word {
        flags.push(LinkFlag::ActionWordInDomain((*word).to_string()));
    }
    for flag in flags {
        if !link.flags.contains(&flag) {
            link.flags.push(flag);
        }
    }
}

/// Brands prepared once for every link that is checked against them (the
/// engine's brands are the same for every message).
pub struct PreparedBrands(Vec<Prepared>);

impl PreparedBrands {
    /// Prepares `brands`.
    pub fn new(brands: &[Brand<'_>]) -> PreparedBrands {
        PreparedBrands(brands.iter().map(Prepared::new).collect())
    }

    /// [`check`] against these brands.
    pub fn check<'l>(&self, links: impl IntoIterator<Item = &'l mut Link>) {
        check_all(links, &self.0);
    }
}

/// The institution one of whose official domains is `host` or a parent of it.
pub(crate) fn official_for<'a>(host: &str, brands: &[Brand<'a>]) -> Option<&'a str> {
    if host.is_empty() {
        return None;
    }
    with_prepared(brands, |prepared| official_index(host, prepared)).map(|i| brands[i].institution)
}

/// The index of the brand one of whose official domains is `host` or a parent of it.
fn official_index(host: &str, brands: &[Prepared]) -> Option<usize> {
    brands
        .iter()
        .position(|b| b.official_hosts.iter().any(|d| is_same_or_subdomain(host, d)))
}

/// A brand with everything the checks need from its domains and tokens
/// computed once: suffix splits, labels, skeletons, lower case, weakness.
struct Prepared {
    /// Official domains as hosts: lower case, without `www.`, non-empty.
    official_hosts: Vec<String>,
    /// Official domains the public suffix list can split.
    officials: Vec<Official>,
    /// The first official domain, lower case.
    primary: Option<String>,
    /// Brand tokens, lower case, each with whether it is weak.
    tokens: Vec<(String, bool)>,
}

struct Official {
    /// Registrable domain (`icbc.com.cn`).
    domain: String,
    /// The label left of the suffix (`icbc`).
    label: String,
    /// The label's skeleton, lower case, when it is ASCII.
    skeleton: Option<String>,
    /// Long enough (five letters or more, not all digits) for typo and padding checks.
    long: bool,
    /// The label is a weak token.
    weak: bool,
}

impl Prepared {
    fn new(brand: &Brand<'_>) -> Prepared {
        let lower: Vec<String> = brand.domains.iter().map(|d| d.trim().to_ascii_lowercase()).collect();
        let official_hosts = lower
            .iter()
            .map(|d| d.strip_prefix("www.").unwrap_or(d).to_string())
            .filter(|d| !d.is_empty())
            .collect();
        let officials = lower
            .iter()
            .filter_map(|d| {
                let off = psl::split(d)?;
                let label = off.label();
                Some(Official {
                    domain: off.domain.to_string(),
                    label: label.to_string(),
                    skeleton: ascii_skeleton(label).map(|s| s.to_ascii_lowercase()),
                    long: label.len() >= 5 && !label.bytes().all(|b| b.is_ascii_digit()),
                    weak: is_weak(label),
                })
            })
            .collect();
        let tokens = brand
            .tokens
            .iter()
            .map(|t| {
                let t = t.trim().to_ascii_lowercase();
                let weak = is_weak(&t);
                (t, weak)
            })
            .collect();
        Prepared { official_hosts, officials, primary: lower.into_iter().next(), tokens }
    }
}

/// Runs `f` on the prepared form of `brands`. The last list prepared is kept
/// per thread and reused while the brands' domains and tokens are the same
/// strings (comparing them costs far less than preparing them).
fn with_prepared<T>(brands: &[Brand<'_>], f: impl FnOnce(&[Prepared]) -> T) -> T {
    thread_local! {
        static CACHE: RefCell<(Vec<String>, Vec<Prepared>)> = const { RefCell::new((Vec::new(), Vec::new())) };
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = brands.iter().flat_map(|b| {
            std::iter::once(b.institution)
                .chain(b.domains.iter().map(String::as_str))
                .chain(std::iter::once("\0"))
                .chain(b.tokens.iter().map(String::as_str))
                .chain(std::iter::once("\0"))
        });
        if !key.clone().eq(cache.0.iter().map(String::as_str)) {
            cache.0 = key.map(str::to_string).collect();
            cache.1 = brands.iter().map(Prepared::new).collect();
        }
        f(&cache.1)
    })
}

/// The official domain that `split` imitates, if any.
fn lookalike(split: psl::Split<'_>, brands: &[Prepared]) -> Option<String> {
    let label = split.label();
    let shown = url::quirks::domain_to_unicode(label);
    let label_skeleton = ascii_skeleton(&shown).map(|s| s.to_ascii_lowercase());
    let dehyphened: String = label.chars().filter(|&c| c != '-').collect();
    let parts: Vec<&str> = label.split('-').filter(|p| !p.is_empty()).collect();
    for brand in brands {
        for off in &brand.officials {
            let off_label = off.label.as_str();
            // Two skeletons that are not ASCII never match: official labels are ASCII.
            let same_look = off.skeleton.is_some() && off.skeleton == label_skeleton;
            // A label that merely contains the official one is padding, judged below.
            // Two edits turn one short bank name into another (`czbank` →
            // `ghbank`): short labels may differ by one edit only.
            let max_edits = if off_label.len() >= 8 { 2 } else { 1 };
            let typo = off.long && !label.contains(off_label) && within_edits(label, off_label, max_edits);
            let padded = off.long && !off.weak && dehyphened.contains(off_label);
            if split.domain != off.domain && (same_look || typo || padded) {
                return Some(off.domain.clone());
            }
        }
        // The brand token with extra words: `icbc-95588`, `webank-hk`, `cmb-china`.
        if let Some(primary) = &brand.primary {
            let hit = brand.tokens.iter().any(|(t, weak)| {
                if *weak {
                    parts.len() > 1 && parts.contains(&t.as_str())
                } else {
                    parts.iter().any(|p| contains_short(p, t))
                }
            });
            if hit {
                return Some(primary.clone());
            }
        }
    }
    None
}

/// Weak tokens only match whole parts: three letters or fewer, all digits
/// (a number inside a longer number is another number), or ordinary words.
fn is_weak(token: &str) -> bool {
    token.chars().count() <= 3
        || token.bytes().all(|b| b.is_ascii_digit())
        || knowledge().word_tokens.contains(&token)
}

/// The first brand token found in these pieces (labels or path segments).
/// Each piece is split at characters other than letters and digits; weak
/// tokens must equal a part, others may sit inside one.
fn token_in<'a>(pieces: impl Iterator<Item = &'a str>, brands: &[Prepared]) -> Option<String> {
    let parts: Vec<String> = pieces
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    if parts.is_empty() {
        return None;
    }
    for brand in brands {
        for (t, weak) in &brand.tokens {
            if t.is_empty() {
                continue;
            }
            let hit = if *weak {
                parts.contains(t)
            } else {
                parts.iter().any(|p| contains_short(p, t))
            };
            if hit {
                return Some(t.clone());
            }
        }
    }
    None
}

/// The labels left of the registrable domain (`icbc.com.cn` of
/// `icbc.com.cn.secure-login.top`); the host minus its last two labels when
/// the suffix is unknown.
fn subdomain_part<'a>(host: &'a str, domain: Option<&str>) -> Option<&'a str> {
    let cut = match domain {
        Some(d) => host.len().checked_sub(d.len() + 1)?,
        None => {
            let mut dots = host.rmatch_indices('.');
            dots.next()?;
            dots.next()?.0
        }
    };
    host.get(..cut).filter(|s| !s.is_empty())
}

/// The path of a serialised URL (`/icbc/login` of `http://evil.top/icbc/login?x`).
fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(url, |n| &url[n + 3..]);
    let path = after_scheme.find('/').map_or("", |n| &after_scheme[n..]);
    path.split(['?', '#']).next().unwrap_or("")
}

/// Levenshtein distance of `a` and `b` is between 1 and `max` (bounded, so cheap).
fn within_edits(a: &str, b: &str, max: usize) -> bool {
    const LONGEST: usize = 64;
    let (na, nb) = (a.chars().count(), b.chars().count());
    if a == b || na.abs_diff(nb) > max || na > LONGEST || nb > LONGEST {
        return false;
    }
    // Two rows of the distance table, on the stack.
    let mut prev = [0usize; LONGEST + 1];
    let mut cur = [0usize; LONGEST + 1];
    for (j, d) in prev[..=nb].iter_mut().enumerate() {
        *d = j;
    }
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        let mut least = cur[0];
        for (j, cb) in b.chars().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            least = least.min(cur[j + 1]);
        }
        // No entry of a later row is below the least of this one.
        if least > max {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[nb] <= max
}

#[cfg(test)]
mod tests {
    use super::within_edits;

    #[test]
    fn within_edits_counts_one_to_max_edits() {
        for (a, b, max, within) in [
            ("icbc", "icbc", 2, false),     // the same word is no typo
            ("icbc", "lcbc", 1, true),      // one substitution
            ("paypal", "paypall", 1, true), // one insertion
            ("paypal", "papal", 1, true),   // one deletion
            ("webank", "wbeank", 1, false), // a swap is two edits
            ("webank", "wbeank", 2, true),
            ("alipay", "zzzzzz", 2, false), // past max from the first rows on
            ("cmbchina", "cmb", 2, false),  // lengths too far apart
            ("招商银行", "招商银杏", 1, true),
        ] {
            assert_eq!(within_edits(a, b, max), within, "{a} / {b} within {max}");
        }
    }
}
