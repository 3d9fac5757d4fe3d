//! How well does the classifier do on labelled messages?
//!
//! A corpus says, for each message, what it is: either a labelled message
//! (is it an overdue notice, and is it benign, suspicious or a scam) or an SMS
//! of the UCI spam collection (ham or spam, nothing about debts). This module
//! compares those labels with the classifier's reports and computes the
//! figures `overdue-guard eval` prints. Everything here is a pure function of
//! (labels, predictions); reading corpora is the command's business.
//!
//! A rate whose denominator is zero (no positive predictions, no scams in the
//! corpus, …) is `None`, printed as `n/a`: an undefined figure is not 0 %.

use crate::report::{Report, Verdict};
use serde::Serialize;

/// What a corpus says a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// A message labelled for this project (overdue or not; `legit` and
    /// `not_overdue` both mean [`Verdict::Benign`]).
    Labelled {
        /// The message is an overdue-payment or debt-collection notice.
        overdue: bool,
        /// The verdict it should get.
        verdict: Verdict,
    },
    /// An SMS of the UCI collection: ham (ordinary) or spam (advertising,
    /// prizes, some fraud). None of them is an overdue notice.
    Sms {
        /// Labelled `spam`.
        spam: bool,
    },
}

impl Truth {
    /// Reads a corpus verdict label: `legit` and `not_overdue` are benign.
    pub fn verdict_label(label: &str) -> Option<Verdict> {
        match label {
            "legit" | "not_overdue" | "benign" => Some(Verdict::Benign),
            "suspicious" => Some(Verdict::Suspicious),
            "scam" => Some(Verdict::Scam),
            _ => None,
        }
    }
}

/// The part of a report that evaluation compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Predicted {
    /// The report's `overdue`.
    pub overdue: bool,
    /// The report's `verdict`.
    pub verdict: Verdict,
}

impl Predicted {
    /// The prediction a report makes.
    pub fn of(report: &Report) -> Self {
        Predicted {
            overdue: report.overdue,
            verdict: report.verdict,
        }
    }

    /// Suspicious or scam: the extension marks it.
    pub fn flagged(self) -> bool {
        self.verdict != Verdict::Benign
    }
}

/// Counts of a yes/no prediction against the truth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Predicted yes, truly yes.
    pub tp: usize,
    /// Predicted yes, truly no.
    pub fp: usize,
    /// Predicted no, truly yes.
    pub fn_: usize,
    /// Predicted no, truly no.
    pub tn: usize,
}

impl Confusion {
    /// Adds one case.
    pub fn add(&mut self, truth: bool, predicted: bool) {
        match (truth, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    /// tp / (tp + fp); `None` when nothing was predicted yes.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); `None` when nothing is truly yes.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall; `None` when either is
    /// undefined, 0 when both are 0.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        if p + r == 0.0 {
            Some(0.0)
        } else {
            Some(2.0 * p * r / (p + r))
        }
    }
}

/// `part / whole`, or `None` when `whole` is 0.
pub fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Overdue detection figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OverdueFigures {
    /// The counts.
    pub counts: Confusion,
    /// Of the messages called overdue, the share that are.
    pub precision: Option<f64>,
    /// Of the overdue messages, the share called overdue.
    pub recall: Option<f64>,
    /// F1 of the two.
    pub f1: Option<f64>,
}

/// Figures over the labelled messages of a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LabelledFigures {
    /// Labelled messages counted.
    pub messages: usize,
    /// Overdue detection.
    pub overdue: OverdueFigures,
    /// Share of messages whose verdict equals the label.
    pub verdict_accuracy: Option<f64>,
    /// Of the suspicious and scam messages, the share predicted suspicious or scam.
    pub flagged_recall: Option<f64>,
    /// Of the scam messages, the share predicted scam.
    pub scam_recall: Option<f64>,
    /// Of the benign messages, the share predicted suspicious or scam.
    pub benign_flagged_rate: Option<f64>,
    /// Of the benign messages, the share predicted scam.
    pub benign_scam_rate: Option<f64>,
}

/// Figures over the UCI-style ham/spam messages of a corpus.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SmsFigures {
    /// Ham messages counted.
    pub ham: usize,
    /// Spam messages counted.
    pub spam: usize,
    /// Share of ham called an overdue notice (each one is a false alarm).
    pub ham_overdue_rate: Option<f64>,
    /// Share of ham predicted suspicious or scam (false alarms).
    pub ham_flagged_rate: Option<f64>,
    /// Share of spam predicted suspicious or scam (information only: most
    /// spam is advertising, not fraud).
    pub spam_flagged_rate: Option<f64>,
}

