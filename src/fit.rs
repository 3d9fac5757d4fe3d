//! Fitting: every signal's weight, the overdue weights, the thresholds and
//! the text model, learned from labelled messages.
//!
//! Hand-set weights fit the messages they were tuned on and little else, so
//! the weights are learned the way SpamAssassin learns its scores: the rules
//! say *which* signals a message raises ([`observe`]), and a regularised
//! logistic regression says how much each one counts. Every weight is pulled
//! towards its hand-set prior (`prior` / `overdue_prior` in
//! `data/signals.toml`), so a signal the corpora rarely see keeps roughly the
//! weight a person gave it, and keeps its sign: a red flag never counts for a
//! message, a legitimacy signal never against it.
//!
//! The verdict has the engine's shape: `suspicious` when all points reach one
//! threshold, `scam` when the scam-class and legitimacy points reach another.
//! So one set of weights is fitted to two logistic losses at once: "flagged
//! (suspicious or scam) or not" over all signals, and "scam or not" over the
//! scam and legitimacy signals, each with its own threshold. Text with Chinese
//! characters and text without get a threshold pair each: the rules and the
//! model score the two languages differently, and a misjudged benign message
//! costs `benign_cost` or `benign_cost_latin` against a missed scam; flagged
//! only (not called a scam), `benign_flag_cost` or `benign_flag_cost_latin`,
//! as the targets allow more benign messages flagged than called scams. E-mail
//! without Chinese characters adds an offset to the second pair, pulled
//! towards none (`l2_email`): a long genuine e-mail raises more lure words
//! than a text message, but the corpora's e-mail scams are mostly one set. The
//! overdue question is a third logistic regression over the overdue weights.
//!
//! The text model ([`crate::model`]) enters as the `text_model_*` signals.
//! Its logits on the messages it was trained on would be overconfident, so
//! the weights see held-out logits: the model is trained on all but one part
//! of the training messages and scores that part, for each part in turn; the
//! shipped model is then trained on all of them.
//!
//! Everything is deterministic (fixed folds from the message ids, a fixed
//! number of full-batch steps), so `make fit` reproduces the committed data.

use crate::corpus::Sample;
use crate::engine::{classify_traced, model_points, model_share, ModelInput, Params, Trace, Weights};
use crate::model::{self, Example, TextModel, TrainConfig};
use crate::eval::Predicted;
use crate::report::{Options, Report, Verdict};
use crate::rules::{Catalog, Class, FitSettings};
use std::collections::HashMap;
use std::ops::Range;

/// Points of score per unit of log-odds.
pub const SCALE: f64 = 10.0;

/// Parts the training messages are split into for the model's held-out logits.
pub const INNER_FOLDS: u32 = 3;

/// What the rules see in one message, under both answers to the overdue question.
#[derive(Debug, Clone)]
pub struct Observation {
    /// Signals with overdue evidence.
    pub overdue_signals: Vec<usize>,
    /// Signals raised if the message is not an overdue notice.
    pub raised_if_not: Vec<usize>,
    /// Signals raised if it is.
    pub raised_if_overdue: Vec<usize>,
    /// Links found in the text (for the text model).
    pub links: Vec<Range<usize>>,
    /// The roles of its keywords (for the text model).
    pub concepts: Vec<model::Concept>,
    /// Whether the text has Chinese characters (which thresholds apply).
    pub chinese: bool,
    /// Whether the message came by e-mail (which thresholds apply to text
    /// without Chinese characters; [`Trace::email`]).
    pub email: bool,
    /// The text the rules and the model read when it is not the message's
    /// own: its MIME encoded words decoded (`links` are ranges of it).
    pub decoded: Option<String>,
}

impl Observation {
    /// The text the rules and the model read of `sample`.
    pub fn text<'a>(&'a self, sample: &'a Sample) -> &'a str {
        self.decoded.as_deref().unwrap_or(&sample.message.text)
    }
}

/// Runs the rules over every sample, once under each overdue answer.
pub fn observe(samples: &[Sample]) -> Vec<Observation> {
    let options = Options::default();
    let weights = Weights::builtin();
    let trace = |message, overdue| {
        let params = Params { weights, model: ModelInput::Logits { scam: 0.0, overdue: 0.0 }, force_overdue: Some(overdue) };
        classify_traced(message, &options, &params).1
    };
    samples
        .iter()
        .map(|s| {
            let no: Trace = trace(&s.message, false);
            let yes: Trace = trace(&s.message, true);
            Observation { overdue_signals: no.overdue_signals, raised_if_not: no.raised, raised_if_overdue: yes.raised, links: no.links, concepts: no.concepts, chinese: no.chinese, email: no.email, decoded: crate::mime::decode(&s.message.text).map(|d| d.text) }
        })
        .collect()
}

/// Learned weights and text model.
#[derive(Debug, Clone)]
pub struct Fitted {
    /// Weights and thresholds, on the data files' scale.
    pub weights: Weights,
    /// The text model.
    pub model: TextModel,
}

impl Fitted {
    /// Classifies a message with these weights and this model.
    pub fn classify(&self, sample: &Sample) -> Report {
        let params = Params { weights: &self.weights, model: ModelInput::Model(&self.model), force_overdue: None };
        classify_traced(&sample.message, &Options::default(), &params).0
    }
}

/// A stable pseudo-random part (0..parts) for a message id (FNV-1a).
pub fn fold_of(id: &str, salt: u32, parts: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5 ^ salt.wrapping_mul(0x9e37_79b9);
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % parts.max(1)
}

