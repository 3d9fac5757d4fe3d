//! `overdue-guard fit`: learns every signal's weight, the overdue weights,
//! the thresholds and the text model from the labelled corpora
//! ([`overdue_guard::fit`]) and writes them into `data/signals.toml` and
//! `data/model.bin`, so a change is a diff to review. `--check` writes
//! nothing and fails when the committed data differ from what the corpora
//! give (the test that `make fit` reproduces them).

use super::{args, load_samples, print_stdout, usage_error};
use overdue_guard::fit::{fit, observe, rewrite_signals_toml};
use overdue_guard::rules::{FitSettings, Rules};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command with its arguments (after `fit`).
pub fn main(raw: &[String]) -> ExitCode {
    let parsed = match args::parse(raw, &["corpora", "also", "data"], &["check"]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    if let Some(extra) = parsed.positional.first() {
        return usage_error(&format!("fit takes no argument {extra:?}"));
    }
    let samples = match load_samples(&parsed) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("overdue-guard fit: {e}");
            return ExitCode::FAILURE;
        }
    };
    let data = Path::new(parsed.value("data").unwrap_or("data"));
    let (toml_path, model_path) = (data.join("signals.toml"), data.join("model.bin"));
    let old_toml = match std::fs::read_to_string(&toml_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("overdue-guard fit: cannot read {}: {e}", toml_path.display());
            return ExitCode::FAILURE;
        }
    };
    let old_model = std::fs::read(&model_path).unwrap_or_default();

    let mut catalog = Rules::get().catalog.clone();
    catalog.fit = match FitSettings::committed() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("overdue-guard fit: {e}");
            return ExitCode::FAILURE;
        }
    };
    let catalog = &catalog;
    let obs = observe(&samples);
    let all: Vec<usize> = (0..samples.len()).collect();
    let fitted = fit(catalog, &samples, &obs, &all);
    let new_toml = rewrite_signals_toml(&old_toml, catalog, &fitted.weights);
    let new_model = fitted.model.to_bytes();

    let mut report = String::new();
    let changed: Vec<&str> = old_toml.lines().zip(new_toml.lines()).filter(|(a, b)| a != b).map(|(a, _)| a).collect();
    let _ = writeln!(report, "fit on {} messages: {} weight lines changed; model {} bytes ({})", samples.len(), changed.len(), new_model.len(), if new_model == old_model { "unchanged" } else { "changed" });
    if parsed.switch("check") {
        if changed.is_empty() && new_toml == old_toml && new_model == old_model {
            let _ = writeln!(report, "the committed weights and model are what the corpora give");
            return print_stdout(&report);
        }
        for line in changed.iter().take(20) {
            let _ = writeln!(report, "  differs: {line}");
        }
        let _ = writeln!(report, "the committed data are not what `make fit` gives: run it and commit the result");
        let _ = print_stdout(&report);
        return ExitCode::FAILURE;
    }
    for (path, bytes) in [(&toml_path, new_toml.as_bytes()), (&model_path, new_model.as_slice())] {
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("overdue-guard fit: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let _ = writeln!(report, "wrote {} and {}", toml_path.display(), model_path.display());
    print_stdout(&report)
}
