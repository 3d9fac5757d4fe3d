//! `overdue-guard eval`: runs the classifier over the labelled corpora and
//! prints how it did (the figures of [`overdue_guard::eval`]) and which
//! messages it got wrong.
//!
//! Corpora live in one directory (default `../shared/corpora`, beside the
//! repository): `*/messages.jsonl` files of labelled messages (`id`, `text`,
//! `sender`, `channel`, `overdue`, `verdict` ∈ legit | suspicious | scam |
//! not_overdue) and the UCI collection `uci-sms-spam/SMSSpamCollection`
//! (`ham<TAB>text` / `spam<TAB>text`). A missing or unreadable corpus is
//! skipped with a note; the command fails only when none could be read.

use super::{args, print_stdout, usage_error};
use overdue_guard::corpus::{self, Sample};
use overdue_guard::eval::{evaluate, is_miss, Metrics, Predicted, SetFigures, Truth, GROUPS};
use overdue_guard::fit::{cross_validate, fit, leave_sets_out, observe};
use overdue_guard::rules::{Catalog, FitSettings, Rules};
use overdue_guard::{classify, Channel, Message, Options, Verdict};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default corpus directory, relative to the working directory.
pub const DEFAULT_CORPORA: &str = "../shared/corpora";

/// Misses printed per corpus in the text output (`--json` lists all).
const MISSES_SHOWN: usize = 40;

/// The title of the `--held-out` table.
const HELD_OUT_TITLE: &str = "Held out (never fitted): the shipped weights and model on --held-out";
/// Its title when `--settings` refits the weights and model.
const HELD_OUT_REFIT_TITLE: &str = "Held out (never fitted): weights and model fitted with --settings on --held-out (a figure to watch, not to choose settings by)";

/// How a corpus file is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// JSON Lines of labelled messages.
    Labelled,
    /// `ham|spam<TAB>text` lines.
    Uci,
}

/// One corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Corpus {
    name: String,
    path: PathBuf,
    format: Format,
}

/// One labelled message.
struct Case {
    id: String,
    message: Message,
    truth: Truth,
}

/// A message the classifier got wrong.
#[derive(Serialize)]
struct Miss {
    id: String,
    expected: String,
    got: String,
    text: String,
}

/// The result for one corpus.
#[derive(Serialize)]
struct CorpusResult {
    name: String,
    messages: usize,
    /// Lines that could not be read as a labelled message.
    skipped_lines: Vec<String>,
    metrics: Metrics,
    misses: Vec<Miss>,
}

/// A corpus that could not be read.
#[derive(Serialize)]
struct Skipped {
    name: String,
    reason: String,
}