/// What a sample's folds are drawn by. Messages found on one page, in one
/// repository or code file, or written after one page share wording (one
/// lender's templates, one article's three examples); drawn by message, a
/// fold's model has seen a message's siblings, and both the cross-validated
/// figures and the held-out logits the weights are fitted on flatter it on a
/// source it has never seen, which is what users' messages are. So in the
/// sets of `core_sets`, messages found or written one source at a time, the
/// folds are drawn by [`Sample::origin`] when `fold_by_source` is on; in the
/// public datasets, whose source is the whole dataset, by message.
pub fn fold_key<'a>(settings: &FitSettings, sample: &'a Sample) -> &'a str {
    let by_source = settings.fold_by_source && !sample.origin.is_empty() && settings.core_sets.contains(&sample.set.as_str());
    if by_source {
        &sample.origin
    } else {
        &sample.id
    }
}

/// Fits weights and the text model on the samples `train` picks.
pub fn fit(catalog: &Catalog, samples: &[Sample], obs: &[Observation], train: &[usize]) -> Fitted {
    let kept: Vec<usize>;
    let train = match catalog.fit.drop_written {
        0 => train,
        salt => {
            kept = train.iter().copied().filter(|&i| samples[i].set != "written" || fold_of(&samples[i].id, salt, 50) != 0).collect();
            &kept
        }
    };
    let base = example_weights(catalog, samples, train);
    let (settings, defaults) = (&catalog.fit, TrainConfig::default());
    let cfg = TrainConfig {
        seed: settings.model_seed.unwrap_or(defaults.seed),
        epochs: settings.model_epochs.unwrap_or(defaults.epochs),
        learning_rate: settings.model_learning_rate.map_or(defaults.learning_rate, |r| r as f32),
        runs: settings.model_runs.unwrap_or(defaults.runs),
        bucket_bits: settings.model_bits.unwrap_or(defaults.bucket_bits),
        l2: settings.model_l2.map_or(defaults.l2, |l| l as f32),
        ..defaults
    };

    // The text model's held-out logits for every training message.
    let mut held_out: HashMap<usize, (f32, f32)> = HashMap::new();
    for part in 0..INNER_FOLDS {
        let (fit_on, score): (Vec<usize>, Vec<usize>) = train.iter().partition(|&&i| fold_of(fold_key(&catalog.fit, &samples[i]), catalog.fit.inner_salt, INNER_FOLDS) != part);
        let m = train_model(samples, obs, &fit_on, &base, &cfg, &catalog.fit);
        for i in score {
            let text = obs[i].text(&samples[i]);
            held_out.insert(i, m.logits(text, &obs[i].links, &obs[i].concepts));
        }
    }
    let model = train_model(samples, obs, train, &base, &cfg, &catalog.fit);
    let logits = |i: usize| held_out.get(&i).copied().unwrap_or_default();

    let mut weights = Weights::of(catalog);
    fit_overdue(catalog, samples, obs, train, &base, &logits, &mut weights);
    fit_verdict(catalog, samples, obs, train, &base, &logits, &mut weights);
    Fitted { weights, model }
}

/// How much each training message counts: every (set, kind) group's total
/// grows like the square root of its size, so a big set does not drown the
/// small ones, and within a group, at `source_balance`, a source of many
/// messages does not drown the sources of one; the sets nearest to what users
/// receive count more, and the messages written for the project
/// `written_weight` when it is set. Mean 1.
fn example_weights(catalog: &Catalog, samples: &[Sample], train: &[usize]) -> HashMap<usize, f64> {
    let settings = &catalog.fit;
    // A message's share of its (set, kind) group: alike, or smaller for the
    // messages of a source with many (`source_balance`).
    let mut per_source: HashMap<&str, usize> = HashMap::new();
    for &i in train {
        *per_source.entry(fold_key(settings, &samples[i])).or_default() += 1;
    }
    let share = |i: usize| (per_source[fold_key(settings, &samples[i])] as f64).powf(-settings.source_balance.max(0.0));
    let mut sizes: HashMap<(&str, &str), (usize, f64)> = HashMap::new();
    for &i in train {
        let size = sizes.entry((&samples[i].set, &samples[i].kind)).or_default();
        size.0 += 1;
        size.1 += share(i);
    }
    let mut w: HashMap<usize, f64> = train
        .iter()
        .map(|&i| {
            let s = &samples[i];
            let (n, shares) = sizes[&(s.set.as_str(), s.kind.as_str())];
            let core = match settings.written_weight {
                Some(w) if s.set == "written" => w.max(0.0),
                _ if settings.core_sets.iter().any(|c| *c == s.set) => settings.core_weight.max(0.0),
                _ => 1.0,
            };
            // The group's total grows like the square root of its size,
            // shared by the messages' shares (all 1 at source_balance 0).
            (i, core * (n as f64).sqrt() * share(i) / shares)
        })
        .collect();
    let mean = w.values().sum::<f64>() / w.len().max(1) as f64;
    if mean > 0.0 {
        w.values_mut().for_each(|v| *v /= mean);
    }
    w
}

