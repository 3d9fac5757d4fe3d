//! The knowledge base: who the banks, lenders, the credit bureau and the
//! regulators are, and how a message can tell whether it really comes from one.
//!
//! A collection notice names somebody: a 【微众银行】 signature, "您的借呗", "工行
//! 信用卡". Scams name somebody too, often with a slip: 【微粒贷】 (WeBank signs
//! 【微众银行】), a 106 port or a mobile number instead of the bank's 95588, a
//! link outside the bank's domains. This module holds the sourced facts
//! (`data/institutions.toml`: names, products, SMS signatures, hotlines, sender
//! numbers, domains, each with its source and confidence) and answers:
//!
//! - which institutions a text claims, and how ([`Knowledge::find_claims`]);
//! - whether a number or a domain is theirs ([`Knowledge::number_belongs`],
//!   [`Knowledge::domain_belongs`]) and whose it is
//!   ([`Knowledge::institution_for_number`], [`Knowledge::institution_for_domain`]);
//! - what to tell the user: the hotline to call and where to check
//!   ([`Knowledge::hotline`], [`Knowledge::official_channel`]).
//!
//! "Unknown" is an honest answer here: most lenders publish no sourced number,
//! so the absence of a fact is never evidence against a message.

mod data;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::links::Brand;

/// Longest text inside 【】 that is read as a signature, in characters.
const MAX_SIGNATURE_CHARS: usize = 24;

/// What sort of body an institution is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A bank (including internet banks such as WeBank).
    #[default]
    Bank,
    /// A bank's credit-card centre, with its own numbers.
    CardCentre,
    /// A consumer lender or lending platform.
    Lender,
    /// A payment platform (Alipay, UnionPay).
    Payment,
    /// The credit bureau (征信中心).
    Bureau,
    /// A regulator (NFRA, PBOC).
    Regulator,
    /// A public service line (96110, 12381, 12321, 12368).
    PublicService,
}

/// How sure the sources are (institutions.md conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Confidence {
    /// Official, government or press source.
    #[serde(rename = "H")]
    High,
    /// Open-source data or code, or a maintainer-confirmed report.
    #[serde(rename = "M")]
    Medium,
    /// A content page or an unconfirmed user claim: never used as proof.
    #[serde(rename = "L")]
    Low,
}

/// Which kind of fact a [`Fact`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactField {
    /// An SMS signature (text inside 【】).
    Signature,
    /// A signature the institution does not use.
    WrongSignature,
    /// A customer-service number.
    Hotline,
    /// A credit-card-centre number.
    CardHotline,
    /// An SMS sender number or 106 port.
    Sender,
    /// The number a 106 port may end with.
    ServiceSuffix,
    /// A registrable domain.
    Domain,
    /// A host seen in sender e-mail addresses.
    EmailDomain,
}

/// Where a signature sits in real messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignaturePosition {
    /// `【X】text…`
    Prefix,
    /// `text…【X】`
    Suffix,
    /// Both are seen.
    Either,
    /// The source does not say.
    Unknown,
}

/// One sourced fact about an institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// What it is.
    pub field: FactField,
    /// The value (digits for numbers, a lower-case domain, the signature text).
    pub value: String,
    /// Source keys (see [`Knowledge::source`]) or URLs.
    pub sources: Vec<String>,
    /// How sure the sources are.
    pub confidence: Confidence,
    /// A remark from the research (scope, caveat).
    pub note: Option<String>,
    /// For signatures: prefix or suffix.
    pub position: Option<SignaturePosition>,
}

