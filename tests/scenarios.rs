//! Whole messages written for this project (not taken from the corpora) with
//! the overdue flag, the verdict and the hotline a person would expect:
//! official reminders, fake lenders, aggressive agencies, student-loan and
//! credit-repair scams, spoofed senders, third parties, anti-fraud broadcasts,
//! hard negatives, everyday personal messages about money that share the
//! scams' words (`everyday-*`: a loan between friends, a file sent by
//! mistake), English and Traditional Chinese (`tests/data/scenarios.jsonl`).

use overdue_guard::{classify, Message, Options};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expect {
    overdue: bool,
    verdict: String,
    #[serde(default)]
    hotline: Option<String>,
}

#[derive(Deserialize)]
struct Scenario {
    id: String,
    expect: Expect,
    #[serde(flatten)]
    message: serde_json::Value,
}

#[test]
fn scenarios_get_the_expected_report() {
    let mut wrong = Vec::new();
    for line in include_str!("data/scenarios.jsonl").lines().filter(|l| !l.trim().is_empty()) {
        let s: Scenario = serde_json::from_str(line).expect("scenario parses");
        let msg: Message = serde_json::from_value(s.message.clone()).expect("scenario is a message");
        let r = classify(&msg, &Options::default());
        if r.overdue != s.expect.overdue || r.verdict.as_str() != s.expect.verdict {
            wrong.push(format!("{}: expected {}/{}, got {}/{}", s.id, s.expect.overdue, s.expect.verdict, r.overdue, r.verdict.as_str()));
        }
        if let Some(h) = &s.expect.hotline {
            let given = r.advice.iter().any(|a| a.id == "call_official_hotline" && a.detail.as_deref() == Some(h.as_str()));
            if !given {
                wrong.push(format!("{}: advice does not give the official hotline {h}", s.id));
            }
        }
        // Never a number from the message as the hotline.
        for a in r.advice.iter().filter(|a| a.id == "call_official_hotline") {
            let d = a.detail.as_deref().unwrap_or("");
            assert!(!msg.text.contains(d) || s.expect.hotline.as_deref() == Some(d), "{}: hotline {d} taken from the message", s.id);
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
