//! Every text signal against its own positive and negative examples
//! (`tests/signal_examples.toml`), with the expected spans marked `|like this|`.

use overdue_guard::{catalog, classify, Message, Options, Span};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    signal: String,
    #[serde(default)]
    sender: Option<String>,
    /// The sender of the `not_raised` messages, when it differs.
    #[serde(default)]
    not_raised_sender: Option<String>,
    raised: Vec<String>,
    not_raised: Vec<String>,
}

/// Removes the `|` markers and returns the text with the UTF-16 spans they enclosed.
fn unmark(marked: &str) -> (String, Vec<Span>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut open: Option<u32> = None;
    for c in marked.chars() {
        if c == '|' {
            let at = text.encode_utf16().count() as u32;
            match open.take() {
                Some(start) => spans.push(Span(start, at)),
                None => open = Some(at),
            }
        } else {
            text.push(c);
        }
    }
    (text, spans)
}

fn raised(text: &str, sender: Option<&str>, id: &str) -> Vec<Option<Span>> {
    let m = Message { text: text.into(), sender: sender.map(Into::into), ..Message::default() };
    classify(&m, &Options::default()).signals.into_iter().filter(|s| s.id == id).map(|s| s.span).collect()
}

#[test]
fn every_signal_example_holds() {
    let file: File = toml::from_str(include_str!("signal_examples.toml")).expect("examples parse");
    let mut failures = Vec::new();
    for case in &file.case {
        assert!(catalog().signal(&case.signal).is_some(), "unknown signal {}", case.signal);
        assert!(!case.raised.is_empty() && !case.not_raised.is_empty(), "{} needs both kinds of example", case.signal);
        for marked in &case.raised {
            let (text, spans) = unmark(marked);
            let got = raised(&text, case.sender.as_deref(), &case.signal);
            if got.is_empty() {
                failures.push(format!("{}: not raised by {marked:?}", case.signal));
            }
            for want in spans {
                if !got.contains(&Some(want)) {
                    failures.push(format!("{}: span {want:?} missing in {marked:?}; got {got:?}", case.signal));
                }
            }
        }
        for marked in &case.not_raised {
            let (text, _) = unmark(marked);
            let sender = case.not_raised_sender.as_deref().or(case.sender.as_deref());
            if !raised(&text, sender, &case.signal).is_empty() {
                failures.push(format!("{}: raised by {marked:?}", case.signal));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_text_signal_has_examples() {
    let file: File = toml::from_str(include_str!("signal_examples.toml")).expect("examples parse");
    let missing: Vec<&str> = catalog()
        .signals
        .iter()
        .filter(|s| !s.patterns.is_empty() || !s.regex.is_empty())
        .filter(|s| !file.case.iter().any(|c| c.signal == s.id))
        .map(|s| s.id)
        .collect();
    assert!(missing.is_empty(), "text signals without examples: {missing:?}");
}
