//! E-mail senders: `Name <addr>`, `"Name" <addr>`, `<addr>`, a bare address, or
//! a name written before a bare address (`Name addr`, `Name (addr)`,
//! `Name [mailto:addr]`, `Name - addr`), as pages and forwarded mail show them.
//! Phishing mail hides behind the display name: invisible characters that
//! defeat filters (`P\u{200d}r\u{200d}ime`), an address written into the name
//! that differs from the real one, or a free-mail mailbox claiming to be a bank.
//! The free-mail domains are data (`data/free_mail.toml`).

use crate::text::is_invisible;
use super::{EmailSender, SenderFlag};

include!(concat!(env!("OUT_DIR"), "/free_mail.rs"));

/// `domain` (lower-case) belongs to a free-mail provider: equal to a listed
/// domain or a subdomain of one; `gmx.*` matches gmx under any top-level domain.
pub(crate) fn is_free_mail(domain: &str) -> bool {
    FREE_MAIL
        .iter()
        .any(|d| match d.strip_suffix(".*") {
            Some(label) => domain.strip_prefix(label).is_some_and(|rest| {
                rest.starts_with('.')
                    && rest.len() > 1
                    && rest[1..].split('.').all(|l| !l.is_empty())
            }),
            None => {
                domain == *d
                    || domain
                        .strip_suffix(d)
                        .is_some_and(|head| head.ends_with('.'))
            }
        })
}

