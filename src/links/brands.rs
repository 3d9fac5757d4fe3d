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
//! * the brand in the path (`evil.top/icbc/login`) → [`LinkFlag::BrandInPath`].
//!
//! A link on an official domain or one of its subdomains
//! (`creditcard.cmbc.com.cn`, `n.95508.com`) is never flagged: genuine
//! messages link to those. Tokens of three letters or fewer (`ccb`, `abc`) and
//! tokens that are ordinary words (`data/links.toml`, `word_tokens`) only count
//! as whole labels, hyphen parts or path segment parts, so `abc` does not
//! match inside `fabcon`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use unicode_security::skeleton;

use super::data::{is_same_or_subdomain, knowledge};
use super::{psl, Brand, Link, LinkFlag};

/// Adds `Lookalike`, `BrandInSubdomain` and `BrandInPath` flags to `link`.
pub(crate) fn check(link: &mut Link, brands: &[Brand<'_>]) {
    if link.host.is_empty() || is_official(&link.host, brands) {
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
    for flag in flags {
        if !link.flags.contains(&flag) {
            link.flags.push(flag);
        }
    }
}

/// The host is an official domain of some brand, or a subdomain of one.
fn is_official(host: &str, brands: &[Brand<'_>]) -> bool {
    official_for(host, brands).is_some()
}

/// The institution one of whose official domains is `host` or a parent of it.
pub(crate) fn official_for<'a>(host: &str, brands: &[Brand<'a>]) -> Option<&'a str> {
    if host.is_empty() {
        return None;
    }
    let official = |d: &String| {
        let d = d.trim().to_ascii_lowercase();
        let d = d.strip_prefix("www.").unwrap_or(&d);
        !d.is_empty() && is_same_or_subdomain(host, d)
    };
    brands
        .iter()
        .find(|b| b.domains.iter().any(official))
        .map(|b| b.institution)
}

/// The official domain that `split` imitates, if any.
fn lookalike(split: psl::Split<'_>, brands: &[Brand<'_>]) -> Option<String> {
    let label = split.label();
    let shown = url::quirks::domain_to_unicode(label);
    let label_skeleton: String = skeleton(&shown).collect::<String>().to_lowercase();
    let dehyphened: String = label.chars().filter(|&c| c != '-').collect();
    for brand in brands {
        for official in brand.domains {
            let Some(off) = official_parts(official) else {
                continue;
            };
            let off_label = off.label.as_str();
            let same_look = *off.skeleton == *label_skeleton;
            let long = off_label.len() >= 5 && !off_label.bytes().all(|b| b.is_ascii_digit());
            // A label that merely contains the official one is padding, judged below.
            // Two edits turn one short bank name into another (`czbank` →
            // `ghbank`): short labels may differ by one edit only.
            let max_edits = if off_label.len() >= 8 { 2 } else { 1 };
            let typo = long && !label.contains(off_label) && within_edits(label, off_label, max_edits);
            let padded = long && !is_weak(off_label) && dehyphened.contains(off_label);
            if split.domain != off.domain && (same_look || typo || padded) {
                return Some(off.domain.clone());
            }
        }
        // The brand token with extra words: `icbc-95588`, `webank-hk`, `cmb-china`.
        let primary = brand.domains.first().map(|d| d.trim().to_ascii_lowercase());
        if let Some(primary) = primary {
            let parts: Vec<&str> = label.split('-').filter(|p| !p.is_empty()).collect();
            let hit = brand.tokens.iter().any(|t| {
                let t = t.trim().to_ascii_lowercase();
                if is_weak(&t) {
                    parts.len() > 1 && parts.contains(&t.as_str())
                } else {
                    parts.iter().any(|p| p.contains(t.as_str()))
                }
            });
            if hit {
                return Some(primary);
            }
        }
    }
    None
}

/// An official domain as lookalikes are compared with it.
struct Official {
    /// Registrable domain (`icbc.com.cn`).
    domain: String,
    /// Its label left of the suffix (`icbc`).
    label: String,
    /// The label's confusable skeleton (Unicode TR39), lower case.
    skeleton: String,
}

/// An official domain's parts (`None` without a known suffix). The same few
/// hundred domains are compared with every link of every message, so each is
/// worked out once per thread.
fn official_parts(official: &str) -> Option<Rc<Official>> {
    thread_local! {
        static KNOWN: RefCell<HashMap<String, Option<Rc<Official>>>> = RefCell::new(HashMap::new());
    }
    KNOWN.with(|known| {
        if let Some(parts) = known.borrow().get(official) {
            return parts.clone();
        }
        let lower = official.trim().to_ascii_lowercase();
        let parts = psl::split(&lower).map(|off| {
            Rc::new(Official {
                domain: off.domain.to_string(),
                label: off.label().to_string(),
                skeleton: skeleton(off.label()).collect::<String>().to_lowercase(),
            })
        });
        known.borrow_mut().insert(official.to_string(), parts.clone());
        parts
    })
}

/// Weak tokens only match whole parts: three letters or fewer, all digits
/// (a number inside a longer number is another number), or ordinary words.
fn is_weak(token: &str) -> bool {
    token.chars().count() <= 3
        || token.bytes().all(|b| b.is_ascii_digit())
        || knowledge().word_tokens.iter().any(|w| w == token)
}

/// The first brand token found in these pieces (labels or path segments).
/// Each piece is split at characters other than letters and digits; weak
/// tokens must equal a part, others may sit inside one.
fn token_in<'a>(pieces: impl Iterator<Item = &'a str>, brands: &[Brand<'_>]) -> Option<String> {
    let parts: Vec<String> = pieces
        .flat_map(|p| p.split(|c: char| !c.is_alphanumeric()))
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    if parts.is_empty() {
        return None;
    }
    for brand in brands {
        for token in brand.tokens {
            let t = token.trim().to_ascii_lowercase();
            if t.is_empty() {
                continue;
            }
            let hit = if is_weak(&t) {
                parts.contains(&t)
            } else {
                parts.iter().any(|p| p.contains(t.as_str()))
            };
            if hit {
                return Some(t);
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
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b || a.len().abs_diff(b.len()) > max || a.len() > 64 || b.len() > 64 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= max
}
