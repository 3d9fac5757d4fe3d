//! The rule catalogue and the text scanner.
//!
//! Every signal and every piece of advice lives in `data/signals.toml` and
//! `data/advice.toml` with its stable id, weight and sentences in Chinese and
//! English; this module loads them once and compiles the text rules into one
//! Aho–Corasick automaton (in the module, two: see `KeywordMatcher`).
//! Regular expressions run only in a small window around an anchor literal
//! the automaton found, so a scan is linear in the length of the text.

#[cfg(test)]
use crate::keywords::{Keywords, SignalWords};
use crate::backtrack::Program;
use crate::gapped::Gapped;
use crate::keywords::{script_pairs, Word};
use crate::words::Words;
use memchr::memmem::Finder;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Anchored, Input, Match, MatchError, MatchKind, Span};
use regex_syntax::hir::Hir;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// How a signal counts towards the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Fraud, phishing, impersonation: counts towards `scam`.
    Scam,
    /// Beyond the law or unverifiable: counts towards `suspicious` only.
    Suspicious,
    /// A legitimacy signal (negative weight): lowers both scores.
    Legit,
    /// Describes the message (overdue evidence, hard negatives); no weight.
    Info,
}

/// A condition a text signal needs besides its own match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Require {
    /// Some debt vocabulary is present.
    Debt,
    /// No debt vocabulary is present: the message does not say it is about
    /// money owed (a call-back request that hides why it calls).
    NoDebt,
    /// The message is an overdue notice.
    Overdue,
    /// The message has a link.
    Link,
    /// The message has a phone number in its text.
    Phone,
    /// The message has no link: a bank's reply-YES/NO fraud alert is its
    /// own pattern only without one.
    NoLink,
    /// The message has no phone number in its text, nothing to call back.
    NoPhone,
    /// The message is about money, loans or accounts.
    Finance,
    /// The whole message fits in one expression window ([`REGEX_WINDOW`]
    /// bytes, normalised: about 40 Chinese characters), so `^` and `$` in the
    /// signal's expressions are the message's own start and end.
    Short,
}

/// A regular expression that runs around an anchor literal.
#[derive(Debug, Clone)]
pub struct RegexDef {
    /// The literals (normalised form) that every match contains one of:
    /// the expression runs around any of them. Empty in the WebAssembly
    /// module, as [`SignalDef::patterns`].
    pub anchor: &'static [&'static str],
    /// The expression (regex-lite syntax).
    pub re: &'static str,
}

/// One signal definition.
#[derive(Debug, Clone, Serialize)]
pub struct SignalDef {
    /// Stable snake_case id.
    pub id: &'static str,
    /// How it counts towards the verdict.
    pub class: Class,
    /// Points added to the score when raised (negative: a legitimacy signal).
    pub weight: i32,
    /// Points of evidence that the message is an overdue notice.
    pub overdue: i32,
    /// The hand-set weight that fitting starts from and pulls towards.
    #[serde(skip_serializing)]
    pub prior: Option<i32>,
    /// The hand-set overdue weight (0 when absent: not overdue evidence).
    #[serde(skip_serializing)]
    pub overdue_prior: i32,
    /// Chinese sentence shown to the user (`{detail}` filled from the hit).
    pub zh: &'static str,
    /// English sentence shown to the user (`{detail}` filled from the hit).
    pub en: &'static str,
    /// Why this signal exists: its source. Empty in the WebAssembly module,
    /// which never shows it (the payload budget); `data/signals.toml` keeps it.
    #[serde(skip_serializing)]
    pub source: &'static str,
    /// Literal patterns (normalised form); `*` at the end drops the word-end
    /// check. Empty in the WebAssembly module, which reads them from the
    /// keyword list build.rs made of them ([`keyword_texts`]).
    #[serde(skip_serializing)]
    pub patterns: &'static [&'static str],
    /// Anchored regular expressions.
    #[serde(skip_serializing)]
    pub regex: &'static [RegexDef],
    /// A match right after a negator does not count.
    #[serde(skip_serializing)]
    pub negatable: bool,
    /// A threat: said as what paying avoids ("避免起诉及财产冻结", "to avoid
    /// legal action") it is still made, so the purpose negators
    /// (`[negators] purpose`) do not cancel it; the others still do.
    #[serde(skip_serializing)]
    pub threat: bool,
    /// Keywords also match half written in pinyin (`yu期`).
    #[serde(skip_serializing)]
    pub pinyin: bool,
    /// A match right before one of these (normalised form) does not count:
    /// "5分钟内有效" is how long a code is valid, not a deadline.
    #[serde(skip_serializing)]
    pub unless_followed_by: &'static [&'static str],
    /// The same for words right before a match ("expires in 10 minutes").
    #[serde(skip_serializing)]
    pub unless_preceded_by: &'static [&'static str],
    /// An English match in a condition's clause ("if payment remains unpaid
    /// after 7 days", "unless the balance is paid", "should your account
    /// fall into arrears") supposes what it says and does not count.
    #[serde(skip_serializing)]
    pub void_when_conditional: bool,
    /// Conditions the message must also meet.
    #[serde(skip_serializing)]
    pub requires: &'static [Require],
    /// Signals whose overdue weight a match of this one cancels: an explicit
    /// statement that a payment is overdue outweighs before-due words.
    #[serde(skip_serializing)]
    pub outweighs: &'static [&'static str],
    /// A lure (a prize, a refund, a blocked account, a fine to pay …): with a
    /// link beside it, the link is phishing (`link_with_lure`).
    #[serde(skip_serializing)]
    pub lure: bool,
    /// Words a creditor may lawfully use (a lawsuit, a deadline, a renewal):
    /// they do not count in a message the reader can check, signed by a named
    /// creditor that points only to its own app or hotline.
    #[serde(skip_serializing)]
    pub void_when_checkable: bool,
    /// Regions (`data/regions.toml` ids) where the match means something
    /// else: a UK premium-rate prefix is an ordinary Nigerian mobile's.
    #[serde(skip_serializing)]
    pub void_in_regions: &'static [&'static str],
    /// A collector's conduct beyond the law (threats of harm, arrest or
    /// visits, telling contacts, insults, bombing): the text model's
    /// "ordinary wording" does not cancel it, since a collector who crosses
    /// the line writes like a lawful one until the threat.
    #[serde(skip_serializing)]
    pub conduct: bool,
}

/// One advice definition.
#[derive(Debug, Clone, Serialize)]
pub struct AdviceDef {
    /// Stable snake_case id.
    pub id: &'static str,
    /// Chinese sentence; `{detail}` is replaced by the advice's detail.
    pub zh: &'static str,
    /// English sentence; `{detail}` is replaced by the advice's detail.
    pub en: &'static str,
    /// Where the guidance comes from. Empty in the WebAssembly module, which
    /// never shows it; `data/advice.toml` keeps it.
    #[serde(skip_serializing)]
    pub source: &'static str,
}

/// The thresholds of the verdict, in one place (`data/signals.toml`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Thresholds {
    /// Scam-class plus legitimacy weights at or above this: `scam`.
    pub scam: i32,
    /// All weights at or above this: `suspicious`.
    pub suspicious: i32,
    /// Overdue weights at or above this: an overdue notice.
    pub overdue: i32,
    /// `scam` for a message without Chinese characters (the rules and the
    /// text model score the two languages on different scales, so each gets
    /// its own fitted threshold); `scam` when absent.
    pub scam_latin: Option<i32>,
    /// `suspicious` for a message without Chinese characters.
    pub suspicious_latin: Option<i32>,
    /// `scam` for an e-mail without Chinese characters: a long genuine
    /// e-mail (a failed payment, a suspended subscription) raises more of the
    /// lures' words than a text message does, so e-mail gets its own fitted
    /// pair; `scam_latin` when absent.
    pub scam_email: Option<i32>,
    /// `suspicious` for an e-mail without Chinese characters.
    pub suspicious_email: Option<i32>,
    /// Characters before a match searched for a negator.
    pub negator_window: usize,
    /// The same for a match that starts with an ASCII letter (English).
    pub negator_window_en: usize,
    /// Hand-set priors of the three thresholds, for fitting.
    #[serde(skip_serializing)]
    pub scam_prior: i32,
    /// See `scam_prior`.
    #[serde(skip_serializing)]
    pub suspicious_prior: i32,
    /// See `scam_prior`.
    #[serde(skip_serializing)]
    pub overdue_prior: i32,
}

/// How `overdue-guard fit` learns the weights (`[fit]` of `data/signals.toml`).
#[derive(Debug, Clone, Serialize, Default)]
pub struct FitSettings {
    /// Pull of every verdict weight towards its prior.
    pub l2: f64,
    /// Pull of every overdue weight towards its prior (fewer messages are
    /// labelled overdue or not, so the priors count for more).
    pub l2_overdue: f64,
    /// Cost of a misjudged benign message against a missed scam.
    pub benign_cost: f64,
    /// The same for a message without Chinese characters; `benign_cost`
    /// when absent.
    pub benign_cost_latin: Option<f64>,
    /// The same for e-mail without Chinese characters, in the scam question
    /// only; `benign_cost_latin` when absent.
    pub benign_cost_email: Option<f64>,
    /// Sets whose examples count `core_weight` times.
    pub core_sets: &'static [&'static str],
    /// See `core_sets`.
    pub core_weight: f64,
    /// How much an advert counts as a negative example of the text model's
    /// scam head (0: adverts teach it nothing).
    pub advert_weight: f64,
    /// How much a suspicious message (a real collector crossing a line)
    /// counts as a positive example of the scam head (0: they teach it
    /// nothing; below 0: as a negative one, at its size).
    pub suspicious_weight: f64,
    /// Cost of a benign message in the "flagged or not" question (Chinese
    /// text); `benign_cost` when absent.
    pub benign_flag_cost: Option<f64>,
    /// The same for text without Chinese characters; `benign_cost_latin`
    /// when absent.
    pub benign_flag_cost_latin: Option<f64>,
    /// How much the messages written for the project (set `written`) count,
    /// instead of `core_weight` or 1; as in `core_sets` when absent.
    pub written_weight: Option<f64>,
    /// Pull of the verdict and overdue thresholds towards their priors;
    /// `l2` and `l2_overdue` when absent.
    pub l2_threshold: Option<f64>,
    /// Pull of the e-mail thresholds (text without Chinese characters)
    /// towards those of other text without Chinese characters: the pull of
    /// their offsets towards none; `l2_threshold` (else `l2`) when absent.
    pub l2_email: Option<f64>,
    /// Steps of the weights' solver.
    pub steps: u32,
    /// Salt of the inner folds that give the text model's held-out logits.
    pub inner_salt: u32,
    /// Seed of the order in which the text model visits its examples
    /// (`TrainConfig`'s own when absent, as the two below).
    pub model_seed: Option<u64>,
    /// The text model's passes over its examples.
    pub model_epochs: Option<u32>,
    /// The text model's base learning rate.
    pub model_learning_rate: Option<f64>,
    /// Runs of the text model's training averaged into it (1 when absent;
    /// see `TrainConfig::runs`).
    pub model_runs: Option<u32>,
    /// The text model's hash buckets, as bits (`TrainConfig`'s own when
    /// absent; each bit doubles the model file), 1 to 24.
    pub model_bits: Option<u8>,
    /// The text model's L2 penalty (`TrainConfig`'s own when absent).
    pub model_l2: Option<f64>,
    /// When not 0, the salt of a draw that leaves one written message in
    /// fifty out of every fit: how much the fit hangs on a few of our own
    /// messages (a measurement, not a setting to ship).
    pub drop_written: u32,
    /// Whether, in the sets of `core_sets`, the folds (the cross-validation's
    /// and the inner ones that give the text model's held-out logits) are
    /// drawn by the page, repository or code file a message came from rather
    /// than by message (see [`crate::fit::fold_key`]).
    pub fold_by_source: bool,
    /// How much the messages of one source share their weight in training
    /// (0: each message counts alike): within its set, a message of a source
    /// of `k` messages counts `k^-source_balance` as much as a source's only
    /// message, so that one lender's twenty templates do not teach the model
    /// more than twenty lenders' one each. Sources as in `fold_by_source`.
    pub source_balance: f64,
    /// The share of its weight at which a text-model example with a link
    /// also counts as a copy without the link (0: no copies).
    pub link_dropout: f64,
    /// The share of its weight at which a text-model example of two or more
    /// sentences also counts as its sentences, each alone (shared among
    /// them; 0: no copies).
    pub sentence_copies: f64,
}