/// A sentence in both interface languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// One institution.
#[derive(Debug, Clone, Default)]
pub struct Institution {
    /// Stable id (`webank`).
    pub id: String,
    /// What sort of body it is.
    pub kind: Kind,
    /// Institutions with the same group share numbers and domains (a bank and
    /// its credit-card centre).
    pub group: Option<String>,
    /// Chinese name (`微众银行`).
    pub name_zh: String,
    /// English name (`WeBank`).
    pub name_en: String,
    /// Unambiguous names and aliases (ASCII lower-case).
    pub names: Vec<String>,
    /// Ambiguous short names that count only as a whole signature (`平安`).
    pub short_names: Vec<String>,
    /// Product names (`微粒贷`).
    pub products: Vec<String>,
    /// Phrases that contain a name without meaning it (`化工行业`).
    pub decoys: Vec<String>,
    /// SMS signatures real messages carry (without the brackets).
    pub signatures: Vec<String>,
    /// Signatures the institution does not use (`微粒贷`).
    pub wrong_signatures: Vec<String>,
    /// Official hotlines, best first (the one advice names is the first).
    pub hotlines: Vec<String>,
    /// Credit-card-centre numbers.
    pub card_hotlines: Vec<String>,
    /// Exact SMS sender numbers and ports.
    pub senders: Vec<String>,
    /// Numbers a 106 port may end with (a weak positive).
    pub service_suffix: Vec<String>,
    /// Official registrable domains.
    pub domains: Vec<String>,
    /// Hosts of its sender e-mail addresses.
    pub email_domains: Vec<String>,
    /// ASCII brand tokens for lookalike checks (substring matches are fine).
    pub brand_tokens: Vec<String>,
    /// Short brand tokens that count only as a whole label (`ccb`, `jd`).
    pub brand_tokens_exact: Vec<String>,
    /// Where the user can check, when the research states it.
    pub official_channel: Option<Channel>,
    /// Sources of [`Institution::official_channel`].
    pub official_channel_sources: Vec<String>,
    /// Every confirmed fact above, with its sources and confidence.
    pub facts: Vec<Fact>,
    /// Recorded but unconfirmed facts (user claims, conflicts): never proof.
    pub unconfirmed: Vec<Fact>,
    /// Remarks worth knowing (not matched).
    pub notes: Vec<String>,
    /// Sources of the names, products and notes.
    pub sources: Vec<String>,
}

/// How a message names an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimVia {
    /// One of its recorded SMS signatures, in 【】, 〔〕 or (at the start or end) [].
    Signature,
    /// A signature the institution does not use (【微粒贷】).
    WrongSignature,
    /// A signature that names the institution or its product but is not one
    /// the sources record (【中国工商银行】, 【京东金融】): a claim, no evidence.
    UnlistedSignature,
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
    /// Byte range in the searched text (for signatures: including the brackets).
    pub range: Range<usize>,
    /// How it is named.
    pub via: ClaimVia,
}

/// Whether a sender or domain belongs to an institution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Belongs {
    /// One of its own numbers, ports or domains.
    Yes,
    /// A 106 port ending in its service number, or its 95xxx number with an
    /// extension: a weak positive (106 ports are also used by marketers and
    /// scammers).
    Likely,
    /// Known to be someone else's, or a form it never uses (another 95xxx/96xxx).
    No,
    /// The knowledge base cannot tell.
    Unknown,
}

/// What a pattern in the text matcher stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternKind {
    Name,
    Product,
    Decoy,
}

/// One pattern of the text matcher (its owners are in [`Index::patterns`]).
#[derive(Debug)]
struct Pattern {
    /// Starts with an ASCII letter or digit: needs a word boundary before.
    ascii_start: bool,
    /// Ends with an ASCII letter or digit: needs a word boundary after.
    ascii_end: bool,
}

/// Names, products and decoys, matched leftmost-longest (in a lower-cased
/// text: the patterns are lower-cased).
#[derive(Debug)]
struct Matcher {
    automaton: crate::words::Words,
    patterns: Vec<Pattern>,
}

/// Key → institutions, sorted by key (looked up by binary search).
type Table = Cow<'static, [(Cow<'static, str>, Cow<'static, [usize]>)]>;
/// A pattern of the text matcher → who it names and how.
type Owners = (Cow<'static, str>, Cow<'static, [(usize, PatternKind)]>);

