//! The data file's shape (`data/institutions.toml`, which build.rs writes as
//! the Rust statics of this module, and its JSON form, which
//! [`super::Knowledge::from_json`] reads) and its conversion into
//! [`Institution`]s, plus the checks that keep the file honest: every fact
//! has a known source, numbers are digits, domains are lower-case registrable
//! names, no number or name belongs to two institutions.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Channel, Confidence, Fact, FactField, Index, Institution, Kind, PatternKind, SignaturePosition};

// The embedded file as `SOURCES`, `DEFAULT_CHANNELS` and `INSTITUTIONS`, and its
// lookup tables as `INDEX` (build.rs).
include!(concat!(env!("OUT_DIR"), "/institutions.rs"));

/// A text of the file: borrowed from the statics, owned when read from JSON.
type Text = Cow<'static, str>;
/// A list of the file, the same way.
type List<T> = Cow<'static, [T]>;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    /// Source key → URL or description.
    pub source: BTreeMap<String, String>,
    /// Kind → "where to check" sentence with `{name_zh}` / `{name_en}`.
    #[serde(default)]
    pub default_channel: BTreeMap<Kind, RawChannel>,
    /// The institutions, in file order.
    pub institution: Vec<RawInstitution>,
}

/// `{ zh, en, src }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChannel {
    zh: Text,
    en: Text,
    src: List<Text>,
}

/// `{ v, src, conf, note?, pos?, field? }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFact {
    v: Text,
    src: List<Text>,
    conf: Confidence,
    #[serde(default)]
    note: Option<Text>,
    #[serde(default)]
    pos: Option<SignaturePosition>,
    #[serde(default)]
    field: Option<FactField>,
}

/// One `[[institution]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstitution {
    id: Text,
    kind: Kind,
    #[serde(default)]
    group: Option<Text>,
    name_zh: Text,
    name_en: Text,
    #[serde(default)]
    names: List<Text>,
    #[serde(default)]
    short_names: List<Text>,
    #[serde(default)]
    products: List<Text>,
    #[serde(default)]
    decoys: List<Text>,
    #[serde(default)]
    sources: List<Text>,
    #[serde(default)]
    signatures: List<RawFact>,
    #[serde(default)]
    wrong_signatures: List<RawFact>,
    #[serde(default)]
    hotlines: List<RawFact>,
    #[serde(default)]
    card_hotlines: List<RawFact>,
    #[serde(default)]
    senders: List<RawFact>,
    #[serde(default)]
    service_suffix: List<RawFact>,
    #[serde(default)]
    domains: List<RawFact>,
    #[serde(default)]
    email_domains: List<RawFact>,
    #[serde(default)]
    unconfirmed: List<RawFact>,
    #[serde(default)]
    brand_tokens: List<Text>,
    #[serde(default)]
    brand_tokens_exact: List<Text>,
    #[serde(default)]
    official_channel: Option<RawChannel>,
    #[serde(default)]
    notes: List<Text>,
}

impl RawChannel {
    /// Source keys of the default sentence.
    #[cfg(test)]
    pub(super) fn sources(&self) -> &[Text] {
        &self.src
    }

    /// The sentence pair, with `{name_zh}` / `{name_en}` filled in.
    pub(super) fn fill(&self, inst: &Institution) -> Channel {
        Channel {
            zh: self.zh.replace("{name_zh}", &inst.name_zh),
            en: self.en.replace("{name_en}", &inst.name_en),
        }
    }
}

