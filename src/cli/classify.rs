//! `overdue-guard classify`: JSON Lines of messages in, JSON Lines of reports
//! out, one output line per input line and in the same order, so a caller can
//! zip the two files. A line that is not a message (bad JSON, missing or
//! mistyped fields, a blank line) is answered by `{"line": N, "error": "..."}`
//! and the run goes on.
//!
//! With `--jobs N` (default: every core) batches of lines are classified on N
//! threads and written back in input order.

use super::check::MAX_MESSAGE_BYTES;
use super::{args, load_options, usage_error, write_failed};
use overdue_guard::{classify, Message, Options};
use serde_json::error::Category;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex};

/// Lines handed to a worker at once: large enough that the channels cost
/// nothing next to classifying, small enough that an interactive caller is
/// answered line by line (a batch also ends when the input has nothing buffered).
const BATCH_LINES: usize = 256;

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
    let parsed = match args::parse(raw, &["options", "jobs"], &[]) {
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
    let jobs = match parsed.value("jobs").map(str::parse::<usize>) {
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Some(Ok(n)) if n > 0 => n,
        Some(_) => return usage_error("--jobs needs a whole number of threads, 1 or more"),
    };
    let input = BufReader::with_capacity(1 << 16, io::stdin());
    match run(input, io::stdout().lock(), &options, jobs) {
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

/// Answers every line of `input` on `out`, on `jobs` threads. Output is
/// flushed whenever the input has nothing more buffered, so an interactive
/// caller that writes one line and waits gets its answer. Fails only when
/// reading or writing fails.
pub fn run<R: Read + Send, W: Write>(
    input: BufReader<R>,
    out: W,
    options: &Options,
    jobs: usize,
) -> io::Result<Summary> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let summary = if jobs <= 1 {
        run_here(input, &mut out, options)?
    } else {
        run_threads(input, &mut out, options, jobs)?
    };
    out.flush()?;
    Ok(summary)
}

/// Lines read together, numbered from `first` (1-based); a line longer than
/// [`MAX_MESSAGE_BYTES`] is skipped and stands as the error it gets.
struct Batch {
    seq: usize,
    first: usize,
    lines: Vec<Result<Vec<u8>, String>>,
    /// The input had nothing more buffered after this batch.
    flush: bool,
}

/// Reads up to [`BATCH_LINES`] lines; `None` at the end of the input.
fn read_batch<R: Read>(input: &mut BufReader<R>, seq: usize, first: usize) -> io::Result<Option<Batch>> {
    let mut lines = Vec::new();
    let limit = MAX_MESSAGE_BYTES as u64 + 1;
    loop {
        let mut line = Vec::new();
        if (&mut *input).take(limit).read_until(b'\n', &mut line)? == 0 {
            break;
        }
        if line.len() as u64 == limit && !line.ends_with(b"\n") {
            skip_line(input)?;
            lines.push(Err(format!("the line is longer than {} MiB, the most read per message", MAX_MESSAGE_BYTES >> 20)));
        } else {
            lines.push(Ok(line));
        }
        if lines.len() == BATCH_LINES || input.buffer().is_empty() {
            break;
        }
    }
    let flush = input.buffer().is_empty();
    Ok((!lines.is_empty()).then_some(Batch { seq, first, lines, flush }))
}

/// The answers of a batch, each line ending in a newline, and how many failed.
fn answer_batch(batch: &Batch, options: &Options) -> (Vec<u8>, usize) {
    let mut out = Vec::with_capacity(batch.lines.len() * 1024);
    let mut failed = 0;
    for (i, line) in batch.lines.iter().enumerate() {
        if !answer_into(&mut out, line.as_deref().map_err(String::as_str), batch.first + i, options) {
            failed += 1;
        }
    }
    (out, failed)
}

/// One thread: read, answer, write.
fn run_here<R: Read, W: Write>(mut input: BufReader<R>, out: &mut W, options: &Options) -> io::Result<Summary> {
    let mut summary = Summary::default();
    while let Some(batch) = read_batch(&mut input, 0, summary.lines + 1)? {
        let (bytes, failed) = answer_batch(&batch, options);
        summary.lines += batch.lines.len();
        summary.failed += failed;
        out.write_all(&bytes)?;
        if batch.flush {
            out.flush()?;
        }
    }
    Ok(summary)
}

/// A reader thread hands batches to `jobs` workers; this thread writes their
/// answers back in input order, never waiting on the input itself.
fn run_threads<R: Read + Send, W: Write>(
    mut input: BufReader<R>,
    out: &mut W,
    options: &Options,
    jobs: usize,
) -> io::Result<Summary> {
    type Done = (usize, usize, Vec<u8>, usize, bool);
    let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(jobs * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<()> {
            let (mut seq, mut lines) = (0, 0);
            while let Some(batch) = read_batch(&mut input, seq, lines + 1)? {
                seq += 1;
                lines += batch.lines.len();
                if work_tx.send(batch).is_err() {
                    break;
                }
            }
            Ok(())
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = Arc::clone(&work_rx);
            scope.spawn(move || loop {
                let next = work_rx.lock().ok().and_then(|rx| rx.recv().ok());
                let Some(batch) = next else { break };
                let (bytes, failed) = answer_batch(&batch, options);
                if done_tx.send((batch.seq, batch.lines.len(), bytes, failed, batch.flush)).is_err() {
                    break;
                }
            });
        }
        drop((done_tx, work_rx));
        let mut summary = Summary::default();
        let mut pending = BTreeMap::new();
        let mut written = 0;
        for (seq, lines, bytes, failed, flush) in done_rx {
            pending.insert(seq, (lines, bytes, failed, flush));
            while let Some((lines, bytes, failed, flush)) = pending.remove(&written) {
                summary.lines += lines;
                summary.failed += failed;
                out.write_all(&bytes)?;
                if flush {
                    out.flush()?;
                }
                written += 1;
            }
        }
        reader.join().map_err(|_| io::Error::other("the input thread failed"))??;
        Ok(summary)
    })
}