/// How one `[fit]` setting is read from its value.
type ReadSetting = fn(&mut FitSettings, &str) -> Result<(), String>;

/// A number of 0 or more.
fn setting_number(value: &str) -> Result<f64, String> {
    value.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| "is not a number of 0 or more".to_string())
}

/// A number of either sign (`suspicious_weight`: below 0, a weight as negatives).
fn setting_signed(value: &str) -> Result<f64, String> {
    value.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| "is not a number".to_string())
}

/// A whole number below 2^32.
fn setting_whole(value: &str) -> Result<u32, String> {
    value.parse::<u32>().map_err(|_| "is not a whole number below 2^32".to_string())
}

/// `(key, read)` for each field named, its key the field's name: `read`
/// turns the value's text into the field's value.
macro_rules! fit_settings {
    ($($field:ident: $read:expr),* $(,)?) => {
        [$((stringify!($field), (|s: &mut FitSettings, v: &str| {
            s.$field = $read(v)?;
            Ok(())
        }) as ReadSetting)),*]
    };
}

/// Every setting of `[fit]` but `core_sets`, by key, and how its value is
/// read: the one list of them. The data file's `[fit]` is read through it
/// (build.rs writes the table as `FIT_SPEC`), and so are the changes of
/// `overdue-guard eval --settings` and `scripts/fit-settings.mjs`.
const FIT_SETTINGS: [(&str, ReadSetting); 26] = fit_settings! {
    l2: setting_number,
    l2_overdue: setting_number,
    l2_threshold: |v| setting_number(v).map(Some),
    l2_email: |v| setting_number(v).map(Some),
    benign_cost: setting_number,
    benign_cost_latin: |v| setting_number(v).map(Some),
    benign_cost_email: |v| setting_number(v).map(Some),
    benign_flag_cost: |v| setting_number(v).map(Some),
    benign_flag_cost_latin: |v| setting_number(v).map(Some),
    core_weight: setting_number,
    written_weight: |v| setting_number(v).map(Some),
    advert_weight: setting_number,
    suspicious_weight: setting_signed,
    steps: |v| setting_whole(v).map(|n| n.max(1)),
    inner_salt: setting_whole,
    model_seed: |v| setting_whole(v).map(|n| Some(u64::from(n))),
    model_epochs: |v| setting_whole(v).map(|n| Some(n.max(1))),
    model_learning_rate: |v| setting_number(v).map(Some),
    model_runs: |v| setting_whole(v).map(|n| Some(n.max(1))),
    model_l2: |v| setting_number(v).map(Some),
    model_bits: |v| setting_whole(v).ok().and_then(|n| u8::try_from(n).ok()).filter(|n| (1..=24).contains(n)).map(Some).ok_or_else(|| "is not a whole number from 1 to 24".to_string()),
    drop_written: setting_whole,
    fold_by_source: |v| setting_whole(v).map(|n| n != 0),
    source_balance: setting_number,
    link_dropout: setting_number,
    sentence_copies: setting_number,
};

/// The keys [`FitSettings::with`] changes.
pub fn fit_setting_keys() -> impl Iterator<Item = &'static str> {
    FIT_SETTINGS.iter().map(|&(key, _)| key)
}

impl FitSettings {
    /// What a fit uses for a setting `[fit]` leaves out: no pull, no extra
    /// cost or weight, the solver's 1,500 steps, folds by source.
    const BASE: FitSettings = FitSettings {
        l2: 0.0,
        l2_overdue: 0.0,
        benign_cost: 1.0,
        benign_cost_latin: None,
        benign_cost_email: None,
        core_sets: &[],
        core_weight: 1.0,
        advert_weight: 0.0,
        suspicious_weight: 0.0,
        benign_flag_cost: None,
        benign_flag_cost_latin: None,
        written_weight: None,
        l2_threshold: None,
        l2_email: None,
        steps: 1500,
        inner_salt: 7,
        model_seed: None,
        model_epochs: None,
        model_learning_rate: None,
        model_runs: None,
        model_bits: None,
        model_l2: None,
        drop_written: 0,
        fold_by_source: true,
        source_balance: 0.0,
        link_dropout: 0.0,
        sentence_copies: 0.0,
    };

    /// The settings of `data/signals.toml`'s `[fit]`, or what in them cannot
    /// be read (a key [`fit_setting_keys`] does not know, a value of the
    /// wrong kind).
    pub fn committed() -> Result<FitSettings, String> {
        FitSettings { core_sets: FIT_CORE_SETS, ..FitSettings::BASE }.with(FIT_SPEC).map_err(|e| format!("data/signals.toml [fit]: {e}"))
    }

    /// These settings with the changes of `spec`: comma-separated
    /// `key=value` pairs of [`fit_setting_keys`] (`l2=10,written_weight=2`),
    /// so that settings can be compared without editing the data file.
    pub fn with(&self, spec: &str) -> Result<FitSettings, String> {
        let mut s = self.clone();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').map(|(k, v)| (k.trim(), v.trim())).ok_or_else(|| format!("fit setting {pair:?} is not key=value"))?;
            let Some(&(_, read)) = FIT_SETTINGS.iter().find(|&&(k, _)| k == key) else {
                return Err(format!("unknown fit setting {key:?} (known: {})", fit_setting_keys().collect::<Vec<_>>().join(", ")));
            };
            read(&mut s, value).map_err(|e| format!("fit setting {key}: {value:?} {e}"))?;
        }
        Ok(s)
    }
}

/// Every signal and advice the classifier can emit: what the extension shows.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// The verdict thresholds.
    pub thresholds: Thresholds,
    /// Signals, in file order.
    pub signals: Vec<SignalDef>,
    /// How the weights are fitted: [`FitSettings::committed`] for `fit`
    /// and `eval`; the settings' defaults in [`Rules::get`]'s catalogue,
    /// which only classifies.
    #[serde(skip)]
    pub fit: FitSettings,
    /// Advice, in file order.
    pub advice: Vec<AdviceDef>,
}

impl Catalog {
    /// The signal with this id.
    pub fn signal(&self, id: &str) -> Option<&SignalDef> {
        self.signals.iter().find(|s| s.id == id)
    }

    /// The advice with this id.
    pub fn advice(&self, id: &str) -> Option<&AdviceDef> {
        self.advice.iter().find(|a| a.id == id)
    }
}

/// Declares [`Known`]: the signals the engine raises or asks about by name.
macro_rules! known_signals {
    ($($id:ident),* $(,)?) => {
        /// A signal the engine names in its code; [`Rules::known`] gives its
        /// index, found once when the rules are built, so that no message
        /// compares or hashes an id.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Known {
            $(#[doc = concat!("`", stringify!($id), "`")] $id),*
        }

        impl Known {
            /// Every known signal, in declaration order.
            pub const ALL: &'static [Known] = &[$(Known::$id),*];

            /// Its id in the catalogue.
            pub fn id(self) -> &'static str {
                match self {
                    $(Known::$id => stringify!($id)),*
                }
            }
        }
    };
}

known_signals! {
    account_reference_given, anti_fraud_broadcast, asks_for_code_or_password, auto_renewal_lure, brand_email_not_official, brand_email_official, brand_link_not_official, callback_lure,
    cancel_student_loan_account, collection_contact_personal_mobile, credit_record_warning, credit_repair_offer, creditor_named, creditor_placeholder, deceptive_payment_lure,
    download_app_request, extreme_urgency, fake_legal_document, final_notice_pay_now, gift_card_or_crypto_payment, institution_email_not_official,
    institution_link_not_official, institution_number_not_official, institution_sender_not_official, institution_sender_other_institution,
    institution_wrong_signature, legal_or_cutoff_warning, legal_threat_en, likely_official_sender, link_action_word_in_domain, link_apk, link_brand_in_path,
    link_brand_in_subdomain, link_confusable, link_free_hosting, link_hidden_characters, link_hyphenated_domain, link_in_overdue_notice, link_ip_host,
    link_lookalike, link_punycode, link_shortener, link_shortener_signed, link_suspicious_tld, link_text_mismatch, link_userinfo, link_with_lure,
    lookalike_letters_in_words, nameless_collection_callback, official_link, official_sender, points_to_official_app, safe_account_transfer, screen_share_or_private_chat,
    sender_anti_fraud_impersonation, sender_broadnet_192, sender_hidden_characters, sender_overseas, sender_personal_mobile_collection, sender_registered_header,
    sender_service_number_wrong_length, sender_spoofed_service_number, sender_virtual_operator, sender_virtual_operator_weak, sms_opt_out,
    text_model_ordinary, text_model_overdue, text_model_scam, third_party_debt_notice, transfer_to_third_party_account, threat_arrest_or_criminal, threat_contacts_family_employer,
    threat_home_or_work_visit, unverifiable_collection_threat, user_blocked_domain, user_blocked_sender, user_trusted_domain, user_trusted_sender,
    vague_creditor, veiled_threat,
}

/// The compiled rules: the catalogue plus the scanner.
#[derive(Debug)]
pub struct Rules {
    /// The catalogue.
    pub catalog: Catalog,
    /// The keywords; a match's value `i` is keyword `i` of `kinds`.
    matcher: KeywordMatcher,
    /// What each keyword of the automaton stands for.
    kinds: &'static [&'static [Word]],
    regexes: Vec<AnchoredRegex>,
    /// Any negator (folded), in one automaton: a hit's window is searched
    /// once. Built when a negatable hit is first checked.
    negators: OnceLock<Option<crate::words::Words>>,
    /// The negators but the purpose ones, for threats; built on first need.
    plain_negators: OnceLock<Option<crate::words::Words>>,
    /// Signal index by id.
    by_id: HashMap<&'static str, usize, BuildHasherDefault<IdHasher>>,
    /// Index of each [`Known`] signal (in `Known::ALL` order), if the catalogue has it.
    known: Vec<Option<usize>>,
    /// Indices of the signals each signal outweighs.
    outweighs: Vec<Vec<usize>>,
}

/// The rules' keywords (keyword `i` valued `i`) in one list (the CLI: one
/// pass a message), or (the module) in two: the keywords with an ASCII letter
/// next to another character (pinyin forms such as `yu期`: a quarter of the
/// keywords, but their mix of scripts makes the automaton of all of them take
/// 1.8 times as long to build as that of the rest) apart, searched only in a
/// message that holds one of their letter–character pairs (`u期`; about 300,
/// in `KEYWORD_SCRIPT_PAIRS`), which few do: normalised Chinese text often
/// holds letters beside characters (`点击http`), but rarely these (444 of the
/// 6,334 Chinese messages of the corpora and the test data), so their
/// automaton is rarely built.
#[derive(Debug)]
struct KeywordMatcher {
    /// Every keyword, or every one but the mixed (`mixed` is `Some`).
    main: Option<Words>,
    mixed: Option<Words>,
}