impl RawInstitution {
    /// Converts one table; structural mistakes (a `pos` outside `signatures`,
    /// an `unconfirmed` entry without `field`) are errors.
    pub(super) fn to_institution(&self) -> Result<Institution, String> {
        let err = |what: &str| format!("institution {}: {what}", self.id);
        let mut facts = Vec::new();
        let lists: [(FactField, &[RawFact]); 8] = [
            (FactField::Signature, &self.signatures),
            (FactField::WrongSignature, &self.wrong_signatures),
            (FactField::Hotline, &self.hotlines),
            (FactField::CardHotline, &self.card_hotlines),
            (FactField::Sender, &self.senders),
            (FactField::ServiceSuffix, &self.service_suffix),
            (FactField::Domain, &self.domains),
            (FactField::EmailDomain, &self.email_domains),
        ];
        // Each list's values, in the order of `lists`.
        let mut values: [Vec<String>; 8] = Default::default();
        for ((field, raw), values) in lists.into_iter().zip(&mut values) {
            for f in raw {
                if f.field.is_some() {
                    return Err(err(&format!("`field` is only for `unconfirmed` ({})", f.v)));
                }
                if f.pos.is_some() != (field == FactField::Signature) {
                    return Err(err(&format!(
                        "`pos` is required on signatures and only there ({})",
                        f.v
                    )));
                }
                values.push(f.v.to_string());
                facts.push(fact(field, f));
            }
        }
        let mut unconfirmed = Vec::new();
        for f in self.unconfirmed.iter() {
            let Some(field) = f.field else {
                return Err(err(&format!("unconfirmed entry without `field` ({})", f.v)));
            };
            unconfirmed.push(fact(field, f));
        }
        let [signatures, wrong_signatures, hotlines, card_hotlines, senders, service_suffix, domains, email_domains] = values;
        let (official_channel, official_channel_sources) = match &self.official_channel {
            Some(c) => (Some(Channel { zh: c.zh.to_string(), en: c.en.to_string() }), strings(&c.src)),
            None => (None, Vec::new()),
        };
        Ok(Institution {
            id: self.id.to_string(),
            kind: self.kind,
            group: self.group.as_ref().map(|g| g.to_string()),
            name_zh: self.name_zh.to_string(),
            name_en: self.name_en.to_string(),
            names: strings(&self.names),
            short_names: strings(&self.short_names),
            products: strings(&self.products),
            decoys: strings(&self.decoys),
            signatures,
            wrong_signatures,
            hotlines,
            card_hotlines,
            senders,
            service_suffix,
            domains,
            email_domains,
            brand_tokens: strings(&self.brand_tokens),
            brand_tokens_exact: strings(&self.brand_tokens_exact),
            official_channel,
            official_channel_sources,
            facts,
            unconfirmed,
            notes: strings(&self.notes),
            sources: strings(&self.sources),
        })
    }
}