fn train_model(samples: &[Sample], obs: &[Observation], on: &[usize], base: &HashMap<usize, f64>, cfg: &TrainConfig, settings: &FitSettings) -> TextModel {
    let (advert_weight, suspicious_weight) = (settings.advert_weight, settings.suspicious_weight);
    let example = |i: usize, label: bool| Example { text: obs[i].text(&samples[i]), links: obs[i].links.clone(), concepts: obs[i].concepts.clone(), label, weight: base[&i] as f32 };
    // The scam head learns scam wording: suspicious messages (real collectors
    // crossing a line) are no scams but no ordinary messages either; at
    // `suspicious_weight` they teach it the threats and pressure they share
    // with scams (0: nothing); below 0, they count as no scam at its size,
    // so that a collector's threats alone do not read as fraud and what sets
    // the scams apart (who is paid, who is impersonated) has to.
    // An advert has no verdict (marketing is neither fraud nor fine) but is no
    // scam: it teaches the head, at `advert_weight`, that selling is not
    // defrauding, so that the genuine notices of a brand it has never seen
    // are not scams for sounding like a brand.
    let scam: Vec<(usize, Example)> = on
        .iter()
        .filter_map(|&i| match samples[i].verdict {
            Some(Verdict::Suspicious) if suspicious_weight != 0.0 => {
                Some(Example { weight: (base[&i] * suspicious_weight.abs()) as f32, ..example(i, suspicious_weight > 0.0) })
            }
            Some(Verdict::Suspicious) => None,
            Some(v) => Some(example(i, v == Verdict::Scam)),
            None if samples[i].kind == "advert" && advert_weight > 0.0 => {
                Some(Example { weight: (base[&i] * advert_weight) as f32, ..example(i, false) })
            }
            None => None,
        }.map(|e| (i, e)))
        .collect();
    let overdue: Vec<(usize, Example)> = on.iter().filter_map(|&i| samples[i].overdue.map(|o| (i, example(i, o)))).collect();
    // Pages and people quote a message without its link more often than
    // with it: at `link_dropout`, each example with a link also counts as a
    // copy without it (at that share of its weight), so that the words
    // around a link are taught to carry the message too.
    let dropout = settings.link_dropout as f32;
    let stripped: HashMap<usize, (String, Vec<model::Concept>)> = if dropout > 0.0 {
        on.iter().filter(|&&i| !obs[i].links.is_empty()).map(|&i| (i, without_links(obs[i].text(&samples[i]), &obs[i].links, &obs[i].concepts))).collect()
    } else {
        HashMap::new()
    };
    // Pages often quote one sentence of a message, not the whole: at
    // `sentence_copies`, each scam-head example of two or more sentences also
    // counts as its sentences, each alone (sharing that share of its weight),
    // so that a sentence is taught to carry the message by itself.
    let share = settings.sentence_copies as f32;
    let parts: Vec<Example> = if share > 0.0 {
        scam.iter()
            .flat_map(|(_, e)| {
                let parts = sentences(e.text, &e.links, &e.concepts);
                let weight = e.weight * share / parts.len().max(1) as f32;
                parts.into_iter().map(move |(text, links, concepts)| Example { text, links, concepts, label: e.label, weight })
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut scam = with_copies(scam, &stripped, dropout);
    scam.extend(parts);
    let overdue = with_copies(overdue, &stripped, dropout);
    model::train(&scam, &overdue, cfg)
}

/// A piece shorter than this many characters (spaces not counted) is no
/// sentence: a stray mark or one character says nothing of the message.
const MIN_SENTENCE_CHARS: usize = 2;

/// The sentences of `text` when it has two or more (none otherwise), each
/// with the links and concepts wholly inside it, moved to where they are in
/// it. A sentence ends at 。！？!?；; or a line break, or at a full stop
/// followed by a space (not the dots of a link or a number).
fn sentences<'a>(text: &'a str, links: &[Range<usize>], concepts: &[model::Concept]) -> Vec<(&'a str, Vec<Range<usize>>, Vec<model::Concept>)> {
    let mut ends: Vec<usize> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '\n') || (c == '.' && next.is_some_and(char::is_whitespace));
        if end && !links.iter().any(|l| l.start <= at && at < l.end) {
            ends.push(at + c.len_utf8());
        }
    }
    ends.push(text.len());
    let mut out = Vec::new();
    let mut start = 0;
    for end in ends {
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start().len();
        let range = start + lead..start + lead + piece.trim().len();
        start = end;
        if text[range.clone()].chars().filter(|c| !c.is_whitespace()).count() < MIN_SENTENCE_CHARS {
            continue;
        }
        let inside = |r: &Range<usize>| range.start <= r.start && r.start <= r.end && r.end <= range.end;
        let links = links.iter().filter(|l| inside(l)).map(|l| shifted(l, range.start, 0)).collect();
        let concepts = concepts.iter().filter(|c| inside(&c.range)).map(|c| moved(c, range.start, 0)).collect();
        out.push((&text[range], links, concepts));
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// `examples`, then a copy at `share` of its weight of each whose message has
/// a text without links in `stripped`.
fn with_copies<'a>(examples: Vec<(usize, Example<'a>)>, stripped: &'a HashMap<usize, (String, Vec<model::Concept>)>, share: f32) -> Vec<Example<'a>> {
    let copies: Vec<Example<'a>> = examples
        .iter()
        .filter_map(|(i, e)| stripped.get(i).map(|(text, concepts)| Example { text, links: Vec::new(), concepts: concepts.clone(), label: e.label, weight: e.weight * share }))
        .collect();
    examples.into_iter().map(|(_, e)| e).chain(copies).collect()
}

/// `text` without the byte ranges `links`, and `concepts` moved to where
/// their keywords are then (those inside a link dropped).
fn without_links(text: &str, links: &[Range<usize>], concepts: &[model::Concept]) -> (String, Vec<model::Concept>) {
    let mut links: Vec<Range<usize>> = links.iter().filter(|r| model::within(text, r)).cloned().collect();
    links.sort_by_key(|r| (r.start, r.end));
    // Kept stretches of `text`: (start in `text`, start in the result, end in `text`).
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for link in links.iter().chain(std::iter::once(&(text.len()..text.len()))) {
        if link.start > at {
            kept.push((at, out.len(), link.start));
            out.push_str(&text[at..link.start]);
        }
        at = at.max(link.end);
    }
    let moved = concepts
        .iter()
        .filter_map(|c| {
            let &(from, to, _) = kept.iter().find(|&&(from, _, end)| from <= c.range.start && c.range.end <= end)?;
            Some(moved(c, from, to))
        })
        .collect();
    (out, moved)
}

/// `r`, a range at or after `from` in one text, where it is in another
/// whose `to` is that text's `from`.
fn shifted(r: &Range<usize>, from: usize, to: usize) -> Range<usize> {
    r.start - from + to..r.end - from + to
}

/// `c` with its keyword's range [`shifted`].
fn moved(c: &model::Concept, from: usize, to: usize) -> model::Concept {
    let mut c = c.clone();
    c.range = shifted(&c.range, from, to);
    c
}

/// The overdue weights and threshold.
fn fit_overdue(catalog: &Catalog, samples: &[Sample], obs: &[Observation], train: &[usize], base: &HashMap<usize, f64>, logits: &dyn Fn(usize) -> (f32, f32), weights: &mut Weights) {
    let defs = &catalog.signals;
    let model_signal = catalog.signals.iter().position(|s| s.id == "text_model_overdue");
    let n = defs.len();
    let bias = n;
    let rows: Vec<Row> = train
        .iter()
        .filter_map(|&i| {
            let y = samples[i].overdue?;
            let mut x: Vec<(usize, f64)> = obs[i].overdue_signals.iter().filter(|&&s| defs[s].overdue_prior != 0).map(|&s| (s, 1.0)).collect();
            if let Some(m) = model_signal {
                x.push((m, f64::from(model_share(logits(i).1).max(0.0))));
            }
            x.push((bias, 1.0));
            Some(Row { x, y: f64::from(u8::from(y)), w: base[&i] })
        })
        .collect();
    let mut prior: Vec<f64> = defs.iter().map(|d| f64::from(d.overdue_prior) / SCALE).collect();
    prior.push(-f64::from(catalog.thresholds.overdue_prior) / SCALE);
    let sign: Vec<Sign> = defs.iter().map(|d| Sign::of(d.overdue_prior)).chain([Sign::Bias]).collect();
    let l2 = pulls(&sign, catalog.fit.l2_overdue, catalog.fit.l2_threshold);
    let beta = solve(&rows, &prior, &sign, &l2, catalog.fit.steps);
    for (s, d) in defs.iter().enumerate() {
        weights.overdue[s] = if d.overdue_prior == 0 { 0 } else { points(beta[s]) };
    }
    weights.overdue_threshold = points(-beta[bias]);
}

/// The verdict weights and the thresholds (a pair for Chinese text, one for
/// other text, and the e-mail offsets to the latter).
fn fit_verdict(catalog: &Catalog, samples: &[Sample], obs: &[Observation], train: &[usize], base: &HashMap<usize, f64>, logits: &dyn Fn(usize) -> (f32, f32), weights: &mut Weights) {
    let defs = &catalog.signals;
    let index = |id: &str| defs.iter().position(|s| s.id == id);
    let (model_scam, model_ordinary, model_overdue) = (index("text_model_scam"), index("text_model_ordinary"), index("text_model_overdue"));
    let n = defs.len();
    // A threshold pair for Chinese text and one for other text; e-mail
    // without Chinese characters adds an offset to the latter's, pulled
    // towards none (`l2_email`), so that the few e-mail scams of a fit
    // without its largest phishing set do not move it far.
    let (flag_zh, scam_zh, flag_latin, scam_latin, flag_offset, scam_offset) = (n, n + 1, n + 2, n + 3, n + 4, n + 5);
    let pair = |o: &Observation| if o.chinese { (flag_zh, scam_zh) } else { (flag_latin, scam_latin) };
    let benign_cost = catalog.fit.benign_cost.max(0.0);
    let benign_cost_latin = catalog.fit.benign_cost_latin.unwrap_or(benign_cost).max(0.0);
    let flag_cost = catalog.fit.benign_flag_cost.unwrap_or(benign_cost).max(0.0);
    let flag_cost_latin = catalog.fit.benign_flag_cost_latin.unwrap_or(benign_cost_latin).max(0.0);
    let benign_cost_email = catalog.fit.benign_cost_email.unwrap_or(benign_cost_latin).max(0.0);
    let mut rows = Vec::new();
    for &i in train {
        let Some(verdict) = samples[i].verdict else { continue };
        let (scam_logit, overdue_logit) = logits(i);
        // The overdue answer these weights give, as the engine would.
        let mut od: i32 = obs[i].overdue_signals.iter().map(|&s| weights.overdue[s]).sum();
        if let Some(m) = model_overdue {
            od += model_points(weights.overdue[m], model_share(overdue_logit).max(0.0));
        }
        let raised = if od >= weights.overdue_threshold { &obs[i].raised_if_overdue } else { &obs[i].raised_if_not };
        let mut x: Vec<(usize, f64)> = raised.iter().filter(|&&s| defs[s].class != Class::Info).map(|&s| (s, 1.0)).collect();
        let share = f64::from(model_share(scam_logit));
        match (model_scam, model_ordinary) {
            (Some(m), _) if share > 0.0 => x.push((m, share)),
            (_, Some(m)) if share < 0.0 => x.push((m, -share)),
            _ => {}
        }
        let benign = verdict == Verdict::Benign;
        let email = !obs[i].chinese && obs[i].email;
        let (cost, flag_cost) = match (obs[i].chinese, email) {
            (true, _) => (benign_cost, flag_cost),
            (false, true) => (benign_cost_email, flag_cost_latin),
            (false, false) => (benign_cost_latin, flag_cost_latin),
        };
        let w = base[&i] * if benign { cost } else { 1.0 };
        let flagged = !benign;
        let (flag_b, scam_b) = pair(&obs[i]);
        // As in the engine: "ordinary wording" does not cancel a collector's
        // conduct beyond the law in all points.
        let conduct = raised.iter().any(|&s| defs[s].conduct);
        let mut flag_x: Vec<(usize, f64)> = x.iter().copied().filter(|&(s, _)| !(conduct && Some(s) == model_ordinary)).collect();
        flag_x.push((flag_b, 1.0));
        if email {
            flag_x.push((flag_offset, 1.0));
        }
        let flag_w = if benign { base[&i] * flag_cost } else { w };
        rows.push(Row { x: flag_x, y: f64::from(u8::from(flagged)), w: flag_w });
        let mut scam_x: Vec<(usize, f64)> = x.into_iter().filter(|&(s, _)| matches!(defs[s].class, Class::Scam | Class::Legit)).collect();
        scam_x.push((scam_b, 1.0));
        if email {
            scam_x.push((scam_offset, 1.0));
        }
        rows.push(Row { x: scam_x, y: f64::from(u8::from(verdict == Verdict::Scam)), w });
    }
    let mut prior: Vec<f64> = defs.iter().map(|d| f64::from(d.prior.unwrap_or(d.weight)) / SCALE).collect();
    for _ in 0..2 {
        prior.push(-f64::from(catalog.thresholds.suspicious_prior) / SCALE);
        prior.push(-f64::from(catalog.thresholds.scam_prior) / SCALE);
    }
    prior.extend([0.0, 0.0]);
    let sign: Vec<Sign> = defs
        .iter()
        .map(|d| match d.class {
            Class::Scam | Class::Suspicious => Sign::NonNeg,
            Class::Legit => Sign::NonPos,
            Class::Info => Sign::Zero,
        })
        .chain([Sign::Bias; 4])
        .chain([Sign::Free; 2])
        .collect();
    let mut l2 = pulls(&sign, catalog.fit.l2, catalog.fit.l2_threshold);
    let l2_email = catalog.fit.l2_email.or(catalog.fit.l2_threshold).unwrap_or(catalog.fit.l2);
    l2[flag_offset] = l2_email;
    l2[scam_offset] = l2_email;
    let beta = solve(&rows, &prior, &sign, &l2, catalog.fit.steps);
    for s in 0..n {
        weights.weight[s] = points(beta[s]);
    }
    weights.suspicious = points(-beta[flag_zh]);
    weights.scam = points(-beta[scam_zh]);
    weights.suspicious_latin = points(-beta[flag_latin]);
    weights.scam_latin = points(-beta[scam_latin]);
    // A message that raises nothing stays benign in e-mail too.
    weights.suspicious_email = points(-beta[flag_latin] - beta[flag_offset]).max(1);
    weights.scam_email = points(-beta[scam_latin] - beta[scam_offset]).max(1);
}

fn points(beta: f64) -> i32 {
    (beta * SCALE).round() as i32
}

/// One logistic-regression example: sparse features, label, weight.
struct Row {
    x: Vec<(usize, f64)>,
    y: f64,
    w: f64,
}

/// The sign a parameter must keep.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sign {
    NonNeg,
    NonPos,
    Zero,
    /// A threshold's bias: at most minus one point, so that a message that
    /// raises nothing is benign and no overdue notice.
    Bias,
    /// Either sign (the e-mail thresholds' offsets).
    Free,
}

