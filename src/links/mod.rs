//! Links in a message: where they are, where they really go, and what is
//! suspicious about them.
//!
//! Scam SMS and e-mails about overdue loans send people to fake repayment
//! pages and APKs (research: domain.md §3 R5), while genuine bank messages
//! link to the bank's own short domains (`cmbt.cn`, `n.95508.com`;
//! institutions.md §2 pitfall 7). This module only *finds and describes*
//! links; the engine turns the flags into weighted signals.
//!
//! * [`find_in_text`] finds URLs in plain text, with or without a scheme, glued
//!   to Chinese text or not, and masked ones (`http://***.***.cn`, `#URL`); see
//!   `scan` for the rules.
//! * [`from_input`] reads a link element of a rendered page (its `href` and
//!   visible text), unwraps redirect wrappers (Gmail, Outlook Safe Links, QQ
//!   Mail `gourl`, …) and notices visible text that names another domain.
//! * Every [`Link`] carries a normalised URL, its punycode host, its
//!   registrable domain by the Public Suffix List (`data/public_suffix_list.dat`)
//!   and [`LinkFlag`]s; [`check_brands`] adds the flags that need the
//!   institutions' official domains.
//!
//! Lists (shorteners, wrappers, abused TLDs) live in `data/links.toml`, each
//! entry with its source. Nothing here panics on any input, and the work is
//! linear in the text length.

mod brands;
mod data;
mod psl;
mod scan;
mod scripts;
mod skeleton;

#[cfg(test)]
mod tests;

pub use brands::PreparedBrands;
pub(crate) use skeleton::latin_lookalike;
use std::ops::Range;

use url::{Host, Url};

use crate::text::{is_bidi_control, is_invisible, Stripped};
use data::knowledge;
use scan::Found;

/// `domain` (a registrable domain) is under a suffix only a government or a
/// licensed bank can register (`leeds.gov.uk`, `irs.gov`, `icici.bank.in`;
/// `data/links.toml` `vetted`): no phisher's own site.
pub fn is_vetted_domain(domain: &str) -> bool {
    knowledge().is_vetted(domain)
}

/// One link found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Byte range in the message text; `None` for a link given only in the input's `links`.
    pub range: Option<Range<usize>>,
    /// The real target, redirectors unwrapped, with a scheme (`http://` added
    /// to bare hosts), as the URL standard serialises it; the masked text as
    /// written for a redacted link.
    pub url: String,
    /// Lower-case ASCII host: punycode (`xn--`) for internationalised names,
    /// dotted decimal for IPv4 (also when written as one number), IPv6 without
    /// brackets; empty for a redacted link.
    pub host: String,
    /// Registrable domain by the public suffix list, or the host when it has
    /// none (IP, unknown suffix); empty for a redacted link.
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
    /// Invisible or bidirectional characters disguise it (in its host, or a
    /// direction override anywhere); they are read through.
    HiddenCharacters,
    /// A page on a free website builder, hosting or form service.
    FreeHosting,
    /// The registrable label strings three or more words with hyphens
    /// (`etransfer-login-accnt.cf`, `usps-redelivery-fee.com`).
    HyphenatedDomain,
    /// The registrable label names an account or payment action (`secure-login`).
    ActionWordInDomain(String),
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
            LinkFlag::HiddenCharacters => "hidden_characters",
            LinkFlag::FreeHosting => "free_hosting",
            LinkFlag::HyphenatedDomain => "hyphenated_domain",
            LinkFlag::ActionWordInDomain(_) => "action_word_in_domain",
        }
    }
}

/// An institution's official domains and brand tokens, for lookalike checks.
#[derive(Debug, Clone, Copy)]
pub struct Brand<'a> {
    /// Institution id.
    pub institution: &'a str,
    /// Official domains (`icbc.com.cn`); an entry and all its subdomains are
    /// official. A host entry (`creditcard.cmbc.com.cn`) covers only itself
    /// and its subdomains.
    pub domains: &'a [String],
    /// ASCII brand tokens (`icbc`, `webank`, `95588`).
    pub tokens: &'a [String],
}