fn strings(list: &[Text]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn fact(field: FactField, f: &RawFact) -> Fact {
    Fact {
        field,
        value: f.v.to_string(),
        sources: strings(&f.src),
        confidence: f.conf,
        note: f.note.as_ref().map(|n| n.to_string()),
        position: f.pos,
    }
}

/// Every problem in a loaded knowledge base (empty when the data is sound).
/// The unit tests require this to be empty for the embedded file.
#[cfg(test)]
pub(super) fn problems(k: &super::Knowledge) -> Vec<String> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    let known = |key: &str| k.source(key).is_some();
    let mut ids = HashMap::new();
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut domains: HashMap<&str, usize> = HashMap::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (kind, c) in &k.default_channels {
        if c.sources().is_empty() || !c.sources().iter().all(|s| known(s)) {
            out.push(format!(
                "default_channel.{kind:?}: missing or unknown source"
            ));
        }
    }
    for (i, inst) in k.institutions.iter().enumerate() {
        let mut bad = |what: String| out.push(format!("{}: {what}", inst.id));
        if ids.insert(inst.id.as_str(), i).is_some() {
            bad("duplicate id".into());
        }
        if inst.id.is_empty()
            || !inst
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            bad("id must be lower-case ASCII letters, digits and '-'".into());
        }
        if inst.name_zh.is_empty() || inst.name_en.is_empty() {
            bad("name_zh and name_en are required".into());
        }
        if inst.sources.is_empty() {
            bad("no sources".into());
        }
        for s in inst.sources.iter().chain(&inst.official_channel_sources) {
            if !known(s) {
                bad(format!("unknown source {s}"));
            }
        }
        if inst.official_channel.is_some() && inst.official_channel_sources.is_empty() {
            bad("official_channel without a source".into());
        }
        for f in inst.facts.iter().chain(&inst.unconfirmed) {
            if f.sources.is_empty() {
                bad(format!("{:?} {} has no source", f.field, f.value));
            }
            for s in &f.sources {
                if !known(s) {
                    bad(format!("{:?} {}: unknown source {s}", f.field, f.value));
                }
            }
            let number = matches!(
                f.field,
                FactField::Hotline
                    | FactField::CardHotline
                    | FactField::Sender
                    | FactField::ServiceSuffix
            );
            if number && (f.value.len() < 5 || !f.value.bytes().all(|b| b.is_ascii_digit())) {
                bad(format!("number {} must be 5 or more digits", f.value));
            }
            if matches!(f.field, FactField::Domain | FactField::EmailDomain) && !is_domain(&f.value)
            {
                bad(format!(
                    "domain {} must be a lower-case ASCII name with a dot",
                    f.value
                ));
            }
        }
        for f in &inst.facts {
            if f.confidence == Confidence::Low {
                bad(format!(
                    "{} is rated L: it belongs in `unconfirmed`",
                    f.value
                ));
            }
        }
        for f in &inst.unconfirmed {
            if inst
                .facts
                .iter()
                .any(|c| c.value == f.value && c.field == f.field)
            {
                bad(format!("{} is both confirmed and unconfirmed", f.value));
            }
        }
        for s in &inst.service_suffix {
            if !inst.hotlines.contains(s) {
                bad(format!("service_suffix {s} is not one of its hotlines"));
            }
        }
        for n in inst
            .hotlines
            .iter()
            .chain(&inst.card_hotlines)
            .chain(&inst.senders)
        {
            if let Some(&o) = numbers.get(n.as_str()) {
                if !k.same_group(i, o) {
                    bad(format!("number {n} is also {}'s", k.institutions[o].id));
                }
            }
            numbers.insert(n, i);
        }
        for d in &inst.domains {
            if let Some(&o) = domains.get(d.as_str()) {
                if !k.same_group(i, o) {
                    bad(format!("domain {d} is also {}'s", k.institutions[o].id));
                }
            }
            domains.insert(d, i);
        }
        let group_domains: Vec<&String> = k.group_members(i).flat_map(|m| &m.domains).collect();
        for e in &inst.email_domains {
            let under = |d: &&String| e == *d || e.ends_with(&format!(".{d}"));
            if !group_domains.iter().any(under) {
                bad(format!("email domain {e} is not under one of its domains"));
            }
        }
        let patterns = inst
            .names
            .iter()
            .chain(&inst.products)
            .chain(&inst.short_names);
        for p in patterns {
            if p.is_empty() || p.chars().any(|c| c.is_ascii_uppercase()) || p.trim() != p {
                bad(format!(
                    "name {p:?} must be non-empty, trimmed and lower-case"
                ));
            }
            if let Some(&o) = names.get(p) {
                if o != i {
                    bad(format!("name {p} is also {}'s", k.institutions[o].id));
                }
            }
            names.insert(p.clone(), i);
        }
        for d in &inst.decoys {
            if k.institutions
                .iter()
                .any(|o| o.names.contains(d) || o.products.contains(d))
            {
                bad(format!("decoy {d} is also a name"));
            }
        }
        let ascii_names: Vec<String> = std::iter::once(&inst.name_en)
            .chain(&inst.names)
            .map(|n| n.to_ascii_lowercase().replace(' ', ""))
            .collect();
        let members: Vec<&Institution> = k.group_members(i).collect();
        for t in inst.brand_tokens.iter().chain(&inst.brand_tokens_exact) {
            let from_data = members.iter().any(|m| {
                m.domains
                    .iter()
                    .chain(&m.hotlines)
                    .any(|d| d.contains(t.as_str()))
            }) || ascii_names.iter().any(|n| n.contains(t.as_str()));
            if !from_data {
                bad(format!(
                    "brand token {t} is not part of its domains, hotlines or names"
                ));
            }
            if !t
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                bad(format!("brand token {t} must be lower-case ASCII"));
            }
        }
        for t in &inst.brand_tokens {
            if t.len() < 4 {
                bad(format!(
                    "brand token {t} is short: put it in brand_tokens_exact"
                ));
            }
        }
    }
    out
}

/// A lower-case ASCII host name with at least one dot.
#[cfg(test)]
fn is_domain(d: &str) -> bool {
    d.contains('.')
        && !d.starts_with('.')
        && !d.ends_with('.')
        && d.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}