impl Sign {
    fn of(prior: i32) -> Sign {
        match prior.signum() {
            1 => Sign::NonNeg,
            -1 => Sign::NonPos,
            _ => Sign::Zero,
        }
    }

    fn clamp(self, v: f64) -> f64 {
        match self {
            Sign::Bias => v.min(-1.0 / SCALE),
            Sign::NonNeg => v.max(0.0),
            Sign::NonPos => v.min(0.0),
            Sign::Zero => 0.0,
            Sign::Free => v,
        }
    }
}

/// Each parameter's pull towards its prior: `l2`, and for the thresholds'
/// biases `l2_threshold` when it is set.
fn pulls(sign: &[Sign], l2: f64, l2_threshold: Option<f64>) -> Vec<f64> {
    sign.iter().map(|&s| if s == Sign::Bias { l2_threshold.unwrap_or(l2) } else { l2 }).collect()
}

/// Minimises the weighted logistic loss plus `Σ l2ⱼ/2 · (βⱼ − priorⱼ)²`, with
/// the signs kept, by `steps` of projected full-batch Adam from the priors
/// (deterministic).
fn solve(rows: &[Row], prior: &[f64], sign: &[Sign], l2: &[f64], steps: u32) -> Vec<f64> {
    let p = prior.len();
    let mut beta: Vec<f64> = prior.iter().zip(sign).map(|(&v, s)| s.clamp(v)).collect();
    let (mut m, mut v) = (vec![0.0; p], vec![0.0; p]);
    let (b1, b2, eps) = (0.9, 0.999, 1e-9);
    let total: f64 = rows.iter().map(|r| r.w).sum::<f64>().max(1.0);
    let mut grad = vec![0.0; p];
    for t in 1..=steps {
        grad.iter_mut().zip(&beta).zip(prior).zip(l2).for_each(|(((g, b), pr), l2)| *g = l2 * (b - pr) / total);
        for r in rows {
            let z: f64 = r.x.iter().map(|&(j, x)| beta[j] * x).sum();
            let err = (1.0 / (1.0 + (-z).exp()) - r.y) * r.w / total;
            for &(j, x) in &r.x {
                grad[j] += err * x;
            }
        }
        let lr = 0.1 / (1.0 + t as f64 / 500.0);
        for j in 0..p {
            m[j] = b1 * m[j] + (1.0 - b1) * grad[j];
            v[j] = b2 * v[j] + (1.0 - b2) * grad[j] * grad[j];
            let mh = m[j] / (1.0 - b1.powi(t as i32));
            let vh = v[j] / (1.0 - b2.powi(t as i32));
            beta[j] = sign[j].clamp(beta[j] - lr * mh / (vh.sqrt() + eps));
        }
    }
    beta
}