impl KeywordMatcher {
    fn new(split: bool) -> KeywordMatcher {
        let words = |which: &dyn Fn(usize) -> bool| Words::with_values(keyword_texts().zip(0u32..).filter(|&(_, i)| which(i as usize)));
        if split {
            KeywordMatcher { main: words(&|i| !mixed(i)), mixed: words(&mixed) }
        } else {
            KeywordMatcher { main: words(&|_| true), mixed: None }
        }
    }

    /// The mixed keywords, when they are apart and `text` can hold one.
    fn mixed_for(&self, text: &str) -> Option<&Words> {
        let mixed = self.mixed.as_ref()?;
        script_pairs(text).any(|p| KEYWORD_SCRIPT_PAIRS.binary_search(&p).is_ok()).then_some(mixed)
    }

    /// Every keyword match in `text` (byte range, keyword index), overlapping,
    /// in the order of one automaton over all keywords: by end, the longer
    /// first at one end.
    fn matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, u32)> + 'a {
        let all = move |w: &'a Words| w.overlapping(text).map(|(r, i)| (r, i as u32));
        let mut main = self.main.iter().flat_map(all).peekable();
        let mut mixed = self.mixed_for(text).into_iter().flat_map(all).peekable();
        std::iter::from_fn(move || {
            let mixed_first = match (main.peek(), mixed.peek()) {
                (Some(a), Some(b)) => (b.0.end, b.0.start) < (a.0.end, a.0.start),
                (None, b) => b.is_some(),
                (Some(_), None) => false,
            };
            if mixed_first {
                mixed.next()
            } else {
                main.next()
            }
        })
    }
}

/// The rules' keywords, keyword `i` the `i`th (as build.rs wrote them).
pub(crate) fn keyword_texts() -> impl Iterator<Item = &'static str> {
    KEYWORD_ENDS.iter().scan(0, |start: &mut usize, &end| {
        let keyword = KEYWORD_TEXT.get(*start..end as usize).unwrap_or_default();
        *start = end as usize;
        Some(keyword)
    })
}

/// Whether keyword `i` has an ASCII letter beside another character.
fn mixed(i: usize) -> bool {
    KEYWORD_MIXED.get(i / 64).is_some_and(|bits| bits >> (i % 64) & 1 == 1)
}

/// The module keeps the mixed keywords apart ([`KeywordMatcher`]).
const SPLIT_KEYWORDS: bool = cfg!(target_arch = "wasm32");

/// A signal's regular expression, prepared when one of its anchors is
/// first found (a message finds few of the rules' 540 expressions' anchors).
#[derive(Debug)]
struct AnchoredRegex {
    signal: usize,
    /// As written in the data (regex-lite syntax).
    written: &'static str,
    prepared: OnceLock<Prepared>,
}

/// An expression in the regex crates' syntax, with the literals any match
/// must contain: where one of them is missing around an anchor, the regex
/// need not run.
#[derive(Debug)]
struct Prepared {
    re: Expression,
    /// Each entry lists alternatives; a match contains one of each entry.
    required: Vec<Vec<Finder<'static>>>,
}

impl AnchoredRegex {
    fn prepared(&self) -> &Prepared {
        self.prepared.get_or_init(|| {
            let re = Expression::new(self.written);
            // A gapped expression's parts are its literals already: no
            // second reading of it before the first message's report.
            let required = finders(re.gapped.as_ref().map_or_else(|| required_literals(self.written), Gapped::required));
            Prepared { re, required }
        })
    }
}

/// How much work (instructions times places searched) an expression's
/// backtracker does before the expression is compiled: natively about what
/// compiling an English expression with a few bounded gaps costs, so that an
/// expression that keeps being searched is compiled after about twice the
/// cheaper of the two (the ski-rental rule, as for the keyword lists in
/// `src/words.rs`). In the module compiling costs more, since V8 compiles and
/// optimises the regex crates' code the first time it runs, while a report
/// waits: there the first messages, e-mails of a few KB among them, run no
/// compiler (a 1.5 KB English e-mail as the first message: 2^16 moved the
/// compile to the second message, 56 ms; 2^20 leaves the first two without
/// it, 115 -> 75 ms for the first report and 56 -> 8 ms for the second, on a
/// loaded machine).
const WALK_BEFORE_COMPILING: usize = if cfg!(target_arch = "wasm32") { 1 << 20 } else { 1 << 16 };

/// A regular expression (regex-lite syntax, see [`regex_crate_syntax`])
/// compiled the first time a message needs it (most messages need a few of
/// the rules' expressions) into a lazy DFA of `regex-automata`, forward, and
/// reverse when it first matches: much faster than a Pike VM over every
/// window, and without the `regex` crate's other engines in the module.
/// An expression of only literals, alternatives and one bounded gap at most
/// is matched without compiling ([`Gapped`]), as many Chinese ones are.
#[derive(Debug)]
pub(crate) struct Expression {
    /// As written (regex-lite syntax), for the compiler.
    written: &'static str,
    /// The same expression when it is only literals, alternatives and one
    /// bounded gap at most: matched without compiling ([`Gapped`]).
    gapped: Option<Gapped<'static>>,
    /// Any other expression as a backtracker's program (read on first use;
    /// `None` when the backtracker does not read it): what searches until
    /// the expression has done [`WALK_BEFORE_COMPILING`] of work and is then
    /// compiled.
    walk: OnceLock<Option<Program>>,
    /// The backtracker's work so far: instructions times places, summed
    /// over its searches.
    walked: AtomicUsize,
    /// Boxed: a compiled expression (two DFAs and their caches) is a few
    /// KB, and the rules hold about 540 expressions, most never compiled.
    compiled: OnceLock<Option<Box<Compiled>>>,
}

#[derive(Debug)]
struct Compiled {
    /// The parsed expression, for the reverse DFA (parsing and translating
    /// were about half of the module's work to compile an expression both
    /// ways: the first report's expression is parsed once, not twice).
    hir: Hir,
    /// Finds where a match ends.
    forward: DFA,
    /// Finds where it starts, from its end (as `hybrid::regex::Regex` does):
    /// built when the forward DFA first finds a match, which most windows
    /// around an anchor do not hold (the reverse automaton is the larger
    /// part of compiling an expression, about three times the states).
    reverse: OnceLock<Option<DFA>>,
    /// The DFAs' caches, searched in place by one search at a time (a search
    /// needs its own): a cache is several hundred bytes, and moving it out
    /// of a list and back for every search cost more than the search.
    caches: Mutex<Caches>,
    /// More caches, for searches on other threads while `caches` is in use
    /// (the CLI searches on several).
    spare: Mutex<Vec<Caches>>,
    /// Where a match can begin, when every match begins with one of a
    /// list of literals ([`match_starts`]): the expression is then tried,
    /// anchored, at each place one of them occurs, and not run where none
    /// does.
    starts: Option<Prefilter>,
    /// For each part of the expression's top-level sequence that must match
    /// one of a few literals, those literals ([`part_literals`]): a text
    /// that lacks every literal of one part is not searched.
    required: Vec<Vec<Finder<'static>>>,
}

#[derive(Debug)]
struct Caches {
    forward: Cache,
    /// Made with the reverse DFA.
    reverse: Option<Cache>,
}

/// Only match spans are wanted: an NFA without capture states compiles in
/// about 20 % less time.
fn nfa_config() -> thompson::Config {
    thompson::Config::new().which_captures(thompson::WhichCaptures::None)
}

impl Expression {
    /// An expression in regex-lite syntax; compiled on first use (and
    /// rewritten into the regex crates' syntax only then: most of the
    /// expressions a message meets first are [`Gapped`], never compiled).
    pub(crate) fn new(regex_lite_syntax: &'static str) -> Expression {
        Expression { written: regex_lite_syntax, gapped: Gapped::parse(regex_lite_syntax), walk: OnceLock::new(), walked: AtomicUsize::new(0), compiled: OnceLock::new() }
    }

    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| {
                let hir = regex_automata::util::syntax::parse(&regex_crate_syntax(self.written)).ok()?;
                let forward = DFA::builder().build_from_nfa(thompson::Compiler::new().configure(nfa_config()).build_from_hir(&hir).ok()?).ok()?;
                let starts = match_starts(&hir);
                let required = part_literals(&hir);
                let caches = Mutex::new(Caches { forward: forward.create_cache(), reverse: None });
                Some(Box::new(Compiled { hir, forward, reverse: OnceLock::new(), caches, spare: Mutex::new(Vec::new()), starts, required }))
            })
            .as_deref()
    }

    /// Whether it compiles, both ways (one that does not matches nothing).
    #[cfg(test)]
    fn compiles(&self) -> bool {
        self.compiled().is_some_and(|c| c.reverse().is_some())
    }

    /// Whether it matches anywhere in `haystack`.
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        let mut found = false;
        self.each_match(haystack, |_| {
            found = true;
            false
        });
        found
    }

    /// Calls `f` with the byte range of each match in `haystack`, leftmost
    /// first and not overlapping (as `find_iter` of the regex crates), while
    /// `f` returns true.
    pub(crate) fn each_match(&self, haystack: &str, f: impl FnMut(Range<usize>) -> bool) {
        self.each_match_from(haystack, 0, f);
    }

    /// [`Expression::each_match`] of the matches that begin at byte `from`
    /// or after it; the text before `from` is still there for `^` and `\b`
    /// to see.
    pub(crate) fn each_match_from(&self, haystack: &str, from: usize, mut f: impl FnMut(Range<usize>) -> bool) {
        if let Some(g) = &self.gapped {
            return g.each_match_from(haystack, from, &mut f);
        }
        if let Some(walk) = self.walk_for(haystack, from) {
            if walk.each_match_from(haystack, from, &mut f).is_ok() {
                return;
            }
        }
        self.each_match_compiled(haystack, from, f)
    }

    /// The backtracker's program, while the expression is not compiled and
    /// has not yet done [`WALK_BEFORE_COMPILING`] of work with it (counting
    /// a search of `haystack` from `from`).
    fn walk_for(&self, haystack: &str, from: usize) -> Option<&Program> {
        if self.compiled.get().is_some() {
            return None;
        }
        let walk = self.walk.get_or_init(|| Program::parse(self.written)).as_ref()?;
        let work = walk.len().saturating_mul(haystack.len().saturating_sub(from) + 1);
        let done = self.walked.fetch_add(work, Ordering::Relaxed);
        (done < WALK_BEFORE_COMPILING).then_some(walk)
    }

    /// [`Expression::each_match_from`] by the compiled automata, whatever the
    /// expression's shape.
    fn each_match_compiled(&self, haystack: &str, from: usize, f: impl FnMut(Range<usize>) -> bool) {
        let Some(re) = self.compiled() else { return };
        if let Ok(mut caches) = re.caches.try_lock() {
            return re.each_match(haystack, from, &mut caches, f);
        }
        let mut caches = re.spare.lock().ok().and_then(|mut c| c.pop()).unwrap_or_else(|| Caches { forward: re.forward.create_cache(), reverse: None });
        re.each_match(haystack, from, &mut caches, f);
        if let Ok(mut c) = re.spare.lock() {
            c.push(caches);
        }
    }
}

impl Compiled {
    /// [`Expression::each_match_from`] with `caches`.
    fn each_match(&self, haystack: &str, from: usize, caches: &mut Caches, mut f: impl FnMut(Range<usize>) -> bool) {
        let rest = &haystack.as_bytes()[from.min(haystack.len())..];
        if !self.required.iter().all(|part| part.iter().any(|f| f.find(rest).is_some())) {
            return;
        }
        if let Some(starts) = &self.starts {
            return self.each_match_at_starts(starts, haystack, from, caches, f);
        }
        let mut searcher = regex_automata::util::iter::Searcher::new(Input::new(haystack).span(from..haystack.len()));
        // The lazy DFA's default configuration never quits a search, so
        // there is no error to stop at.
        while let Ok(Some(m)) = searcher.try_advance(|input| self.find(caches, input)) {
            if !f(m.range()) {
                break;
            }
        }
    }