/// Finds every link in plain text, in order, each with its byte range.
///
/// ```
/// let links = overdue_guard::links::find_in_text("点击etchyhy.com完成办理");
/// assert_eq!(links[0].range, Some(6..17));
/// assert_eq!(links[0].url, "http://etchyhy.com/");
/// ```
pub fn find_in_text(text: &str) -> Vec<Link> {
    // Invisible characters are read through (`ic\u{200B}bc.com.cn` is
    // `icbc.com.cn`), and full-width and spaced-out links as written plainly
    // (`ｘ．ｃｃ`, `www . x . cc`); the ranges stay those of the original text.
    let stripped = Stripped::for_links(text, scan::bare_tld);
    let clean = &*stripped.text;
    scan::scan(clean)
        .into_iter()
        .filter_map(|found| match found {
            Found::Url(range) => {
                let raw = clean.get(range.clone())?;
                let original = stripped.original_range(range);
                // `http://wap` is a URL cut short by a space, not a link.
                let mut link = describe(raw, Some(original.clone())).filter(|l| l.host.contains(['.', ':']))?;
                if text.get(original).is_some_and(disguises) {
                    link.flags.push(LinkFlag::HiddenCharacters);
                }
                Some(link)
            }
            Found::Masked(range) => {
                let original = stripped.original_range(range);
                Some(redacted(text.get(original.clone())?, Some(original)))
            }
        })
        .collect()
}

/// Invisible characters that make a link read differently from where it
/// goes: a bidirectional control anywhere in it, or any invisible character
/// in its host. (A zero-width space in a long path is how some pages let it
/// wrap, not a disguise.)
fn disguises(raw: &str) -> bool {
    if raw.chars().any(is_bidi_control) {
        return true;
    }
    let after_scheme = raw.find("://").map_or(raw, |n| &raw[n + 3..]);
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or_default();
    host.chars().any(is_invisible)
}

/// Reads one input link: the real target of an `<a>` (`href`) and its visible
/// text (`shown`).
///
/// Redirect wrappers are unwrapped (flag [`LinkFlag::Redirected`]); visible
/// text that names another registrable domain gives
/// [`LinkFlag::TextMismatch`]. Without an `href`, a URL in the visible text is
/// used. Targets that are not web pages (`mailto:`, `tel:`, `javascript:`,
/// relative paths) give `None`.
pub fn from_input(href: Option<&str>, shown: Option<&str>) -> Option<Link> {
    let shown_links = shown.map(find_in_text).unwrap_or_default();
    let href = href.map(str::trim).filter(|h| !h.is_empty());
    let mut link = match href {
        Some(href) => {
            let clean: String = href.chars().filter(|&c| !is_invisible(c)).collect();
            let mut link = describe(&absolute_href(clean.trim())?, None)?;
            if disguises(href) {
                link.flags.push(LinkFlag::HiddenCharacters);
            }
            link
        }
        None => {
            let first = shown_links
                .iter()
                .find(|l| !l.flags.contains(&LinkFlag::Redacted))?;
            Link {
                range: None,
                ..first.clone()
            }
        }
    };
    let shown_disguised = shown_links.iter().any(|l| l.flags.contains(&LinkFlag::HiddenCharacters));
    if shown_disguised && !link.flags.contains(&LinkFlag::HiddenCharacters) {
        link.flags.push(LinkFlag::HiddenCharacters);
    }
    if !link.domain.is_empty() {
        for other in &shown_links {
            let mismatch = LinkFlag::TextMismatch(other.domain.clone());
            if !other.domain.is_empty()
                && other.domain != link.domain
                && !link.flags.contains(&mismatch)
            {
                link.flags.push(mismatch);
            }
        }
    }
    link.shown_text = shown.map(str::to_string);
    Some(link)
}

