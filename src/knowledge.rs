//! The knowledge base: banks, lenders, the credit bureau and regulators, with
//! their names, products, SMS signatures, numbers and domains, every fact
//! citing its source (`data/institutions.toml`).
//!
//! (Skeleton: the knowledge issue work replaces this file.)

use std::ops::Range;

/// One institution.
#[derive(Debug, Clone, Default)]
pub struct Institution {
    /// Stable id (`webank`).
    pub id: String,
    /// Chinese name (`微众银行`).
    pub name_zh: String,
    /// English name (`WeBank`).
    pub name_en: String,
    /// Official hotlines, best first (the one advice names is the first).
    pub hotlines: Vec<String>,
    /// Official registrable domains.
    pub domains: Vec<String>,
    /// ASCII brand tokens for lookalike checks.
    pub brand_tokens: Vec<String>,
}

/// How a message names an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimVia {
    /// Its SMS signature in 【】 or [].
    Signature,
    /// A signature the institution does not use (【微粒贷】).
    WrongSignature,
    /// Its name or alias in the text.
    Name,
    /// One of its products (微粒贷, 借呗).
    Product,
}

/// A mention of an institution in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Index into [`Knowledge::institutions`].
    pub institution: usize,
    /// Byte range in the searched text.
    pub range: Range<usize>,
    /// How it is named.
    pub via: ClaimVia,
}

/// Whether a sender or domain belongs to an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    /// One of its own numbers, ports or domains.
    Yes,
    /// A 106 port ending in its service number: probably its gateway.
    Likely,
    /// Known to be someone else's, or a form it never uses.
    No,
    /// The knowledge base cannot tell.
    Unknown,
}

/// The compiled-in knowledge base.
#[derive(Debug, Default)]
pub struct Knowledge {
    /// Every institution.
    pub institutions: Vec<Institution>,
}

impl Knowledge {
    /// The knowledge base compiled into the crate (parsed once).
    pub fn get() -> &'static Knowledge {
        static K: std::sync::OnceLock<Knowledge> = std::sync::OnceLock::new();
        K.get_or_init(Knowledge::default)
    }

    /// Institutions named or signed in a (normalised, Simplified) text.
    pub fn find_claims(&self, _text: &str) -> Vec<Claim> {
        Vec::new()
    }

    /// Does this canonical number (95588, 1069095599, …) belong to the institution?
    pub fn number_belongs(&self, _inst: usize, _number: &str) -> Belongs {
        Belongs::Unknown
    }

    /// Does this registrable domain belong to the institution?
    pub fn domain_belongs(&self, _inst: usize, _domain: &str) -> Belongs {
        Belongs::Unknown
    }

    /// The institution that owns this number, if the knowledge base knows one.
    pub fn institution_for_number(&self, _number: &str) -> Option<usize> {
        None
    }

    /// The institution that owns this registrable domain, if any.
    pub fn institution_for_domain(&self, _domain: &str) -> Option<usize> {
        None
    }
}