/// `s` without invisible characters, whitespace runs collapsed to one space,
/// trimmed; and whether anything invisible was removed.
pub(crate) fn clean(s: &str) -> (String, bool) {
    let mut out = String::with_capacity(s.len());
    let mut hidden = false;
    for c in s.chars() {
        if is_invisible(c) {
            hidden = true;
        } else if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    (out, hidden)
}

/// Splits and checks an address; lower-cased `(address, domain)`.
fn address(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let s = s.strip_prefix("mailto:").unwrap_or(s);
    let at = s.rfind('@')?;
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let bad = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\@".contains(c);
    if local.is_empty() || local.chars().any(bad) {
        return None;
    }
    let domain_ok = !domain.is_empty()
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if !domain_ok {
        return None;
    }
    let domain = domain.to_lowercase();
    Some((format!("{}@{domain}", local.to_lowercase()), domain))
}

/// An address whose domain has a dot (`a@b` is no address a name shows).
fn dotted_address(s: &str) -> Option<(String, String)> {
    address(s).filter(|(_, domain)| domain.contains('.'))
}

/// The first e-mail address written inside a display name, if any.
fn address_in(name: &str) -> Option<String> {
    name.split(|c: char| c.is_whitespace() || "<>()[]\"'，,;：:".contains(c))
        .filter(|t| t.contains('@'))
        .find_map(dotted_address)
        .map(|(a, _)| a)
}

/// A sender written without angle brackets: the last word that is an address
/// (inside `()`, `[]`, quotes or after `mailto:` too) is the address, and what
/// comes before it, if anything, the display name (`NETFLlX ids@live.outlook.fr`).
/// Without such a word, all of `t` is the address to check.
fn name_before_bare_address(t: &str) -> (Option<&str>, &str) {
    let Some(word) = t.split_whitespace().rev().find(|w| dotted_address(unwrapped(w)).is_some()) else {
        return (None, t);
    };
    // `word` is a slice of `t`: its offset is where the name ends.
    let start = word.as_ptr() as usize - t.as_ptr() as usize;
    let name = t[..start].trim_end_matches(|c: char| c.is_whitespace() || "-–:(".contains(c)).trim();
    ((!name.is_empty()).then_some(name), unwrapped(word))
}

/// A word without the brackets, quotes or `mailto:` around an address.
fn unwrapped(w: &str) -> &str {
    let w = w.trim_matches(|c: char| "()[]\"'<>,;".contains(c));
    w.strip_prefix("mailto:").unwrap_or(w)
}

/// Reads an e-mail sender; `None` when `t` is not one.
pub(crate) fn parse(t: &str) -> Option<(EmailSender, Vec<SenderFlag>)> {
    let (name, addr) = match t.rfind('<') {
        Some(lt) => {
            let after = &t[lt + 1..];
            let gt = after.find('>')?;
            (Some(&t[..lt]), &after[..gt])
        }
        None if t.contains('>') => return None,
        None => name_before_bare_address(t),
    };
    let mut flags = Vec::new();
    let (addr, addr_hidden) = clean(addr);
    let (address, domain) = address(&addr)?;
    let mut hidden = addr_hidden;
    let display_name = name.and_then(|n| {
        let (n, h) = clean(n);
        hidden |= h;
        let n = n.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
        let n = n.replace("\\\"", "\"");
        (!n.is_empty()).then_some(n)
    });
    if hidden {
        flags.push(SenderFlag::HiddenCharacters);
    }
    let display_address = display_name.as_deref().and_then(address_in);
    if let Some(shown) = &display_address {
        if *shown != address {
            flags.push(SenderFlag::DisplayNameAddress(shown.clone()));
        }
    }
    if is_free_mail(&domain) {
        flags.push(SenderFlag::FreeMail);
    }
    Some((
        EmailSender {
            display_name,
            address,
            domain,
            display_address,
        },
        flags,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_mail_list_loads_and_matches() {
        assert!(FREE_MAIL.len() >= 40, "free_mail.toml did not load");
        let cases = [
            ("gmail.com", true),
            ("qq.com", true),
            ("vip.163.com", true),
            ("gmx.de", true),
            ("gmx.co.uk", true),
            ("gmx", false),
            ("gmxx.com", false),
            ("notgmail.com", false),
            ("gmail.com.evil.top", false),
            ("cmbchina.com", false),
            ("message.cmbchina.com", false),
            ("", false),
        ];
        for (domain, want) in cases {
            assert_eq!(is_free_mail(domain), want, "{domain}");
        }
    }

    #[test]
    fn free_mail_entries_are_plain_domains() {
        for d in FREE_MAIL {
            let base = d.strip_suffix(".*").unwrap_or(d);
            assert!(
                !base.is_empty()
                    && base
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.'),
                "{d}"
            );
        }
    }

    #[test]
    fn clean_removes_invisible_and_collapses_space() {
        assert_eq!(
            clean("P\u{200d}\u{200d}r i\u{200b}me \u{200d} \u{200d}"),
            ("Pr ime".to_string(), true)
        );
        assert_eq!(
            clean("  Bank   of  China "),
            ("Bank of China".to_string(), false)
        );
        assert_eq!(clean("\u{feff}"), (String::new(), true));
    }

    #[test]
    fn a_name_before_a_bare_address_is_the_display_name() {
        let cases = [
            ("NETFLlX online-ids165824@live.outlook.fr", Some("NETFLlX"), "online-ids165824@live.outlook.fr"),
            ("\"CAMPUS WEB EMAIL TECHNICAL SUPPORT\" info@webteam.com", Some("CAMPUS WEB EMAIL TECHNICAL SUPPORT"), "info@webteam.com"),
            ("Internal Revenue Service (efile@re-fund.co.us)", Some("Internal Revenue Service"), "efile@re-fund.co.us"),
            ("Internal Revenue Service (IRS) [mailto:taxrefund@456.irs.gov]", Some("Internal Revenue Service (IRS)"), "taxrefund@456.irs.gov"),
            ("Email management team - ahsan.cecil@hotmail.com", Some("Email management team"), "ahsan.cecil@hotmail.com"),
            ("service@paypal.com conssumersads@berakgak.com", Some("service@paypal.com"), "conssumersads@berakgak.com"),
            ("service@paypal.com (spoofed)", None, "service@paypal.com"),
            ("alerts@chase.com", None, "alerts@chase.com"),
        ];
        for (raw, name, addr) in cases {
            let (sender, _) = parse(raw).unwrap_or_else(|| panic!("not read: {raw}"));
            assert_eq!(sender.display_name.as_deref(), name, "{raw}");
            assert_eq!(sender.address, addr, "{raw}");
        }
        // A name with no address in it is no e-mail sender.
        for raw in ["Chase Bank", "Internal Revenue Service (IRS)", ""] {
            assert!(parse(raw).is_none(), "{raw}");
        }
        // The address the name shows differs from the real one.
        let (_, flags) = parse("service@paypal.com conssumersads@berakgak.com").unwrap();
        assert!(flags.contains(&SenderFlag::DisplayNameAddress("service@paypal.com".into())));
    }

    #[test]
    fn address_checks() {
        let cases = [
            ("a@b.com", Some("a@b.com")),
            ("Paol.Reggiani@moss.IT", Some("paol.reggiani@moss.it")),
            ("noreply@customer", Some("noreply@customer")),
            ("mailto:x@y.cn", Some("x@y.cn")),
            ("@b.com", None),
            ("a@", None),
            ("a b@c.com", None),
            ("a@b..com", None),
            ("a@.b.com", None),
            ("a@b.com>", None),
        ];
        for (s, want) in cases {
            assert_eq!(address(s).map(|(a, _)| a), want.map(str::to_string), "{s}");
        }
    }
}
