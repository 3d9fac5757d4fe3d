//! Well-known brands (`data/brands.toml`): which a text names, which domains
//! are theirs, and the tokens phishing domains borrow from them, prepared
//! once with the institutions for the links' look-alike checks.

use crate::knowledge::Knowledge;
use crate::links::{Brand, PreparedBrands};
use crate::words::Words;
use std::sync::OnceLock;

/// A well-known brand from `data/brands.toml`.
#[derive(Debug)]
pub(super) struct BrandDef {
    pub(super) id: &'static str,
    names: &'static [&'static str],
    domains: &'static [&'static str],
    /// Tokens that phishing domains borrow from the brand (`usps` of
    /// `usps-redelivery.top`); none for brands whose name is an ordinary word.
    link_tokens: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/brands.rs"));

impl BrandDef {
    pub(super) fn owns(&self, domain: &str) -> bool {
        self.domains.iter().any(|d| domain.strip_suffix(d).is_some_and(|rest| rest.is_empty() || rest.ends_with('.')))
    }
}

pub(super) struct Brands {
    list: &'static [BrandDef],
    matcher: Option<Words>,
    owner: Vec<usize>,
    /// The brands with `link_tokens`, as (id, domains, tokens) for [`Brands::for_links`].
    linked: Vec<(&'static str, Vec<String>, Vec<String>)>,
}

impl Brands {
    /// Brands named (as whole words) in a normalised text, in order of appearance.
    pub(super) fn find(&self, text: &str) -> Vec<&BrandDef> {
        let Some(m) = &self.matcher else { return Vec::new() };
        let bytes = text.as_bytes();
        let mut out: Vec<&BrandDef> = Vec::new();
        for (hit, pattern) in m.leftmost(text) {
            let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
            let ascii = bytes.get(hit.start).is_some_and(|b| b.is_ascii_alphanumeric());
            if ascii && ((hit.start > 0 && word(hit.start - 1)) || word(hit.end)) {
                continue;
            }
            if let Some(b) = self.owner.get(pattern).and_then(|&i| self.list.get(i)) {
                if !out.iter().any(|o| o.id == b.id) {
                    out.push(b);
                }
            }
        }
        out
    }

    /// The brand whose own domain `domain` (a registrable domain) is.
    pub(super) fn owner_of(&self, domain: &str) -> Option<&BrandDef> {
        self.list.iter().find(|b| b.owns(domain))
    }

    /// The brands with link tokens, for the links module's look-alike checks.
    fn for_links(&self) -> impl Iterator<Item = Brand<'_>> {
        self.linked.iter().map(|(id, domains, tokens)| Brand { institution: id, domains, tokens })
    }
}

/// The institutions, then the well-known brands that phishing domains
/// borrow, prepared for the links' checks once.
pub(super) fn link_brands() -> &'static PreparedBrands {
    static B: OnceLock<PreparedBrands> = OnceLock::new();
    B.get_or_init(|| {
        let all: Vec<Brand<'_>> = Knowledge::get().brands().into_iter().chain(brands().for_links()).collect();
        PreparedBrands::new(&all)
    })
}

pub(super) fn brands() -> &'static Brands {
    static B: OnceLock<Brands> = OnceLock::new();
    B.get_or_init(|| {
        let list = BRANDS;
        let mut pats = Vec::new();
        let mut owner = Vec::new();
        // The names as written: data/brands.toml writes them in the
        // normalised form texts are matched in (a test checks), so that the
        // first message does not normalise 188 names.
        for (i, b) in list.iter().enumerate() {
            for n in b.names {
                pats.push(*n);
                owner.push(i);
            }
        }
        let matcher = Words::new(&pats, true);
        let owned = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect();
        let linked = list.iter().filter(|b| !b.link_tokens.is_empty()).map(|b| (b.id, owned(b.domains), owned(b.link_tokens))).collect();
        Brands { list, matcher, owner, linked }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names are matched as written, so each must be in the normalised
    /// form texts are matched in.
    #[test]
    fn brand_names_are_written_in_normalised_form() {
        let bad = crate::text::not_normalised(BRANDS.iter().flat_map(|b| b.names.iter().copied()));
        assert!(bad.is_empty(), "data/brands.toml: names not in normalised form: {}", bad.join(", "));
    }

    #[test]
    fn brands_data_loads() {
        assert!(brands().list.len() > 10);
        assert_eq!(brands().find("your netflix account").first().map(|b| b.id), Some("netflix"));
        assert!(brands().find("groups of people").is_empty());
    }
}