/// Runs the command with its arguments (after `eval`).
pub fn main(raw: &[String]) -> ExitCode {
    let parsed = match args::parse(raw, &["corpora", "also", "held-out", "settings"], &["json", "no-cv", "loso-only", "misses", "scam-misses"]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    if let Some(extra) = parsed.positional.first() {
        return usage_error(&format!("eval takes no argument {extra:?}"));
    }
    // `--settings k=v,...`: the fits below use these settings of `[fit]`
    // instead of the data file's, so settings can be compared without
    // editing it; the held-out messages are then judged by a fit on every
    // training message with them, not by the shipped weights.
    let mut catalog: Catalog = Rules::get().catalog.clone();
    catalog.fit = match FitSettings::committed() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("overdue-guard eval: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(spec) = parsed.value("settings") {
        match catalog.fit.with(spec) {
            Ok(settings) => catalog.fit = settings,
            Err(e) => return usage_error(&e),
        }
    }
    let refit = parsed.value("settings").is_some();
    let dir = Path::new(parsed.value("corpora").unwrap_or(DEFAULT_CORPORA));
    let options = Options::default();
    let never_fitted = match parsed.value("held-out").map(read_held_out).transpose() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("overdue-guard eval: --held-out: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut results, mut skipped) = (Vec::new(), Vec::new());
    for corpus in discover(dir) {
        match load(&corpus) {
            Ok((cases, skipped_lines)) if !cases.is_empty() => {
                results.push(run(&corpus.name, &cases, skipped_lines, &options));
            }
            Ok(_) => skipped.push(Skipped {
                name: corpus.name,
                reason: "no messages".into(),
            }),
            Err(reason) => skipped.push(Skipped {
                name: corpus.name,
                reason,
            }),
        }
    }
    for s in &skipped {
        eprintln!(
            "overdue-guard eval: skipped corpus {}: {}",
            s.name, s.reason
        );
    }
    // Held-out figures: every message judged by weights and a model fitted
    // without it. `--loso-only`: no cross-validation, and every set left out
    // but the written messages (whose row is circular), to compare settings.
    let loso_only = parsed.switch("loso-only");
    let samples = if (parsed.switch("no-cv") && !refit) || results.is_empty() { None } else { super::load_samples(&parsed).ok() };
    let obs = samples.as_deref().map(observe);
    let held_out = match (&samples, &obs) {
        (Some(samples), Some(obs)) if !parsed.switch("no-cv") => {
            let cv = (!loso_only).then(|| {
                let predicted = cross_validate(&catalog, samples, obs, 5);
                (tables(samples, &predicted), held_out_misses(samples, &predicted, near_miss))
            });
            let left_out = |set: &str| !loso_only || set != "written";
            let predicted = leave_sets_out(&catalog, samples, obs, left_out);
            let (loso_samples, loso_predicted): (Vec<Sample>, Vec<Predicted>) = samples.iter().zip(predicted).filter(|(s, _)| left_out(&s.set)).map(|(s, p)| (s.clone(), p)).unzip();
            let loso = tables(&loso_samples, &loso_predicted);
            let loso_misses = held_out_misses(&loso_samples, &loso_predicted, false_alarm);
            let scam_misses = held_out_misses(&loso_samples, &loso_predicted, scam_called_benign);
            Some((cv, loso, loso_misses, scam_misses))
        }
        _ => None,
    };
    let never_fitted = never_fitted.map(|held| match (&samples, &obs) {
        (Some(samples), Some(obs)) if refit => {
            let all: Vec<usize> = (0..samples.len()).collect();
            let fitted = fit(&catalog, samples, obs, &all);
            held_out_table(&held, |s| Predicted::of(&fitted.classify(s)))
        }
        _ => held_out_table(&held, |s| Predicted::of(&classify(&s.message, &options))),
    });
    let text = if parsed.switch("json") {
        let mut json = serde_json::json!({"corpora": &results, "skipped": &skipped});
        if let Some((cv, loso, loso_misses, scam_misses)) = &held_out {
            if let Some((cv, cv_misses)) = cv {
                json["cross_validated"] = serde_json::json!(cv);
                json["cross_validated_misses"] = serde_json::json!(cv_misses);
            }
            json["leave_one_set_out"] = serde_json::json!(loso);
            json["leave_one_set_out_false_alarms"] = serde_json::json!(loso_misses);
            json["leave_one_set_out_scam_misses"] = serde_json::json!(scam_misses);
        }
        if let Some(t) = &never_fitted {
            json["held_out"] = serde_json::json!(t);
        }
        format!("{json:#}\n")
    } else {
        let mut text = String::from("# The shipped weights and model on each corpus (TRAINING DATA: these messages fitted them)\n\n");
        text.extend(results.iter().map(render));
        if let Some((cv, loso, loso_misses, scam_misses)) = &held_out {
            if let Some((cv, cv_misses)) = cv {
                text.push_str(&render_table("5-fold cross-validated (each message judged by weights and a text model fitted without its fold)", cv));
                text.push_str(&render_misses("Cross-validated misses among the notices and the dev kind", cv_misses));
            }
            text.push_str(&render_table("Leave one set out (each set judged by weights and a text model fitted without the whole set)", loso));
            if parsed.switch("misses") {
                text.push_str(&render_misses("Leave-one-set-out false alarms: benign messages flagged, and wrong overdue answers", loso_misses));
            }
            if parsed.switch("scam-misses") {
                text.push_str(&render_misses("Scams called benign when their whole set was left out, by set", scam_misses));
            }
        }
        if let Some(t) = &never_fitted {
            text.push_str(&render_table(if refit { HELD_OUT_REFIT_TITLE } else { HELD_OUT_TITLE }, t));
        }
        text
    };
    if results.is_empty() {
        eprintln!(
            "overdue-guard eval: no corpus could be read in {}",
            dir.display()
        );
        let _ = print_stdout(&text);
        return ExitCode::FAILURE;
    }
    print_stdout(&text)
}

/// The corpora in `dir`: the three known ones (reported missing if absent),
/// then any other subdirectory with a `messages.jsonl`, by name.
fn discover(dir: &Path) -> Vec<Corpus> {
    let mut corpora: Vec<Corpus> = [
        ("dev", "dev/messages.jsonl", Format::Labelled),
        (
            "labelled-public",
            "labelled-public/messages.jsonl",
            Format::Labelled,
        ),
        (
            "uci-sms-spam",
            "uci-sms-spam/SMSSpamCollection",
            Format::Uci,
        ),
    ]
    .into_iter()
    .map(|(name, file, format)| Corpus {
        name: name.into(),
        path: dir.join(file),
        format,
    })
    .collect();
    let mut extra: Vec<Corpus> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let path = e.path().join("messages.jsonl");
            // Public training sets have no labels on every line: their
            // figures are per set, in the held-out tables.
            let known = corpora.iter().any(|c| c.name == name) || name == "public-train";
            (!known && path.is_file()).then_some(Corpus {
                name,
                path,
                format: Format::Labelled,
            })
        })
        .collect();
    extra.sort_by(|a, b| a.name.cmp(&b.name));
    corpora.extend(extra);
    corpora
}