/// All figures of one corpus; a part is `None` when the corpus has no
/// message of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Over the labelled messages.
    pub labelled: Option<LabelledFigures>,
    /// Over the ham/spam messages.
    pub sms: Option<SmsFigures>,
}

/// Computes the figures of one corpus from its cases, in any order.
pub fn evaluate(cases: &[(Truth, Predicted)]) -> Metrics {
    let mut overdue = Confusion::default();
    let (mut labelled, mut correct) = (0, 0);
    let (mut bad, mut bad_flagged, mut scams, mut scams_caught) = (0, 0, 0, 0);
    let (mut benign, mut benign_flagged, mut benign_scam) = (0, 0, 0);
    let (mut ham, mut ham_overdue, mut ham_flagged, mut spam, mut spam_flagged) = (0, 0, 0, 0, 0);

    for &(truth, got) in cases {
        match truth {
            Truth::Labelled {
                overdue: o,
                verdict,
            } => {
                labelled += 1;
                overdue.add(o, got.overdue);
                correct += usize::from(got.verdict == verdict);
                if verdict == Verdict::Benign {
                    benign += 1;
                    benign_flagged += usize::from(got.flagged());
                    benign_scam += usize::from(got.verdict == Verdict::Scam);
                } else {
                    bad += 1;
                    bad_flagged += usize::from(got.flagged());
                }
                if verdict == Verdict::Scam {
                    scams += 1;
                    scams_caught += usize::from(got.verdict == Verdict::Scam);
                }
            }
            Truth::Sms { spam: false } => {
                ham += 1;
                ham_overdue += usize::from(got.overdue);
                ham_flagged += usize::from(got.flagged());
            }
            Truth::Sms { spam: true } => {
                spam += 1;
                spam_flagged += usize::from(got.flagged());
            }
        }
    }

    Metrics {
        labelled: (labelled > 0).then(|| LabelledFigures {
            messages: labelled,
            overdue: OverdueFigures {
                counts: overdue,
                precision: overdue.precision(),
                recall: overdue.recall(),
                f1: overdue.f1(),
            },
            verdict_accuracy: ratio(correct, labelled),
            flagged_recall: ratio(bad_flagged, bad),
            scam_recall: ratio(scams_caught, scams),
            benign_flagged_rate: ratio(benign_flagged, benign),
            benign_scam_rate: ratio(benign_scam, benign),
        }),
        sms: (ham + spam > 0).then(|| SmsFigures {
            ham,
            spam,
            ham_overdue_rate: ratio(ham_overdue, ham),
            ham_flagged_rate: ratio(ham_flagged, ham),
            spam_flagged_rate: ratio(spam_flagged, spam),
        }),
    }
}

/// The figures of one set of samples (a dataset, or a group such as "Chinese
/// scams"), for the cross-validated and leave-one-set-out tables: each
/// question counted only over the samples whose corpus settles it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SetFigures {
    /// Samples.
    pub messages: usize,
    /// Overdue question, over samples labelled overdue or not.
    pub overdue: Confusion,
    /// Samples with a labelled verdict, and how many got exactly it.
    pub verdicts: usize,
    /// See `verdicts`.
    pub verdicts_right: usize,
    /// Labelled suspicious or scam, and how many were flagged.
    pub bad: usize,
    /// See `bad`.
    pub bad_flagged: usize,
    /// Labelled scam, and how many were called scam.
    pub scams: usize,
    /// See `scams`.
    pub scams_called_scam: usize,
    /// Labelled benign, how many were flagged, and how many called scam.
    pub benign: usize,
    /// See `benign`.
    pub benign_flagged: usize,
    /// See `benign`.
    pub benign_scam: usize,
    /// Ham and adverts (never overdue notices), and how many were called overdue.
    pub ham_or_advert: usize,
    /// See `ham_or_advert`.
    pub ham_or_advert_overdue: usize,
    /// Adverts (marketing; no verdict is right or wrong), and how many were flagged.
    pub adverts: usize,
    /// See `adverts`.
    pub adverts_flagged: usize,
}

impl SetFigures {
    /// Counts one sample: what its corpus says, what the classifier said.
    pub fn add(&mut self, sample: &crate::corpus::Sample, got: Predicted) {
        self.messages += 1;
        if let Some(o) = sample.overdue {
            self.overdue.add(o, got.overdue);
        }
        if matches!(sample.kind.as_str(), "ham" | "advert") {
            self.ham_or_advert += 1;
            self.ham_or_advert_overdue += usize::from(got.overdue);
        }
        if sample.kind == "advert" {
            self.adverts += 1;
            self.adverts_flagged += usize::from(got.flagged());
        }
        let Some(verdict) = sample.verdict else { return };
        self.verdicts += 1;
        self.verdicts_right += usize::from(got.verdict == verdict);
        if verdict == Verdict::Benign {
            self.benign += 1;
            self.benign_flagged += usize::from(got.flagged());
            self.benign_scam += usize::from(got.verdict == Verdict::Scam);
        } else {
            self.bad += 1;
            self.bad_flagged += usize::from(got.flagged());
        }
        if verdict == Verdict::Scam {
            self.scams += 1;
            self.scams_called_scam += usize::from(got.verdict == Verdict::Scam);
        }
    }