    /// [`Compiled::each_match`] where every match begins with one of the
    /// literals of `starts`: at each place one of them occurs, in order, a
    /// search anchored there. The first place where the expression matches
    /// is the leftmost match's start, and the anchored search's end its end,
    /// as the unanchored search would find them; the next match is looked
    /// for from that end, as `find_iter` does. An unanchored search carries
    /// every place a match might have begun in its state, so around a
    /// bounded repeat (`(call|text)[^.!?\n]{0,40}\b09…`) its lazy DFA met
    /// states it had never built in nearly every window; an anchored one
    /// meets the same few states message after message, and needs no
    /// reverse search for the start.
    fn each_match_at_starts(&self, starts: &Prefilter, haystack: &str, from: usize, caches: &mut Caches, mut f: impl FnMut(Range<usize>) -> bool) {
        let end = haystack.len();
        let mut at = from;
        while at < end {
            let Some(start) = starts.find(haystack.as_bytes(), Span::from(at..end)).map(|s| s.start) else { return };
            let input = Input::new(haystack).span(start..end).anchored(Anchored::Yes);
            match self.forward.try_search_fwd(&mut caches.forward, &input) {
                Ok(Some(m)) => {
                    if !f(start..m.offset()) {
                        return;
                    }
                    // A literal is never empty, nor is a match that begins with one.
                    at = m.offset().max(start + 1);
                }
                Ok(None) => at = start + 1,
                Err(_) => return,
            }
        }
    }

    /// The reverse DFA, compiled on first use as `hybrid::regex::Regex`
    /// compiles it: all matches, no prefilter, start states not specialised.
    fn reverse(&self) -> Option<&DFA> {
        self.reverse
            .get_or_init(|| {
                let config = DFA::config().prefilter(None).specialize_start_states(false).match_kind(MatchKind::All);
                let nfa = thompson::Compiler::new().configure(nfa_config().reverse(true)).build_from_hir(&self.hir).ok()?;
                DFA::builder().configure(config).build_from_nfa(nfa).ok()
            })
            .as_ref()
    }

    /// The leftmost-first match in `input`, as `hybrid::regex::Regex::try_search`
    /// finds it: the forward DFA finds where it ends, the reverse DFA, anchored
    /// there, where it starts.
    fn find(&self, caches: &mut Caches, input: &Input<'_>) -> Result<Option<Match>, MatchError> {
        let Some(end) = self.forward.try_search_fwd(&mut caches.forward, input)? else { return Ok(None) };
        let anchored = !matches!(input.get_anchored(), Anchored::No) || self.forward.get_nfa().is_always_start_anchored();
        if input.start() == end.offset() || anchored {
            return Ok(Some(Match::new(end.pattern(), input.start()..end.offset())));
        }
        let Some(reverse) = self.reverse() else { return Ok(None) };
        let cache = caches.reverse.get_or_insert_with(|| reverse.create_cache());
        let back = input.clone().span(input.start()..end.offset()).anchored(Anchored::Yes).earliest(false);
        Ok(reverse.try_search_rev(cache, &back)?.map(|start| Match::new(end.pattern(), start.offset()..end.offset())))
    }
}

/// At most this many literals are looked for where a match may begin
/// ([`match_starts`]): Teddy finds any of a few dozen in one pass.
const MAX_MATCH_STARTS: usize = 48;

/// A class of more than this many characters ends a literal (`逾期\d` starts
/// with `逾期`, not ten literals).
const MAX_LITERAL_CLASS: usize = 6;

/// A searcher for the literals one of which every match of `hir` starts with
/// ([`literal_bytes`]), when there are some and not too many. Not in the
/// module (see [`literal_bytes`]; its build has no literal searchers).
fn match_starts(hir: &Hir) -> Option<Prefilter> {
    let literals = literal_bytes(hir, MAX_MATCH_STARTS)?;
    Prefilter::new(MatchKind::LeftmostFirst, &literals)
}

/// At most this many literals of a part are looked for before a search
/// ([`part_literals`]): a substring search is a few tens of nanoseconds on
/// a message, the lazy DFA's pass over it a microsecond or more.
const MAX_PART_LITERALS: usize = 16;

/// [`literal_bytes`], each with a substring searcher.
fn literal_set(hir: &Hir, most: usize) -> Option<Vec<Finder<'static>>> {
    Some(literal_bytes(hir, most)?.into_iter().map(|l| Finder::new(&l).into_owned()).collect())
}

/// The literals one of which every match of `hir` starts with (regex-syntax's
/// prefix extraction), when there are at most `most` and none is empty; the
/// ones that begin with another of them add nothing and are left out.
fn literal_bytes(hir: &Hir, most: usize) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    // Not in the module: the extraction's code is more of its payload than
    // it saves of its time.
    if cfg!(target_arch = "wasm32") {
        return None;
    }
    let seq = Extractor::new().kind(ExtractKind::Prefix).limit_class(MAX_LITERAL_CLASS).extract(hir);
    let mut literals: Vec<&[u8]> = seq.literals()?.iter().map(|l| l.as_bytes()).collect();
    literals.sort_by_key(|l| l.len());
    let mut kept: Vec<&[u8]> = Vec::new();
    for l in literals {
        if !kept.iter().any(|k| l.starts_with(k)) {
            kept.push(l);
        }
    }
    if kept.is_empty() || kept.len() > most || kept.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some(kept.into_iter().map(<[u8]>::to_vec).collect())
}

/// The literal sets of the parts of `hir`'s top-level sequence (after the
/// first, which [`match_starts`] covers) that every match of the part begins
/// with, each of at most [`MAX_PART_LITERALS`] non-empty literals: in
/// `(toll|fine)[^\n]{0,120}(late fee|penalty)` the second group's. Every
/// match holds one literal of each set, so a text without one is skipped
/// (most texts that name a toll say nothing of a late fee).
fn part_literals(hir: &Hir) -> Vec<Vec<Finder<'static>>> {
    use regex_syntax::hir::HirKind;
    // Not in the module, as with [`match_starts`].
    if cfg!(target_arch = "wasm32") {
        return Vec::new();
    }
    let HirKind::Concat(parts) = hir.kind() else { return Vec::new() };
    parts.iter().skip(1).filter_map(|part| literal_set(part, MAX_PART_LITERALS)).collect()
}

/// FNV-1a, for the ids of the signals: the engine looks them up many times
/// per message, and they are the crate's own, so SipHash's defence against
/// chosen keys buys nothing there.
#[derive(Debug)]
struct IdHasher(u64);

impl Default for IdHasher {
    fn default() -> Self {
        IdHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// One text match of a signal, in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the catalogue's signals.
    pub signal: usize,
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// A negator stands right before it.
    pub negated: bool,
}

/// What the scanner found in a normalised text.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every match, in order of position.
    pub hits: Vec<Hit>,
    /// A finance word is present.
    pub finance: bool,
}

// THRESHOLDS, FIT_SPEC, FIT_CORE_SETS, NEGATORS, FINANCE, SIGNALS, ADVICE, PINYIN: the data files
// as Rust; KEYWORD_TEXT, KEYWORD_ENDS, KEYWORD_KINDS, KEYWORD_MIXED and KEYWORD_SCRIPT_PAIRS: the
// keyword list (src/keywords.rs).
include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// At most this many matches of one signal are reported.
const MAX_HITS_PER_SIGNAL: u8 = 20;
/// Bytes searched on each side of an anchor by its regular expression.
pub(crate) const REGEX_WINDOW: usize = 120;

