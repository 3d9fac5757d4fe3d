//! Cross-validated figures of the text model (`src/model`), to choose its
//! training configuration without looking at test data, and to write the
//! shipped model.
//!
//! ```sh
//! cargo run --release --example model_cv -- ../shared/corpora
//! cargo run --release --example model_cv -- ../shared/corpora --bits 16 --epochs 8 --l2 1e-4 --lr 0.2
//! cargo run --release --example model_cv -- ../shared/corpora --no-cv --write data/model.bin
//! cargo run --release --example model_cv -- --explain "您的借款已逾期3天" --explain "…"
//! ```
//!
//! Reads `public-train/`, `dev/` and `labelled-public/` (`messages.jsonl`).
//! Scam head: verdict suspicious or scam → positive, benign / legit /
//! not_overdue → negative, no verdict (adverts) → left out. Overdue head: the
//! `overdue` label where there is one; unlabelled ham and adverts → negative;
//! unlabelled scams → left out. Each (set, label) group weighs like √n;
//! `--share-scam X` / `--share-overdue X` scale a head's positives to that
//! share of the total weight (`TrainConfig::positive_share`).
//!
//! Prints, per set, the share scoring logit > 0 out of fold (5-fold CV, folds
//! by a hash of the message id) and leave-one-set-out (trained without the
//! set), and the overdue head's F1 on the labelled messages; `--misses` lists
//! the labelled messages it gets wrong out of fold.

use overdue_guard::links::find_in_text;
use overdue_guard::model::{group_weights, train, Example, Head, TextModel, TrainConfig};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::Range;
use std::process::ExitCode;

