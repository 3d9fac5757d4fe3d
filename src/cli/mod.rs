//! The commands of the `overdue-guard` tool and what they share: argument
//! parsing, the user's options file, and writing to stdout without panicking
//! when the reader has gone away (`overdue-guard classify | head`).

pub mod args;
pub mod check;
pub mod classify;
pub mod eval;
pub mod fit;

use overdue_guard::Options;
use std::io::{self, Write};
use std::process::ExitCode;

/// Exit status for bad usage (unknown flag, unreadable options file).
pub const USAGE_ERROR: u8 = 2;

/// Writes `text` to stdout; a closed pipe ends quietly, other errors are reported.
pub fn print_stdout(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => write_failed(&e),
    }
}

/// The exit status after stdout failed: silent for a closed pipe.
pub fn write_failed(e: &io::Error) -> ExitCode {
    if e.kind() != io::ErrorKind::BrokenPipe {
        eprintln!("overdue-guard: cannot write output: {e}");
    }
    ExitCode::FAILURE
}

/// Reports a usage problem on stderr and returns the usage exit status.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("overdue-guard: {message} (see overdue-guard --help)");
    ExitCode::from(USAGE_ERROR)
}

/// The labelled messages of `--corpora DIR` (default `../shared/corpora`)
/// and of the comma-separated JSON Lines files of `--also` (messages written
/// for the project). Lines that cannot be read are listed on stderr.
pub fn load_samples(parsed: &args::Parsed) -> Result<Vec<overdue_guard::corpus::Sample>, String> {
    use overdue_guard::corpus;
    let dir = std::path::Path::new(parsed.value("corpora").unwrap_or(eval::DEFAULT_CORPORA));
    let (mut samples, mut notes) = corpus::load_dir(dir);
    for file in file_list(parsed.value("also").unwrap_or_default()) {
        match corpus::load_jsonl(file, "written") {
            Ok((s, n)) => {
                samples.extend(s);
                notes.extend(n);
            }
            Err(e) => return Err(e),
        }
    }
    for note in &notes {
        eprintln!("overdue-guard: skipped {note}");
    }
    if samples.is_empty() {
        return Err(format!("no labelled messages in {}", dir.display()));
    }
    Ok(samples)
}

/// The files of a comma-separated list (`--also`, `--held-out`).
pub fn file_list(list: &str) -> impl Iterator<Item = &std::path::Path> {
    list.split(',').map(str::trim).filter(|f| !f.is_empty()).map(std::path::Path::new)
}

/// Reads the user's lists from a JSON file (`--options FILE`). Unknown
/// fields are ignored, so the extension's exported settings work too.
pub fn load_options(path: Option<&str>) -> Result<Options, String> {
    let Some(path) = path else {
        return Ok(Options::default());
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path} is not a valid options file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_file_errors_name_the_file() {
        let dir = std::env::temp_dir().join(format!("og-cli-options-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.json");
        std::fs::write(
            &good,
            r#"{"trusted_senders":["95384"],"sites":{"gmail":true}}"#,
        )
        .unwrap();
        let bad = dir.join("bad.json");
        std::fs::write(&bad, r#"{"trusted_senders":"95384"}"#).unwrap();

        let opts = load_options(good.to_str()).unwrap();
        assert_eq!(opts.trusted_senders, vec!["95384".to_string()]);
        let err = load_options(bad.to_str()).unwrap_err();
        assert!(
            err.contains("bad.json") && err.contains("not a valid options file"),
            "{err}"
        );
        let err = load_options(dir.join("missing.json").to_str()).unwrap_err();
        assert!(err.starts_with("cannot read"), "{err}");
        assert!(load_options(None).unwrap().blocked_domains.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