/// An `href` as an absolute http(s) URL text, or `None` for other schemes and
/// relative references.
fn absolute_href(href: &str) -> Option<String> {
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("http://{rest}"));
    }
    if href.contains("://") {
        return Some(href.to_string());
    }
    // `mailto:`, `tel:`, `javascript:`, `data:`, … but not `host:8080`.
    if let Some((scheme, rest)) = href.split_once(':') {
        let port = rest.starts_with(|c: char| c.is_ascii_digit());
        if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic()) && !port {
            return None;
        }
    }
    // A bare host written as the target (`www.x.cn/pay`).
    let found = find_in_text(href);
    match found.as_slice() {
        [only]
            if only
                .range
                .as_ref()
                .is_some_and(|r| r.start == 0 && r.end == href.len()) =>
        {
            Some(format!("http://{href}"))
        }
        _ => None,
    }
}

/// Adds `Lookalike`, `BrandInSubdomain` and `BrandInPath` flags: the link
/// imitates an institution's official domain, or puts its brand token in a
/// subdomain or the path of another domain. Links on an official domain or
/// its subdomains get none of them. The brands are prepared once for all
/// the links.
pub fn check_brands<'l>(links: impl IntoIterator<Item = &'l mut Link>, brands: &[Brand<'_>]) {
    brands::check(links, brands);
}

/// The institution whose official domain (or a subdomain of it) the link's
/// host is: `personal.webank.com` → `webank`. `None` for other links,
/// including look-alikes and redacted links.
pub fn official_institution<'a>(link: &Link, brands: &[Brand<'a>]) -> Option<&'a str> {
    brands::official_for(&link.host, brands)
}

/// The registrable domain of a host by the public suffix list
/// (`a.b.com.cn` → `b.com.cn`, `foo.github.io` → `foo.github.io`); `None` for
/// IP addresses, unknown suffixes and bare suffixes (`com.cn`). The host may be
/// in Unicode or punycode, any case; the answer is lower-case punycode.
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    let ascii = if host.is_ascii() {
        host.to_ascii_lowercase()
    } else {
        url::quirks::domain_to_ascii(host)
    };
    psl::split(&ascii).map(|s| s.domain.to_string())
}

/// A masked link: a link was there, nothing is known of it.
fn redacted(raw: &str, range: Option<Range<usize>>) -> Link {
    Link {
        range,
        url: raw.to_string(),
        host: String::new(),
        domain: String::new(),
        flags: vec![LinkFlag::Redacted],
        shown_text: None,
    }
}

/// Wrappers nested deeper than this are left as they are.
const MAX_UNWRAP: usize = 4;

/// Parses a URL text (scheme optional, `hxxp` accepted), unwraps redirect
/// wrappers and computes host, domain and flags.
fn describe(raw: &str, range: Option<Range<usize>>) -> Option<Link> {
    let mut url = parse_web_url(raw)?;
    if url.host_str().is_some_and(|h| h.contains('*')) {
        return Some(redacted(raw, range));
    }
    let mut flags = Vec::new();
    for _ in 0..MAX_UNWRAP {
        let Some(target) = unwrap_once(&url) else {
            break;
        };
        let host = url.host_str().unwrap_or_default();
        let wrapper = psl::split(host).map_or(host, |s| s.domain).to_string();
        let flag = LinkFlag::Redirected(wrapper);
        if !flags.contains(&flag) {
            flags.push(flag);
        }
        url = target;
    }
    let host = match url.host()? {
        Host::Domain(d) => d.to_ascii_lowercase(),
        Host::Ipv4(ip) => ip.to_string(),
        Host::Ipv6(ip) => ip.to_string(),
    };
    let ip = !matches!(url.host(), Some(Host::Domain(_)));
    let domain = if ip {
        host.clone()
    } else {
        psl::split(&host).map_or(host.clone(), |s| s.domain.to_string())
    };

    let k = knowledge();
    let mut own = Vec::new();
    if k.is_shortener(&host) {
        own.push(LinkFlag::Shortener);
    }
    if !ip && k.is_free_hosting(&host, url.path()) {
        own.push(LinkFlag::FreeHosting);
    }
    // Hyphens of the owner's own label (punycode labels have theirs).
    let label = psl::split(&host).map(|s| s.label()).filter(|l| !l.starts_with("xn--"));
    if !ip && label.is_some_and(|l| l.matches('-').count() >= 2) {
        own.push(LinkFlag::HyphenatedDomain);
    }
    if ip {
        own.push(LinkFlag::IpHost);
    }
    if host.split('.').any(|l| l.starts_with("xn--")) {
        own.push(LinkFlag::Punycode);
    }
    if !ip && is_confusable(&host) {
        own.push(LinkFlag::Confusable);
    }
    let tld = host.rsplit('.').next().unwrap_or_default();
    if !ip && k.suspicious_tlds.contains(&tld) {
        own.push(LinkFlag::SuspiciousTld);
    }
    if is_apk(&url) {
        own.push(LinkFlag::ApkDownload);
    }
    if !url.username().is_empty() || url.password().is_some() {
        own.push(LinkFlag::UserInfo);
    }
    own.extend(flags);
    Some(Link {
        range,
        url: url.to_string(),
        host,
        domain,
        flags: own,
        shown_text: None,
    })
}

