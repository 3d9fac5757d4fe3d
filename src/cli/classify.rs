//! `overdue-guard classify`: JSON Lines of messages in, JSON Lines of reports
//! out, one output line per input line and in the same order, so a caller can
//! zip the two files. A line that is not a message (bad JSON, missing or
//! mistyped fields, a blank line) is answered by `{"line": N, "error": "..."}`
//! and the run goes on.

use super::{args, load_options, usage_error, write_failed};
use overdue_guard::{classify, Message, Options};
use serde_json::error::Category;
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
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        summary.lines += 1;
        let answer = match answer(&buf, options) {
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
    let message: Message = serde_json::from_str(line).map_err(|e| match e.classify() {
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
    fn empty_input_is_no_lines() {
        assert_eq!(run_on(b"").0, Summary::default());
    }
}