impl Rules {
    /// The rules compiled into the crate (made once; the keywords' automata
    /// are built when searching has made them worth it, see `src/words.rs`).
    pub fn get() -> &'static Rules {
        static R: OnceLock<Rules> = OnceLock::new();
        R.get_or_init(|| {
            // The classifier does not use `[fit]`: `fit` and `eval` read it
            // with `FitSettings::committed`, so the module carries no parser
            // of its numbers.
            let catalog = Catalog { thresholds: THRESHOLDS, signals: SIGNALS.to_vec(), fit: FitSettings::BASE, advice: ADVICE.to_vec() };
            Rules::new(catalog, SPLIT_KEYWORDS)
        })
    }

    /// The rules of a catalogue: keyword automata over every literal, the
    /// keyword list build.rs wrote (`split`: the mixed keywords apart, see
    /// [`KeywordMatcher`]). Regular
    /// expressions are compiled when a message first needs them, so one that
    /// does not compile is not reported here: it matches nothing (the tests
    /// compile every expression of the shipped data).
    fn new(catalog: Catalog, split: bool) -> Rules {
        let matcher = KeywordMatcher::new(split);
        let regexes = catalog
            .signals
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.regex.iter().map(move |r| AnchoredRegex { signal: si, written: r.re, prepared: OnceLock::new() }))
            .collect();
        let by_id: HashMap<&'static str, usize, BuildHasherDefault<IdHasher>> = catalog.signals.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let known = Known::ALL.iter().map(|k| by_id.get(k.id()).copied()).collect();
        let outweighs = catalog.signals.iter().map(|s| s.outweighs.iter().filter_map(|o| by_id.get(o).copied()).collect()).collect();
        Rules {
            by_id,
            known,
            outweighs,
            catalog,
            matcher,
            kinds: KEYWORD_KINDS,
            regexes,
            negators: OnceLock::new(),
            plain_negators: OnceLock::new(),
        }
    }

    /// The negators' automaton, built on first use.
    fn negators(&self, threat: bool) -> Option<&crate::words::Words> {
        let (cell, skip): (_, &[&str]) = if threat { (&self.plain_negators, PURPOSE_NEGATORS) } else { (&self.negators, &[]) };
        cell.get_or_init(|| {
            // As written: data/signals.toml writes them normalised (a test checks).
            let negators: Vec<&str> = NEGATORS.iter().flat_map(|list| list.iter().copied()).filter(|n| !skip.contains(n)).collect();
            crate::words::Words::sparse(&negators, false)
        })
        .as_ref()
    }

    /// Index of the signal with this id.
    pub fn signal_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Index of a signal the engine names, if the catalogue has it.
    pub fn known(&self, k: Known) -> Option<usize> {
        self.known[k as usize]
    }

    /// Indices of the signals that signal `i` outweighs (ids the catalogue
    /// does not have left out).
    pub fn outweighs(&self, i: usize) -> &[usize] {
        self.outweighs.get(i).map_or(&[], Vec::as_slice)
    }

    /// Finds every text signal in a normalised text.
    pub fn scan(&self, text: &str) -> Scan {
        SCAN_SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.scan_with(text, &mut scratch),
            Err(_) => self.scan_with(text, &mut ScanScratch::default()),
        })
    }

    fn scan_with(&self, text: &str, scratch: &mut ScanScratch) -> Scan {
        let mut scan = Scan::default();
        let matcher = &self.matcher;
        let ScanScratch { counts, windows, found } = scratch;
        counts.clear();
        counts.resize(self.catalog.signals.len(), 0);
        windows.clear();
        found.clear();
        for (range, keyword) in matcher.matches(text) {
            let Some(kinds) = self.kinds.get(keyword as usize) else { continue };
            for kind in kinds.iter() {
                match *kind {
                    Word::Finance => {
                        if word_bounded(text, range.clone(), false) {
                            scan.finance = true;
                        }
                    }
                    Word::Signal { signal, open_end } => {
                        if counts[signal] >= MAX_HITS_PER_SIGNAL {
                            continue;
                        }
                        let range = if word_bounded(text, range.clone(), open_end) {
                            range.clone()
                        } else if let Some(plural) = plural_of(text, range.clone()) {
                            plural
                        } else {
                            continue;
                        };
                        counts[signal] += 1;
                        found.push((self.hit(text, signal, range.clone()), range.end));
                    }
                    Word::Anchor { regex } => {
                        let window = char_window(text, range.start.saturating_sub(REGEX_WINDOW), range.end + REGEX_WINDOW);
                        windows.push((regex, window, range.end));
                    }
                }
            }
        }
        // Windows of nearby anchors overlap: each expression searches their
        // union once, so a match that begins in one window and ends in the
        // next is found, and no stretch is searched twice.
        windows.sort_by_key(|(regex, window, _)| (*regex, window.start));
        let mut i = 0;
        while let Some((regex, first, _)) = windows.get(i) {
            let (regex, mut stretch, from) = (*regex, first.clone(), i);
            i += 1;
            while let Some((_, next, _)) = windows.get(i).filter(|(r, w, _)| *r == regex && w.start <= stretch.end) {
                stretch.end = stretch.end.max(next.end);
                i += 1;
            }
            let anchors = &windows[from..i];
            let anchored = &self.regexes[regex];
            let signal = anchored.signal;
            if counts[signal] >= MAX_HITS_PER_SIGNAL {
                continue;
            }
            let searched = &text[stretch.clone()];
            let Prepared { re, required } = anchored.prepared();
            if !holds_in_order(searched, required) {
                continue;
            }
            // A match that begins or ends inside an ASCII word does not count,
            // and the search goes on from the next word: "reminder that your
            // invoice is overdue" holds "emi…is overdue" first (leftmost), and
            // "invoice is overdue" only after it.
            let (mut from, mut retries) = (0, 0);
            loop {
                let mut resume = None;
                re.each_match_from(searched, from, |r| {
                    let matched = stretch.start + r.start..stretch.start + r.end;
                    if counts[signal] >= MAX_HITS_PER_SIGNAL {
                        return false;
                    }
                    if !word_bounded(text, matched.clone(), false) {
                        resume = Some(next_word(searched, r.start));
                        return false;
                    }
                    counts[signal] += 1;
                    // Came upon at the first anchor whose window holds its end.
                    let anchor = anchors.iter().find(|(_, w, _)| w.end >= matched.end).or(anchors.last()).map_or(0, |a| a.2);
                    found.push((self.hit(text, signal, matched), anchor));
                    true
                });
                match resume {
                    Some(at) if at < searched.len() && retries < MAX_WORD_RETRIES => (from, retries) = (at, retries + 1),
                    _ => break,
                }
            }
        }
        // Of overlapping matches of one signal the report keeps the first and, of
        // those beginning at one place, the one the scan came upon first.
        found.sort_by_key(|(h, seen)| (h.range.start, h.signal, *seen));
        let mut hits: Vec<Hit> = found.drain(..).map(|(h, _)| h).collect();
        hits.dedup_by(|a, b| a.signal == b.signal && a.range.start < b.range.end && b.range.start < a.range.end);
        scan.hits = hits;
        scan
    }

    fn hit(&self, text: &str, signal: usize, range: Range<usize>) -> Hit {
        let def = self.catalog.signals.get(signal);
        let negatable = def.is_some_and(|s| s.negatable);
        let after = text[range.end..].trim_start();
        let before = text[..range.start].trim_end();
        let english = text.as_bytes().get(range.start).is_some_and(|b| b.is_ascii_alphabetic());
        let qualified = def.is_some_and(|s| {
            s.unless_followed_by.iter().any(|f| after.starts_with(f))
                || s.unless_preceded_by.iter().any(|p| before.ends_with(p))
                || s.void_when_conditional && english && supposed(text, range.clone())
        });
        let negated = qualified || negatable && {
            let th = self.catalog.thresholds;
            let window = if english { th.negator_window_en } else { th.negator_window };
            let before = crate::text::last_chars(&text[..range.start], window);
            // A negator of the sentence before negates nothing here: "you are
            // not picking calls. Your family members have been added".
            let before = if english { sentence_tail(before) } else { before };
            let threat = def.is_some_and(|s| s.threat);
            let window_start = range.start - before.len();
            // A threat on a condition is still a threat: in "if he does not
            // pay we will send his photos to his contacts" the "not" belongs
            // to the condition, not to what is threatened.
            // "no choice but to sue" negates nothing ([negators] not_negating).
            let negates = |at: &Range<usize>| {
                let at = window_start + at.start;
                let idiom = english && NOT_NEGATING.iter().any(|p| text[at..].starts_with(p));
                !idiom && !(threat && english && conditional(&text[..at], CLAUSE_CHARS)) && !(!english && a_not_a_question(text, at))
            };
            self.negators(threat).is_some_and(|n| n.overlapping(before).any(|(at, _)| negates(&at)))
                || !english && !threat && prohibited_in_clause(&text[..range.start])
        };
        Hit { signal, range, negated }
    }
}

/// What of `before` belongs to the sentence that goes on after it: all of it
/// but what a full stop, "!" or "?" before a space, or a line break, ends
/// ("$1.50" ends no sentence; "Mr. Lee" wrongly does).
fn sentence_tail(before: &str) -> &str {
    let bytes = before.as_bytes();
    let end = (0..bytes.len()).rev().find(|&i| match bytes[i] {
        b'\n' => true,
        b'.' | b'!' | b'?' => bytes.get(i + 1).is_some_and(|b| b.is_ascii_whitespace()),
        _ => false,
    });
    end.map_or(before, |i| before[i + 1..].trim_start())
}

/// Characters before a match searched for its clause's start.
const CLAUSE_CHARS: usize = 24;

/// Characters before a match searched for the condition it may be said in
/// (`void_when_conditional`): "if the balance of $1,234.56 on invoice
/// INV-2024-0012 |remains unpaid|".
const CONDITION_CHARS: usize = 60;

/// What ends an English clause, for [`conditional`].
const CLAUSE_BREAKS: &[char] = &[',', ';', '!', '?', '\n'];

/// A prohibition (`[negators] prohibition`: 勿, 不要 …) stands earlier in the
/// clause that `before` ends in: "请勿在任何页面中|输入验证码|".
fn prohibited_in_clause(before: &str) -> bool {
    // Full-width ！？；， are folded to ASCII by now; 。 stays.
    let clause = clause_ending(before, &['。', ',', ';', '!', '?', '\n'], CLAUSE_CHARS);
    let start = before.len() - clause.len();
    PROHIBITIONS.iter().any(|p| clause.match_indices(p).any(|(i, _)| !a_not_a_question(before, start + i)))
}

/// The 不 at byte `at` of `text` asks a question between a verb and its
/// negation ("要不要我打给他", "是不是", "会不会", "还不还"), which negates
/// nothing: the character before it is the one after it.
fn a_not_a_question(text: &str, at: usize) -> bool {
    let (Some(before), Some(rest)) = (text.get(..at), text.get(at..)) else { return false };
    let mut after = rest.chars();
    after.next() == Some('不') && before.chars().next_back().is_some_and(|c| after.next() == Some(c))
}

/// Whether the English match at `range` is the predicate of a condition
/// ("if the balance |is unpaid| on Friday"), which supposes it: see
/// `condition_verbs` of `[negators]`.
fn supposed(text: &str, range: Range<usize>) -> bool {
    let is_letter = |c: char| c.is_ascii_alphabetic() || c == '\'';
    let first = text[range.clone()].split(|c: char| !is_letter(c)).next().unwrap_or("");
    let before = text[..range.start].trim_end();
    let last = &before[before.trim_end_matches(is_letter).len()..];
    let predicate = CONDITION_VERBS.contains(&first) || CONTINUING_VERBS.contains(&first) || CONDITION_VERBS.contains(&last);
    predicate && conditional(&before[..before.len() - last.len()], CONDITION_CHARS)
}

/// Whether what ends `before` is said on a condition: "if" or "unless" in
/// its clause ("if you do |not| pay", "if payment |remains unpaid|"), or a
/// clause that opens with "should" ("should the balance |stay unpaid|").
/// The clause is searched back to a comma, a semicolon or the end of a
/// sentence as [`sentence_tail`] reads it (the full stop of "if the $412.50
/// is |not| paid" ends nothing), at most `chars` characters.
fn conditional(before: &str, chars: usize) -> bool {
    let sentence = sentence_tail(before);
    let clause = clause_ending(sentence, CLAUSE_BREAKS, chars);
    // Words apart by spaces, less the punctuation around them: the "IF" of
    // "#IF-20581" is no condition, the one of "(if" is.
    let words = || clause.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    // The clause opens with "should" only if it starts there, not where the
    // search window does.
    let whole = sentence[..sentence.len() - clause.len()].chars().next_back().is_none_or(|c| CLAUSE_BREAKS.contains(&c));
    whole && words().next() == Some("should") || words().any(|w| w == "if" || w == "unless")
}

/// The clause that `before` ends in: back to the last of `breaks`, or
/// `chars` characters. The comma of a number ("$1,234.56") breaks nothing.
fn clause_ending<'a>(before: &'a str, breaks: &[char], chars: usize) -> &'a str {
    let tail = crate::text::last_chars(before, chars);
    let bytes = tail.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let in_number = |i: usize, c: char| c == ',' && i > 0 && digit(i - 1) && digit(i + 1);
    tail.char_indices().rev().find(|&(i, c)| breaks.contains(&c) && !in_number(i, c)).map_or(tail, |(i, c)| &tail[i + c.len_utf8()..])
}

/// The scan's working lists, kept between messages on each thread (new for
/// each message, they were three of its allocations and their regrowths):
/// matches so far of each signal (at most MAX_HITS_PER_SIGNAL), the window
/// around each anchor an expression is to be searched in (with where the
/// anchor ends), and every match with where the scan came upon it.
#[derive(Debug, Default)]
struct ScanScratch {
    counts: Vec<u8>,
    windows: Vec<(usize, Range<usize>, usize)>,
    found: Vec<(Hit, usize)>,
}

thread_local! {
    static SCAN_SCRATCH: std::cell::RefCell<ScanScratch> = std::cell::RefCell::new(ScanScratch::default());
}

/// Toneless pinyin of the characters of the keywords (`data/pinyin.toml`).
#[cfg(test)]
struct PinyinTable(HashMap<char, String>);

#[cfg(test)]
impl PinyinTable {
    fn get() -> &'static PinyinTable {
        static T: OnceLock<PinyinTable> = OnceLock::new();
        T.get_or_init(|| PinyinTable(PINYIN.iter().map(|&(c, p)| (c, p.to_string())).collect()))
    }
}

/// Whether `text` holds one literal of each entry of `required` (see
/// [`required_literals`]) in their order and without overlapping, as every
/// match does (as far as a cheap look tells): `逾期(\d+|…)(天|日|月|期)`
/// needs a `天`, `日`, `月` or `期` after `逾期`, not the `期` of `逾期` itself.
/// Where it does not, the expression need not run, nor be compiled.
fn holds_in_order(text: &str, required: &[Vec<Finder<'_>>]) -> bool {
    let text = text.as_bytes();
    let mut from = 0;
    let Some((last, before)) = required.split_last() else { return true };
    // The entries after one are looked for after the earliest place it can
    // end: of several literals, the one whose first place ends first (a
    // match may hold another, or a later place, but never ends its part
    // sooner). Of the last entry, any one literal will do.
    before.iter().all(|any| any.iter().filter_map(|l| l.find(&text[from..]).map(|at| at + l.needle().len())).min().map(|end| from += end).is_some())
        && last.iter().any(|l| l.find(&text[from..]).is_some())
}

/// A substring searcher for each literal, made once with the expression
/// (made for each search, it cost more than the search).
fn finders(required: Vec<Vec<String>>) -> Vec<Vec<Finder<'static>>> {
    required.iter().map(|any| any.iter().map(|l| Finder::new(l).into_owned()).collect()).collect()
}

