//! Registrable domains by Mozilla's Public Suffix List.
//!
//! `pay.icbc.com.cn` and `icbc.com.cn` belong to the same registrant, while
//! `a.github.io` and `b.github.io` do not: only the list knows where the
//! public part of a name ends. The list is embedded as text
//! (`data/public_suffix_list.dat`) and parsed once on first use. Its
//! internationalised rules (`公司.cn`) are added in punycode too, because hosts
//! reach us in the `xn--` form the URL parser produces.

use std::sync::OnceLock;

use publicsuffix::{List, Psl};

const LIST_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.dat"));

fn list() -> &'static List {
    static LIST: OnceLock<List> = OnceLock::new();
    LIST.get_or_init(|| with_ascii_rules(LIST_TEXT).parse().unwrap_or_default())
}

/// The list text with a punycode copy of every non-ASCII rule after it.
fn with_ascii_rules(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16 * 1024);
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        let rule = line.split_whitespace().next().unwrap_or("");
        if rule.is_ascii() || rule.starts_with("//") {
            continue;
        }
        let (bang, body) = match rule.strip_prefix('!') {
            Some(body) => ("!", body),
            None => ("", rule),
        };
        let labels: Vec<String> = body
            .split('.')
            .map(|label| match label {
                "*" => label.to_string(),
                _ => url::quirks::domain_to_ascii(label),
            })
            .collect();
        if labels.iter().all(|l| !l.is_empty()) {
            out.push_str(bang);
            out.push_str(&labels.join("."));
            out.push('\n');
        }
    }
    out
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
    let domain = list().domain(host.as_bytes())?;
    if !domain.suffix().is_known() {
        return None;
    }
    let domain = std::str::from_utf8(domain.as_bytes()).ok()?;
    let suffix = std::str::from_utf8(list().suffix(domain.as_bytes())?.as_bytes()).ok()?;
    Some(Split { domain, suffix })
}

/// Whether the last label(s) of a lower-case ASCII host are a known public
/// suffix (`example.top` yes, `index.html` no).
pub(crate) fn has_known_suffix(host: &str) -> bool {
    list().suffix(host.as_bytes()).is_some_and(|s| s.is_known())
}