/// Each sample's report from weights and a model fitted without its part of
/// `parts` (k-fold cross-validation, folds fixed by the message ids, or
/// their sources: [`fold_key`]).
pub fn cross_validate(catalog: &Catalog, samples: &[Sample], obs: &[Observation], parts: u32) -> Vec<Predicted> {
    let part_of: Vec<u32> = samples.iter().map(|s| fold_of(fold_key(&catalog.fit, s), 1, parts)).collect();
    held_out(catalog, samples, obs, (0..parts).map(|p| part_of.iter().map(|&q| q == p).collect()))
}

/// Each sample's report from weights and a model fitted without its whole
/// set (leave one set out: how the classifier does on a kind of message it
/// has never seen). The messages written for the project are a set like any
/// other here; their row is circular (their authors also wrote rules).
pub fn leave_one_set_out(catalog: &Catalog, samples: &[Sample], obs: &[Observation]) -> Vec<Predicted> {
    leave_sets_out(catalog, samples, obs, |_| true)
}

/// [`leave_one_set_out`] for the sets `left_out` picks only; the others'
/// predictions are benign and not overdue, and mean nothing.
pub fn leave_sets_out(catalog: &Catalog, samples: &[Sample], obs: &[Observation], left_out: impl Fn(&str) -> bool) -> Vec<Predicted> {
    let mut sets: Vec<&str> = samples.iter().map(|s| s.set.as_str()).filter(|&set| left_out(set)).collect();
    sets.sort_unstable();
    sets.dedup();
    held_out(catalog, samples, obs, sets.into_iter().map(|set| samples.iter().map(|s| s.set == set).collect()))
}