struct Record {
    id: String,
    set: String,
    text: String,
    links: Vec<Range<usize>>,
    scam: Option<bool>,
    overdue: Option<bool>,
    /// The `overdue` label was given by hand (not the ham/advert default).
    hand_labelled: bool,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("model_cv: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut corpora = None;
    let mut cfg = TrainConfig::default();
    let (mut write, mut cv, mut loso) = (None, true, true);
    let mut explain = Vec::new();
    let mut misses = false;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--bits" => cfg.bucket_bits = parse(&value("--bits")?)?,
            "--epochs" => cfg.epochs = parse(&value("--epochs")?)?,
            "--l2" => cfg.l2 = parse(&value("--l2")?)?,
            "--lr" => cfg.learning_rate = parse(&value("--lr")?)?,
            "--seed" => cfg.seed = parse(&value("--seed")?)?,
            "--write" => write = Some(value("--write")?),
            "--no-cv" => (cv, loso) = (false, false),
            "--no-loso" => loso = false,
            "--share-scam" => cfg.positive_share[0] = parse(&value("--share-scam")?)?,
            "--share-overdue" => cfg.positive_share[1] = parse(&value("--share-overdue")?)?,
            "--misses" => misses = true,
            "--explain" => explain.push(value("--explain")?),
            _ if !a.starts_with("--") && corpora.is_none() => corpora = Some(a),
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    if !explain.is_empty() {
        show(&explain);
        return Ok(());
    }
    let corpora = corpora.ok_or("usage: model_cv CORPORA_DIR [--bits N] [--epochs N] [--l2 X] [--lr X] [--seed N] [--share-scam X] [--share-overdue X] [--misses] [--no-cv] [--no-loso] [--write FILE], or model_cv --explain TEXT…")?;
    let mut records = load(&format!("{corpora}/public-train/messages.jsonl"), None)?;
    records.extend(load(&format!("{corpora}/dev/messages.jsonl"), Some("dev"))?);
    records.extend(load(&format!("{corpora}/labelled-public/messages.jsonl"), Some("labelled-public"))?);
    println!("{} messages; {cfg:?}", records.len());

    if cv {
        let folds = 5;
        let mut scores = vec![(0f32, 0f32); records.len()];
        for k in 0..folds {
            let model = fit(&records, &|r| fold_of(&r.id, folds) != k, &cfg);
            for (i, r) in records.iter().enumerate() {
                if fold_of(&r.id, folds) == k {
                    scores[i] = score(&model, r);
                }
            }
        }
        report("5-fold cross-validation", &records, &scores);
        if misses {
            print_misses(&records, &scores);
        }
    }
    if loso {
        let sets: Vec<String> = records.iter().map(|r| r.set.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let mut scores = vec![(0f32, 0f32); records.len()];
        for set in &sets {
            let model = fit(&records, &|r| &r.set != set, &cfg);
            for (i, r) in records.iter().enumerate() {
                if &r.set == set {
                    scores[i] = score(&model, r);
                }
            }
        }
        report("leave-one-set-out (each set scored by a model trained without it)", &records, &scores);
    }
    if let Some(path) = write {
        let model = fit(&records, &|_| true, &cfg);
        let bytes = model.to_bytes();
        std::fs::write(&path, &bytes).map_err(|e| format!("{path}: {e}"))?;
        println!("wrote {path}: {} bytes, trained on all {} messages", bytes.len(), records.len());
    }
    Ok(())
}

/// The hand-labelled messages that the 5-fold overdue head gets wrong, and
/// the dev and labelled-public messages the scam head gets wrong.
fn print_misses(records: &[Record], scores: &[(f32, f32)]) {
    println!("\n## misses out of fold (logit, set, text)\n");
    for (r, &(s, o)) in records.iter().zip(scores) {
        let text: String = r.text.chars().take(100).collect::<String>().replace('\n', " ");
        if r.hand_labelled && r.overdue.is_some_and(|y| y != (o > 0.0)) {
            println!("overdue={:5} {o:+6.2} {:16} {text}", r.overdue.unwrap_or_default(), r.set);
        }
        if (r.set == "dev" || r.set == "labelled-public") && r.scam.is_some_and(|y| y != (s > 0.0)) {
            println!("scam={:5}    {s:+6.2} {:16} {text}", r.scam.unwrap_or_default(), r.set);
        }
    }
}

/// Both heads of the built-in model on each text, with the stretches that
/// pushed hardest.
fn show(texts: &[String]) {
    let model = TextModel::builtin();
    for text in texts {
        let links: Vec<Range<usize>> = find_in_text(text).into_iter().filter_map(|l| l.range).collect();
        println!("{text}");
        for (name, head) in [("scam", Head::Scam), ("overdue", Head::Overdue)] {
            let (logit, pushes) = model.explain(head, text, &links, &[], 6);
            let quoted: Vec<String> = pushes.iter().map(|c| format!("{:?} {:+.2}", &text[c.range.clone()], c.weight)).collect();
            println!("  {name:8} {logit:+6.2}  {}", quoted.join(", "));
        }
    }
}

fn parse<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a valid value: {s:?}"))
}

fn load(path: &str, set: Option<&str>) -> Result<Vec<Record>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let field = |k: &str| v.get(k).and_then(Value::as_str);
        let body = field("text").ok_or(format!("{path}:{}: no text", n + 1))?.to_string();
        let scam = match field("verdict") {
            Some("suspicious" | "scam") => Some(true),
            Some("benign" | "legit" | "not_overdue") => Some(false),
            _ => None,
        };
        let kind = field("kind");
        let hand = v.get("overdue").and_then(Value::as_bool);
        let overdue = hand.or(match kind {
            Some("ham" | "advert") => Some(false),
            _ => None,
        });
        let links = find_in_text(&body).into_iter().filter_map(|l| l.range).collect();
        out.push(Record {
            id: field("id").unwrap_or_default().to_string(),
            set: set.or(field("set")).unwrap_or("unknown").to_string(),
            text: body,
            links,
            scam,
            overdue,
            hand_labelled: hand.is_some(),
        });
    }
    Ok(out)
}

/// Trains both heads on the records `keep` selects, (set, label) groups
/// weighted like √n.
fn fit(records: &[Record], keep: &dyn Fn(&Record) -> bool, cfg: &TrainConfig) -> TextModel {
    let head = |label: fn(&Record) -> Option<bool>| {
        let chosen: Vec<(&Record, bool)> =
            records.iter().filter(|r| keep(r)).filter_map(|r| Some((r, label(r)?))).collect();
        let keys: Vec<(&str, bool)> = chosen.iter().map(|(r, l)| (r.set.as_str(), *l)).collect();
        let weights = group_weights(&keys);
        chosen
            .iter()
            .zip(weights)
            .map(|((r, label), weight)| Example { text: &r.text, links: r.links.clone(), concepts: vec![], label: *label, weight })
            .collect::<Vec<_>>()
    };
    train(&head(|r| r.scam), &head(|r| r.overdue), cfg)
}

fn score(model: &TextModel, r: &Record) -> (f32, f32) {
    (model.logit(Head::Scam, &r.text, &r.links, &[]), model.logit(Head::Overdue, &r.text, &r.links, &[]))
}

/// The fold of a message, by an FNV-1a hash of its id.
fn fold_of(id: &str, folds: u64) -> u64 {
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    h % folds
}

#[derive(Default)]
struct Counts {
    pos: usize,
    pos_flagged: usize,
    neg: usize,
    neg_flagged: usize,
    unlabelled: usize,
    unlabelled_flagged: usize,
}