/// An absolute http(s) URL from text that may lack a scheme or be defanged.
fn parse_web_url(raw: &str) -> Option<Url> {
    let raw = raw.trim();
    let scheme_end = raw.find("://");
    let text = match scheme_end {
        Some(n) => {
            let scheme = raw[..n].to_ascii_lowercase();
            let rest = &raw[n..];
            match scheme.as_str() {
                "http" | "https" => raw.to_string(),
                "hxxp" => format!("http{rest}"),
                "hxxps" => format!("https{rest}"),
                _ => return None,
            }
        }
        None => format!("http://{raw}"),
    };
    let url = Url::parse(&text).ok()?;
    let web = matches!(url.scheme(), "http" | "https");
    let host_ok = url.host_str().is_some_and(|h| !h.is_empty());
    (web && host_ok).then_some(url)
}

/// The target inside a redirect wrapper, if `url` is one and holds a web URL.
fn unwrap_once(url: &Url) -> Option<Url> {
    let host = url.host_str()?.to_ascii_lowercase();
    let wrapper = knowledge()
        .redirectors
        .iter()
        .find(|r| r.matches(&host, url.path()))?;
    wrapper.params.iter().find_map(|param| {
        let value = url.query_pairs().find(|(k, _)| k == *param)?.1;
        let value = value.trim();
        let has_scheme = value
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
            || value
                .get(..8)
                .is_some_and(|p| p.eq_ignore_ascii_case("https://"));
        if has_scheme {
            return parse_web_url(value);
        }
        // A bare host as the target (`gourl=www.x.cn/pay`).
        let bare = find_in_text(value);
        match bare.as_slice() {
            [only]
                if only
                    .range
                    .as_ref()
                    .is_some_and(|r| r.start == 0 && r.end == value.len()) =>
            {
                parse_web_url(value)
            }
            _ => None,
        }
    })
}

/// A host label mixes scripts in a way that deceives (Latin with Cyrillic or
/// Greek: `pаypal`), or is written wholly in letters that imitate Latin ones
/// (Cyrillic `раураl`). Chinese labels, and Chinese mixed with Latin, are not.
fn is_confusable(host: &str) -> bool {
    host.split('.').any(|label| {
        if !label.starts_with("xn--") {
            return false;
        }
        let shown = url::quirks::domain_to_unicode(label);
        if shown.is_ascii() || shown.starts_with("xn--") {
            return false;
        }
        let mixed = scripts::mixed(&shown);
        let imitates_latin = skeleton::ascii_skeleton(&shown)
            .is_some_and(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        mixed || imitates_latin
    })
}

/// A download of an Android package: the path ends in `.apk`, or the URL
/// names both a download and an APK (`/download?type=apk`).
fn is_apk(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    if path.ends_with(".apk") {
        return true;
    }
    let query = url.query().unwrap_or_default().to_ascii_lowercase();
    let all = format!("{path}?{query}");
    query.contains(".apk") || (all.contains("download") && all.contains("apk"))
}