/// Reads a corpus: its cases, and a note for every line that is not one.
fn load(corpus: &Corpus) -> Result<(Vec<Case>, Vec<String>), String> {
    let bytes = std::fs::read(&corpus.path)
        .map_err(|e| format!("cannot read {}: {e}", corpus.path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let (mut cases, mut notes) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = match corpus.format {
            Format::Labelled => labelled_case(line),
            Format::Uci => uci_case(line, i + 1),
        };
        match parsed {
            Ok(case) => cases.push(case),
            Err(e) => notes.push(format!("line {}: {e}", i + 1)),
        }
    }
    Ok((cases, notes))
}

/// One line of a labelled JSON Lines corpus.
fn labelled_case(line: &str) -> Result<Case, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let overdue = value["overdue"]
        .as_bool()
        .ok_or("no boolean `overdue` label")?;
    let label = value["verdict"].as_str().ok_or("no `verdict` label")?;
    let verdict =
        Truth::verdict_label(label).ok_or_else(|| format!("unknown verdict {label:?}"))?;
    let id = match &value["id"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let message: Message =
        serde_json::from_value(value).map_err(|e| format!("not a valid message: {e}"))?;
    Ok(Case {
        id,
        message,
        truth: Truth::Labelled { overdue, verdict },
    })
}

/// One line of the UCI SMS spam collection.
fn uci_case(line: &str, number: usize) -> Result<Case, String> {
    let (label, text) = line.split_once('\t').ok_or("no TAB after the label")?;
    let spam = match label {
        "ham" => false,
        "spam" => true,
        other => return Err(format!("label {other:?} is neither ham nor spam")),
    };
    let message = Message {
        text: text.to_string(),
        channel: Some(Channel::Sms),
        ..Message::default()
    };
    Ok(Case {
        id: format!("uci-{number}"),
        message,
        truth: Truth::Sms { spam },
    })
}

/// Classifies every case and gathers the figures and the misses.
fn run(name: &str, cases: &[Case], skipped_lines: Vec<String>, options: &Options) -> CorpusResult {
    let mut pairs = Vec::with_capacity(cases.len());
    let mut misses = Vec::new();
    for case in cases {
        let got = Predicted::of(&classify(&case.message, options));
        if is_miss(case.truth, got) {
            misses.push(Miss {
                id: case.id.clone(),
                expected: describe_truth(case.truth),
                got: describe(got.overdue, got.verdict),
                text: case.message.text.chars().take(80).collect(),
            });
        }
        pairs.push((case.truth, got));
    }
    CorpusResult {
        name: name.to_string(),
        messages: cases.len(),
        skipped_lines,
        metrics: evaluate(&pairs),
        misses,
    }
}

fn describe(overdue: bool, verdict: Verdict) -> String {
    format!(
        "{} {}",
        if overdue { "overdue" } else { "not-overdue" },
        verdict.as_str()
    )
}

fn describe_truth(truth: Truth) -> String {
    match truth {
        Truth::Labelled { overdue, verdict } => describe(overdue, verdict),
        Truth::Sms { spam: false } => "ham (not-overdue benign)".into(),
        Truth::Sms { spam: true } => "spam".into(),
    }
}

/// A held-out miss among the messages nearest to what users receive (the
/// dev kind, the billing and collection notices, the written ones): any
/// wrong verdict or overdue answer.
fn near_miss(s: &Sample, p: Predicted) -> bool {
    let near = GROUPS[0].1(s) || GROUPS[6].1(s) || s.set == "written";
    near && (s.verdict.is_some_and(|v| v != p.verdict) || s.overdue.is_some_and(|o| o != p.overdue))
}

/// A false alarm: a benign message flagged, or a wrong overdue answer (in
/// either direction: a notice missed is the other half of the same rule).
fn false_alarm(s: &Sample, p: Predicted) -> bool {
    (s.verdict == Some(Verdict::Benign) && p.flagged()) || s.overdue.is_some_and(|o| o != p.overdue)
}

/// A scam called benign: a family the rules do not name (with
/// leave-one-set-out predictions, one the text model has not seen either).
fn scam_called_benign(s: &Sample, p: Predicted) -> bool {
    s.kind == "scam" && p.verdict == Verdict::Benign
}

/// The held-out predictions that `miss` calls misses, ordered by set.
fn held_out_misses(samples: &[Sample], predicted: &[Predicted], miss: fn(&Sample, Predicted) -> bool) -> Vec<Miss> {
    let mut misses: Vec<(&str, Miss)> = samples
        .iter()
        .zip(predicted)
        .filter(|&(s, &p)| miss(s, p))
        .map(|(s, p)| {
            let miss = Miss {
                id: s.id.clone(),
                expected: format!("{} {}", s.overdue.map_or("?", |o| if o { "overdue" } else { "not-overdue" }), s.verdict.map_or("?", Verdict::as_str)),
                got: describe(p.overdue, p.verdict),
                text: s.message.text.chars().take(80).collect(),
            };
            (s.set.as_str(), miss)
        })
        .collect();
    misses.sort_by(|a, b| a.0.cmp(b.0));
    misses.into_iter().map(|(_, m)| m).collect()
}

fn render_misses(title: &str, misses: &[Miss]) -> String {
    let mut s = format!("# {title} ({})\n\n", misses.len());
    for m in misses {
        let text: String = m.text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let _ = writeln!(s, "  {}  expected {}, got {}  | {}", m.id, m.expected, m.got, text);
    }
    s.push('\n');
    s
}

/// The messages of `--held-out FILES` (comma-separated JSON Lines), which
/// neither `fit` nor the cross-validated and left-out tables see.
fn read_held_out(files: &str) -> Result<Vec<Sample>, String> {
    let mut samples = Vec::new();
    for file in super::file_list(files) {
        let (read, notes) = corpus::load_jsonl(file, "held-out")?;
        if let Some(note) = notes.first() {
            return Err(note.clone());
        }
        samples.extend(read);
    }
    if samples.is_empty() {
        return Err(format!("no labelled message in {files:?}"));
    }
    Ok(samples)
}

/// The held-out messages' figures, per set, judged by `judge` (the shipped
/// weights and model, or those `--settings` fit). Only figures: their misses
/// are never listed, so no rule is written while reading them.
fn held_out_table(samples: &[Sample], judge: impl Fn(&Sample) -> Predicted) -> Tables {
    let predicted: Vec<Predicted> = samples.iter().map(judge).collect();
    Tables { groups: Vec::new(), ..tables(samples, &predicted) }
}

/// Figures per set and per target group.
#[derive(Serialize)]
struct Tables {
    sets: Vec<(String, SetFigures)>,
    groups: Vec<(String, SetFigures)>,
}

fn tables(samples: &[Sample], predicted: &[Predicted]) -> Tables {
    let mut sets: Vec<(String, SetFigures)> = Vec::new();
    for (s, &p) in samples.iter().zip(predicted) {
        match sets.iter_mut().find(|(name, _)| *name == s.set) {
            Some((_, f)) => f.add(s, p),
            None => {
                let mut f = SetFigures::default();
                f.add(s, p);
                sets.push((s.set.clone(), f));
            }
        }
    }
    sets.sort_by(|a, b| a.0.cmp(&b.0));
    let groups = GROUPS
        .iter()
        .map(|(name, member)| {
            let mut f = SetFigures::default();
            for (s, &p) in samples.iter().zip(predicted).filter(|(s, _)| member(s)) {
                f.add(s, p);
            }
            (name.to_string(), f)
        })
        .collect();
    Tables { sets, groups }
}

fn render_table(title: &str, t: &Tables) -> String {
    let mut s = format!("# {title}\n\n");
    let _ = writeln!(
        s,
        "{:<62} {:>6} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "set", "n", "ovd F1", "verdict", "bad flag", "scam", "ben flag", "ben scam", "ham ovd", "ads flag"
    );
    let row = |s: &mut String, name: &str, f: &SetFigures| {
        let _ = writeln!(
            s,
            "{:<62} {:>6} {:>8} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8}",
            name,
            f.messages,
            pct(f.overdue_f1()),
            pct(f.verdict_accuracy()),
            pct(f.bad_flagged_rate()),
            pct(f.scam_recall()),
            pct(f.benign_flagged_rate()),
            pct(f.benign_scam_rate()),
            pct(f.ham_overdue_rate()),
            pct(f.advert_flagged_rate()),
        );
    };
    for (name, f) in &t.sets {
        row(&mut s, name, f);
    }
    s.push('\n');
    for (name, f) in &t.groups {
        row(&mut s, name, f);
    }
    s.push_str("\n(ovd F1: overdue F1; verdict: exact verdict accuracy; bad flag: suspicious+scam flagged; scam: scams called scam;\n ben flag / ben scam: benign flagged / called scam; ham ovd: ham and adverts called overdue; ads flag: adverts flagged, information only)\n\n");
    s
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".into(), |x| format!("{:.1}%", x * 100.0))
}

/// The text output for one corpus.
fn render(r: &CorpusResult) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "== {} ({} messages) ==", r.name, r.messages);
    if let Some(l) = &r.metrics.labelled {
        let c = &l.overdue.counts;
        let rows = [
            ("overdue precision", pct(l.overdue.precision)),
            ("overdue recall", pct(l.overdue.recall)),
            ("overdue F1", pct(l.overdue.f1)),
            ("verdict accuracy", pct(l.verdict_accuracy)),
            ("suspicious+scam flagged (recall)", pct(l.flagged_recall)),
            ("scam recall", pct(l.scam_recall)),
            ("benign flagged", pct(l.benign_flagged_rate)),
            ("benign called scam", pct(l.benign_scam_rate)),
        ];
        for (name, value) in rows {
            let _ = writeln!(s, "  {name:<34}{value:>7}");
        }
        let _ = writeln!(
            s,
            "  (overdue: tp {} fp {} fn {} tn {})",
            c.tp, c.fp, c.fn_, c.tn
        );
    }
    if let Some(u) = &r.metrics.sms {
        let _ = writeln!(
            s,
            "  {:<34}{:>7}",
            "ham called overdue",
            pct(u.ham_overdue_rate)
        );
        let _ = writeln!(s, "  {:<34}{:>7}", "ham flagged", pct(u.ham_flagged_rate));
        let _ = writeln!(
            s,
            "  {:<34}{:>7}",
            "spam flagged (info)",
            pct(u.spam_flagged_rate)
        );
        let _ = writeln!(s, "  ({} ham, {} spam)", u.ham, u.spam);
    }
    for note in &r.skipped_lines {
        let _ = writeln!(s, "  skipped {note}");
    }
    if r.misses.is_empty() {
        let _ = writeln!(s, "  no misses");
    } else {
        let _ = writeln!(s, "  misses ({}):", r.misses.len());
        for m in r.misses.iter().take(MISSES_SHOWN) {
            let text: String = m
                .text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let _ = writeln!(
                s,
                "    {}  expected {}, got {}  | {}",
                m.id, m.expected, m.got, text
            );
        }
        if r.misses.len() > MISSES_SHOWN {
            let _ = writeln!(
                s,
                "    … and {} more (--json lists all)",
                r.misses.len() - MISSES_SHOWN
            );
        }
    }
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labelled_lines() {
        let case = labelled_case(
            r#"{"id":"d-1","text":"逾期","sender":null,"channel":"sms","overdue":true,"verdict":"legit","lang":"zh"}"#,
        )
        .unwrap();
        assert_eq!(case.id, "d-1");
        assert_eq!(
            case.truth,
            Truth::Labelled {
                overdue: true,
                verdict: Verdict::Benign
            }
        );
        let table = [
            (r#"{"text":"x","verdict":"scam"}"#, "overdue"),
            (r#"{"text":"x","overdue":false}"#, "verdict"),
            (
                r#"{"text":"x","overdue":false,"verdict":"spam"}"#,
                "unknown verdict",
            ),
            (
                r#"{"overdue":false,"verdict":"scam"}"#,
                "missing field `text`",
            ),
            ("{", "not valid JSON"),
        ];
        for (line, words) in table {
            let err = labelled_case(line).err().unwrap_or_default();
            assert!(err.contains(words), "{line}: {err}");
        }
    }

    #[test]
    fn reads_uci_lines() {
        let ham = uci_case("ham\tOk lar... Joking wif u oni...", 2).unwrap();
        assert_eq!(
            (ham.id.as_str(), ham.truth),
            ("uci-2", Truth::Sms { spam: false })
        );
        assert_eq!(ham.message.text, "Ok lar... Joking wif u oni...");
        assert_eq!(
            uci_case("spam\tWIN\ta prize", 3).unwrap().message.text,
            "WIN\ta prize"
        );
        assert!(uci_case("eggs\ttext", 1).is_err());
        assert!(uci_case("ham text", 1).is_err());
    }

    #[test]
    fn missing_corpora_are_listed_and_fail_to_load() {
        let corpora = discover(Path::new("no-such-directory"));
        assert_eq!(corpora.len(), 3);
        for c in &corpora {
            let err = load(c).err().unwrap_or_default();
            assert!(err.starts_with("cannot read"), "{err}");
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(pct(None), "n/a");
        assert_eq!(pct(Some(0.5)), "50.0%");
    }
}