impl Counts {
    fn add(&mut self, label: Option<bool>, flagged: bool) {
        let (n, f) = match label {
            Some(true) => (&mut self.pos, &mut self.pos_flagged),
            Some(false) => (&mut self.neg, &mut self.neg_flagged),
            None => (&mut self.unlabelled, &mut self.unlabelled_flagged),
        };
        *n += 1;
        *f += usize::from(flagged);
    }

    fn f1(&self) -> f64 {
        let tp = self.pos_flagged as f64;
        let (fp, fn_) = (self.neg_flagged as f64, (self.pos - self.pos_flagged) as f64);
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        }
    }
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "     -".into()
    } else {
        format!("{:5.1}%", 100.0 * part as f64 / whole as f64)
    }
}

/// The counts at one threshold: per set and in all, for both heads, and the
/// overdue head on the hand-labelled messages.
#[derive(Default)]
struct Tally<'a> {
    scam: BTreeMap<&'a str, Counts>,
    scam_all: Counts,
    overdue: BTreeMap<&'a str, Counts>,
    overdue_all: Counts,
    overdue_labelled: Counts,
}

impl<'a> Tally<'a> {
    fn new(records: &'a [Record], scores: &[(f32, f32)], threshold: f32) -> Self {
        let mut t = Tally::default();
        for (r, &(s, o)) in records.iter().zip(scores) {
            let (s, o) = (s > threshold, o > threshold);
            t.scam.entry(&r.set).or_default().add(r.scam, s);
            t.scam_all.add(r.scam, s);
            t.overdue.entry(&r.set).or_default().add(r.overdue, o);
            t.overdue_all.add(r.overdue, o);
            if r.hand_labelled {
                t.overdue_labelled.add(r.overdue, o);
            }
        }
        t
    }

    fn summary(&self, threshold: f32) {
        let mean = |rates: Vec<f64>| 100.0 * rates.iter().sum::<f64>() / rates.len().max(1) as f64;
        let recall = mean(self.scam.values().filter(|c| c.pos >= 10).map(|c| c.pos_flagged as f64 / c.pos as f64).collect());
        let false_alarm = mean(self.scam.values().filter(|c| c.neg >= 10).map(|c| c.neg_flagged as f64 / c.neg as f64).collect());
        println!(
            "summary at logit > {threshold:4.1}: scam sets flagged {recall:5.1}%, benign sets flagged {false_alarm:5.1}% \
             (means over sets of 10 or more); overdue F1 {:.3}, not overdue called overdue {:.2}%",
            self.overdue_labelled.f1(),
            100.0 * self.overdue_all.neg_flagged as f64 / self.overdue_all.neg.max(1) as f64
        );
    }
}

fn report(title: &str, records: &[Record], scores: &[(f32, f32)]) {
    let t = Tally::new(records, scores, 0.0);
    println!("\n## {title}\n");
    println!("scam head: share with logit > 0 (positives = suspicious/scam, negatives = benign, adverts unlabelled)");
    println!("{:34} {:>6} {:>7}   {:>6} {:>7}   {:>6} {:>7}", "set", "pos", "flagged", "neg", "flagged", "advert", "flagged");
    for (set, c) in t.scam.iter().map(|(s, c)| (*s, c)).chain([("ALL", &t.scam_all)]) {
        println!(
            "{set:34} {:6} {}   {:6} {}   {:6} {}",
            c.pos, share(c.pos_flagged, c.pos), c.neg, share(c.neg_flagged, c.neg), c.unlabelled, share(c.unlabelled_flagged, c.unlabelled)
        );
    }
    println!("\noverdue head: positives / negatives (unlabelled ham and adverts count as negatives)");
    println!("{:34} {:>6} {:>7}   {:>6} {:>7}   {:>5}   {:>6} {:>7}", "set", "pos", "found", "neg", "flagged", "F1", "unlab.", "flagged");
    for (set, c) in t.overdue.iter().map(|(s, c)| (*s, c)).chain([("ALL", &t.overdue_all)]) {
        println!(
            "{set:34} {:6} {}   {:6} {}   {:5.3}   {:6} {}",
            c.pos, share(c.pos_flagged, c.pos), c.neg, share(c.neg_flagged, c.neg), c.f1(), c.unlabelled, share(c.unlabelled_flagged, c.unlabelled)
        );
    }
    let l = &t.overdue_labelled;
    println!(
        "overdue F1 on hand-labelled messages: {:.3} ({} overdue, {} found; {} not overdue, {} called overdue)\n",
        l.f1(), l.pos, l.pos_flagged, l.neg, l.neg_flagged
    );
    for threshold in [-1.0, 0.0, 1.0, 2.0] {
        Tally::new(records, scores, threshold).summary(threshold);
    }
}