/// How many times the search around an anchor goes on after a match inside
/// a word (bounds the work on text such as "emiemiemi…").
const MAX_WORD_RETRIES: usize = 8;

/// Where the ASCII word holding byte `at` of `text` ends (at least one
/// character past `at`).
fn next_word(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at + text[at..].chars().next().map_or(1, char::len_utf8);
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() && bytes[i - 1].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// An ASCII-edged match must not continue an ASCII word on either side.
fn word_bounded(text: &str, r: Range<usize>, open_end: bool) -> bool {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric();
    let first = bytes.get(r.start).copied().unwrap_or(b' ');
    let last = bytes.get(r.end.wrapping_sub(1)).copied().unwrap_or(b' ');
    let before_ok = !(word(first) && r.start > 0 && bytes.get(r.start - 1).is_some_and(|&b| word(b)));
    let after_ok = open_end || !(word(last) && bytes.get(r.end).is_some_and(|&b| word(b)));
    before_ok && after_ok
}

/// A keyword that ends in a lower-case letter also stands for its plural:
/// `r` followed by an `s` that ends the word and starts no other (`login
/// attempt|s`, `free spin|s`, `payment plan|s`: each list once missed them,
/// as an expression missed `late fee|s`), as the range with that `s`.
fn plural_of(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let last = *bytes.get(r.end.checked_sub(1)?)?;
    let plural = last.is_ascii_lowercase() && last != b's' && bytes.get(r.end) == Some(&b's');
    let with_s = r.start..r.end + 1;
    (plural && word_bounded(text, with_s.clone(), false)).then_some(with_s)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_window(text: &str, start: usize, end: usize) -> Range<usize> {
    let start = floor_char(text, start);
    let mut end = end.min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// A regular expression of the data (regex-lite syntax, where the Perl
/// classes `\d \s \w` and word boundaries `\b \B` are ASCII) in the
/// `regex` crate's syntax with the same meaning (where they are Unicode):
/// the ASCII classes `[[:digit:]]`, `[[:space:]]`, `[[:word:]]` (negated for
/// `\D \S \W`, inside a class too) and `(?-u:\b)`. Everything else means
/// the same in both.
fn regex_crate_syntax(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 16);
    let mut in_class = false;
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(p @ ('d' | 's' | 'w' | 'D' | 'S' | 'W')) => {
                    let name = match p.to_ascii_lowercase() {
                        'd' => "digit",
                        's' => "space",
                        _ => "word",
                    };
                    let negated = if p.is_ascii_uppercase() { "^" } else { "" };
                    let class = format!("[:{negated}{name}:]");
                    out.push_str(&if in_class { class } else { format!("[{class}]") });
                }
                Some(b @ ('b' | 'B')) if !in_class => out.push_str(&format!("(?-u:\\{b})")),
                Some(e) => {
                    out.push('\\');
                    out.push(e);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a member, not the end.
                let rest = chars.as_str();
                let lead = if rest.starts_with("^]") { "^]" } else if rest.starts_with(']') { "]" } else if rest.starts_with('^') { "^" } else { "" };
                out.push_str(lead);
                chars = rest[lead.len()..].chars();
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The literals every match of `re` contains, as lists of alternatives: each
/// run of plain characters that no quantifier makes optional, and each group
/// of plain alternatives (`(minutes|hours)`) that is not optional. Anything
/// this reading does not follow (flags, alternation at the top) gives none,
/// which only means the regex always runs.
fn required_literals(re: &str) -> Vec<Vec<String>> {
    const META: &[char] = &['\\', '.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '^', '$', '|'];
    let chars: Vec<char> = re.chars().collect();
    let optional = |i: usize| matches!(chars.get(i), Some('?' | '*' | '{'));
    let mut required = Vec::new();
    let mut run = String::new();
    let flush = |run: &mut String, required: &mut Vec<Vec<String>>| {
        if !run.is_empty() {
            required.push(vec![std::mem::take(run)]);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '|' => return Vec::new(),
            '\\' => {
                flush(&mut run, &mut required);
                i += 2;
            }
            '[' => {
                flush(&mut run, &mut required);
                i += 1;
                while i < chars.len() && chars[i] != ']' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
            }
            '(' => {
                flush(&mut run, &mut required);
                let (mut depth, start) = (0, i + 1);
                while i < chars.len() {
                    match chars[i] {
                        '\\' => i += 1,
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
                let body: String = chars[start..i.saturating_sub(1).max(start)].iter().collect();
                if body.starts_with('?') {
                    return Vec::new();
                }
                let alternatives: Vec<String> = body.split('|').map(str::to_string).collect();
                let plain = alternatives.iter().all(|a| !a.is_empty() && !a.contains(META));
                if plain && !optional(i) {
                    required.push(alternatives);
                }
            }
            '{' => {
                flush(&mut run, &mut required);
                while i < chars.len() && chars[i] != '}' {
                    i += 1;
                }
                i += 1;
            }
            c if META.contains(&c) => {
                flush(&mut run, &mut required);
                i += 1;
            }
            c => {
                if optional(i + 1) {
                    flush(&mut run, &mut required);
                } else {
                    run.push(c);
                }
                i += 1;
            }
        }
    }
    flush(&mut run, &mut required);
    required
}

/// The catalogue compiled into the crate.
pub fn catalog() -> &'static Catalog {
    &Rules::get().catalog
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Normalized;
    use aho_corasick::AhoCorasick;

    fn ids(text: &str) -> Vec<(String, bool)> {
        let r = Rules::get();
        let n = Normalized::new(text);
        r.scan(&n.text)
            .hits
            .iter()
            .map(|h| (r.catalog.signals[h.signal].id.to_string(), h.negated))
            .collect()
    }

    fn has(text: &str, id: &str) -> bool {
        ids(text).iter().any(|(i, neg)| i == id && !neg)
    }

    #[test]
    fn data_loads_and_is_consistent() {
        let r = Rules::get();
        let mut seen = std::collections::HashSet::new();
        for s in &r.catalog.signals {
            assert!(seen.insert(s.id), "duplicate id {}", s.id);
            assert!(s.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", s.id);
            assert!(!s.zh.is_empty() && !s.en.is_empty() && !s.source.is_empty(), "{}", s.id);
            for o in s.outweighs {
                assert!(r.signal_index(o).is_some(), "{}: outweighs unknown signal {o}", s.id);
            }
            let outweighed: Vec<&str> = r.outweighs(r.signal_index(s.id).unwrap()).iter().map(|&i| r.catalog.signals[i].id).collect();
            assert_eq!(outweighed, s.outweighs, "{}", s.id);
            // The hand-set prior says which way a signal points; the fitted
            // weight keeps that sign (it may fall to 0 where the corpora say
            // the signal tells nothing).
            let prior = s.prior.unwrap_or_else(|| panic!("{}: no prior", s.id));
            match s.class {
                Class::Legit => assert!(prior < 0 && s.weight <= 0, "{}", s.id),
                Class::Info => assert!(prior == 0 && s.weight == 0, "{}", s.id),
                _ => assert!(prior > 0 && s.weight >= 0, "{}", s.id),
            }
            assert!(s.overdue_prior.signum() == s.overdue.signum() || s.overdue == 0, "{}: overdue weight against its prior", s.id);
        }
        for a in &r.catalog.advice {
            assert!(seen.insert(a.id), "duplicate id {}", a.id);
            assert!(!a.zh.is_empty() && !a.en.is_empty() && !a.source.is_empty(), "{}", a.id);
        }
    }

    #[test]
    fn a_keyword_stands_for_its_plural_but_not_for_longer_words() {
        // (text, keyword's byte range, the plural's range if it is one)
        type Case = (&'static str, Range<usize>, Option<Range<usize>>);
        let cases: &[Case] = &[
            ("failed login attempts.", 7..20, Some(7..21)),
            ("failed login attempts", 7..20, Some(7..21)),
            ("failed login attemptsx", 7..20, None),
            ("the address is wrong", 4..11, None),
            ("free spin", 5..9, None),
            ("xfree spins", 1..10, None),
            ("fee 3s", 0..3, None),
        ];
        for (text, range, want) in cases {
            assert_eq!(plural_of(text, range.clone()), *want, "{text:?} {range:?}");
        }
    }

    /// An expression is searched around each of its anchors; where two
    /// anchors' windows overlap, a match that begins in the first window and
    /// ends in the second is found, wherever the second anchor falls.
    #[test]
    fn a_match_across_two_anchors_windows_is_found() {
        for pad in 0..80 {
            let text = format!("联系不上你本人，{}我们会继续联系你的亲戚朋友。", "好".repeat(pad));
            assert!(has(&text, "threat_contacts_family_employer"), "{pad} characters between the anchors");
        }
    }

    fn keywords() -> Keywords {
        let words = SIGNALS.iter().map(|s| SignalWords { patterns: s.patterns, pinyin: s.pinyin, regex_anchors: s.regex.iter().map(|r| r.anchor).collect() });
        Keywords::collect(words, FINANCE, &PinyinTable::get().0)
    }

    /// build.rs reads the data's keywords as this crate does.
    #[test]
    fn the_built_keyword_list_is_the_crates() {
        let k = keywords();
        let kinds: Vec<Vec<Word>> = KEYWORD_KINDS.iter().map(|w| w.to_vec()).collect();
        assert_eq!(keyword_texts().collect::<Vec<_>>(), k.texts);
        assert_eq!(kinds, k.kinds);
        assert_eq!(KEYWORD_SCRIPT_PAIRS, crate::keywords::script_pairs_of(&k.texts));
        for (i, t) in k.texts.iter().enumerate() {
            assert_eq!(mixed(i), script_pairs(t).next().is_some(), "{t}");
        }
        assert!(!mixed(k.texts.len()));
    }

    /// The negators' automaton is built over them as written, so each must
    /// be in the normalised form messages are matched in.
    #[test]
    fn negators_are_written_in_normalised_form() {
        let bad = crate::text::not_normalised(NEGATORS.iter().flat_map(|l| l.iter().copied()));
        assert!(bad.is_empty(), "data/signals.toml: negators not in normalised form: {}", bad.join(", "));
    }

    /// The automaton is built over the keywords as written, so each must be
    /// in the normalised form messages are matched in.
    #[test]
    fn keywords_are_written_in_normalised_form() {
        let bad = crate::text::not_normalised(keywords().texts.iter().map(String::as_str));
        assert!(bad.is_empty(), "data/signals.toml: keywords not in normalised form: {}", bad.join(", "));
    }

    /// The keyword automata find, in the same order, what aho-corasick
    /// finds with the same keywords (overlapping, longest first at one end),
    /// whether the mixed keywords are apart (the module) or not (the CLI).
    #[test]
    fn keyword_automaton_matches_like_aho_corasick() {
        let reference = AhoCorasick::builder().match_kind(aho_corasick::MatchKind::Standard).build(&keywords().texts).expect("builds");
        let texts = [
            "您的借款已逾期3天，催收部门将上门，yu期 上报征信 账户冻结",
            "your account is past due, pay now or we will sue you",
            "",
            "逾期逾期逾期",
            "您已yu期3天，逾qi未还将上报zhengxin，yuqi yu期yu期逾期",
            "a逾期b",
        ];
        for split in [false, true] {
            let rules = Rules::new(Rules::get().catalog.clone(), split);
            let ours = &rules.matcher;
            for t in texts.iter().map(|t| crate::text::fold_str(t)) {
                let found: Vec<_> = ours.matches(&t).map(|(range, i)| (i as usize, range)).collect();
                let expected: Vec<_> = reference.find_overlapping_iter(&t).map(|m| (m.pattern().as_usize(), m.range())).collect();
                assert_eq!(found, expected, "split {split}: {t}");
            }
        }
    }

    /// The mixed keywords are the ones with a letter beside another
    /// character; a text holding one holds its pairs.
    #[test]
    fn letters_beside_other_characters() {
        let cases: [(&str, &[(char, char)]); 7] = [
            ("yu期", &[('u', '期')]),
            ("已yu期", &[('已', 'y'), ('u', '期')]),
            ("逾期", &[]),
            ("past due", &[]),
            ("点击http://x.cn/pay立即", &[('击', 'h'), ('y', '立')]),
            ("3天é", &[]),
            ("aé", &[('a', 'é')]),
        ];
        for (text, want) in cases {
            assert_eq!(script_pairs(text).collect::<Vec<_>>(), want, "{text}");
        }
        let first = crate::text::Normalized::new("【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信");
        assert!(!script_pairs(&first.text).any(|p| KEYWORD_SCRIPT_PAIRS.contains(&p)), "the bench's first message needs no mixed keyword");
    }

    #[test]
    fn literals_a_regex_match_needs() {
        let v = |sets: &[&[&str]]| -> Vec<Vec<String>> {
            sets.iter().map(|s| s.iter().map(|l| l.to_string()).collect()).collect()
        };
        let table: [(&str, Vec<Vec<String>>); 9] = [
            (r"in \d{1,3}\s?(minutes|mins|hours)", v(&[&["in "], &["minutes", "mins", "hours"]])),
            (r"欠(款|费|缴)[^。，,；;]{0,12}(\d+|x+|\{)", v(&[&["欠"], &["款", "费", "缴"]])),
            (r"\d{1,2}\s?(个)?小时内", v(&[&["小时内"]])),
            (r"hours? left", v(&[&["hour"], &[" left"]])),
            (r"(a|b)+c", v(&[&["a", "b"], &["c"]])),
            (r"(a|b){0,2}c", v(&[&["c"]])),
            (r"(?i)code", v(&[])),
            (r"a|b", v(&[])),
            (r"(x(y)|z)w\.v", v(&[&["w"], &["v"]])),
        ];
        for (re, want) in table {
            assert_eq!(required_literals(re), want, "{re}");
        }
        // The data's regexes give no empty literal (which would always be "present").
        for r in &Rules::get().regexes {
            for set in &r.prepared().required {
                assert!(set.iter().all(|l| !l.needle().is_empty()), "{:?}", r.written);
            }
        }
    }

    /// A gapped expression's parts give the literals the expression's
    /// reading gives.
    #[test]
    fn gapped_expressions_require_what_their_reading_requires() {
        let mut gapped = 0;
        for r in &Rules::get().regexes {
            if let Some(g) = Gapped::parse(r.written) {
                assert_eq!(g.required(), required_literals(r.written), "{:?}", r.written);
                gapped += 1;
            }
        }
        assert!(gapped > 100, "{gapped}");
    }

    #[test]
    fn required_literals_are_looked_for_in_order() {
        let req = finders(required_literals(r"逾期(\d+|[一二三]+)(个)?(天|日|月|期)"));
        let table = [("已逾期3天", true), ("逾期，点击", false), ("逾期三期", true), ("天已逾期", false), ("", false)];
        for (text, holds) in table {
            assert_eq!(holds_in_order(text, &req), holds, "{text}");
        }
        let req = finders(required_literals(r"(abcd|b)x?c"));
        assert!(holds_in_order("abcdc", &req) && holds_in_order("bxc", &req) && !holds_in_order("abd", &req));
        // Of several, the next entry is looked for after the first to end.
        let req = finders(required_literals(r"(你|您)[^。]{0,4}(借|欠)的(钱|款)"));
        assert!(holds_in_order("您借的钱", &req) && holds_in_order("你欠您借的款", &req));
        assert!(!holds_in_order("您的借款已逾期", &req) && !holds_in_order("的钱你借", &req));
        let req = finders(required_literals(r"ab\d+cd\s(e|f)"));
        assert!(holds_in_order("ab1cd e", &req) && !holds_in_order("cd ab e", &req) && !holds_in_order("ab cd", &req));
        assert!(holds_in_order("anything", &finders(required_literals(r"a|b"))));
    }

    #[test]
    fn a_search_begins_at_the_first_literal_a_match_starts_with() {
        let starts = |re: &str| {
            let hir = regex_automata::util::syntax::parse(&regex_crate_syntax(re)).expect("parses");
            literal_bytes(&hir, MAX_MATCH_STARTS).map(|ls| ls.iter().map(|l| String::from_utf8_lossy(l).into_owned()).collect::<Vec<_>>())
        };
        let table: [(&str, Option<&[&str]>); 7] = [
            (r"(claim|prize)[^\n]{0,80}\d", Some(&["claim", "prize"])),
            (r"逾期(\d+)(天|日)", Some(&["逾期"])),
            // A literal that begins with another adds nothing.
            (r"(ab|abc)\d", Some(&["ab"])),
            // A match may start anywhere, or with the empty string, or with one of too many.
            (r".*x", None),
            (r"(x|)y", Some(&["y", "xy"])),
            (r"a?", None),
            (r"\d{4}", None),
        ];
        for (re, want) in table {
            assert_eq!(starts(re).as_deref(), want.map(|w| w.iter().map(|s| s.to_string()).collect::<Vec<_>>()).as_deref(), "{re}");
        }
        // The text before the first literal is the look-behind of the search.
        assert_eq!(found(|f| Expression::new(r"\bcall now").each_match("recall now; call now", f)), [12..20]);
        assert!(!Expression::new(r"(claim|prize) \d").is_match("win 5 now"));
        // Tried at each place a match may begin: the first that matches is
        // the leftmost match, the next is looked for after it, as regex-lite
        // finds them.
        let table = [
            (r"(call|text)[^.]{0,6}\b09\d", "text me. call 091 or call 092", vec![9..17, 21..29]),
            (r"(ab|a)(bc|x)", "aabc abx ax", vec![1..4, 5..8, 9..11]),
            (r"(逾期|期)\d+天", "逾期3天，到期5天", vec![0..10, 16..23]),
        ];
        for (re, text, want) in table {
            let found = found(|f| Expression::new(re).each_match(text, f));
            let lite: Vec<_> = regex_lite::Regex::new(re).expect("compiles").find_iter(text).map(|m| m.range()).collect();
            assert_eq!((&found, &lite), (&want, &want), "{re} on {text}");
        }
    }

    #[test]
    fn a_text_without_a_literal_every_match_needs_is_not_searched() {
        let parts = |re: &str| {
            let hir = regex_automata::util::syntax::parse(&regex_crate_syntax(re)).expect("parses");
            part_literals(&hir).iter().map(|set| set.iter().map(|f| String::from_utf8_lossy(f.needle()).into_owned()).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        // The first part is the search's start ([`match_starts`]); classes,
        // repeats, look-arounds and optional parts need no literal.
        assert_eq!(parts(r"(toll|fine)[^\n]{0,120}\b(late fee|penalty)\b"), [["penalty", "late fee"]]);
        assert_eq!(parts(r"(claim|prize)[^\n]{0,80}\b(09\d{8,9}|087\d{7,8})"), [["09", "087"]]);
        assert!(parts(r"a(x|)b?\d+").is_empty());
        assert!(parts(r"a|bc").is_empty());
        let re = Expression::new(r"(toll|fine)[^\n]{0,120}\b(late fee|penalty)\b");
        assert!(re.is_match("unpaid toll: a late fee applies") && !re.is_match("unpaid toll, pay today") && !re.is_match("a late fee"));
    }

    /// A search from inside the text still sees what comes before: `^` is
    /// the text's start and `\b` looks at the byte before, not at `from`.
    #[test]
    fn a_search_from_inside_the_text_keeps_its_context() {
        let from = |re: &'static str, text: &str, at: usize| found(|f| Expression::new(re).each_match_from(text, at, f));
        assert!(from(r"^call", "call me; call", 4).is_empty());
        assert_eq!(from(r"\bcall", "recall now; call", 2), vec![12..16]);
        assert_eq!(from(r"call", "recall now; call", 2), [2..6, 12..16]);
    }

    #[test]
    fn regex_lite_syntax_is_rewritten_with_the_same_meaning() {
        let table = [
            (r"\d{1,3}\s?", "[[:digit:]]{1,3}[[:space:]]?"),
            (r"[\d,.]+", "[[:digit:],.]+"),
            (r"[^\s\d]", "[^[:space:][:digit:]]"),
            (r"\bok\B", r"(?-u:\b)ok(?-u:\B)"),
            (r"\w+\W\D\S", "[[:word:]]+[[:^word:]][[:^digit:]][[:^space:]]"),
            (r"[]\d]", "[][:digit:]]"),
            (r"\\d\.\$\{", r"\\d\.\$\{"),
            (r"逾期[^。，,；;]{0,3}", r"逾期[^。，,；;]{0,3}"),
        ];
        for (lite, regex) in table {
            assert_eq!(regex_crate_syntax(lite), regex, "{lite}");
        }
        // ASCII classes and boundaries, as in regex-lite.
        let ascii = [(r"^\d$", "٣", false), (r"^\d$", "7", true), (r"\s", "\u{3000}", false), (r"\bab", "逾ab", true), (r"^\w$", "é", false)];
        for (lite, text, matches) in ascii {
            assert_eq!(Expression::new(lite).is_match(text), matches, "{lite} on {text:?}");
            assert_eq!(regex_lite::Regex::new(lite).expect("compiles").is_match(text), matches, "regex-lite: {lite} on {text:?}");
        }
    }

    /// The matches a search reports to its callback, in order.
    fn found(search: impl FnOnce(&mut dyn FnMut(Range<usize>) -> bool)) -> Vec<Range<usize>> {
        let mut matches = Vec::new();
        search(&mut |m| {
            matches.push(m);
            true
        });
        matches
    }

    /// The normalised texts of the messages of these JSON Lines files.
    fn normalized_texts(files: &[&str]) -> Vec<String> {
        files
            .iter()
            .flat_map(|f| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}")).lines().map(str::to_string).collect::<Vec<_>>())
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok()?.get("text")?.as_str().map(|t| Normalized::new(t).text))
            .collect()
    }

    /// Every expression of the data compiles, and finds what regex-lite finds
    /// in the written messages and the examples.
    #[test]
    fn the_datas_expressions_find_what_regex_lite_finds() {
        let mut texts = normalized_texts(&["tests/data/written.jsonl", "tests/data/written-en.jsonl", "tests/data/scenarios.jsonl", "tests/data/examples.jsonl"]);
        texts.extend(["ok 12 天 ٣ days\u{3000}x", "逾期３天 in 5 mins", "call 09012345678 now", "a_b 1\t2"].map(String::from));
        assert!(texts.len() > 100);
        let rules = Rules::get();
        let defs = rules.catalog.signals.iter().flat_map(|s| s.regex);
        for (r, def) in rules.regexes.iter().zip(defs) {
            let r = r.prepared();
            assert!(r.re.compiles(), "{:?} does not compile as {:?}", def.re, regex_crate_syntax(def.re));
            // `[^]` and `[]` read the `]` as a member and run on to the next
            // `]`: an expression that compiles and matches nothing meant.
            assert!(!def.re.contains("[^]") && !def.re.contains("[]"), "{:?}: a class begins with `]`", def.re);
            let lite = regex_lite::Regex::new(def.re).expect("regex-lite compiles it");
            for t in &texts {
                let ours = found(|f| r.re.each_match(t, f));
                let theirs: Vec<_> = lite.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(ours, theirs, "{:?} on {t:?}", def.re);
            }
        }
    }

    /// Every expression of the data that [`Gapped`] takes finds, without
    /// compiling, what the compiled automata find, from the start of each real
    /// and written message and from later places in it.
    #[test]
    fn gapped_expressions_find_what_the_automata_find() {
        let texts = normalized_texts(&["tests/data/found.jsonl", "tests/data/written.jsonl", "tests/data/written-en.jsonl", "tests/data/scenarios.jsonl"]);
        let rules = Rules::get();
        let defs: Vec<_> = rules.catalog.signals.iter().flat_map(|s| s.regex).collect();
        let mut gapped = 0;
        let mut matched = 0;
        for (r, def) in rules.regexes.iter().zip(defs) {
            let re = &r.prepared().re;
            if re.gapped.is_none() {
                continue;
            }
            gapped += 1;
            for t in &texts {
                for from in [0, 3, t.len() / 2].into_iter().filter(|&i| t.is_char_boundary(i)) {
                    let ours = found(|f| re.each_match_from(t, from, f));
                    let theirs = found(|f| re.each_match_compiled(t, from, f));
                    assert_eq!(ours, theirs, "{:?} on {t:?} from {from}", def.re);
                    matched += ours.len();
                }
            }
        }
        assert!(gapped > 120 && matched > 1000, "{gapped} expressions, {matched} matches");
    }

    /// The backtracker finds what the compiled automata find, for every
    /// expression it reads: on each real and written message where the
    /// automata find a match and on every fifth of the others, from the
    /// start and from later places.
    #[test]
    fn the_backtracker_finds_what_the_automata_find() {
        let texts = normalized_texts(&["tests/data/found.jsonl", "tests/data/written.jsonl", "tests/data/written-en.jsonl", "tests/data/scenarios.jsonl"]);
        let rules = Rules::get();
        let defs: Vec<_> = rules.catalog.signals.iter().flat_map(|s| s.regex).collect();
        let (mut read, mut searched, mut matched, mut too_big) = (0, 0, 0, 0);
        for (r, def) in rules.regexes.iter().zip(defs) {
            let re = &r.prepared().re;
            let Some(walk) = Program::parse(def.re) else { continue };
            read += 1;
            for (i, t) in texts.iter().enumerate() {
                for from in [0, 3, t.len() / 2].into_iter().filter(|&i| t.is_char_boundary(i)) {
                    let theirs = found(|f| re.each_match_compiled(t, from, f));
                    if theirs.is_empty() && i % 5 != 0 {
                        continue;
                    }
                    let mut walked = Ok(());
                    let ours = found(|f| walked = walk.each_match_from(t, from, f));
                    if walked.is_err() {
                        too_big += 1;
                        continue;
                    }
                    assert_eq!(ours, theirs, "{:?} on {t:?} from {from}", def.re);
                    searched += 1;
                    matched += ours.len();
                }
            }
        }
        assert!(read > 500 && matched > 5000, "{read} expressions read, {searched} searches, {matched} matches, {too_big} too big");
    }

    #[test]
    fn overdue_words_including_split_and_traditional() {
        for t in ["您的借款已逾期3天", "您的借款已逾 期", "您的借款已-逾-期", "貴戶本期電費已逾期", "您已逾期{1}天", "逾期${year}天未还"] {
            assert!(has(t, "overdue_stated"), "{t}");
        }
        assert!(has("催 收部门通知", "collection_stated"));
        assert!(has("This invoice is now PAST DUE.", "overdue_stated"));
    }

    #[test]
    fn negators_cancel_a_match() {
        assert!(!has("请按时还款，以免逾期", "overdue_mentioned"));
        assert!(!has("请在今日17点前进行还款，以免出现逾期", "overdue_mentioned"));
        assert!(has("您的借款逾期了", "overdue_mentioned"));
    }

    #[test]
    fn a_threat_said_as_what_paying_avoids_is_still_made() {
        assert!(has("您的贷款逾期，请五日内回电，避免起诉及财产冻结", "fake_legal_document"));
        assert!(!has("我们不会冻结财产，请放心", "fake_legal_document"));
        assert!(!has("请按时还款，以免逾期", "overdue_mentioned"));
        for p in PURPOSE_NEGATORS {
            assert!(NEGATORS.iter().any(|list| list.contains(p)), "{p} is a purpose negator but no negator");
        }
    }

    #[test]
    fn an_idiom_that_begins_with_a_negator_negates_nothing() {
        assert!(has("You leave us no choice but to file a lawsuit against you and garnish your wages.", "fake_legal_document"));
        assert!(!has("We will not file a lawsuit against you.", "fake_legal_document"));
        assert!(has("We have no choice but to put your delinquent account into the hands of our attorney.", "overdue_stated"));
        assert!(has("Not only is your account delinquent, it is now with our attorney.", "overdue_stated"));
        assert!(!has("Pay no later than Friday to avoid a late fee; no payment is delinquent yet.", "overdue_stated"));
        for idiom in NOT_NEGATING {
            assert!(NEGATORS[1].iter().any(|n| idiom.starts_with(n)), "{idiom} begins with no English negator");
        }
    }

    #[test]
    fn a_question_between_yes_and_no_negates_nothing() {
        let threat = "你借钱不还，要不要我打给他聊聊你借钱的事";
        assert!(has(threat, "threat_contacts_family_employer"), "{threat}");
        assert!(!has("你借钱不还，我不要打给他聊聊你借钱的事", "threat_contacts_family_employer"));
        for (text, at, question) in [("要不要", 3, true), ("是不是", 3, true), ("我不要", 3, false), ("不要", 0, false), ("要不", 3, false)] {
            assert_eq!(a_not_a_question(text, at), question, "{text} at {at}");
        }
    }

    #[test]
    fn a_threat_on_a_condition_is_still_made() {
        for t in ["If you do not pay today we will call your family.", "If he does not pay we will send his photos to all his contacts.", "If you do not settle this week, your employer will hear from us."] {
            assert!(has(t, "threat_contacts_family_employer"), "{t}");
        }
        for t in ["We will not call your family.", "Paid already? We never contact your employer.", "If you paid, fine. We will not call your family."] {
            assert!(!has(t, "threat_contacts_family_employer"), "{t}");
        }
    }

    #[test]
    fn keywords_half_in_pinyin_match() {
        for t in ["您的借款已yu期", "您的借款已逾qi三天", "cui收部门", "我们会上men拜访你的家人"] {
            assert!(!ids(t).is_empty(), "{t}");
        }
        assert!(has("您已yu 期", "overdue_stated"));
        assert!(!has("Yu Qi is my friend", "overdue_stated"));
        assert_eq!(crate::keywords::pinyin_variants("逾期", &PinyinTable::get().0), vec!["yu期".to_string(), "逾qi".to_string()]);
    }

    #[test]
    fn english_patterns_match_whole_words_only() {
        assert!(!has("Flower power", "overdue_mentioned"));
        assert!(has("Your account is on hold", "account_suspended_lure"));
        assert!(!has("hold on a sec", "account_suspended_lure"));
        assert!(has("We will repossess the car", "collection_stated_en"));
    }

    #[test]
    fn a_negator_reaches_back_to_the_sentence_start_only() {
        for (before, tail) in [
            ("you are not picking calls. ", ""),
            ("you are not picking calls.  ", ""),
            ("did not pay! ", ""),
            ("not now\nwe ", "we "),
            ("we will not ", "we will not "),
            ("call mr. ", ""),
            ("do not pay $1.50 to ", "do not pay $1.50 to "),
            ("", ""),
        ] {
            assert_eq!(sentence_tail(before), tail, "{before:?}");
        }
    }

    #[test]
    fn regex_runs_around_its_anchor() {
        assert!(has("请在2小时内还款", "extreme_urgency"));
        assert!(has("今日18点前处理", "extreme_urgency"));
        assert!(!has("小时候", "extreme_urgency"));
    }

    #[test]
    fn scan_is_bounded_on_huge_repetitive_text() {
        let text = "已逾期3天，2小时内还款。".repeat(20_000);
        let r = Rules::get();
        let hits = r.scan(&Normalized::new(&text).text).hits;
        let n = hits.iter().filter(|h| r.catalog.signals[h.signal].id == "overdue_stated").count();
        assert!(n <= usize::from(MAX_HITS_PER_SIGNAL) * 2);
    }

    #[test]
    fn every_signal_the_engine_names_is_in_the_catalogue_at_its_index() {
        let r = Rules::get();
        for &k in Known::ALL {
            let i = r.known(k).unwrap_or_else(|| panic!("{} is not in the catalogue", k.id()));
            assert_eq!(r.catalog.signals[i].id, k.id());
        }
        // A catalogue without them: they resolve to nothing, and nothing is outweighed.
        let bare = Rules::new(Catalog { thresholds: THRESHOLDS, signals: Vec::new(), fit: FitSettings::BASE, advice: Vec::new() }, false);
        assert!(Known::ALL.iter().all(|&k| bare.known(k).is_none()));
        assert!(bare.outweighs(0).is_empty());
    }

    #[test]
    fn fit_settings_change_by_key_and_name_what_is_wrong() {
        let fit = FitSettings::committed().expect("the data file's [fit] reads");
        assert_eq!((fit.model_runs, fit.core_sets.first()), (Some(5), Some(&"dev")), "the data file's values, not the base's");
        assert_eq!(FitSettings::BASE.with("l2=3").unwrap().steps, 1500, "a key left out keeps the base's value");
        let changed = fit.with(" l2=10, written_weight=2.5,steps=3000,inner_salt=3,model_seed=9 ,").unwrap();
        assert_eq!((changed.l2, changed.written_weight, changed.steps, changed.inner_salt, changed.model_seed), (10.0, Some(2.5), 3000, 3, Some(9)));
        assert_eq!((changed.l2_overdue, changed.core_weight), (fit.l2_overdue, fit.core_weight), "the others stay");
        assert_eq!(fit.with("").unwrap().l2, fit.l2);
        assert_eq!(fit.with("steps=0").unwrap().steps, 1, "at least one step");
        assert_eq!(fit.with("model_runs=0").unwrap().model_runs, Some(1), "at least one run");
        assert_eq!(fit.with("model_runs=3").unwrap().model_runs, Some(3));
        assert!(fit.with("fold_by_source=0").is_ok_and(|f| !f.fold_by_source));
        assert_eq!((fit.model_bits, fit.with("model_bits=17").unwrap().model_bits), (None, Some(17)), "absent: the model's own 16");
        assert_eq!((fit.model_l2, fit.with("model_l2=0.01").unwrap().model_l2), (None, Some(0.01)), "absent: the model's own 3e-3");
        assert_eq!(fit.with("suspicious_weight=-1").unwrap().suspicious_weight, -1.0, "below 0: suspicious messages as no scam");
        let table = [
            ("l2", "not key=value"),
            ("l3=1", "unknown fit setting \"l3\""),
            ("l2=-1", "not a number of 0 or more"),
            ("l2=NaN", "not a number of 0 or more"),
            ("suspicious_weight=inf", "is not a number"),
            ("suspicious_weight=x", "is not a number"),
            ("steps=1.5", "not a whole number"),
            ("inner_salt=-2", "not a whole number"),
            ("model_bits=0", "not a whole number from 1 to 24"),
            ("model_bits=25", "not a whole number from 1 to 24"),
            ("core_sets=dev", "unknown fit setting \"core_sets\""),
        ];
        for (spec, words) in table {
            let err = fit.with(spec).err().unwrap_or_default();
            assert!(err.contains(words), "{spec}: {err}");
        }
        for key in fit_setting_keys() {
            assert!(fit.with(&format!("{key}=1")).is_ok(), "{key}");
        }
        assert_eq!(fit_setting_keys().collect::<std::collections::HashSet<_>>().len(), FIT_SETTINGS.len(), "no key twice");
    }
}
