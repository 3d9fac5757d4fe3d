//! Corpus regression: the classifier's figures on the labelled corpora in
//! `../shared/corpora` must hold the targets of the classifier issue. The
//! corpora sit beside the repository (CI copies them there); without them the
//! test says so and passes, except under CI, where their absence is a failure.

use overdue_guard::eval::{evaluate, is_miss, Metrics, Predicted, Truth};
use overdue_guard::{classify, Message, Options};
use std::path::Path;

const CORPORA: &str = "../shared/corpora";

fn corpora_present() -> bool {
    let present = Path::new(CORPORA).join("dev/messages.jsonl").exists();
    if !present {
        assert!(std::env::var_os("CI").is_none(), "CI must have {CORPORA} beside the repository");
        eprintln!("note: {CORPORA} not found; corpus figures not checked");
    }
    present
}

fn labelled(file: &str) -> Vec<(Truth, Predicted, String)> {
    let text = std::fs::read_to_string(Path::new(CORPORA).join(file)).expect("corpus readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let msg: Message = serde_json::from_value(v.clone()).expect("corpus line is a message");
            let truth = Truth::Labelled {
                overdue: v["overdue"].as_bool().expect("overdue label"),
                verdict: Truth::verdict_label(v["verdict"].as_str().unwrap_or("")).expect("verdict label"),
            };
            let got = Predicted::of(&classify(&msg, &Options::default()));
            (truth, got, format!("{} {}", v["id"], msg.text.chars().take(60).collect::<String>()))
        })
        .collect()
}

fn figures(cases: &[(Truth, Predicted, String)]) -> Metrics {
    let pairs: Vec<(Truth, Predicted)> = cases.iter().map(|(t, p, _)| (*t, *p)).collect();
    evaluate(&pairs)
}

fn misses(cases: &[(Truth, Predicted, String)]) -> String {
    cases.iter().filter(|(t, p, _)| is_miss(*t, *p)).map(|(t, p, s)| format!("  {s}: expected {t:?}, got {p:?}\n")).collect()
}

/// Checks a figure against its bound, collecting failures.
fn at_least(failures: &mut Vec<String>, what: &str, got: Option<f64>, bound: f64) {
    match got {
        Some(v) if v + 1e-9 >= bound => {}
        other => failures.push(format!("{what}: {other:?} < {bound}")),
    }
}

fn at_most(failures: &mut Vec<String>, what: &str, got: Option<f64>, bound: f64) {
    if let Some(v) = got {
        if v > bound + 1e-9 {
            failures.push(format!("{what}: {v} > {bound}"));
        }
    }
}

#[test]
fn labelled_corpora_hold_the_targets() {
    if !corpora_present() {
        return;
    }
    let mut failures = Vec::new();
    let mut all = Vec::new();
    for file in ["dev/messages.jsonl", "labelled-public/messages.jsonl"] {
        all.extend(labelled(file));
    }
    let m = figures(&all).labelled.expect("labelled figures");
    at_least(&mut failures, "overdue F1", m.overdue.counts.f1(), 0.90);
    at_least(&mut failures, "verdict accuracy", m.verdict_accuracy, 0.75);
    at_least(&mut failures, "suspicious+scam recall", m.flagged_recall, 0.90);
    at_least(&mut failures, "scam recall", m.scam_recall, 0.80);
    at_most(&mut failures, "benign flagged", m.benign_flagged_rate, 0.10);
    at_most(&mut failures, "benign called scam", m.benign_scam_rate, 0.03);
    assert!(failures.is_empty(), "{}\nmisses:\n{}", failures.join("\n"), misses(&all));
}

#[test]
fn ordinary_sms_are_not_flagged() {
    if !corpora_present() {
        return;
    }
    let text = std::fs::read_to_string(Path::new(CORPORA).join("uci-sms-spam/SMSSpamCollection")).expect("UCI corpus");
    let cases: Vec<(Truth, Predicted)> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(label, body)| {
            let msg = Message { text: body.to_string(), ..Message::default() };
            (Truth::Sms { spam: label == "spam" }, Predicted::of(&classify(&msg, &Options::default())))
        })
        .collect();
    let m = evaluate(&cases).sms.expect("sms figures");
    assert!(m.ham > 4000, "the UCI collection has its ham");
    let mut failures = Vec::new();
    at_most(&mut failures, "ham called overdue", m.ham_overdue_rate, 0.002);
    at_most(&mut failures, "ham flagged", m.ham_flagged_rate, 0.005);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