/// Fits once per held-out mask (true: held out) and predicts the held-out samples.
fn held_out(catalog: &Catalog, samples: &[Sample], obs: &[Observation], masks: impl Iterator<Item = Vec<bool>>) -> Vec<Predicted> {
    let mut out = vec![Predicted { overdue: false, verdict: Verdict::Benign }; samples.len()];
    for mask in masks {
        let train: Vec<usize> = (0..samples.len()).filter(|&i| !mask[i]).collect();
        if train.len() == samples.len() || train.is_empty() {
            continue;
        }
        let fitted = fit(catalog, samples, obs, &train);
        for i in (0..samples.len()).filter(|&i| mask[i]) {
            out[i] = Predicted::of(&fitted.classify(&samples[i]));
        }
    }
    out
}

/// Writes fitted weights into the text of `data/signals.toml`: each signal's
/// `weight` and `overdue` lines and the three thresholds; everything else
/// (priors, patterns, comments) stays as it is.
pub fn rewrite_signals_toml(text: &str, catalog: &Catalog, w: &Weights) -> String {
    let by_id: HashMap<&str, usize> = catalog.signals.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut out = String::with_capacity(text.len());
    let mut section = String::new();
    let mut signal: Option<usize> = None;
    let mut pending_overdue = false;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            if let (Some(s), true) = (signal, pending_overdue) {
                if w.overdue[s] != 0 {
                    insert_before_blank_tail(&mut out, &format!("overdue = {}\n", w.overdue[s]));
                }
            }
            section = trimmed.to_string();
            signal = None;
            pending_overdue = false;
        }
        let key = trimmed.split('=').next().map(str::trim).unwrap_or_default();
        let value_line = trimmed.contains('=');
        if section == "[[signal]]" && value_line && key == "id" {
            let id = trimmed.split_once('=').map(|(_, v)| v.trim().trim_matches('"')).unwrap_or_default();
            signal = by_id.get(id).copied();
            pending_overdue = true;
        }
        let replaced = match (section.as_str(), key, signal) {
            ("[[signal]]", "weight", Some(s)) if value_line => Some(format!("weight = {}\n", w.weight[s])),
            ("[[signal]]", "overdue", Some(s)) if value_line => {
                pending_overdue = false;
                Some(format!("overdue = {}\n", w.overdue[s]))
            }
            ("[thresholds]", "scam", _) if value_line => Some(format!("scam = {}\n", w.scam)),
            ("[thresholds]", "suspicious", _) if value_line => Some(format!("suspicious = {}\n", w.suspicious)),
            ("[thresholds]", "overdue", _) if value_line => Some(format!("overdue = {}\n", w.overdue_threshold)),
            ("[thresholds]", "scam_latin", _) if value_line => Some(format!("scam_latin = {}\n", w.scam_latin)),
            ("[thresholds]", "suspicious_latin", _) if value_line => Some(format!("suspicious_latin = {}\n", w.suspicious_latin)),
            ("[thresholds]", "scam_email", _) if value_line => Some(format!("scam_email = {}\n", w.scam_email)),
            ("[thresholds]", "suspicious_email", _) if value_line => Some(format!("suspicious_email = {}\n", w.suspicious_email)),
            _ => None,
        };
        out.push_str(replaced.as_deref().unwrap_or(line));
    }
    if let (Some(s), true) = (signal, pending_overdue) {
        if w.overdue[s] != 0 {
            insert_before_blank_tail(&mut out, &format!("overdue = {}\n", w.overdue[s]));
        }
    }
    out
}