/// The knowledge base's lookup tables: for the embedded data, the `INDEX`
/// static build.rs writes (nothing is indexed at run time); for
/// [`Knowledge::from_json`], built by [`Index::new`]. Keys are lower-cased
/// (numbers are digits, domains ASCII).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Index {
    /// Names, products and decoys with their owners, sorted: pattern `i` of
    /// the text matcher is entry `i`.
    patterns: Cow<'static, [Owners]>,
    /// Exact signature text.
    signatures: Table,
    /// Wrong signatures and whose they are, in file order.
    wrong_signatures: Cow<'static, [(Cow<'static, str>, usize)]>,
    /// Short names.
    short_names: Table,
    /// Confirmed numbers.
    numbers: Table,
    /// Confirmed registrable domains.
    domains: Table,
}

/// The compiled-in knowledge base.
#[derive(Debug, Default)]
pub struct Knowledge {
    /// Every institution.
    pub institutions: Vec<Institution>,
    sources: BTreeMap<String, String>,
    default_channels: BTreeMap<Kind, data::RawChannel>,
    index: Index,
    /// Built from [`Index::patterns`] when a text is first searched (eagerly
    /// by [`Knowledge::from_json`], which reports a failure); `None` inside
    /// when there are no patterns or the automaton cannot be built.
    matcher: OnceLock<Option<Matcher>>,
    load_error: Option<String>,
}

