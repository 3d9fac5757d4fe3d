//! Scoring: turns what the other modules found into signals, a verdict and
//! advice.
//!
//! The order of work is the order of the report: the text rules run on the
//! normalised text; the links, phone numbers, sender and institution claims are
//! found; code-raised signals compare them (does the sender or the link belong
//! to the institution the message claims?); then the signals' weights give the
//! verdict, SpamAssassin-style, with the thresholds of `data/signals.toml`:
//!
//! - a signal id counts once, however often it matches;
//! - `scam` when the scam-class and legitimacy weights reach the scam threshold;
//! - `suspicious` when all weights reach the suspicious threshold;
//! - `overdue` when the overdue weights of the distinct signals reach theirs.
//!
//! The learned text model ([`crate::model`]) is one more signal on each side:
//! `text_model_scam` / `text_model_ordinary` for the verdict and
//! `text_model_overdue` for the overdue question, each contributing its weight
//! times how sure the model is (its logit over [`MODEL_LOGIT_SCALE`], capped at
//! 1). The weights and thresholds are fitted by `overdue-guard fit`
//! (`src/fit.rs`); [`Weights`] and [`Params`] let the fitter try others.
//!
//! Here: the entry points, the weights and parameters, and `Classifier::run`
//! with its stages (the overdue decision, the checkability rule, the verdict).
//! The claimed institution is found in `claims`; the per-kind checks are in
//! `link_checks`, `sender_checks` and `phone_checks`; the words they read in
//! `text_cues`, the brands in `brands`; the text model's signals in
//! `model_signals`; the advice in `advice` and the report in `report`.

use crate::knowledge::{Belongs, ClaimVia, Knowledge};
use crate::links::{self, LinkFlag};
use crate::mime;
use crate::model::{Concept, Head, TextModel};
use crate::report::{Channel, Message, Options, Report, Span, Verdict};
use crate::rules::{Catalog, Class, Known as K, Require, Rules, Scan, REGEX_WINDOW};
use crate::sender::{self, PhoneMention, SenderFlag, SenderInfo, SenderKind};
use crate::text::{is_cjk, Normalized, Utf16Index};
use std::ops::Range;
use std::sync::OnceLock;

mod advice;
mod brands;
mod claims;
mod link_checks;
mod model_signals;
mod phone_checks;
mod report;
mod sender_checks;
mod signal_set;
mod text_cues;

use brands::brands;
use link_checks::FoundLink;
use signal_set::SignalSet;
use text_cues::{has_cjk_signature, holds_account_number, names_account_tail, names_itself_in_capitals, phone_placeholder, quoted_ranges};

/// At most this many phone numbers, and words standing for a removed link, of
/// one message are examined and reported. Links have no such limit.
const MAX_ITEMS: usize = 200;

/// The consequences a collector presses with (`unverifiable_collection_threat`
/// when nobody identifiable presses with them): the credit record, a lawsuit or
/// a cut-off, legal papers, a deadline.
const PRESSURE_SIGNALS: [K; 4] = [K::credit_record_warning, K::legal_or_cutoff_warning, K::fake_legal_document, K::extreme_urgency];

/// The same in English, where "urgent" and "immediately" are every bill's
/// words: only the credit record, a lawsuit or a cut-off, legal papers, and
/// "final notice, pay now" (issue 6: from no identifiable creditor, a shape of
/// the fake collector; genuine dunning templates that say it name their
/// creditor or sit under its letterhead).
const PRESSURE_SIGNALS_LATIN: [K; 4] = [K::credit_record_warning, K::legal_threat_en, K::fake_legal_document, K::final_notice_pay_now];

/// A text-model logit of this size (odds of about 150 to 1) or more gives a
/// model signal its full weight; smaller ones give a share of it.
pub const MODEL_LOGIT_SCALE: f32 = 5.0;

/// Classifies one message with the shipped weights and text model.
pub fn classify(message: &Message, options: &Options) -> Report {
    classify_traced(message, options, &Params::builtin()).0
}

/// Classifies one message with the given parameters, and tells what the
/// verdict was computed from (for fitting and evaluation).
///
/// A text with MIME encoded words (`=?utf-8?B?…?=`, [`crate::mime`]) is read
/// decoded; the report's spans still point into the original text, a span in
/// a decoded word covering the whole word. The trace's link ranges are of the
/// decoded text.
pub fn classify_traced(message: &Message, options: &Options, params: &Params<'_>) -> (Report, Trace) {
    let decoded = mime::decode(&message.text);
    let readable = decoded.as_ref().map(|d| Message { text: d.text.clone(), ..message.clone() });
    let (mut report, trace) = Classifier::new(readable.as_ref().unwrap_or(message), options, params).run();
    let Some(decoded) = decoded else { return (report, trace) };
    let original = Utf16Index::new(&message.text);
    let to_original = |span: &mut Option<Span>| {
        if let Some(Span(a, b)) = *span {
            let byte = |u16_at: u32, end: bool| original.at(decoded.original(byte_of_utf16(&decoded.text, u16_at), end));
            *span = Some(Span(byte(a, false), byte(b, true)));
        }
    };
    report.signals.iter_mut().for_each(|s| to_original(&mut s.span));
    report.links.iter_mut().for_each(|l| to_original(&mut l.span));
    (report, trace)
}

/// The byte offset of UTF-16 offset `at` of `text` (its end when past it).
fn byte_of_utf16(text: &str, at: u32) -> usize {
    let mut units = 0u32;
    for (b, c) in text.char_indices() {
        if units >= at {
            return b;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The numbers a verdict is computed with, by signal index (the order of
/// `data/signals.toml`): each signal's weight and overdue weight, and the
/// thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    /// Points each signal adds to the score.
    pub weight: Vec<i32>,
    /// Points of overdue evidence each signal adds.
    pub overdue: Vec<i32>,
    /// Scam-class and legitimacy points at or above this: `scam`.
    pub scam: i32,
    /// All points at or above this: `suspicious`.
    pub suspicious: i32,
    /// `scam` for a message without Chinese characters.
    pub scam_latin: i32,
    /// `suspicious` for a message without Chinese characters.
    pub suspicious_latin: i32,
    /// `scam` for an e-mail without Chinese characters.
    pub scam_email: i32,
    /// `suspicious` for an e-mail without Chinese characters.
    pub suspicious_email: i32,
    /// Overdue points at or above this: an overdue notice.
    pub overdue_threshold: i32,
}

impl Weights {
    /// The weights written in a catalogue.
    pub fn of(catalog: &Catalog) -> Weights {
        let t = &catalog.thresholds;
        let (scam_latin, suspicious_latin) = (t.scam_latin.unwrap_or(t.scam), t.suspicious_latin.unwrap_or(t.suspicious));
        Weights {
            weight: catalog.signals.iter().map(|s| s.weight).collect(),
            overdue: catalog.signals.iter().map(|s| s.overdue).collect(),
            scam: t.scam,
            suspicious: t.suspicious,
            scam_latin,
            suspicious_latin,
            scam_email: t.scam_email.unwrap_or(scam_latin),
            suspicious_email: t.suspicious_email.unwrap_or(suspicious_latin),
            overdue_threshold: t.overdue,
        }
    }

    /// The `scam` and `suspicious` thresholds of a message: Chinese text has
    /// one pair, other text another, and an e-mail without Chinese characters
    /// a third.
    pub fn verdict_thresholds(&self, chinese: bool, email: bool) -> (i32, i32) {
        match (chinese, email) {
            (true, _) => (self.scam, self.suspicious),
            (false, false) => (self.scam_latin, self.suspicious_latin),
            (false, true) => (self.scam_email, self.suspicious_email),
        }
    }

    /// The shipped weights (`data/signals.toml`).
    pub fn builtin() -> &'static Weights {
        static W: OnceLock<Weights> = OnceLock::new();
        W.get_or_init(|| Weights::of(&Rules::get().catalog))
    }
}

/// What the text model says of a message.
#[derive(Debug, Clone, Copy)]
pub enum ModelInput<'a> {
    /// Ask this model.
    Model(&'a TextModel),
    /// Its logits are already known (held-out predictions while fitting).
    Logits {
        /// Logit of "a scam".
        scam: f32,
        /// Logit of "an overdue notice".
        overdue: f32,
    },
}

/// Everything a verdict depends on besides the message and the user's lists.
#[derive(Debug, Clone, Copy)]
pub struct Params<'a> {
    /// Weights and thresholds.
    pub weights: &'a Weights,
    /// The text model or its logits.
    pub model: ModelInput<'a>,
    /// Decide the overdue question this way instead of by the weights (the
    /// fitter observes a message both ways).
    pub force_overdue: Option<bool>,
}

impl Params<'static> {
    /// The shipped weights and model.
    pub fn builtin() -> Params<'static> {
        Params { weights: Weights::builtin(), model: ModelInput::Model(TextModel::builtin()), force_overdue: None }
    }
}