/// Appends the answer to one raw input line (number `n`), and a newline, to
/// `out`; false when the answer is an error.
fn answer_into(out: &mut Vec<u8>, raw: Result<&[u8], &str>, n: usize, options: &Options) -> bool {
    let start = out.len();
    let error = match raw.map_err(str::to_string).and_then(parse) {
        Ok(message) => match serde_json::to_writer(&mut *out, &classify(&message, options)) {
            Ok(()) => None,
            Err(e) => {
                out.truncate(start);
                Some(format!("cannot write the report: {e}"))
            }
        },
        Err(error) => Some(error),
    };
    if let Some(error) = &error {
        let json = serde_json::json!({"line": n, "error": error});
        out.extend_from_slice(json.to_string().as_bytes());
    }
    out.push(b'\n');
    error.is_none()
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
    // From one backslash to the next (memchr's word-at-a-time search); a
    // skipped escape may end past the last byte.
    while let Some(at) = bytes.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        i += at;
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

/// The message on one raw input line, or why there is none.
fn parse(raw: &[u8]) -> Result<Message, String> {
    let line = std::str::from_utf8(raw).map_err(|e| format!("not valid UTF-8: {e}"))?;
    let line = line
        .strip_prefix('\u{feff}')
        .unwrap_or(line)
        .trim_end_matches(['\n', '\r']);
    if line.trim().is_empty() {
        return Err("blank line: expected a JSON message object".into());
    }
    let line = without_lone_surrogates(line);
    serde_json::from_str(&line).map_err(|e| match e.classify() {
        Category::Syntax | Category::Eof => format!("not valid JSON: {e}"),
        Category::Data | Category::Io => format!("not a valid message: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn run_on(input: &[u8]) -> (Summary, Vec<Value>) {
        let (summary, out) = run_raw(input, 1);
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

    fn run_raw(input: &[u8], jobs: usize) -> (Summary, Vec<u8>) {
        let mut out = Vec::new();
        let summary = run(BufReader::new(input), &mut out, &Options::default(), jobs).unwrap();
        (summary, out)
    }

    #[test]
    fn empty_input_is_no_lines() {
        assert_eq!(run_on(b"").0, Summary::default());
        assert_eq!(run_raw(b"", 4), (Summary::default(), Vec::new()));
    }

    /// Several threads answer every line, byte for byte as one thread does,
    /// in input order, with the right line numbers in errors, whether the
    /// input arrives in one buffer or a few bytes at a time.
    #[test]
    fn threads_keep_order_and_bytes() {
        let texts = [
            r#"{"id":1,"text":"您的借款已逾期3天，请及时还款。","sender":"95384"}"#,
            "not json",
            r#"{"text":"Your account is 30 days past due, call 800-555-0100","channel":"sms"}"#,
            "",
            r#"{"text":"【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款"}"#,
        ];
        let n = BATCH_LINES * 3 + 7;
        let mut input = String::new();
        for i in 0..n {
            input.push_str(texts[i % texts.len()]);
            input.push('\n');
        }
        let (one, expected) = run_raw(input.as_bytes(), 1);
        let failed = (0..n).filter(|i| i % 5 == 1 || i % 5 == 3).count();
        assert_eq!(one, Summary { lines: n, failed });
        for jobs in [2, 3, 8] {
            assert_eq!(run_raw(input.as_bytes(), jobs), (Summary { ..one }, expected.clone()), "jobs {jobs}");
        }
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(97).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        let summary = run(BufReader::new(Trickle(input.as_bytes())), &mut out, &Options::default(), 3).unwrap();
        assert_eq!((summary, out), (one, expected));
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
        // A line that ends in a backslash (not JSON, but read first) stays as it is.
        assert_eq!(without_lone_surrogates("\"a\\"), "\"a\\");
        assert_eq!(without_lone_surrogates("\\"), "\\");
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
}