impl Knowledge {
    /// The knowledge base compiled into the crate (Rust statics written by
    /// build.rs: nothing to parse; indexed once). If the embedded data cannot
    /// be used this is an empty knowledge base and [`Knowledge::load_error`]
    /// says why; it never panics.
    pub fn get() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| {
            let sources = data::SOURCES.iter().map(|&(k, v)| (k.to_string(), v.to_string())).collect();
            let channels = data::DEFAULT_CHANNELS.iter().cloned().collect();
            Knowledge::from_raw(data::INSTITUTIONS, sources, channels, Some(data::INDEX.clone())).unwrap_or_else(|e| Knowledge {
                load_error: Some(e),
                ..Knowledge::default()
            })
        })
    }

    /// Why the embedded data could not be loaded, if it could not.
    pub fn load_error(&self) -> Option<&str> {
        self.load_error.as_deref()
    }

    /// Builds a knowledge base from the JSON form of `data/institutions.toml`.
    pub fn from_json(json: &str) -> Result<Knowledge, String> {
        let raw: data::RawFile =
            serde_json::from_str(json).map_err(|e| format!("institutions data: {e}"))?;
        let k = Knowledge::from_raw(&raw.institution, raw.source, raw.default_channel, None)?;
        let _ = k.matcher.set(Matcher::new(&k.index)?);
        Ok(k)
    }

    /// Builds a knowledge base from the file's tables, and its lookup tables
    /// unless they are given (build.rs wrote them).
    fn from_raw(
        institutions: &[data::RawInstitution],
        sources: BTreeMap<String, String>,
        default_channels: BTreeMap<Kind, data::RawChannel>,
        index: Option<Index>,
    ) -> Result<Knowledge, String> {
        let institutions = institutions
            .iter()
            .map(data::RawInstitution::to_institution)
            .collect::<Result<Vec<_>, _>>()?;
        let index = index.unwrap_or_else(|| Index::new(&institutions));
        Ok(Knowledge {
            institutions,
            sources,
            default_channels,
            index,
            ..Knowledge::default()
        })
    }

    /// The text matcher, built on first use.
    fn matcher(&self) -> Option<&Matcher> {
        self.matcher.get_or_init(|| Matcher::new(&self.index).ok().flatten()).as_ref()
    }

    /// Institutions named or signed in a normalised text (Simplified Chinese,
    /// full-width folded to ASCII, ASCII lower-cased), in text order.
    ///
    /// Ambiguous short names (平安, 中信, 民生, 招商, boc …) count only as a whole
    /// signature; ASCII names only as whole words; decoy phrases (化工行业, 打白条)
    /// hide the names inside them.
    pub fn find_claims(&self, text: &str) -> Vec<Claim> {
        let Some(matcher) = self.matcher() else {
            return Vec::new();
        };
        let mut claims = Vec::new();
        let mut claimed_brackets: Vec<Range<usize>> = Vec::new();
        for b in signature_brackets(text) {
            let before = claims.len();
            self.bracket_claims(matcher, text, &b, &mut claims);
            if claims.len() > before {
                claimed_brackets.push(b.outer);
            }
        }
        let mut brackets = claimed_brackets.iter().peekable();
        for (range, owners) in matcher.matches(&self.index, text) {
            while brackets.peek().is_some_and(|b| b.end <= range.start) {
                brackets.next();
            }
            if brackets.peek().is_some_and(|b| b.start < range.end) {
                continue;
            }
            for &(inst, kind) in owners {
                let via = match kind {
                    PatternKind::Name => ClaimVia::Name,
                    PatternKind::Product => ClaimVia::Product,
                    PatternKind::Decoy => continue,
                };
                claims.push(Claim {
                    institution: inst,
                    range: range.clone(),
                    via,
                });
            }
        }
        claims.sort_by_key(|c| (c.range.start, c.range.end, c.institution));
        claims
    }

    /// The claims made by one bracketed signature.
    fn bracket_claims(&self, matcher: &Matcher, text: &str, b: &Bracket, out: &mut Vec<Claim>) {
        let Some(content) = text.get(b.inner.clone()) else {
            return;
        };
        let content = content.trim().to_lowercase();
        let mut found: Vec<(usize, ClaimVia)> = Vec::new();
        let signed = lookup(&self.index.signatures, &content);
        if !signed.is_empty() {
            found.extend(signed.iter().map(|&i| (i, ClaimVia::Signature)));
        } else {
            let wrong = self
                .index
                .wrong_signatures
                .iter()
                .filter(|(w, _)| content.contains(w.as_ref()));
            found.extend(wrong.map(|&(_, i)| (i, ClaimVia::WrongSignature)));
        }
        if found.is_empty() {
            let short = lookup(&self.index.short_names, &content);
            let named = matcher
                .matches(&self.index, &content)
                .flat_map(|(_, owners)| owners)
                .filter(|(_, kind)| *kind != PatternKind::Decoy)
                .map(|&(i, _)| i);
            found.extend(
                short
                    .iter()
                    .copied()
                    .chain(named)
                    .map(|i| (i, ClaimVia::UnlistedSignature)),
            );
        }
        let mut seen = Vec::new();
        for (institution, via) in found {
            if !seen.contains(&institution) {
                seen.push(institution);
                out.push(Claim {
                    institution,
                    range: b.outer.clone(),
                    via,
                });
            }
        }
    }

    /// The claim that says most about who the message is from: a recorded
    /// signature, then a wrong one, then any other signature, then the first
    /// name, then the first product.
    pub fn primary_claim<'c>(&self, claims: &'c [Claim]) -> Option<&'c Claim> {
        // A message presents itself as the brand it names or signs as; the
        // regulator, the credit bureau or a public line it merely cites
        // ("根据银保监会规定") is claimed only when nothing else is.
        let authority = |i: usize| {
            self.institutions.get(i).is_some_and(|inst| matches!(inst.kind, Kind::Regulator | Kind::Bureau | Kind::PublicService))
        };
        let rank = |c: &Claim| match c.via {
            ClaimVia::Signature => 0,
            ClaimVia::WrongSignature => 1,
            ClaimVia::UnlistedSignature => 2,
            _ if authority(c.institution) => 5,
            ClaimVia::Name => 3,
            ClaimVia::Product => 4,
        };
        claims.iter().min_by_key(|c| (rank(c), c.range.start))
    }

    /// Does this canonical number (95588, 1069095599, …) belong to the institution?
    ///
    /// `Yes`: one of its (or its group's) hotlines, card hotlines or senders.
    /// `Likely`: a 106 port ending in its service number, or its 5-digit 95xxx
    /// number followed by an extension (9555801). `No`: a number the knowledge
    /// base gives to another institution, or any other 95xxx/96xxx number.
    /// `Unknown` otherwise (and for its own unconfirmed numbers).
    pub fn number_belongs(&self, inst: usize, number: &str) -> Belongs {
        if inst >= self.institutions.len()
            || number.is_empty()
            || !number.bytes().all(|b| b.is_ascii_digit())
        {
            return Belongs::Unknown;
        }
        let owners = lookup(&self.index.numbers, number);
        if owners.iter().any(|&o| self.same_group(inst, o)) {
            return Belongs::Yes;
        }
        let group = || self.group_members(inst);
        let unconfirmed = group().any(|m| {
            m.unconfirmed
                .iter()
                .any(|f| f.value == number && is_number_field(f.field))
        });
        if unconfirmed {
            return Belongs::Unknown;
        }
        if !owners.is_empty() {
            return Belongs::No;
        }
        if number.starts_with("106")
            && group()
                .flat_map(|m| &m.service_suffix)
                .any(|s| is_port_for(number, s))
        {
            return Belongs::Likely;
        }
        let extension = group().flat_map(|m| &m.hotlines).any(|h| {
            h.len() == 5
                && h.starts_with("95")
                && number.len() <= 9
                && number.starts_with(h.as_str())
        });
        if extension {
            return Belongs::Likely;
        }
        if number.starts_with("95") || number.starts_with("96") {
            return Belongs::No;
        }
        Belongs::Unknown
    }

    /// Does this registrable domain (or a host under it) belong to the institution?
    ///
    /// `Yes`: one of its (or its group's) domains. `No`: another institution's.
    /// `Unknown` otherwise.
    pub fn domain_belongs(&self, inst: usize, domain: &str) -> Belongs {
        if inst >= self.institutions.len() {
            return Belongs::Unknown;
        }
        let owners = self.domain_owners(domain);
        if owners.iter().any(|&o| self.same_group(inst, o)) {
            return Belongs::Yes;
        }
        let domain = normalise_domain(domain);
        let unconfirmed = self.group_members(inst).any(|m| {
            m.unconfirmed
                .iter()
                .any(|f| f.field == FactField::Domain && f.value == domain)
        });
        if owners.is_empty() || unconfirmed {
            Belongs::Unknown
        } else {
            Belongs::No
        }
    }

    /// The institution that owns this number (exact match of a confirmed
    /// hotline, card hotline or sender), if the knowledge base knows one.
    pub fn institution_for_number(&self, number: &str) -> Option<usize> {
        lookup(&self.index.numbers, number).first().copied()
    }

    /// The institution whose service number this 106 port ends with (a weak
    /// hint, see [`Belongs::Likely`]).
    pub fn institution_for_port(&self, number: &str) -> Option<usize> {
        if !number.starts_with("106") {
            return None;
        }
        self.institutions
            .iter()
            .position(|inst| inst.service_suffix.iter().any(|s| is_port_for(number, s)))
    }

    /// The institution that owns this registrable domain (or a host under
    /// it), if any.
    pub fn institution_for_domain(&self, domain: &str) -> Option<usize> {
        self.domain_owners(domain).first().copied()
    }

    /// The index of the institution with this id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.institutions.iter().position(|i| i.id == id)
    }

    /// The institution at this index.
    pub fn institution(&self, inst: usize) -> Option<&Institution> {
        self.institutions.get(inst)
    }

    /// The hotline advice gives for this institution (None when no source
    /// states one).
    pub fn hotline(&self, inst: usize) -> Option<&str> {
        self.institutions
            .get(inst)?
            .hotlines
            .first()
            .map(String::as_str)
    }

    /// Where the user can check for themselves: the institution's own sentence
    /// when the research states one, else the sentence for its kind ("the
    /// official app or hotline").
    pub fn official_channel(&self, inst: usize) -> Option<Channel> {
        let i = self.institutions.get(inst)?;
        match &i.official_channel {
            Some(c) => Some(c.clone()),
            None => self.default_channels.get(&i.kind).map(|c| c.fill(i)),
        }
    }

    /// Hosts of the institution's sender e-mail addresses.
    pub fn email_domains(&self, inst: usize) -> &[String] {
        self.institutions
            .get(inst)
            .map_or(&[], |i| &i.email_domains)
    }

    /// ASCII brand tokens for lookalike checks (substring matches are fine).
    pub fn brand_tokens(&self, inst: usize) -> &[String] {
        self.institutions.get(inst).map_or(&[], |i| &i.brand_tokens)
    }

    /// Short brand tokens that count only as a whole label (`ccb`, `jd`).
    pub fn brand_tokens_exact(&self, inst: usize) -> &[String] {
        self.institutions
            .get(inst)
            .map_or(&[], |i| &i.brand_tokens_exact)
    }

    /// The institution as a [`Brand`] for the links module.
    pub fn brand(&self, inst: usize) -> Option<Brand<'_>> {
        let i = self.institutions.get(inst)?;
        Some(Brand {
            institution: &i.id,
            domains: &i.domains,
            tokens: &i.brand_tokens,
        })
    }

    /// Every institution that has domains or brand tokens, as [`Brand`]s.
    pub fn brands(&self) -> Vec<Brand<'_>> {
        (0..self.institutions.len())
            .filter_map(|i| self.brand(i))
            .filter(|b| !b.domains.is_empty() || !b.tokens.is_empty())
            .collect()
    }

    /// Are two institutions the same one or in the same group?
    pub fn same_group(&self, a: usize, b: usize) -> bool {
        if a == b {
            return true;
        }
        match (self.institutions.get(a), self.institutions.get(b)) {
            (Some(x), Some(y)) => x.group.is_some() && x.group == y.group,
            _ => false,
        }
    }

    /// The confirmed fact behind a value (a number, domain or signature) of
    /// this institution, with its sources and confidence (the WebAssembly
    /// module embeds no sources or notes: build.rs).
    pub fn fact(&self, inst: usize, value: &str) -> Option<&Fact> {
        self.institutions
            .get(inst)?
            .facts
            .iter()
            .find(|f| f.value == value)
    }

    /// The URL or description of a source key (`V:微众银行`); URLs stand for
    /// themselves. Always `None` for a key in the WebAssembly module, which
    /// embeds no sources' table.
    pub fn source<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        if key.starts_with("http://") || key.starts_with("https://") {
            return Some(key);
        }
        self.sources.get(key).map(String::as_str)
    }

    /// The institution and every other member of its group.
    fn group_members(&self, inst: usize) -> impl Iterator<Item = &Institution> + '_ {
        (0..self.institutions.len())
            .filter(move |&o| self.same_group(inst, o))
            .filter_map(|o| self.institutions.get(o))
    }

    /// Owners of a domain, trying the name and each parent at label boundaries.
    fn domain_owners(&self, domain: &str) -> &[usize] {
        let domain = normalise_domain(domain);
        let mut rest = domain.as_str();
        loop {
            let owners = lookup(&self.index.domains, rest);
            if !owners.is_empty() {
                return owners;
            }
            match rest.split_once('.') {
                Some((_, parent)) if parent.contains('.') => rest = parent,
                _ => return &[],
            }
        }
    }
}

