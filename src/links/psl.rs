//! Registrable domains by Mozilla's Public Suffix List.
//!
//! `pay.icbc.com.cn` and `icbc.com.cn` belong to the same registrant, while
//! `a.github.io` and `b.github.io` do not: only the list knows where the
//! public part of a name ends. The build script embeds the list's rules one
//! per line, internationalised rules (`公司.cn`) in punycode only, sorted
//! bytewise; a rule is found through a hash table of the starts of the
//! lines (built in one pass on first use); a host is
//! matched by the list's algorithm: an exception rule wins, else the matching
//! rule with the most labels, else the last label (an unknown suffix).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::OnceLock;

/// The rules, one per line, sorted: `!www.ck` (exception), `*.ck` (wildcard), `com.cn`.
const RULES: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.dat"));

/// The rules by hash: an open-addressing table (linear probing, at most
/// half full) of the lines' starts in `RULES`, `EMPTY` where none is. Built
/// in one pass on first use, so that a look-up hashes the name once and
/// compares it with a line only where the table points, not at every step of
/// a binary search.
fn table() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        // Bytes, not characters: the rules are ASCII and every line ends
        // with a newline, which memchr finds many bytes at a time.
        let rules = RULES.as_bytes();
        let lines = memchr::memchr_iter(b'\n', rules).count();
        let mut table = vec![EMPTY; (2 * lines).next_power_of_two().max(1)];
        let mask = table.len() - 1;
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', rules) {
            let mut slot = hash(b"", &rules[start..end]) as usize & mask;
            while table[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            table[slot] = start as u32;
            start = end + 1;
        }
        table
    })
}

/// A slot of the table without a line.
const EMPTY: u32 = u32::MAX;

/// FNV-1a of `prefix` followed by `name`.
fn hash(prefix: &[u8], name: &[u8]) -> u64 {
    prefix.iter().chain(name).fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Whether `prefix` followed by `name` is a line of `RULES`.
fn has_rule(prefix: &str, name: &str) -> bool {
    let (prefix, name) = (prefix.as_bytes(), name.as_bytes());
    let table = table();
    let mask = table.len() - 1;
    let is_line = |start: usize| {
        let rest = &RULES.as_bytes()[start..];
        let len = prefix.len() + name.len();
        rest.len() >= len && rest[..prefix.len()] == *prefix && rest[prefix.len()..len] == *name && rest.get(len).map_or(true, |&b| b == b'\n')
    };
    let mut slot = hash(prefix, name) as usize & mask;
    while table[slot] != EMPTY {
        if is_line(table[slot] as usize) {
            return true;
        }
        slot = (slot + 1) & mask;
    }
    false
}

/// `!rule`: an exception.
fn exception(name: &str) -> bool {
    has_rule("!", name)
}

/// `*.rule`: every label under `name` is a suffix.
fn wildcard(name: &str) -> bool {
    has_rule("*.", name)
}

/// A plain rule (one that is neither an exception nor a wildcard).
fn plain(name: &str) -> bool {
    !name.starts_with('!') && !name.starts_with("*.") && has_rule("", name)
}

/// Where the public suffix of `host` starts (a byte offset), and whether a
/// rule of the list gave it (else it is the last label).
fn suffix_start(host: &str) -> (usize, bool) {
    let mut best = None;
    // Candidate suffixes from the last label leftwards.
    let starts = host.rmatch_indices('.').map(|(i, _)| i + 1).chain(std::iter::once(0));
    for start in starts {
        let candidate = &host[start..];
        if exception(candidate) {
            // The exception's own leftmost label is not part of the suffix.
            let label_end = candidate.find('.').map_or(host.len(), |n| start + n + 1);
            return (label_end, true);
        }
        let parent = candidate.split_once('.').map(|(_, p)| p);
        if plain(candidate) || parent.is_some_and(wildcard) {
            best = Some(start);
        }
    }
    match best {
        Some(start) => (start, true),
        None => (host.rfind('.').map_or(0, |n| n + 1), false),
    }
}

/// A host split by the list: the registrable domain and its public suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// `icbc.com.cn` for `www.icbc.com.cn`.
    pub domain: &'a str,
    /// `com.cn`.
    pub suffix: &'a str,
}

impl<'a> Split<'a> {
    /// The label left of the suffix (`icbc` for `icbc.com.cn`).
    pub fn label(&self) -> &'a str {
        self.domain.split('.').next().unwrap_or(self.domain)
    }
}

/// Splits a lower-case ASCII host; `None` when its suffix is not in the list
/// or the host is only a suffix (`com.cn`).
pub(crate) fn split(host: &str) -> Option<Split<'_>> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() || host.split('.').any(str::is_empty) {
        return None;
    }
    let (domain_start, start) = recent_split(host)?;
    Some(Split { domain: &host[domain_start..], suffix: &host[start..] })
}

/// How many hosts' splits a thread remembers: a message's links are split
/// up to three times each (found, described, checked against the brands).
const RECENT: usize = 4;
/// The longest host name DNS allows, in bytes.
const MAX_HOST_LEN: usize = 253;

/// A host and where its registrable domain and suffix start, if it has them.
type KnownSplit = (String, Option<(usize, usize)>);

/// Where the registrable domain and the suffix of `host` start, remembered
/// for the last few hosts split on this thread.
fn recent_split(host: &str) -> Option<(usize, usize)> {
    thread_local! {
        static SPLITS: RefCell<VecDeque<KnownSplit>> = const { RefCell::new(VecDeque::new()) };
    }
    SPLITS.with(|splits| {
        let mut splits = splits.borrow_mut();
        if let Some((_, found)) = splits.iter().find(|(h, _)| h == host) {
            return *found;
        }
        let (start, known) = suffix_start(host);
        let found = (known && start > 0).then(|| (host[..start - 1].rfind('.').map_or(0, |n| n + 1), start));
        // A name longer than DNS allows is not worth keeping.
        if host.len() > MAX_HOST_LEN {
            return found;
        }
        if splits.len() == RECENT {
            splits.pop_front();
        }
        splits.push_back((host.to_string(), found));
        found
    })
}