    /// Overdue F1 (needs a labelled overdue notice and a prediction of one).
    pub fn overdue_f1(&self) -> Option<f64> {
        self.overdue.f1()
    }
    /// Share of labelled verdicts got exactly.
    pub fn verdict_accuracy(&self) -> Option<f64> {
        ratio(self.verdicts_right, self.verdicts)
    }
    /// Share of suspicious and scam messages flagged.
    pub fn bad_flagged_rate(&self) -> Option<f64> {
        ratio(self.bad_flagged, self.bad)
    }
    /// Share of scams called scam.
    pub fn scam_recall(&self) -> Option<f64> {
        ratio(self.scams_called_scam, self.scams)
    }
    /// Share of benign messages flagged.
    pub fn benign_flagged_rate(&self) -> Option<f64> {
        ratio(self.benign_flagged, self.benign)
    }
    /// Share of benign messages called scam.
    pub fn benign_scam_rate(&self) -> Option<f64> {
        ratio(self.benign_scam, self.benign)
    }
    /// Share of ham and adverts called overdue.
    pub fn ham_overdue_rate(&self) -> Option<f64> {
        ratio(self.ham_or_advert_overdue, self.ham_or_advert)
    }
    /// Share of adverts flagged (information only).
    pub fn advert_flagged_rate(&self) -> Option<f64> {
        ratio(self.adverts_flagged, self.adverts)
    }
}

/// The groups the targets speak of, with a test for membership.
pub const GROUPS: [(&str, fn(&crate::corpus::Sample) -> bool); 7] = [
    ("dev kind (dev, labelled-public, zh_quoted, lender templates)", |s| {
        matches!(s.set.as_str(), "dev" | "labelled-public" | "zh_quoted" | "loan_collection_code_templates")
    }),
    ("Chinese scams", |s| s.lang == "zh" && s.kind == "scam" && s.set != "written"),
    ("English scams", |s| s.lang == "en" && s.kind == "scam" && s.set != "written"),
    ("Chinese ham", |s| s.lang == "zh" && s.kind == "ham" && s.set != "written"),
    ("English ham", |s| s.lang == "en" && s.kind == "ham" && s.set != "written"),
    ("ham and adverts (overdue)", |s| matches!(s.kind.as_str(), "ham" | "advert") && s.set != "written"),
    ("billing and collection notices", |s| matches!(s.set.as_str(), "billing_collection_notices" | "loan_collection_code_templates")),
];