impl Index {
    /// The tables of a list of institutions (as build.rs writes them for the
    /// embedded data).
    fn new(institutions: &[Institution]) -> Index {
        let mut patterns: BTreeMap<String, Vec<(usize, PatternKind)>> = BTreeMap::new();
        let mut tables: [BTreeMap<String, Vec<usize>>; 4] = Default::default();
        let [signatures, short_names, numbers, domains] = &mut tables;
        let mut wrong_signatures = Vec::new();
        for (i, inst) in institutions.iter().enumerate() {
            let kinds = [(&inst.names, PatternKind::Name), (&inst.products, PatternKind::Product), (&inst.decoys, PatternKind::Decoy)];
            for (list, kind) in kinds {
                for p in list.iter().map(|p| p.to_lowercase()).filter(|p| !p.is_empty()) {
                    patterns.entry(p).or_default().push((i, kind));
                }
            }
            inst.signatures.iter().for_each(|s| push(signatures, s.to_lowercase(), i));
            wrong_signatures.extend(inst.wrong_signatures.iter().map(|s| (Cow::Owned(s.to_lowercase()), i)));
            inst.short_names.iter().for_each(|s| push(short_names, s.to_lowercase(), i));
            inst.hotlines.iter().chain(&inst.card_hotlines).chain(&inst.senders).for_each(|n| push(numbers, n.clone(), i));
            inst.domains.iter().for_each(|d| push(domains, d.to_ascii_lowercase(), i));
        }
        let table = |map: &mut BTreeMap<String, Vec<usize>>| -> Table {
            std::mem::take(map).into_iter().map(|(k, v)| (Cow::Owned(k), Cow::Owned(v))).collect()
        };
        Index {
            patterns: patterns.into_iter().map(|(k, v)| (Cow::Owned(k), Cow::Owned(v))).collect(),
            signatures: table(signatures),
            wrong_signatures: Cow::Owned(wrong_signatures),
            short_names: table(short_names),
            numbers: table(numbers),
            domains: table(domains),
        }
    }
}