/// Inserts a line before the blank lines and comments that end `out`.
fn insert_before_blank_tail(out: &mut String, line: &str) {
    let mut cut = out.len();
    for l in out.split_inclusive('\n').collect::<Vec<_>>().iter().rev() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            cut -= l.len();
        } else {
            break;
        }
    }
    out.insert_str(cut, line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_stable_and_spread() {
        assert_eq!(fold_of("dev-0001", 1, 5), fold_of("dev-0001", 1, 5));
        let mut counts = [0; 5];
        for i in 0..1000 {
            counts[fold_of(&format!("x-{i}"), 1, 5) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| (150..250).contains(&c)), "{counts:?}");
    }

    #[test]
    fn a_copy_without_links_keeps_the_words_and_moves_the_keywords_with_them() {
        let text = "点击 http://a.cn/x 立即还款，否则 www.b.top 上报征信";
        let at = |s: &str| text.find(s).unwrap();
        let span = |s: &str| at(s)..at(s) + s.len();
        let links = [span("www.b.top"), span("http://a.cn/x")];
        let concepts = [
            model::Concept::new("urgent", false, span("立即")),
            model::Concept::new("inside", false, span("a.cn")),
            model::Concept::new("credit", false, span("征信")),
        ];
        let (out, moved) = without_links(text, &links, &concepts);
        assert_eq!(out, "点击  立即还款，否则  上报征信");
        let words: Vec<&str> = moved.iter().map(|c| &out[c.range.clone()]).collect();
        assert_eq!(words, ["立即", "征信"], "the keyword inside a link goes with it");
        // No link, or links out of bounds or off char boundaries: the text as it is.
        assert_eq!(without_links(text, &[], &concepts).0, text);
        assert_eq!(without_links(text, &[1..4, 0..1000], &concepts).0, text);
    }

    #[test]
    fn a_message_of_several_sentences_is_also_each_sentence_alone() {
        let text = "您的账户已冻结。 请点击 http://a.cn/?q=1 解冻！Call 95588 now. Reply Y\n。";
        let at = |s: &str| text.find(s).unwrap();
        let span = |s: &str| at(s)..at(s) + s.len();
        let links = [span("http://a.cn/?q=1")];
        let concepts = [model::Concept::new("frozen", false, span("冻结")), model::Concept::new("call", false, span("Call"))];
        let parts = sentences(text, &links, &concepts);
        let texts: Vec<&str> = parts.iter().map(|p| p.0).collect();
        // The `?` of a link ends no sentence.
        assert_eq!(texts, ["您的账户已冻结。", "请点击 http://a.cn/?q=1 解冻！", "Call 95588 now.", "Reply Y"]);
        assert_eq!(&parts[1].0[parts[1].1[0].clone()], "http://a.cn/?q=1", "the link moves with its sentence");
        let moved: Vec<Vec<&str>> = parts.iter().map(|(t, _, c)| c.iter().map(|c| &t[c.range.clone()]).collect()).collect();
        assert_eq!(moved, [vec!["冻结"], vec![], vec!["Call"], vec![]]);
        // One sentence, or one and a piece too short to read: no copies.
        assert!(sentences("您的账户已冻结，请立即处理。", &[], &[]).is_empty());
        assert!(sentences("您的账户已冻结。好", &[], &[]).is_empty());
        assert!(sentences("", &[], &[]).is_empty());
        // Links out of bounds or backwards are left out, not sliced.
        assert_eq!(sentences("冻结了。快点处理。", &[30..40, 5..2], &[]).iter().map(|p| p.1.len()).sum::<usize>(), 0);
    }

    #[test]
    fn messages_of_one_source_share_a_fold_in_the_sets_found_one_source_at_a_time() {
        let sample = |id: &str, set: &str, source: &str| {
            let line = format!(r#"{{"id":"{id}","text":"您已逾期","set":"{set}","verdict":"scam","source":"{source}"}}"#);
            crate::corpus::sample_of_line(&line, set).unwrap()
        };
        let mut settings = FitSettings::committed().unwrap();
        settings.core_sets = &["found"];
        settings.fold_by_source = true;
        let a = sample("found-0001", "found", "https://example.cn/a.html");
        let b = sample("found-0002", "found", "https://www.example.cn/a.html?x=1");
        assert_eq!(fold_key(&settings, &a), "example.cn/a.html");
        assert_eq!(fold_key(&settings, &a), fold_key(&settings, &b));
        // A public dataset's source is the dataset: its messages are drawn one by one.
        let public = sample("fbs_sms-00001", "fbs_sms", "https://github.com/Cypher-Z/FBS_SMS_Dataset");
        assert_eq!(fold_key(&settings, &public), "fbs_sms-00001");
        // A line without a source, and the setting off, go by the id.
        assert_eq!(fold_key(&settings, &sample("found-0003", "found", "")), "found-0003");
        settings.fold_by_source = false;
        assert_eq!(fold_key(&settings, &a), "found-0001");
    }

    /// Four messages of the set `core[0]` with `source` and a fifth with a
    /// page of its own, and a catalog whose core sets are `core`, folds
    /// drawn by source.
    fn four_and_one(core: &'static [&'static str], source: &str) -> (Catalog, Vec<Sample>) {
        let set = core[0];
        let line = |id: String, source: &str| format!(r#"{{"id":"{id}","text":"您已逾期","set":"{set}","kind":"notice","verdict":"legit","source":"{source}"}}"#);
        let samples = ["a", "b", "c", "d"]
            .iter()
            .map(|id| line(format!("{set}-{id}"), source))
            .chain([line(format!("{set}-e"), "https://news.example/story")])
            .map(|l| crate::corpus::sample_of_line(&l, set).unwrap())
            .collect();
        let mut catalog = crate::rules::Rules::get().catalog.clone();
        catalog.fit = FitSettings::committed().unwrap();
        catalog.fit.core_sets = core;
        catalog.fit.fold_by_source = true;
        (catalog, samples)
    }

    #[test]
    fn a_source_of_many_messages_shares_its_weight() {
        let (mut catalog, samples) = four_and_one(&["found"], "https://lender.example/templates");
        let train: Vec<usize> = (0..samples.len()).collect();
        catalog.fit.source_balance = 0.5;
        let w = example_weights(&catalog, &samples, &train);
        assert!((w[&4] / w[&0] - 2.0).abs() < 1e-9, "{w:?}");
        catalog.fit.source_balance = 0.0;
        let w = example_weights(&catalog, &samples, &train);
        assert!((w[&4] - w[&0]).abs() < 1e-9, "{w:?}");
    }

    #[test]
    fn written_messages_that_name_no_page_stand_alone() {
        let (mut catalog, samples) = four_and_one(&["written"], "written for overdue-guard, from research/institutions.md");
        catalog.fit.source_balance = 0.5;
        let train: Vec<usize> = (0..samples.len()).collect();
        let w = example_weights(&catalog, &samples, &train);
        assert!(train.iter().all(|i| (w[i] - w[&4]).abs() < 1e-9), "each its own source: {w:?}");
        assert_eq!(fold_key(&catalog.fit, &samples[0]), "written-a");
    }

    #[test]
    fn the_solver_learns_a_separable_weight_and_keeps_signs() {
        // Feature 0 marks the positives; feature 1 (kept non-positive) also
        // marks them but may not count for them; 2 is the bias.
        let rows: Vec<Row> = (0..200)
            .map(|i| {
                let y = i % 2 == 0;
                Row { x: vec![(0, f64::from(u8::from(y))), (1, f64::from(u8::from(y))), (2, 1.0)], y: f64::from(u8::from(y)), w: 1.0 }
            })
            .collect();
        let beta = solve(&rows, &[0.0, 0.0, 0.0], &[Sign::NonNeg, Sign::NonPos, Sign::Bias], &[0.1; 3], 1500);
        assert!(beta[0] > 2.0 && beta[1] == 0.0 && beta[2] < -1.0, "{beta:?}");
    }

    #[test]
    fn a_groups_offset_moves_as_far_as_its_pull_lets_it() {
        // Feature 0 is a red flag that every scam raises; 1 the shared bias;
        // 2 the offset of a group (e-mail) half of whose benign messages
        // raise the flag too, while elsewhere no benign message does.
        let row = |flag: bool, group: bool, y: bool| {
            let mut x = vec![(0, f64::from(u8::from(flag))), (1, 1.0)];
            if group {
                x.push((2, 1.0));
            }
            Row { x, y: f64::from(u8::from(y)), w: 1.0 }
        };
        let rows: Vec<Row> = (0..400).map(|i| row(i % 2 == 0 || i % 8 == 1, i % 4 < 2, i % 2 == 0)).collect();
        let signs = [Sign::NonNeg, Sign::Bias, Sign::Free];
        let weak = solve(&rows, &[0.0; 3], &signs, &[0.1, 0.1, 0.1], 1500);
        let strong = solve(&rows, &[0.0; 3], &signs, &[0.1, 0.1, 1e5], 1500);
        assert!(weak[2] < -0.5, "the group's own threshold rises: {weak:?}");
        assert!(strong[2].abs() < 0.01, "held at none: {strong:?}");
    }

    #[test]
    fn the_measurement_settings_are_off_in_the_data() {
        let fit = &FitSettings::committed().unwrap();
        assert_eq!((fit.inner_salt, fit.drop_written), (7, 0), "a fold salt or a draw of written left out is for measuring the swing, not for shipping");
        assert!(fit.fold_by_source, "folds drawn by message flatter the fit on sources it has seen");
    }

    #[test]
    fn strong_priors_hold_where_data_is_silent() {
        let rows = vec![Row { x: vec![(1, 1.0)], y: 1.0, w: 1.0 }];
        let beta = solve(&rows, &[3.0, 0.0], &[Sign::NonNeg, Sign::Bias], &[10.0; 2], 1500);
        assert!((beta[0] - 3.0).abs() < 1e-6, "{beta:?}");
    }

    #[test]
    fn rewriting_changes_only_weights_and_thresholds() {
        let catalog = &crate::rules::Rules::get().catalog;
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/signals.toml")).unwrap();
        let same = rewrite_signals_toml(&text, catalog, &Weights::of(catalog));
        assert_eq!(same, text, "the committed weights written back change nothing");
        let mut w = Weights::of(catalog);
        w.weight[0] = 7;
        w.scam = 55;
        let changed = rewrite_signals_toml(&text, catalog, &w);
        let diff: Vec<(&str, &str)> = text.lines().zip(changed.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(diff.len(), usize::from(catalog.signals[0].weight != 7) + 1, "{diff:?}");
        assert!(changed.contains("\nscam = 55\n"));
        w.scam_email = 33;
        let changed = rewrite_signals_toml(&text, catalog, &w);
        assert!(changed.contains("\nscam_email = 33\n") && changed.contains("\nscam_latin = "));
    }
}