/// Is this case a miss? A labelled message is missed when its overdue flag
/// or its verdict differs; a ham SMS when it is called overdue or flagged.
/// Spam is never a miss (flagging it is information only).
pub fn is_miss(truth: Truth, got: Predicted) -> bool {
    match truth {
        Truth::Labelled { overdue, verdict } => overdue != got.overdue || verdict != got.verdict,
        Truth::Sms { spam: false } => got.overdue || got.flagged(),
        Truth::Sms { spam: true } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::{Benign, Scam, Suspicious};

    fn lab(overdue: bool, verdict: Verdict) -> Truth {
        Truth::Labelled { overdue, verdict }
    }
    fn got(overdue: bool, verdict: Verdict) -> Predicted {
        Predicted { overdue, verdict }
    }
    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    #[allow(clippy::type_complexity)] // a table of (counts, expected figures), read row by row
    fn confusion_rates_and_zero_division() {
        // (tp, fp, fn, tn) -> precision, recall, f1
        let table: [(
            (usize, usize, usize, usize),
            Option<f64>,
            Option<f64>,
            Option<f64>,
        ); 6] = [
            ((2, 2, 0, 0), Some(0.5), Some(1.0), Some(2.0 / 3.0)),
            ((0, 0, 3, 1), None, Some(0.0), None), // nothing predicted yes
            ((0, 2, 0, 5), Some(0.0), None, None), // nothing truly yes
            ((0, 1, 1, 0), Some(0.0), Some(0.0), Some(0.0)), // both zero: F1 is 0
            ((0, 0, 0, 0), None, None, None),
            ((3, 1, 1, 0), Some(0.75), Some(0.75), Some(0.75)),
        ];
        for ((tp, fp, fn_, tn), p, r, f) in table {
            let c = Confusion { tp, fp, fn_, tn };
            for (what, a, b) in [
                ("p", c.precision(), p),
                ("r", c.recall(), r),
                ("f1", c.f1(), f),
            ] {
                match b {
                    None => assert_eq!(a, None, "{what} of {c:?}"),
                    Some(b) => assert!(close(a, b), "{what} of {c:?}: {a:?} != {b}"),
                }
            }
        }
    }

    #[test]
    fn confusion_add_counts_each_cell() {
        let mut c = Confusion::default();
        for (t, p) in [
            (true, true),
            (false, true),
            (true, false),
            (false, false),
            (true, true),
        ] {
            c.add(t, p);
        }
        assert_eq!(
            c,
            Confusion {
                tp: 2,
                fp: 1,
                fn_: 1,
                tn: 1
            }
        );
    }

    #[test]
    fn labelled_figures() {
        let cases = [
            (lab(true, Benign), got(true, Benign)),       // right
            (lab(true, Scam), got(true, Suspicious)),     // flagged, scam missed
            (lab(false, Scam), got(false, Scam)),         // right
            (lab(false, Suspicious), got(false, Benign)), // missed
            (lab(false, Benign), got(true, Scam)),        // false alarm, called scam
            (lab(false, Benign), got(false, Suspicious)), // flagged
        ];
        let m = evaluate(&cases);
        assert!(m.sms.is_none());
        let l = m.labelled.expect("labelled figures");
        assert_eq!(l.messages, 6);
        assert_eq!(
            l.overdue.counts,
            Confusion {
                tp: 2,
                fp: 1,
                fn_: 0,
                tn: 3
            }
        );
        assert!(close(l.overdue.precision, 2.0 / 3.0));
        assert!(close(l.overdue.recall, 1.0));
        assert!(close(l.overdue.f1, 0.8));
        assert!(close(l.verdict_accuracy, 2.0 / 6.0));
        assert!(close(l.flagged_recall, 2.0 / 3.0));
        assert!(close(l.scam_recall, 0.5));
        assert!(close(l.benign_flagged_rate, 2.0 / 3.0));
        assert!(close(l.benign_scam_rate, 1.0 / 3.0));
    }

    #[test]
    fn corpus_without_bad_messages_has_undefined_recalls() {
        let m = evaluate(&[(lab(false, Benign), got(false, Benign))]);
        let l = m.labelled.expect("labelled figures");
        assert_eq!(l.flagged_recall, None);
        assert_eq!(l.scam_recall, None);
        assert_eq!(l.overdue.f1, None);
        assert!(close(l.verdict_accuracy, 1.0));
        assert!(close(l.benign_flagged_rate, 0.0));
    }

    #[test]
    fn sms_figures() {
        let cases = [
            (Truth::Sms { spam: false }, got(false, Benign)),
            (Truth::Sms { spam: false }, got(true, Benign)),
            (Truth::Sms { spam: false }, got(false, Scam)),
            (Truth::Sms { spam: false }, got(false, Benign)),
            (Truth::Sms { spam: true }, got(false, Suspicious)),
            (Truth::Sms { spam: true }, got(false, Benign)),
        ];
        let m = evaluate(&cases);
        assert!(m.labelled.is_none());
        let s = m.sms.expect("sms figures");
        assert_eq!((s.ham, s.spam), (4, 2));
        assert!(close(s.ham_overdue_rate, 0.25));
        assert!(close(s.ham_flagged_rate, 0.25));
        assert!(close(s.spam_flagged_rate, 0.5));
    }

    #[test]
    fn empty_corpus_has_no_figures() {
        assert_eq!(
            evaluate(&[]),
            Metrics {
                labelled: None,
                sms: None
            }
        );
    }

    #[test]
    fn misses() {
        let table = [
            (lab(true, Benign), got(true, Benign), false),
            (lab(true, Benign), got(false, Benign), true),
            (lab(false, Scam), got(false, Suspicious), true),
            (Truth::Sms { spam: false }, got(false, Benign), false),
            (Truth::Sms { spam: false }, got(true, Benign), true),
            (Truth::Sms { spam: false }, got(false, Suspicious), true),
            (Truth::Sms { spam: true }, got(true, Scam), false),
        ];
        for (t, p, miss) in table {
            assert_eq!(is_miss(t, p), miss, "{t:?} {p:?}");
        }
    }

    #[test]
    fn verdict_labels() {
        let table = [
            ("legit", Some(Benign)),
            ("not_overdue", Some(Benign)),
            ("suspicious", Some(Suspicious)),
            ("scam", Some(Scam)),
            ("spam", None),
            ("", None),
        ];
        for (label, want) in table {
            assert_eq!(Truth::verdict_label(label), want, "{label}");
        }
    }
}