/// What a verdict was computed from: signal indices and the model's logits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Distinct signals whose overdue weights counted (before the model's).
    pub overdue_signals: Vec<usize>,
    /// Distinct signals raised for the verdict, the model's left out.
    pub raised: Vec<usize>,
    /// The model's logit of "a scam".
    pub model_scam: f32,
    /// The model's logit of "overdue notice".
    pub model_overdue: f32,
    /// The overdue answer the verdict's signals were raised under.
    pub overdue: bool,
    /// Byte ranges of the links found in the text (what the model saw as links).
    pub links: Vec<Range<usize>>,
    /// The roles of the text's keywords (what the model saw as concepts).
    pub concepts: Vec<Concept>,
    /// Whether the text has Chinese characters (which thresholds apply).
    pub chinese: bool,
    /// Whether the message came by e-mail: its channel says so, or, without
    /// one, its sender is an e-mail address (which thresholds apply).
    pub email: bool,
}

/// A model logit as a share of a model signal's weight, in [-1, 1].
pub fn model_share(logit: f32) -> f32 {
    if logit.is_finite() {
        (logit / MODEL_LOGIT_SCALE).clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

/// The points a model signal of this weight adds at this logit's share.
pub fn model_points(weight: i32, share: f32) -> i32 {
    (weight as f32 * share).round() as i32
}

/// One signal on its way into the report.
struct Raised {
    signal: usize,
    span: Option<Span>,
    evidence: String,
    detail: Option<String>,
    /// Index into `links` when a link raised it.
    link: Option<usize>,
    /// Raised by the sender.
    from_sender: bool,
    /// Points other than the signal's weight (the model signals scale theirs).
    points: Option<i32>,
}

struct Classifier<'a> {
    message: &'a Message,
    options: &'a Options,
    params: &'a Params<'a>,
    rules: &'static Rules,
    kb: &'static Knowledge,
    norm: Normalized,
    /// Made when the first span is asked for (an ordinary message has none).
    u16: std::cell::OnceCell<Utf16Index<'a>>,
    raised: Vec<Raised>,
}

impl<'a> Classifier<'a> {
    fn new(message: &'a Message, options: &'a Options, params: &'a Params<'a>) -> Self {
        Classifier {
            message,
            options,
            params,
            rules: Rules::get(),
            kb: Knowledge::get(),
            norm: Normalized::new(&message.text),
            u16: std::cell::OnceCell::new(),
            raised: Vec::new(),
        }
    }

    fn u16(&self) -> &Utf16Index<'a> {
        self.u16.get_or_init(|| Utf16Index::new(&self.message.text))
    }

    fn span_of_norm(&self, r: Range<usize>) -> (Option<Span>, String) {
        let o = self.norm.original_range(r);
        let evidence = self.message.text.get(o.clone()).unwrap_or_default().to_string();
        (Some(self.u16().span(o)), evidence)
    }

    fn raise(&mut self, id: K, span: Option<Span>, evidence: String, detail: Option<String>) -> Option<usize> {
        let signal = self.rules.known(id)?;
        self.raised.push(Raised { signal, span, evidence, detail, link: None, from_sender: false, points: None });
        Some(self.raised.len() - 1)
    }

    fn raise_sender(&mut self, id: K, raw: &str, detail: Option<String>) {
        if let Some(i) = self.raise(id, None, raw.to_string(), detail) {
            self.raised[i].from_sender = true;
        }
    }

    fn raise_link(&mut self, id: K, li: usize, link: &FoundLink, detail: Option<String>) {
        let span = link.link.range.clone().map(|r| self.u16().span(r));
        if let Some(i) = self.raise(id, span, link.link.url.clone(), detail) {
            self.raised[i].link = Some(li);
        }
    }

    /// Whether this signal was raised.
    fn has(&self, id: K) -> bool {
        self.rules.known(id).is_some_and(|i| self.raised.iter().any(|r| r.signal == i))
    }

    fn run(mut self) -> (Report, Trace) {
        let rules = self.rules;
        let text = self.message.text.as_str();
        let scan = rules.scan(&self.norm.text);
        // (ASCII text, told at once, has none.)
        let chinese = !text.is_ascii() && text.chars().any(is_cjk);

        // What the message contains, found by the other modules.
        let mut links = self.collect_links(chinese);
        // A number inside a link is part of the link, not a number to call.
        let mut phones: Vec<PhoneMention> = sender::find_phone_numbers(text)
            .into_iter()
            .filter(|p| !links.iter().any(|l| l.link.range.as_ref().is_some_and(|r| r.start <= p.range.start && p.range.end <= r.end)))
            .collect();
        phones.truncate(MAX_ITEMS);
        let sender = self.message.sender.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(sender::parse_sender);
        let (institution, claims_signature) = self.claimed_institution(sender.as_ref());
        let inst = institution.as_ref().map(|c| c.0);

        // Debt vocabulary: unconditional signals with overdue weight, negated or not.
        let debt_vocabulary = scan.hits.iter().any(|h| {
            let def = &rules.catalog.signals[h.signal];
            def.overdue > 0 && def.requires.is_empty()
        });
        let has_link = !links.is_empty();
        // A number to call that is neither a public service line (96110, 12321 …)
        // nor one of the claimed institution's own numbers; a dataset's phone
        // placeholder in Chinese text (`请致电PHONE`) or a number the quoting page
        // masked (`请致电0086××××`) stands for one.
        let placeholder_phone = phone_placeholder(text);
        let foreign_number = placeholder_phone
            || phones.iter().any(|p| {
                p.info.service.is_none()
                    && !matches!(
                        (inst, p.info.number.as_deref()),
                        (Some(i), Some(n)) if matches!(self.kb.number_belongs(i, n), Belongs::Yes | Belongs::Likely)
                    )
            });
        let finance = scan.finance || inst.is_some() || debt_vocabulary;
        let short = self.norm.text.len() <= REGEX_WINDOW;
        let met = |requires: &[Require], overdue: bool| {
            requires.iter().all(|r| match r {
                Require::Debt => debt_vocabulary || scan.finance,
                Require::NoDebt => !debt_vocabulary,
                Require::Overdue => overdue,
                Require::Link => has_link,
                Require::Phone => foreign_number,
                Require::NoLink => !has_link,
                Require::NoPhone => phones.is_empty() && !placeholder_phone,
                Require::Finance => finance,
                Require::Short => short,
            })
        };

        // The text model's say, on the text with its links as links and its
        // keywords' signals as concepts.
        let link_ranges: Vec<Range<usize>> = links.iter().filter_map(|l| l.link.range.clone()).collect();
        let concepts: Vec<Concept> = scan
            .hits
            .iter()
            .map(|h| Concept::new(rules.catalog.signals[h.signal].id, h.negated, self.norm.original_range(h.range.clone())))
            .collect();
        // A text without a word or a number gives the model nothing to judge.
        let wordless = !text.chars().any(char::is_alphanumeric);
        let reading = match self.params.model {
            ModelInput::Model(m) if !wordless => Some(m.read_normalized(text, &self.norm, &link_ranges, &concepts)),
            _ => None,
        };
        let (model_scam, model_overdue) = match (&reading, self.params.model) {
            (Some(r), _) => (r.logit(Head::Scam), r.logit(Head::Overdue)),
            (None, ModelInput::Logits { scam, overdue }) if !wordless => (scam, overdue),
            (None, _) => (0.0, 0.0),
        };

        // An anti-fraud broadcast quotes the scams it warns about; with no link,
        // no number to contact and no account to pay into, those quotes are not
        // the message's own red flags (a fake "police reminder" ends with the
        // "safe account" to move the savings to).
        let broadcast = rules.known(K::anti_fraud_broadcast).is_some_and(|b| scan.hits.iter().any(|h| h.signal == b && !h.negated));
        let clickable = links.iter().any(|l| !l.link.flags.contains(&LinkFlag::Redacted));
        let quoting = broadcast && !clickable && !foreign_number && !holds_account_number(text);
        // Nor are the debts it quotes ("以“不还钱就去你公司”恐吓") its reader's.
        let quotes = if quoting { quoted_ranges(text) } else { Vec::new() };
        let in_quotes = |r: &Range<usize>| {
            let o = self.norm.original_range(r.clone());
            quotes.iter().any(|q| q.start <= o.start && o.end <= q.end)
        };

        let (overdue, overdue_signals, model_overdue_points) = self.decide_overdue(&scan, &met, &in_quotes, model_overdue);

        // Words that stand for a removed link (`点击链接`) in a broadcast are
        // the quoted lure's, not a link to click.
        if quoting {
            links.retain(|l| !l.link.flags.contains(&LinkFlag::Redacted));
        }

        // Text signals whose conditions hold.
        for h in &scan.hits {
            let def = &rules.catalog.signals[h.signal];
            let quoted = quoting && matches!(def.class, Class::Scam | Class::Suspicious);
            if !h.negated && !quoted && met(def.requires, overdue) {
                let (span, evidence) = self.span_of_norm(h.range.clone());
                self.raised.push(Raised { signal: h.signal, span, evidence, detail: None, link: None, from_sender: false, points: None });
            }
        }
        // A match that means something else where the message is from (a UK
        // premium-rate prefix is a Nigerian mobile's): `void_in_regions`.
        let defs = &rules.catalog.signals;
        if self.raised.iter().any(|r| !defs[r.signal].void_in_regions.is_empty()) {
            if let Some(region) = self.region(chinese, sender.as_ref(), &links) {
                self.raised.retain(|r| !defs[r.signal].void_in_regions.contains(&region.id));
            }
        }

        if !chinese {
            if let Some(r) = crate::disguise::first_disguised_word(text, &link_ranges)
                .or_else(|| crate::disguise::first_lookalike_word(text, &link_ranges))
                .or_else(|| crate::disguise::first_dotted_word(text, &link_ranges)) {
                let evidence = text[r.clone()].to_string();
                self.raise(K::lookalike_letters_in_words, Some(self.u16().span(r)), evidence, None);
            }
        }

        let inst_name = inst.and_then(|i| self.kb.institutions.get(i)).map(|i| i.name_zh.clone());
        if let Some((_, ClaimVia::WrongSignature, r)) = &institution {
            let (span, evidence) = self.span_of_norm(r.clone());
            self.raise(K::institution_wrong_signature, span, evidence, inst_name.clone());
        }

        let sender_official = self.sender_signals(sender.as_ref(), inst, inst_name.as_deref(), overdue, chinese, has_link || foreign_number);
        // An e-mail's links to its own sender's domain (not a free-mail one) are
        // that sender's own pages.
        let sender_domain = sender
            .as_ref()
            .filter(|s| !s.flags.contains(&SenderFlag::FreeMail))
            .and_then(|s| s.email.as_ref())
            .and_then(|e| links::registrable_domain(&e.domain));
        let signed = chinese && has_cjk_signature(text);
        self.link_signals(&mut links, inst, inst_name.as_deref(), overdue, signed, sender_domain.as_deref());
        self.phone_signals(&phones, inst, inst_name.as_deref(), chinese && overdue);
        // A sender shown not to be the institution the message claims makes the
        // message's own words of legitimacy (its official app, its hotline)
        // the impostor's words: they no longer count for it.
        if self.has(K::institution_sender_not_official) || self.has(K::institution_sender_other_institution) {
            let defs = &rules.catalog.signals;
            self.raised.retain(|r| !(defs[r.signal].class == Class::Legit && r.link.is_none() && !r.from_sender));
        }

        self.void_when_checkable(sender.as_ref(), sender_official, signed || inst.is_some(), !phones.is_empty(), has_link, foreign_number);

        // Who is owed: a signature in Chinese; in English a named brand or a
        // word that names a business (`creditor_named`); in a template, the
        // field its sender fills in (`creditor_placeholder`); a bulk sender
        // that offers to stop its texts is a registered business (`sms_opt_out`).
        let creditor_named = || {
            self.has(K::creditor_placeholder) || self.has(K::sms_opt_out) || if chinese { signed } else { self.has(K::creditor_named) || !brands().find(&self.norm.text).is_empty() }
        };
        let nameless = overdue && inst.is_none() && !claims_signature && !creditor_named();
        // "Final notice, pay now" is the fake collector's shape only when the
        // reader cannot check it: a notice that names its creditor and the
        // account, or whose every link is the named creditor's own, with no
        // personal number or account to pay, is the creditor's last reminder.
        if overdue && self.has(K::final_notice_pay_now) && (signed || inst.is_some() || creditor_named()) {
            let defs = &rules.catalog.signals;
            let unofficial_link = self.raised.iter().any(|r| r.link.is_some() && defs[r.signal].class == Class::Scam);
            let own_links = has_link && self.has(K::official_link) && !unofficial_link;
            let checkable = (self.has(K::account_reference_given) && !unofficial_link) || own_links;
            if checkable && !foreign_number && !self.has(K::transfer_to_third_party_account) {
                let drop = rules.known(K::final_notice_pay_now);
                self.raised.retain(|r| Some(r.signal) != drop);
            }
        }
        if nameless && sender.is_none() {
            self.raise(K::vague_creditor, None, String::new(), None);
        }
        // A mobile number names no creditor either.
        let no_sender_name = sender.as_ref().map_or(true, |s| matches!(s.kind, SenderKind::PersonalMobile | SenderKind::VirtualOperator | SenderKind::Overseas));
        if nameless && no_sender_name {
            if !chinese {
                self.unverifiable_pressure(&PRESSURE_SIGNALS_LATIN);
                if !names_itself_in_capitals(text) {
                    self.nameless_callback(&phones);
                }
            } else if !names_account_tail(&self.norm.text) {
                self.unverifiable_pressure(&PRESSURE_SIGNALS);
            }
        }

        self.one_reason_per_phrase();
        let mut raised = SignalSet::new(rules.catalog.signals.len());
        for r in &self.raised {
            raised.insert(r.signal);
        }
        let raised: Vec<usize> = raised.iter().collect();
        self.model_signals(model_scam, model_overdue_points, reading.as_ref());

        // The channel the message came by, else what its sender tells: an
        // address is an e-mail's (a pasted message says nothing of its channel).
        let email = match self.message.channel {
            Some(channel) => channel == Channel::Email,
            None => sender.as_ref().is_some_and(|s| s.kind == SenderKind::Email),
        };
        let (total, verdict) = self.verdict(chinese, email);

        // Where the reader is matters only for advice, which an ordinary
        // message does not get.
        let region = (verdict != Verdict::Benign || overdue).then(|| self.region(chinese, sender.as_ref(), &links)).flatten();
        let advice = self.advice(verdict, overdue, inst, has_link, !phones.is_empty(), region);
        let trace = Trace { overdue_signals, raised, model_scam, model_overdue, overdue, links: link_ranges, concepts, chinese, email };
        let mut report = self.report(total, overdue, verdict, inst, sender_official, sender, links, advice);
        report.region = region.map(|r| r.id.to_string());
        (report, trace)
    }

    /// The overdue answer, the signals whose overdue weights counted and the
    /// model's overdue points: distinct signals' overdue weights, negated
    /// matches left out, and those outweighed by another match (`outweighs`)
    /// too, and those quoted by a broadcast (`in_quotes`); and the model's when
    /// it leans towards an overdue notice. `met`: whether a signal's conditions
    /// hold, given the overdue answer.
    fn decide_overdue(
        &self,
        scan: &Scan,
        met: &impl Fn(&[Require], bool) -> bool,
        in_quotes: &impl Fn(&Range<usize>) -> bool,
        model_overdue: f32,
    ) -> (bool, Vec<usize>, i32) {
        let (rules, w) = (self.rules, self.params.weights);
        let signals = rules.catalog.signals.len();
        let mut outweighed = SignalSet::new(signals);
        let outweighing = scan.hits.iter().map(|h| (h, &rules.catalog.signals[h.signal])).filter(|(h, def)| !h.negated && met(def.requires, false));
        for &i in outweighing.flat_map(|(h, _)| rules.outweighs(h.signal)) {
            outweighed.insert(i);
        }
        let mut overdue_points = 0;
        let mut counted = SignalSet::new(signals);
        for h in &scan.hits {
            let def = &rules.catalog.signals[h.signal];
            if !h.negated && !outweighed.contains(h.signal) && met(def.requires, false) && !in_quotes(&h.range) && counted.insert(h.signal) {
                overdue_points += w.overdue.get(h.signal).copied().unwrap_or_default();
            }
        }
        let model_overdue_points = rules
            .known(K::text_model_overdue)
            .map_or(0, |i| model_points(w.overdue.get(i).copied().unwrap_or_default(), model_share(model_overdue).max(0.0)));
        overdue_points += model_overdue_points;
        let overdue = self.params.force_overdue.unwrap_or(overdue_points >= w.overdue_threshold);
        (overdue, counted.iter().collect(), model_overdue_points)
    }

    /// The score and the verdict: each signal id counts once, with its weight
    /// or a model signal's points; `scam` when the scam-class and legitimacy
    /// points reach the scam threshold, `suspicious` when all points reach
    /// theirs (by [`Weights::verdict_thresholds`]: Chinese text, other text
    /// and e-mail without Chinese characters have a pair each).
    /// A collector's conduct beyond the law (`conduct` signals) is not
    /// cancelled by the text model's "ordinary wording" in all points.
    fn verdict(&self, chinese: bool, email: bool) -> (i32, Verdict) {
        let (rules, w) = (self.rules, self.params.weights);
        let mut seen = SignalSet::new(rules.catalog.signals.len());
        let ordinary_signal = rules.known(K::text_model_ordinary);
        let (mut total, mut scam, mut ordinary, mut conduct) = (0, 0, 0, false);
        for r in &self.raised {
            if seen.insert(r.signal) {
                let def = &rules.catalog.signals[r.signal];
                let points = r.points.unwrap_or_else(|| w.weight.get(r.signal).copied().unwrap_or_default());
                total += points;
                if matches!(def.class, Class::Scam | Class::Legit) {
                    scam += points;
                }
                conduct |= def.conduct;
                if Some(r.signal) == ordinary_signal {
                    ordinary += points;
                }
            }
        }
        if conduct {
            total -= ordinary;
        }
        let (scam_at, suspicious_at) = w.verdict_thresholds(chinese, email);
        let verdict = if scam >= scam_at {
            Verdict::Scam
        } else if total >= suspicious_at {
            Verdict::Suspicious
        } else {
            Verdict::Benign
        };
        (total, verdict)
    }

    /// One phrase is one reason: where a lure's words lie within another
    /// lure's longer phrase of at most twice their length ("update your
    /// payment" of verify-your-details within "update your payment method" of
    /// a billing problem; not a few words within a sentence a pattern spans),
    /// or are the very words of another (the same phrase in two lists), only
    /// the longer phrase, or of the same words the lure with the larger prior
    /// (then the earlier in the catalogue), counts; the other counts only if
    /// it has a phrase of its own. Lures raised by links or the sender are
    /// left alone.
    fn one_reason_per_phrase(&mut self) {
        let defs = &self.rules.catalog.signals;
        let text_lure = |r: &Raised| defs[r.signal].lure && r.link.is_none() && !r.from_sender && r.span.is_some();
        let rank = |i: usize| (defs[i].prior.unwrap_or_default(), std::cmp::Reverse(i));
        let spans: Vec<(usize, Span)> = self.raised.iter().filter(|r| text_lure(r)).filter_map(|r| Some((r.signal, r.span?))).collect();
        // `b` takes the words of `a` (of lure `i`) from it.
        let takes = |(i, a): (usize, Span), (o, b): (usize, Span)| {
            let inside = b.0 <= a.0 && a.1 <= b.1 && b.1 - b.0 <= 2 * (a.1 - a.0);
            o != i && inside && (b.1 - b.0 > a.1 - a.0 || rank(o) > rank(i))
        };
        // A lure whose every phrase another lure's phrase takes.
        let covered = |i: usize| spans.iter().filter(|(s, _)| *s == i).all(|&own| spans.iter().any(|&other| takes(own, other)));
        let dropped: Vec<usize> = spans.iter().map(|&(s, _)| s).filter(|&s| covered(s)).collect();
        if !dropped.is_empty() {
            self.raised.retain(|r| !(text_lure(r) && dropped.contains(&r.signal)));
        }
    }

    /// A message the reader can check (signed by a named creditor, pointing
    /// to its own app or hotline, nothing to click, no other number to call,
    /// no other red flag) may speak of lawsuits and deadlines as a lender
    /// lawfully may: those words (`void_when_checkable`) do not count in it.
    /// Its sender, if shown, is not a person's number: not a mobile, a
    /// virtual operator's, an overseas or a fixed line.
    ///
    /// `named`: signed, or an institution claimed; `has_phone`: a number to
    /// call in the text.
    fn void_when_checkable(&mut self, sender: Option<&SenderInfo>, sender_official: bool, named: bool, has_phone: bool, has_link: bool, foreign_number: bool) {
        let service_sender = sender.is_some_and(|s| s.service.is_some());
        let usual_sender = sender.map_or(true, |s| {
            sender_official || service_sender || !matches!(s.kind, SenderKind::PersonalMobile | SenderKind::VirtualOperator | SenderKind::Overseas | SenderKind::Landline)
        });
        let own_channel = self.has(K::points_to_official_app) || sender_official || service_sender || (has_phone && !foreign_number);
        if named && usual_sender && own_channel && !has_link && !foreign_number {
            let defs = &self.rules.catalog.signals;
            if !self.raised.iter().any(|r| defs[r.signal].class == Class::Scam && !defs[r.signal].void_when_checkable) {
                self.raised.retain(|r| !defs[r.signal].void_when_checkable);
            }
        }
    }

    /// A debt notice in English that names nobody, from no named sender, and
    /// gives a number to call: a collector must say who it is (FDCPA
    /// §1692d(6), §1692e(11)). Not when anything checkable speaks for it
    /// (a legitimacy signal: its official app or link, a disclosure).
    fn nameless_callback(&mut self, phones: &[PhoneMention]) {
        if self.has_legit_signal() {
            return;
        }
        if let Some(p) = phones.iter().find(|p| p.info.service.is_none()) {
            self.raise_at_number(K::nameless_collection_callback, p, None);
        }
    }

    /// Something checkable speaks for the message: a legitimacy signal is raised.
    fn has_legit_signal(&self) -> bool {
        let defs = &self.rules.catalog.signals;
        self.raised.iter().any(|r| defs[r.signal].class == Class::Legit)
    }

    /// An overdue notice from nobody the reader can name that presses with a
    /// consequence (the credit record, a lawsuit, a cut-off, a deadline) and
    /// offers no official channel and no word of reassurance: the fake "final
    /// notice, pay now" (`unverifiable_collection_threat`, quoting the pressure).
    fn unverifiable_pressure(&mut self, pressure_signals: &[K]) {
        if self.has_legit_signal() {
            return;
        }
        let pressure = self.raised.iter().find(|r| pressure_signals.iter().any(|&k| self.rules.known(k) == Some(r.signal)));
        if let Some((span, evidence)) = pressure.map(|r| (r.span, r.evidence.clone())) {
            self.raise(K::unverifiable_collection_threat, span, evidence, None);
        }
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, sender: Option<&str>) -> Report {
        let m = Message { text: text.into(), sender: sender.map(Into::into), ..Message::default() };
        classify(&m, &Options::default())
    }

    #[test]
    fn one_phrase_is_one_reason() {
        let ids = |text: &str| check(text, None).signals.iter().map(|s| s.id.to_string()).collect::<Vec<String>>();
        // "update your payment" (verify your details) lies within "update your
        // payment method" (a billing problem): the phrase counts once.
        let one = ids("Klaravex: Payment of $40 failed. Update your payment method to keep your service active.");
        assert!(one.iter().any(|s| s == "billing_problem_lure") && !one.iter().any(|s| s == "verify_details_lure"), "{one:?}");
        // A phrase of its own still counts.
        let two = ids("Please verify your identity, then update your payment method at https://pay-fix.top/a");
        assert!(two.iter().any(|s| s == "billing_problem_lure") && two.iter().any(|s| s == "verify_details_lure"), "{two:?}");
    }

    #[test]
    fn encoded_words_are_read_decoded_and_quoted_where_they_stand() {
        let word = "=?utf-8?Q?Please=20verify=20your=20account?=";
        let text = format!("Subject: {word}\nSign in at https://paypa1-secure.top/login today.");
        let r = check(&text, None);
        let at = text.find(word).unwrap() as u32;
        let hit = r.signals.iter().find(|s| s.id == "verify_details_lure").expect("the decoded subject is read");
        assert_eq!(hit.span, Some(Span(at, at + word.len() as u32)), "{r:?}");
        assert_eq!(hit.evidence, "verify your account");
        let link = &r.links[0];
        let start = text.find("https://").unwrap() as u32;
        assert_eq!(link.span, Some(Span(start, start + "https://paypa1-secure.top/login".len() as u32)));
        // the same message decoded gives the same verdict
        let plain = check(&text.replace(word, "Please verify your account"), None);
        assert_eq!((r.verdict, r.overdue), (plain.verdict, plain.overdue));
    }

    #[test]
    fn an_impostor_sender_voids_the_texts_own_words_of_legitimacy() {
        let text = "【微众银行】尊敬的客户，您的微粒贷账户已逾期3天，请尽快登录微信-微粒贷还款，逾期将影响您的征信。";
        let genuine = check(text, Some("95384"));
        assert_eq!(genuine.verdict, Verdict::Benign);
        assert!(genuine.signals.iter().any(|s| s.id == "points_to_official_app"));
        let impostor = check(text, Some("17012345678"));
        assert_ne!(impostor.verdict, Verdict::Benign);
        assert!(impostor.signals.iter().any(|s| s.id == "institution_sender_not_official"));
        assert!(!impostor.signals.iter().any(|s| s.id == "points_to_official_app"));
    }

    #[test]
    fn text_without_chinese_characters_is_judged_by_its_own_thresholds() {
        let scam_en = Message { text: "USPS: your parcel is on hold, pay the $1.99 redelivery fee at https://usps-track.top/pay".into(), ..Message::default() };
        let scam_zh = Message { text: "【交管12123】您有一条交通违法未处理，请于今日登录 http://jtwf-12123.top 缴纳罚款，逾期将暂扣驾驶证。".into(), ..Message::default() };
        let options = Options::default();
        let verdict = |m: &Message, w: &Weights| classify_traced(m, &options, &Params { weights: w, ..Params::builtin() }).0.verdict;
        assert_eq!(verdict(&scam_en, Weights::builtin()), Verdict::Scam);
        assert_eq!(verdict(&scam_zh, Weights::builtin()), Verdict::Scam);
        let mut w = Weights::builtin().clone();
        (w.scam_latin, w.suspicious_latin) = (i32::MAX, i32::MAX);
        assert_eq!(verdict(&scam_en, &w), Verdict::Benign);
        assert_eq!(verdict(&scam_zh, &w), Verdict::Scam);
    }

    #[test]
    fn an_email_without_chinese_characters_is_judged_by_its_own_thresholds() {
        let text = "USPS: your parcel is on hold, pay the $1.99 redelivery fee at https://usps-track.top/pay";
        let sms = Message { text: text.into(), channel: Some(Channel::Sms), ..Message::default() };
        let email = Message { text: text.into(), channel: Some(Channel::Email), ..Message::default() };
        let options = Options::default();
        let verdict = |m: &Message, w: &Weights| classify_traced(m, &options, &Params { weights: w, ..Params::builtin() }).0.verdict;
        let mut w = Weights::builtin().clone();
        (w.scam_email, w.suspicious_email) = (i32::MAX, i32::MAX);
        assert_eq!(verdict(&sms, &w), Verdict::Scam);
        assert_eq!(verdict(&email, &w), Verdict::Benign);
        (w.scam_email, w.suspicious_email, w.scam_latin, w.suspicious_latin) = (i32::MIN, i32::MIN, i32::MAX, i32::MAX);
        assert_eq!(verdict(&sms, &w), Verdict::Benign);
        assert_eq!(verdict(&email, &w), Verdict::Scam);
        // Without a channel (a pasted message), an address for a sender tells e-mail.
        let pasted = |sender: &str| Message { text: text.into(), sender: Some(sender.into()), ..Message::default() };
        assert_eq!(verdict(&pasted("alerts@usps-track.top"), &w), Verdict::Scam);
        assert_eq!(verdict(&pasted("+1 202 555 0147"), &w), Verdict::Benign);
        // Chinese text keeps its pair whatever the channel.
        let zh = Message { text: "【交管12123】您有一条交通违法未处理，请于今日登录 http://jtwf-12123.top 缴纳罚款，逾期将暂扣驾驶证。".into(), channel: Some(Channel::Email), ..Message::default() };
        assert_eq!(verdict(&zh, &w), Verdict::Scam);
    }

    #[test]
    fn a_link_to_the_named_organisations_own_site_is_official() {
        let r = check("PG&E: Your bill of $84.20 is past due. Pay at https://www.pge.com/pay or call 1-800-743-5000. Reply STOP to opt out.", Some("+18007435000"));
        let link = &r.links[0];
        assert_eq!(link.domain, "pge.com");
        assert_eq!(link.signals, vec!["official_link".to_string()], "{r:?}");
        assert!(!r.signals.iter().any(|s| s.id == "collector_identifies_itself"), "STOP is an opt-out, not a collector's identification");
        let fake = check("PG&E: Your bill of $84.20 is past due. Pay at https://pge-billpay.top/pay now.", None);
        assert!(fake.links[0].signals.iter().any(|s| s == "brand_link_not_official"), "{fake:?}");
    }

    #[test]
    fn a_brand_borrowed_by_a_link_domain_is_a_lookalike_whatever_the_text_says() {
        let flags = |text: &str| check(text, None).links.iter().flat_map(|l| l.flags.clone()).collect::<Vec<_>>();
        for (text, flag) in [
            ("Your parcel is on hold: https://usps-redelivery.top/track", "lookalike"),
            ("Verify at https://apple-fmi-map.info/1vl", "lookalike"),
            ("Pay the toll at https://ezpass-nj-tolls.com", "lookalike"),
            ("Log in at http://paypal.secure-login.com/verify", "brand_in_subdomain"),
        ] {
            assert!(flags(text).iter().any(|f| f == flag), "{text}: {:?}", flags(text));
        }
        // The brands' own sites, and ordinary words that contain a brand's name.
        for text in [
            "Your order shipped: https://www.amazon.com/gp/css/order",
            "Your statement is ready at https://www.ezpassnj.com/en/home",
            "Recipes at http://pineapple-recipes.com and cards at https://www.paperchase.com",
            "Track it at https://dhlparcel.co.uk or https://www.aramex-ship.com",
        ] {
            assert!(flags(text).is_empty(), "{text}: {:?}", flags(text));
        }
    }

    #[test]
    fn advice_follows_the_region_of_the_message() {
        let advice_of = |text: &str, sender: Option<&str>| {
            let r = check(text, sender);
            (r.region.clone().unwrap_or_default(), r.advice.iter().map(|a| a.id.clone()).collect::<Vec<_>>())
        };
        let (region, us) = advice_of("FINAL NOTICE: your loan is 60 days past due. Pay $250 now at http://pay-now.top or you will be arrested", Some("+12025550143"));
        assert_eq!(region, "us");
        assert!(us.iter().any(|a| a == "if_never_borrowed_us") && us.iter().any(|a| a == "dispute_credit_record_us"), "{us:?}");
        assert!(!us.iter().any(|a| matches!(a.as_str(), "report_fraud" | "if_never_borrowed" | "dispute_credit_record" | "report_spam_12321")), "{us:?}");
        let (region, uk) = advice_of("Royal Mail: your parcel is held until you pay a fee of £1.45 at https://rm-fee.top", None);
        assert_eq!(region, "uk");
        assert!(uk.iter().any(|a| a == "report_fraud_uk"), "{uk:?}");
        let (region, cn) = advice_of("【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信", Some("17012345678"));
        assert_eq!(region, "cn");
        assert!(cn.iter().any(|a| a == "report_fraud") && cn.iter().any(|a| a == "report_spam_12321"), "{cn:?}");
        let (region, hk) = advice_of("香港郵政：你的郵件被海關扣留，須繳付關稅HK$18.5方可安排派遞，請即到 https://hkpost-tax.top 付款", Some("+85251874420"));
        assert_eq!(region, "hk");
        assert!(hk.iter().any(|a| a == "report_fraud_hk") && !hk.iter().any(|a| a.contains("12321")), "{hk:?}");
        // +852 on a Hong Kong message in Traditional characters is the reader's own city.
        assert!(!check("香港郵政：你的郵件被海關扣留，須繳付關稅HK$18.5方可安排派遞", Some("+85251874420")).signals.iter().any(|s| s.id == "sender_overseas"));
        let (region, other) = advice_of("Your account is past due. Click http://pay-now.top to pay now or face legal action.", None);
        assert_eq!(region, "other");
        assert!(!other.iter().any(|a| a.contains("12321") || a == "report_fraud" || a == "if_never_borrowed"), "{other:?}");
        // An Indian lender's registered header (TRAI DLT) is what points to India here: "Rs" alone does not.
        let emi = "Dear customer, your loan EMI of Rs 4,500 is overdue by 5 days. Please pay now to avoid penal charges.";
        let (region, india) = advice_of(emi, Some("JM-BAJAJF-S"));
        assert_eq!(region, "in");
        assert!(india.iter().any(|a| a == "if_never_borrowed_neutral") && !india.iter().any(|a| a == "if_never_borrowed"), "{india:?}");
        assert_eq!(advice_of(emi, None).0, "other");
    }

    #[test]
    fn ordinary_messages_are_benign_and_not_overdue() {
        for t in ["Ok lar... Joking wif u oni...", "晚上一起吃饭吗？", "", "   "] {
            let r = check(t, None);
            assert_eq!((r.overdue, r.verdict), (false, Verdict::Benign), "{t}");
            assert!(r.advice.is_empty());
        }
    }

    #[test]
    fn threats_make_a_collection_suspicious() {
        let r = check("您的借款已逾期90天，我们将上门催收并通知您的家人和单位领导。", None);
        assert!(r.overdue);
        assert!(r.verdict >= Verdict::Suspicious, "{r:?}");
        assert!(r.advice.iter().any(|a| a.id == "report_improper_collection"));
    }

    #[test]
    fn ordinary_wording_does_not_cancel_a_collectors_threat() {
        // A real collector's text (tests/data/found.jsonl): lawful-sounding
        // until it threatens to go to the employer.
        let threat = Message { text: "Dear {Name}, since you are unresponsive, we may escalate recovery efforts, including contacting your employer regarding your debt with {Client Name}. – Blueberry Voyage LTD".into(), ..Message::default() };
        let lawful = Message { text: "Dear {Name}, your payment of {Amount} to Blueberry Voyage LTD is overdue. Please pay today or call us to arrange a plan.".into(), ..Message::default() };
        let options = Options::default();
        let rules = Rules::get();
        let mut w = Weights::builtin().clone();
        let ordinary = rules.known(K::text_model_ordinary).expect("known signal");
        w.weight[ordinary] = -1000;
        let report = |m: &Message| classify_traced(m, &options, &Params { weights: &w, ..Params::builtin() }).0;
        let r = report(&threat);
        assert!(r.signals.iter().any(|s| s.id == "text_model_ordinary"), "{r:?}");
        assert_eq!(r.verdict, Verdict::Suspicious, "{r:?}");
        // Without a threat, the same weight makes the notice benign.
        assert_eq!(report(&lawful).verdict, Verdict::Benign);
    }

    #[test]
    fn repayment_success_is_not_overdue() {
        let r = check("【招联金融】您于07月17日成功还款1352.29元，可前往App查看详情。", None);
        assert!(!r.overdue);
        assert_eq!(r.verdict, Verdict::Benign);
    }

    #[test]
    fn spans_are_utf16_and_point_at_the_evidence() {
        let text = "😀您的借款已逾期3天";
        let r = check(text, None);
        let s = r.signals.iter().find(|s| s.id == "overdue_stated").expect("raised");
        let units: Vec<u16> = text.encode_utf16().collect();
        let span = s.span.expect("span");
        let shown = String::from_utf16_lossy(&units[span.0 as usize..span.1 as usize]);
        assert_eq!(shown, s.evidence);
    }

    #[test]
    fn anti_fraud_broadcasts_quote_scams_without_being_one() {
        let warning = "【北京市公安局】警方提醒：凡是自称客服要求您注销校园贷账户、转账到安全账户的都是诈骗，请拨打96110咨询。";
        let r = check(warning, Some("12381"));
        assert_eq!(r.verdict, Verdict::Benign, "{r:?}");
        // The lure it quotes may name the link its scam sends (`點擊連結`).
        let quoted_link = "【165反詐騙】詐騙集團假冒中華郵政發送「包裹地址不詳，請點擊連結補繳運費」簡訊，郵局不會用簡訊要求付費，請勿點擊。";
        let r = check(quoted_link, Some("111"));
        assert_eq!(r.verdict, Verdict::Benign, "{r:?}");
        let fake = "【国家反诈中心】您的账户涉嫌诈骗，都是诈骗分子所为，请立即转账到安全账户 http://safe-acc.top";
        assert_eq!(check(fake, Some("12381")).verdict, Verdict::Scam);
        // A "police reminder" that ends with the account to move the savings to.
        let fake_police = "某市警方提醒您：凡是接到陌生人要求转账的电话和短信，不听、不信、不转账，挂机后请立即将存款暂时转移到安全账户上：某银行6222 0212 3456 7890某警官。";
        assert_ne!(check(fake_police, None).verdict, Verdict::Benign);
    }

    #[test]
    fn a_broadcast_quoting_a_collector_is_not_an_overdue_notice() {
        let news = "【某县检察院】以案说法：被告人多次发送“你欠的钱今天不还，明天就去你家”“钱不还就给你全村打电话”等短信，被判处有期徒刑。";
        let r = check(news, Some("12309"));
        assert_eq!((r.overdue, r.verdict), (false, Verdict::Benign), "{r:?}");
        let collector = "你欠的钱今天不还，明天就去你家";
        assert!(check(collector, Some("13912345678")).overdue);
    }

    #[test]
    fn words_standing_for_a_removed_link_count_as_a_link() {
        let r = check("请于今日进入某网站完成认证", None);
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].flags, vec!["redacted".to_string()]);
        assert!(check("某人的网站很好看", None).links.is_empty());
    }

    #[test]
    fn an_explicit_overdue_statement_outweighs_before_due_words() {
        let r = check("【微众银行】您的微粒贷本期应还款已逾期1天，请尽快还款，以免影响您的信用记录。如有疑问请致电95384", None);
        assert!(r.overdue, "{r:?}");
        for before_due in ["【微众银行】您的微粒贷本期应还款1000元，将于明日到期，请按时还款。", "您的积分可兑换现金，逾期失效"] {
            assert!(!check(before_due, None).overdue, "{before_due}");
        }
    }

    #[test]
    fn placeholders_and_masks_stand_for_a_link() {
        for (text, n) in [("请登录手机网URL查询兑换", 1), ("你看这是谁URLlihxg", 1), ("您的医保卡已停，请打开********进行信息完善", 1), ("请登录wap.***.cc兑换", 1), ("请于9月5号前打开x.sh**63.cc在线办理", 1), ("向您jiangy***il.com成功收款10.00元", 0), ("请登录手机网查询兑换", 1), ("请尽快登录××××网址升级", 1), ("你的老婆有外遇,打开(附带一条网址链接)便可知道", 1), ("全民普發現金1萬元通過,申請連結:https://XXXXXXXXXXX", 1), ("Verify here: http://xxxxxxxx", 1), ("Example: https://example.com", 1), ("Click the URL below", 0), ("尾号****的卡", 0), ("我行不会发送积分兑换短信，请勿点击链接", 0), ("不要点击链接，不要登录网址", 0), ("請點選以下連結進行驗證", 1), ("详情登陆XX网址办理", 1), ("Verify now: [link]", 1), ("Your account is on hold <REDACTED URL>", 1), ("Pay here (link provided) today", 1), ("請點此：<連結>", 1), ("詳情繳費：(網址)", 1), ("Click [here](https://example.com)", 1), ("[Bank Name] Fraud Alert", 0), ("Your account (unlinked) is closed", 0), ("Pay at {url} today", 1), ("这是咱们聚会的大合照:链接地址:XXX;", 1), ("请点击網址：×××× 领取", 1), ("联系人：XXX", 0), ("链接地址在短信下方", 0)] {
            let r = check(text, None);
            assert_eq!(r.links.len(), n, "{text}: {:?}", r.links);
        }
        for (text, placeholder) in [("如需恢复请致电PHONE华夏银行", true), ("请联系客服DIGIT CELLPHONE办理", true), ("请致电农行客服中心HOTLINE农业银行", true), ("Call PHONE now", false), ("MYPHONE号码", false), ("如需恢复正常使用请致电0086××××", true), ("电话拨不通请速回:13*****", true), ("请立即联系客服:008-61XXXXXXX办理解冻", true), ("尾号****的卡", false), ("收件人：王**，电话已核实", false)] {
            assert_eq!(phone_placeholder(text), placeholder, "{text}");
        }
        let r = check("尊敬的建行用户您账户已满万积分可兑换的现金请登入手机网URL查询兑换逾期失效建设银行", None);
        assert_eq!((r.overdue, r.verdict), (false, Verdict::Scam), "{r:?}");
    }

    #[test]
    fn a_couriers_own_mobile_is_not_the_firms_line() {
        let ids = |r: &Report| r.signals.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let genuine = check("【京东】您好，我是京东配送员：李明，已从站点出发，请准备收货，手机号：18511872523，站点电话51079206", None);
        assert!(!ids(&genuine).iter().any(|i| i == "institution_number_not_official"), "{genuine:?}");
        let hotline = check("【京东】您的订单异常，请致电客服18511872523处理退款", None);
        assert!(ids(&hotline).iter().any(|i| i == "institution_number_not_official"), "{hotline:?}");
    }

    #[test]
    fn a_bank_named_as_where_to_pay_is_not_who_sends() {
        let ids = |r: &Report| r.signals.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        for payee in ["上周聚餐一人216，你转我建行卡6217000012345678901就行。", "你要的卡号：工行 6222 0202 0009 0005 097，户名李楠。", "房租还是转到上次那张农行卡，收到给你开收据。"] {
            let r = check(payee, Some("13911827764"));
            assert!(r.institution.is_none() && !ids(&r).iter().any(|i| i == "institution_sender_not_official"), "{payee}: {r:?}");
        }
        for claim in ["您的建行卡积分即将清零，请登录手机网兑换。", "工行提醒您：您的账户存在异常。", "【工商银行】您尾号1234的卡消费100元。"] {
            assert!(check(claim, Some("13911827764")).institution.is_some(), "{claim}");
        }
    }

    #[test]
    fn a_bank_alert_with_its_own_or_a_public_short_link_is_not_impersonation() {
        let ids = |r: &Report| r.signals.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        for genuine in [
            "您尾号4118的信用卡03日18:55消费人民币433.00元。送你99积分，马上领 t.cn/8s52qAr 。[招商银行]",
            "您账户9068于09月23日11:19网上支付人民币230.00。限时特惠9块9全国包邮 e95555.cn/99。[招商银行]",
            "交费提醒：您应交纳话费为52.29元。推荐您登录移动官网交费充值（www.10086.cn），支持网银、支付宝、财付通等。",
            "查流量，就用“北京移动”手机客户端。点击下载： http://mobilebj.cn/?c=120 中国移动",
        ] {
            let r = check(genuine, None);
            assert_eq!(r.verdict, Verdict::Benign, "{genuine}: {:?}", ids(&r));
            assert!(!ids(&r).iter().any(|i| i == "institution_link_not_official" || i == "brand_link_not_official"), "{genuine}");
        }
        assert!(check("您账户9068于09月23日网上支付人民币230.00。详情 e95555.cn/99 [招商银行]", None).links[0].official);
        for lookalike in ["您尾号4118的信用卡消费433.00元，详情 http://e95555-cmb.top/a [招商银行]", "您尾号4118的信用卡消费433.00元，详情 http://cmbt-cn.com/a [招商银行]"] {
            assert!(ids(&check(lookalike, None)).iter().any(|i| i == "institution_link_not_official"), "{lookalike}");
        }
        let phish = check("【招商银行】您的账户异常已被冻结，请立即登录 t.cn/Rk3xQ 验证", None);
        assert_eq!(phish.verdict, Verdict::Scam, "{:?}", ids(&phish));
    }

    #[test]
    fn an_english_demand_that_names_no_creditor_is_vague() {
        let has = |r: &Report, id: &str| r.signals.iter().any(|s| s.id == id);
        let vague = check("FINAL NOTICE: your balance of $812 is unpaid. Pay now to avoid further action.", None);
        assert!(vague.overdue && has(&vague, "vague_creditor") && vague.verdict >= Verdict::Suspicious, "{vague:?}");
        let named = check("Acme Collections LLC: your balance of $812 with Northside Bank is unpaid. Call 800-555-0100.", None);
        assert!(named.overdue && !has(&named, "vague_creditor"), "{named:?}");
        let fake = check("Your debt is unpaid. Police will come to your home unless you pay today. Reply with your card number.", None);
        assert_eq!(fake.verdict, Verdict::Scam, "{fake:?}");
    }

    #[test]
    fn a_government_site_is_no_link_in_an_overdue_notice() {
        let ids = |text: &str| -> Vec<String> { check(text, None).signals.into_iter().map(|s| s.id).collect() };
        let council = ids("Leeds City Council: your council tax instalment for account 400123456 is overdue. Pay at leeds.gov.uk/counciltax");
        assert!(!council.iter().any(|i| i == "link_in_overdue_notice"), "{council:?}");
        let fake = ids("Council tax: your account is overdue. Pay now at counciltax-gov.uk.com/pay");
        assert!(fake.iter().any(|i| i == "link_in_overdue_notice"), "{fake:?}");
    }

    #[test]
    fn a_banks_own_bank_in_site_is_nobodys_lookalike() {
        let ids = |text: &str| -> Vec<String> { check(text, None).signals.into_iter().map(|s| s.id).collect() };
        // A card alert names the merchant (Netflix) and links to the bank's
        // own site under bank.in, which only Indian banks can register.
        let genuine = ids("Payment of INR 199.00 towards Merchant NETFLIX to be debited from your Credit Card 3001 is due by 09/04/2026. To cancel, visit www.icici.bank.in - Cards.");
        assert!(!genuine.iter().any(|i| i == "brand_link_not_official" || i == "link_with_lure"), "{genuine:?}");
        let borrowed = ids("Payment of INR 199.00 towards Merchant NETFLIX failed. To keep your plan, visit www.netflix-bank-in.top/pay");
        assert!(borrowed.iter().any(|i| i == "brand_link_not_official" || i == "link_lookalike"), "{borrowed:?}");
    }

    #[test]
    fn a_final_notice_that_names_its_creditor_and_account_is_no_lure() {
        let ids = |text: &str, sender: Option<&str>| -> Vec<String> { check(text, sender).signals.into_iter().map(|s| s.id).collect() };
        // (text, sender, whether `final_notice_pay_now` counts)
        let cases: [(&str, Option<&str>, bool); 4] = [
            ("FINAL NOTICE from Severn Trent Water: account 7712 3345 remains unpaid at £186.20. Please pay within 7 days or call us.", None, false),
            ("Final notice: your Xfinity bill of $142.85 is past due. Pay now at xfinity.com/pay", None, false),
            // Nobody named, nothing to check; or a look-alike link.
            ("FINAL NOTICE: your account is seriously overdue. Pay now to avoid legal action.", None, true),
            ("FINAL NOTICE from Severn Trent Water: account 7712 3345 is overdue. Pay now at https://severn-trent-pay.top", None, true),
        ];
        for (text, sender, counts) in cases {
            assert_eq!(ids(text, sender).iter().any(|i| i == "final_notice_pay_now"), counts, "{text} from {sender:?}");
        }
    }

    #[test]
    fn lawful_words_do_not_count_in_a_checkable_message() {
        let ids = |text: &str, sender: Option<&str>| -> Vec<String> { check(text, sender).signals.into_iter().map(|s| s.id).collect() };
        // (text, sender, whether `fake_legal_document` counts)
        let cases: [(&str, Option<&str>, bool); 5] = [
            ("【XX市中级人民法院】本院定于3月12日开庭审理你方合同纠纷案，传票已送达，请登录人民法院在线服务小程序查看。", Some("12368"), false),
            // Something to click, another number to call, an unusual sender, no signature.
            ("【XX市中级人民法院】本院定于3月12日开庭审理你方合同纠纷案，传票请点击 http://fy-cx.top 查看。", None, true),
            ("【XX市中级人民法院】本院定于3月12日开庭审理你方合同纠纷案，传票请致电13912345678领取。", None, true),
            ("【XX市中级人民法院】本院定于3月12日开庭审理你方合同纠纷案，传票已送达，请登录人民法院在线服务小程序查看。", Some("13912345678"), true),
            ("本院定于3月12日开庭审理你方合同纠纷案，传票已送达，请登录人民法院在线服务小程序查看。", None, true),
        ];
        for (text, sender, counts) in cases {
            assert_eq!(ids(text, sender).iter().any(|i| i == "fake_legal_document"), counts, "{text} from {sender:?}");
        }
    }

    #[test]
    fn pressure_from_no_identifiable_creditor_is_unverifiable() {
        let has = |text: &str, sender: Option<&str>| check(text, sender).signals.iter().any(|s| s.id == "unverifiable_collection_threat");
        let cases = [
            ("您在某平台的贷款已严重逾期，请立即还款，否则将上报征信并起诉。", None, true),
            ("水费已逾期未缴，明日起停止供水。", None, true),
            ("您家水费已欠费3个月，今天不缴费将停止供水，请扫码缴纳。", Some("17055667788"), true),
            // A signer, a bank's sender, the account named by its tail, an
            // official app, a soft word, no pressure.
            ("【某某消费金融】您的借款已逾期，请立即还款，否则将上报征信。", None, false),
            ("您的借款已逾期，请立即还款，否则将上报征信。", Some("95555"), false),
            ("您尾号8842的信用卡已逾期，请尽快还款，否则将上报征信。", None, false),
            ("您的借款已逾期，请打开App还款，否则将上报征信。", None, false),
            ("您的借款已逾期3天，请尽快还款，以免影响征信。", None, false),
            ("您的借款已逾期，请尽快还款。", None, false),
            // English: a lawsuit or a cut-off, even "to avoid" it, from nobody
            // named; but not "urgent" alone, and not from a named creditor.
            ("Your loan account is 30 days past due. Call 800-555-0134 immediately to avoid legal action.", Some("+1 415 555 0134"), true),
            ("Your account is past due and your service will be disconnected tomorrow.", None, true),
            ("Your loan account is 30 days past due. Call us immediately.", Some("+1 415 555 0134"), false),
            ("Your Verizon account is past due and your service will be disconnected tomorrow.", None, false),
        ];
        for (text, sender, want) in cases {
            assert_eq!(has(text, sender), want, "{text} from {sender:?}");
        }
    }

}