/// The institutions of a key in a table.
fn lookup<'t>(table: &'t Table, key: &str) -> &'t [usize] {
    table.binary_search_by(|(k, _)| k.as_ref().cmp(key)).map_or(&[], |at| &table[at].1)
}

impl Matcher {
    /// The automaton of the index's patterns (`None` when there are none).
    fn new(index: &Index) -> Result<Option<Matcher>, String> {
        if index.patterns.is_empty() {
            return Ok(None);
        }
        let words: Vec<&str> = index.patterns.iter().map(|(p, _)| p.as_ref()).collect();
        let automaton = crate::words::Words::new(&words, true).ok_or("institutions matcher: cannot be built")?;
        let patterns = index
            .patterns
            .iter()
            .map(|(p, _)| Pattern {
                ascii_start: p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()),
                ascii_end: p.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()),
            })
            .collect();
        Ok(Some(Matcher { automaton, patterns }))
    }

    /// Non-overlapping leftmost-longest matches that respect ASCII word
    /// boundaries, with their owners.
    fn matches<'a>(
        &'a self,
        index: &'a Index,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, &'a [(usize, PatternKind)])> + 'a {
        let bytes = text.as_bytes();
        self.automaton.leftmost(text).filter_map(move |(range, pattern)| {
            let p = self.patterns.get(pattern)?;
            let owners = &index.patterns.get(pattern)?.1;
            let alnum = |i: Option<usize>| {
                i.and_then(|i| bytes.get(i))
                    .is_some_and(|b| b.is_ascii_alphanumeric())
            };
            if (p.ascii_start && alnum(range.start.checked_sub(1)))
                || (p.ascii_end && alnum(Some(range.end)))
            {
                return None;
            }
            Some((range, owners.as_ref()))
        })
    }
}

