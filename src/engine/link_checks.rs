//! The links of a message: found in its text and its link elements (each
//! target once), then judged against the institution or brand it claims,
//! the sender's own domain and the user's lists.

use super::brands::{brands, link_brands, BrandDef};
use super::text_cues::{link_stand_ins, may_have_redacted_link_words, LINK_WARNINGS, REDACTED_LINK_WORDS};
use super::{Classifier, MAX_ITEMS};
use crate::knowledge::Belongs;
use crate::links::{self, Link, LinkFlag};
use crate::rules::Known as K;
use crate::text::last_chars;
use std::collections::{HashMap, HashSet};

/// A link of the message, with where it came from.
pub(super) struct FoundLink {
    pub(super) link: Link,
    pub(super) input_index: Option<usize>,
    pub(super) official: bool,
}

impl<'a> Classifier<'a> {
    /// Every distinct link of the message, however many it has: a page that
    /// pads a message with thousands of ordinary links must not push the one
    /// bad link out of sight. Each target counts once: a link element whose
    /// target was already found (in the text or an earlier element) is one
    /// link, remembered as both. `chinese`: the text has Chinese characters.
    pub(super) fn collect_links(&self, chinese: bool) -> Vec<FoundLink> {
        // A target written again further on is the same link: its first place
        // stands for it (most texts have one link or none: nothing to compare).
        let mut found = links::find_in_text(&self.message.text);
        if found.len() > 1 {
            let mut written: HashSet<String> = HashSet::new();
            found.retain(|link| written.insert(link.url.clone()));
        }
        let mut out: Vec<FoundLink> = found.into_iter().map(|link| FoundLink { link, input_index: None, official: false }).collect();
        // Articles and datasets that quote a scam text replace its link with
        // words, a placeholder or a mask.
        let text = self.message.text.as_str();
        let mut stand_ins = link_stand_ins(text);
        // The words are Chinese: an English text has none of them, and most
        // Chinese texts none either (one automaton pass tells).
        if out.is_empty() && stand_ins.is_empty() && chinese && may_have_redacted_link_words(text) {
            for word in REDACTED_LINK_WORDS {
                let told_not_to = |at: usize| {
                    let before = last_chars(&text[..at], 4);
                    LINK_WARNINGS.iter().any(|w| before.contains(w))
                };
                stand_ins.extend(text.match_indices(word).take(MAX_ITEMS).filter(|(at, _)| !told_not_to(*at)).map(|(at, w)| at..at + w.len()));
            }
        }
        for range in stand_ins {
            if out.len() < MAX_ITEMS && !out.iter().any(|f| f.link.range.as_ref().is_some_and(|r| r.start < range.end && range.start < r.end)) {
                let link = Link { range: Some(range), url: String::new(), host: String::new(), domain: String::new(), flags: vec![LinkFlag::Redacted], shown_text: None };
                out.push(FoundLink { link, input_index: None, official: false });
            }
        }
        if self.message.links.is_empty() {
            return out;
        }
        let mut by_url: HashMap<String, usize> = HashMap::new();
        for (i, f) in out.iter().enumerate() {
            by_url.entry(f.link.url.clone()).or_insert(i);
        }
        // The same element twice (a padded page repeats its links) is read once.
        let mut seen_inputs: HashSet<(&str, &str)> = HashSet::new();
        for (i, l) in self.message.links.iter().enumerate() {
            if !seen_inputs.insert((l.href.as_deref().unwrap_or_default(), l.text.as_deref().unwrap_or_default())) {
                continue;
            }
            let Some(link) = links::from_input(l.href.as_deref(), l.text.as_deref()) else { continue };
            match by_url.get(&link.url).and_then(|&at| out.get_mut(at)) {
                Some(same) => {
                    same.input_index.get_or_insert(i);
                    for flag in link.flags {
                        if !same.link.flags.contains(&flag) {
                            same.link.flags.push(flag);
                        }
                    }
                }
                None => {
                    by_url.insert(link.url.clone(), out.len());
                    out.push(FoundLink { link, input_index: Some(i), official: false });
                }
            }
        }
        out
    }

