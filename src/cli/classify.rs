//! `overdue-guard classify`: JSON Lines of messages in, JSON Lines of reports
//! out, one output line per input line and in the same order, so a caller can
//! zip the two files. A line that is not a message (bad JSON, missing or
//! mistyped fields, a blank line) is answered by `{"line": N, "error": "..."}`
//! and the run goes on.

use super::check::MAX_MESSAGE_BYTES;
use super::{args, load_options, usage_error, write_failed};
use overdue_guard::{classify, Message, Options};
use serde_json::error::Category;
use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;

/// What a run saw.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Input lines answered.
    pub lines: usize,
    /// Lines answered with an error.
    pub failed: usize,
}

/// Runs the command with its arguments (after `classify`).
pub fn main(raw: &[String]) -> ExitCode {
    let parsed = match args::parse(raw, &["options"], &[]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    if let Some(extra) = parsed.positional.first() {
        return usage_error(&format!(
            "classify reads stdin and takes no argument {extra:?}"
        ));
    }
    let options = match load_options(parsed.value("options")) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let input = BufReader::with_capacity(1 << 16, io::stdin().lock());
    match run(input, io::stdout().lock(), &options) {
        Ok(s) if s.failed > 0 => {
            eprintln!(
                "overdue-guard: {} of {} lines were not valid messages",
                s.failed, s.lines
            );
            ExitCode::FAILURE
        }
        Ok(_) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => write_failed(&e),
        Err(e) => {
            eprintln!("overdue-guard: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Answers every line of `input` on `out`. Output is flushed whenever the
/// input has nothing more buffered, so an interactive caller that writes one
/// line and waits gets its answer. Fails only when reading or writing fails.
pub fn run<R: Read, W: Write>(
    mut input: BufReader<R>,
    out: W,
    options: &Options,
) -> io::Result<Summary> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut summary = Summary::default();
    let mut buf = Vec::new();
    let limit = MAX_MESSAGE_BYTES as u64 + 1;
    loop {
        buf.clear();
        if (&mut input).take(limit).read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        summary.lines += 1;
        let too_long = buf.len() as u64 == limit && !buf.ends_with(b"\n");
        if too_long {
            skip_line(&mut input)?;
        }
        let result = if too_long {
            Err(format!("the line is longer than {} MiB, the most read per message", MAX_MESSAGE_BYTES >> 20))
        } else {
            answer(&buf, options)
        };
        let answer = match result {
            Ok(json) => json,
            Err(error) => {
                summary.failed += 1;
                serde_json::json!({"line": summary.lines, "error": error}).to_string()
            }
        };
        out.write_all(answer.as_bytes())?;
        out.write_all(b"\n")?;
        if input.buffer().is_empty() {
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(summary)
}

/// Reads past the rest of the current line.
fn skip_line<R: Read>(input: &mut BufReader<R>) -> io::Result<()> {
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(());
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(at) => {
                input.consume(at + 1);
                return Ok(());
            }
            None => {
                let n = available.len();
                input.consume(n);
            }
        }
    }
}

/// A JSON line with each lone UTF-16 surrogate escape (`\ud800` without its
/// pair, as JavaScript's JSON.stringify writes a broken string) replaced by
/// `\ufffd`: one UTF-16 unit for one, so the report's spans stay those of
/// the JavaScript string.
fn without_lone_surrogates(line: &str) -> Cow<'_, str> {
    let surrogate = |at: usize| -> Option<u16> {
        let esc = line.get(at..at + 6)?;
        let code = u16::from_str_radix(esc.strip_prefix("\\u")?, 16).ok()?;
        (0xD800..=0xDFFF).contains(&code).then_some(code)
    };
    let bytes = line.as_bytes();
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        match surrogate(i) {
            // A high surrogate followed by a low one: a pair, one character.
            Some(0xD800..=0xDBFF) if surrogate(i + 6).is_some_and(|low| low >= 0xDC00) => i += 12,
            Some(_) => {
                let o = out.get_or_insert_with(String::new);
                o.push_str(&line[copied..i]);
                o.push_str("\\ufffd");
                i += 6;
                copied = i;
            }
            // Any other escape: skip it whole, so `\\ud800` stays text.
            None => i += 2,
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&line[copied..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(line),
    }
}

/// The report for one raw input line, or why there is none.
fn answer(raw: &[u8], options: &Options) -> Result<String, String> {
    let line = std::str::from_utf8(raw).map_err(|e| format!("not valid UTF-8: {e}"))?;
    let line = line
        .strip_prefix('\u{feff}')
        .unwrap_or(line)
        .trim_end_matches(['\n', '\r']);
    if line.trim().is_empty() {
        return Err("blank line: expected a JSON message object".into());
    }
    let line = without_lone_surrogates(line);
    let message: Message = serde_json::from_str(&line).map_err(|e| match e.classify() {
        Category::Syntax | Category::Eof => format!("not valid JSON: {e}"),
        Category::Data | Category::Io => format!("not a valid message: {e}"),
    })?;
    serde_json::to_string(&classify(&message, options))
        .map_err(|e| format!("cannot write the report: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn run_on(input: &[u8]) -> (Summary, Vec<Value>) {
        let mut out = Vec::new();
        let summary = run(BufReader::new(input), &mut out, &Options::default()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (summary, lines)
    }

    #[test]
    fn one_answer_per_line_in_order() {
        let input = concat!(
            r#"{"id":"a","text":"您的借款已逾期3天，请及时还款。","sender":"95384"}"#,
            "\n",
            "not json\n",
            "\n",
            r#"{"sender":"95384"}"#,
            "\n",
            r#"{"text":42}"#,
            "\n",
            r#"{"text":"hi","channel":"fax"}"#,
            "\n",
            r#"["text"]"#,
            "\r\n",
            r#"{"id":7,"text":"last line without newline","extra":true}"#,
        );
        let (summary, lines) = run_on(input.as_bytes());
        assert_eq!(
            summary,
            Summary {
                lines: 8,
                failed: 6
            }
        );
        assert_eq!(lines.len(), 8);
        assert_eq!(lines[0]["id"], "a");
        assert!(lines[0]["verdict"].is_string() && lines[0]["overdue"].is_boolean());
        let errors = [
            (1, 2, "not valid JSON"),
            (2, 3, "blank line"),
            (3, 4, "missing field `text`"),
            (4, 5, "invalid type"),
            (5, 6, "unknown variant `fax`"),
            (6, 7, "not a valid message"),
        ];
        for (i, n, words) in errors {
            assert_eq!(lines[i]["line"], n, "{:?}", lines[i]);
            let error = lines[i]["error"].as_str().unwrap();
            assert!(error.contains(words), "line {n}: {error}");
        }
        assert_eq!(lines[7]["id"], 7);
    }

    #[test]
    fn invalid_utf8_and_bom() {
        let mut input = b"\xef\xbb\xbf{\"text\":\"ok\"}\n".to_vec();
        input.extend_from_slice(b"{\"text\":\"\xff\"}\n");
        let (summary, lines) = run_on(&input);
        assert_eq!(
            summary,
            Summary {
                lines: 2,
                failed: 1
            }
        );
        assert!(lines[0]["verdict"].is_string());
        assert!(lines[1]["error"].as_str().unwrap().contains("UTF-8"));
    }

    #[test]
    fn lone_surrogates_are_read_as_replacement_characters() {
        let input = concat!(
            r#"{"text":"\ud800您的借款已逾期\udc00"}"#, "\n",
            r#"{"text":"pair \ud83d\ude00 and escaped \\ud800"}"#, "\n",
        );
        let (summary, lines) = run_on(input.as_bytes());
        assert_eq!(summary.failed, 0, "{lines:?}");
        let hit = lines[0]["signals"].as_array().unwrap().iter().find(|s| s["id"] == "overdue_stated").unwrap();
        assert_eq!(hit["span"], serde_json::json!([5, 8]), "spans count the surrogate as one unit");
        assert_eq!(without_lone_surrogates(r#""\ud83d\ude00""#), r#""\ud83d\ude00""#);
        assert_eq!(without_lone_surrogates(r#""\\ud800\ud800""#), r#""\\ud800\ufffd""#);
        assert_eq!(without_lone_surrogates(r#""\udc00\ud800\u12""#), r#""\ufffd\ufffd\u12""#);
    }

    #[test]
    fn a_line_too_long_is_answered_and_skipped() {
        let mut input = format!(r#"{{"text":"{}"}}"#, "a".repeat(MAX_MESSAGE_BYTES)).into_bytes();
        input.extend_from_slice(b"\n{\"text\":\"next\"}\n");
        let (summary, lines) = run_on(&input);
        assert_eq!(summary, Summary { lines: 2, failed: 1 });
        assert!(lines[0]["error"].as_str().unwrap().contains("longer than 16 MiB"));
        assert!(lines[1]["verdict"].is_string());
    }

    #[test]
    fn empty_input_is_no_lines() {
        assert_eq!(run_on(b"").0, Summary::default());
    }
}