/// Byte ranges (brackets included) of every signature-like bracket in a text,
/// whether or not it names an institution the knowledge base knows: a message
/// signed 【宁波银行】 is signed by somebody, even if not by anyone here.
/// 【X】 and 〔X〕 count anywhere, `[X]` and ［X］ only at the start or end.
pub fn signature_spans(text: &str) -> Vec<Range<usize>> {
    signature_brackets(text)
        .into_iter()
        .map(|b| b.outer)
        .collect()
}

/// A bracketed run of text that may be a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Bracket {
    /// Including the brackets.
    outer: Range<usize>,
    /// Between the brackets.
    inner: Range<usize>,
}

/// Signature-like brackets: 【X】 and 〔X〕 anywhere, `[X]` and ［X］ only in the chain of
/// brackets at the start or the end of the text (older bank SMS use `[建设银行]`
/// as a suffix; elsewhere [] is ordinary punctuation).
fn signature_brackets(text: &str) -> Vec<Bracket> {
    let groups = bracket_groups(text);
    let at_start = edge_chain(text, &groups, false);
    let at_end = edge_chain(text, &groups, true);
    groups
        .into_iter()
        .zip(at_start.into_iter().zip(at_end))
        .filter(|((_, square), (start, end))| !square || *start || *end)
        .map(|((b, _), _)| b)
        .collect()
}