    /// `signed`: Chinese text with a `【…】` signature, the name a bulk sender
    /// registers with its SMS gateway.
    pub(super) fn link_signals(&mut self, links: &mut [FoundLink], inst: Option<usize>, inst_name: Option<&str>, overdue: bool, signed: bool, sender_domain: Option<&str>) {
        // No link, nothing to judge (and no `download_app_request` to drop).
        if links.is_empty() {
            return;
        }
        let kb = self.kb;
        let brands_named: Vec<&BrandDef> = brands().find(&self.norm.text);
        // A lure with a link is phishing (`lure = true` in data/signals.toml).
        let lure = self.raised.iter().any(|r| self.rules.catalog.signals[r.signal].lure);
        // An app download offered only on the sender's own sites is not a lure.
        let mut every_link_own = true;
        link_brands().check(links.iter_mut().map(|l| &mut l.link));
        // By index: each link is updated in place while `self` raises signals.
        #[allow(clippy::needless_range_loop)]
        for li in 0..links.len() {
            let domain = links[li].link.domain.clone();
            let redacted = links[li].link.flags.contains(&LinkFlag::Redacted);
            let user_trusted = !redacted && self.options.trusted_domains.iter().any(|d| domain_matches(d, &domain));
            let user_blocked = !redacted && self.options.blocked_domains.iter().any(|d| domain_matches(d, &domain));
            // A disguised link is no institution's own, whatever its domain.
            let disguised = links[li].link.flags.contains(&LinkFlag::HiddenCharacters);
            let inst_official = !redacted && !disguised && inst.is_some_and(|i| kb.domain_belongs(i, &domain) == Belongs::Yes);
            let brand_official = !redacted && brands_named.iter().any(|b| b.owns(&domain));
            let senders_own = !redacted && sender_domain == Some(domain.as_str());
            // A government body's or a licensed bank's own site (a council's,
            // a court's, `icici.bank.in`): only such a body registers there.
            let vetted = !redacted && !disguised && crate::links::is_vetted_domain(&domain);
            let hidden_target = links[li].link.flags.contains(&LinkFlag::Shortener);
            links[li].official = user_trusted || inst_official;
            let flags = links[li].link.flags.clone();
            let snapshot = FoundLink { link: links[li].link.clone(), input_index: links[li].input_index, official: links[li].official };
            for flag in &flags {
                let (id, detail) = match flag {
                    // Chinese bulk senders shortened their links on the public
                    // services (t.cn, url.cn) to fit one SMS: signed, it counts apart.
                    LinkFlag::Shortener if signed => (K::link_shortener_signed, None),
                    LinkFlag::Shortener => (K::link_shortener, None),
                    LinkFlag::IpHost => (K::link_ip_host, None),
                    LinkFlag::Punycode => (K::link_punycode, None),
                    LinkFlag::Confusable => (K::link_confusable, None),
                    LinkFlag::Lookalike(of) => (K::link_lookalike, Some(of.clone())),
                    LinkFlag::BrandInSubdomain(t) => (K::link_brand_in_subdomain, Some(t.clone())),
                    LinkFlag::BrandInPath(t) => (K::link_brand_in_path, Some(t.clone())),
                    LinkFlag::SuspiciousTld => (K::link_suspicious_tld, None),
                    LinkFlag::ApkDownload => (K::link_apk, None),
                    LinkFlag::TextMismatch(d) => (K::link_text_mismatch, Some(d.clone())),
                    LinkFlag::UserInfo => (K::link_userinfo, None),
                    LinkFlag::HiddenCharacters => (K::link_hidden_characters, Some(domain.clone())),
                    LinkFlag::FreeHosting => (K::link_free_hosting, Some(domain.clone())),
                    LinkFlag::HyphenatedDomain => (K::link_hyphenated_domain, Some(domain.clone())),
                    LinkFlag::ActionWordInDomain(w) => (K::link_action_word_in_domain, Some(w.clone())),
                    LinkFlag::Redirected(_) | LinkFlag::Redacted => continue,
                };
                if links[li].official && !matches!(flag, LinkFlag::TextMismatch(_) | LinkFlag::UserInfo | LinkFlag::HiddenCharacters) {
                    continue;
                }
                self.raise_link(id, li, &snapshot, detail);
            }
            if user_blocked {
                self.raise_link(K::user_blocked_domain, li, &snapshot, Some(domain.clone()));
            }
            if user_trusted {
                self.raise_link(K::user_trusted_domain, li, &snapshot, Some(domain.clone()));
            } else if inst_official {
                self.raise_link(K::official_link, li, &snapshot, inst_name.map(str::to_string));
            } else if let Some(b) = brands_named.iter().find(|b| !redacted && b.owns(&domain)) {
                // The named organisation's own website (pge.com in a PG&E bill).
                self.raise_link(K::official_link, li, &snapshot, Some(b.id.to_string()));
            } else if hidden_target || vetted {
                // A public short link hides where it goes (`link_shortener` says
                // so): it does not show a claimed name misused. A vetted body's
                // site is nobody's look-alike (a card alert naming the merchant
                // links to the bank's own `.bank.in` site).
            } else if inst.is_some() {
                self.raise_link(K::institution_link_not_official, li, &snapshot, inst_name.map(str::to_string));
            } else if let Some(b) = brands_named.first() {
                self.raise_link(K::brand_link_not_official, li, &snapshot, Some(b.id.to_string()));
            }
            every_link_own &= links[li].official || brand_official || senders_own;
            if !links[li].official && !brand_official && !senders_own && !vetted {
                if overdue {
                    self.raise_link(K::link_in_overdue_notice, li, &snapshot, None);
                }
                if lure {
                    self.raise_link(K::link_with_lure, li, &snapshot, None);
                }
            }
        }
        if let Some(download) = self.rules.known(K::download_app_request).filter(|_| every_link_own) {
            self.raised.retain(|r| r.signal != download);
        }
    }
}

/// A user's domain entry matches the domain or any subdomain of it.
fn domain_matches(listed: &str, domain: &str) -> bool {
    let listed = listed.trim().trim_start_matches("*.").trim_start_matches('.').to_lowercase();
    !listed.is_empty() && !domain.is_empty() && (domain == listed || domain.ends_with(&format!(".{listed}")) || listed.ends_with(&format!(".{domain}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_domain_entries_match_subdomains() {
        assert!(domain_matches("webank.com", "webank.com"));
        assert!(domain_matches("*.webank.com", "webank.com"));
        assert!(!domain_matches("bank.com", "webank.com"));
        assert!(!domain_matches("", "webank.com"));
    }
}