/// Whether the last label(s) of a lower-case host are a known public suffix
/// (`example.top` yes, `index.html` no). A host in Unicode counts when it is
/// written exactly as the list writes the suffix (`中国`, not `ＣＯＭ`).
pub(crate) fn has_known_suffix(host: &str) -> bool {
    if host.is_empty() {
        return false;
    }
    if host.is_ascii() {
        return suffix_start(host).1;
    }
    let ascii = url::quirks::domain_to_ascii(host);
    !ascii.is_empty() && url::quirks::domain_to_unicode(&ascii) == host && suffix_start(&ascii).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use publicsuffix::Psl;

    /// The build keeps the rules the link checks need (build.rs,
    /// `suffix_rules`): every rule of two labels, the private section whole,
    /// the deeper country zones only under a domain of the knowledge base.
    #[test]
    fn keeps_the_rules_the_checks_need() {
        for kept in ["com.cn", "co.jp", "co.uk", "gov.cn", "github.io", "s3.amazonaws.com", "*.ck", "!www.ck"] {
            assert!(RULES.lines().any(|r| r == kept), "{kept} kept");
        }
        for left in ["*.kawasaki.jp", "!city.kawasaki.jp", "k12.ak.us"] {
            assert!(!RULES.lines().any(|r| r == left), "{left} left out");
        }
        let at = |host: &str| split(host).map(|s| (s.domain.to_string(), s.suffix.to_string()));
        assert_eq!(at("a.city.kawasaki.jp"), Some(("kawasaki.jp".into(), "jp".into())));
        assert_eq!(at("pay.icbc.com.cn"), Some(("icbc.com.cn".into(), "com.cn".into())));
        assert_eq!(at("x.foo.github.io"), Some(("foo.github.io".into(), "github.io".into())));
    }

    /// The lookup agrees with the `publicsuffix` crate on hosts of every kind
    /// of rule: plain, wildcard, exception, private, internationalised, unknown.
    #[test]
    fn agrees_with_the_publicsuffix_crate() {
        // The crate reads the rules the build keeps (the sections do not
        // change lookups); the list as published gives the Unicode labels.
        let published = include_str!("../../data/public_suffix_list.dat");
        let unicode: String = published
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|r| !r.starts_with("//") && !r.is_ascii())
            .filter(|r| {
                let ascii: Vec<String> = r.split('.').map(|l| if l == "*" { l.to_string() } else { url::quirks::domain_to_ascii(l) }).collect();
                RULES.lines().any(|k| k == ascii.join("."))
            })
            .flat_map(|r| [r, "\n"])
            .collect();
        let marked = format!("// ===BEGIN ICANN DOMAINS===\n{RULES}{unicode}// ===END ICANN DOMAINS===\n");
        let crate_list: publicsuffix::List = marked.parse().unwrap();
        let mut hosts: Vec<String> = [
            "icbc.com.cn", "www.icbc.com.cn", "com.cn", "cn", "a.b.c.d.com.cn", "foo.github.io",
            "github.io", "a.foo.github.io", "www.ck", "x.www.ck", "a.b.ck", "ck", "b.ck",
            "x.kawasaki.jp", "city.kawasaki.jp", "a.city.kawasaki.jp", "example.top", "index.html",
            "localhost", "a.b.unknowntld", "xn--55qx5d.cn", "a.xn--55qx5d.cn", "公司.cn", "a.公司.cn",
            "wld-hk.top", "t.cn", "n.95508.com", "a.blogspot.com", "s3.amazonaws.com", "top",
            "a..top", "co.uk", "bbc.co.uk", "a.bbc.co.uk", "0.1.2.3", "a.b.s3.amazonaws.com",
            "中国", "xn--fiqs8s", "ＣＯＭ", "香港", "中國", "Ｃom",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        // A host under every rule of the list, and the rule itself.
        for rule in RULES.lines().step_by(7) {
            let body = rule.trim_start_matches('!').replace('*', "w");
            hosts.push(body.clone());
            hosts.push(format!("x.{body}"));
            hosts.push(format!("y.x.{body}"));
        }
        // Internationalised top-level labels as written (scan.rs asks about those).
        for rule in published.lines().filter(|l| !l.starts_with("//") && !l.is_ascii()) {
            hosts.extend(rule.split_whitespace().next().and_then(|r| r.rsplit('.').next()).map(str::to_string));
        }
        for host in &hosts {
            let want = crate_list.domain(host.as_bytes()).filter(|d| d.suffix().is_known()).and_then(|d| {
                let domain = std::str::from_utf8(d.as_bytes()).ok()?;
                let suffix = std::str::from_utf8(crate_list.suffix(domain.as_bytes())?.as_bytes()).ok()?;
                Some((domain.to_string(), suffix.to_string()))
            });
            let splittable = !host.is_empty() && !host.split('.').any(str::is_empty);
            let got = split(host).map(|s| (s.domain.to_string(), s.suffix.to_string()));
            // split takes ASCII hosts; has_known_suffix also single Unicode labels.
            if splittable && host.is_ascii() {
                assert_eq!(got, want, "split {host}");
            }
            if host.is_ascii() || !host.contains('.') {
                let known = crate_list.suffix(host.as_bytes()).is_some_and(|s| s.is_known());
                assert_eq!(has_known_suffix(host), known, "known suffix {host}");
            }
        }
    }
}