/// The brackets a signature is written in, opening and closing.
const PAIRS: [(char, char); 4] = [('【', '】'), ('〔', '〕'), ('[', ']'), ('［', '］')];

/// Whether `text` holds an opening bracket of [`PAIRS`]: one pass of memchr
/// over the text's bytes for `[` and the first bytes of `【`, `〔` (E3) and `［`
/// (EF), each place checked (in Chinese text E3 also begins `。` and `，`).
/// Those are first bytes of a character, so every place is a character's start.
fn has_open_bracket(text: &str) -> bool {
    memchr::memchr3_iter(b'[', 0xE3, 0xEF, text.as_bytes()).any(|at| PAIRS.iter().any(|p| text[at..].starts_with(p.0)))
}

/// Every short bracketed run, with whether it uses square brackets.
fn bracket_groups(text: &str) -> Vec<(Bracket, bool)> {
    let is_open = |c: char| PAIRS.iter().any(|p| p.0 == c);
    let mut out = Vec::new();
    if !has_open_bracket(text) {
        return out;
    }
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(&(_, close)) = PAIRS.iter().find(|p| p.0 == c) else {
            continue;
        };
        let inner_start = start + c.len_utf8();
        let mut ahead = text.get(inner_start..).unwrap_or_default().char_indices();
        let found = ahead
            .by_ref()
            .take(MAX_SIGNATURE_CHARS + 1)
            .take_while(|&(_, d)| !is_open(d) && d != '\n')
            .find(|&(_, d)| d == close);
        if let Some((offset, d)) = found {
            let inner_end = inner_start + offset;
            let outer_end = inner_end + d.len_utf8();
            let square = matches!(c, '[' | '［');
            out.push((
                Bracket {
                    outer: start..outer_end,
                    inner: inner_start..inner_end,
                },
                square,
            ));
            while chars.peek().is_some_and(|&(i, _)| i < outer_end) {
                chars.next();
            }
        }
    }
    out
}

/// For each group: is it part of the chain of brackets at the start (or, with
/// `from_end`, at the end) of the text, separated only by white space (and, at
/// the end, closing punctuation)?
fn edge_chain(text: &str, groups: &[(Bracket, bool)], from_end: bool) -> Vec<bool> {
    let gap_ok = |gap: &str| {
        gap.chars()
            .all(|c| c.is_whitespace() || (from_end && matches!(c, '。' | '.' | '!' | '！')))
    };
    let mut flags = vec![false; groups.len()];
    if from_end {
        let mut pos = text.len();
        for (flag, (b, _)) in flags.iter_mut().zip(groups).rev() {
            if !gap_ok(text.get(b.outer.end..pos).unwrap_or("x")) {
                break;
            }
            *flag = true;
            pos = b.outer.start;
        }
    } else {
        let mut pos = 0;
        for (flag, (b, _)) in flags.iter_mut().zip(groups) {
            if !gap_ok(text.get(pos..b.outer.start).unwrap_or("x")) {
                break;
            }
            *flag = true;
            pos = b.outer.end;
        }
    }
    flags
}

/// A 106 port that ends with a service number, with room for a prefix.
fn is_port_for(number: &str, suffix: &str) -> bool {
    !suffix.is_empty() && number.len() >= suffix.len() + 4 && number.ends_with(suffix)
}

fn is_number_field(f: FactField) -> bool {
    matches!(
        f,
        FactField::Hotline | FactField::CardHotline | FactField::Sender | FactField::ServiceSuffix
    )
}

fn normalise_domain(domain: &str) -> String {
    domain.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn push(map: &mut BTreeMap<String, Vec<usize>>, key: String, inst: usize) {
    let owners = map.entry(key).or_default();
    if !owners.contains(&inst) {
        owners.push(inst);
    }
}
