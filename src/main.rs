//! `overdue-guard`: the classifier on the command line.
//!
//! Three jobs, one per command:
//! - `classify` turns JSON Lines of messages into JSON Lines of reports, for
//!   scripts and other tools (one output line per input line, in order);
//! - `check` explains one message to a person at a terminal;
//! - `eval` measures the classifier against the labelled corpora.
//!
//! Arguments are parsed with the standard library only (see [`cli::args`]).
//! Exit status: 0 success, 1 some input could not be handled, 2 bad usage.

mod cli;

/// mimalloc: a message's report is many small allocations (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

const USAGE: &str = "\
overdue-guard: tells genuine overdue-payment and debt-collection messages from scams

Usage:
  overdue-guard classify [--options FILE] [--jobs N]
      Reads JSON Lines of messages ({\"text\", \"sender\"?, \"channel\"?, \"links\"?, \"id\"?})
      on stdin and writes one JSON report per line on stdout, in order. A line that
      is not a valid message gets {\"line\": N, \"error\": \"...\"} instead; the exit
      status is 1 when any line failed. --jobs: threads (default: every core).
  overdue-guard check TEXT [--sender S] [--channel sms|email] [--lang zh|en] [--options FILE]
      Prints a readable report for one message (TEXT \"-\" reads it from stdin).
  overdue-guard eval [--corpora DIR] [--also FILES] [--held-out FILES] [--json] [--no-cv] [--misses] [--scam-misses]
      Scores the classifier on the labelled corpora in DIR (default ../shared/corpora)
      and the comma-separated JSON Lines FILES: the shipped weights per set (training
      data), then 5-fold cross-validated and leave-one-set-out figures. --misses also
      lists the leave-one-set-out false alarms (benign flagged, wrong overdue answers),
      --scam-misses the scams called benign when their whole set was left out.
      --held-out: labelled messages that are never fitted, scored with the shipped
      weights and model (figures only, their misses are not listed).
  overdue-guard fit [--corpora DIR] [--also FILES] [--data DIR] [--check]
      Learns the weights, thresholds and text model from the same corpora and writes
      them into DIR/signals.toml and DIR/model.bin (default data/); --check writes
      nothing and fails when they differ from what the corpora give.
  overdue-guard --help | --version

--options FILE: a JSON object with any of trusted_senders, blocked_senders,
trusted_domains, blocked_domains (lists of strings).
Language: --lang, else LC_ALL / LC_MESSAGES / LANG (zh* gives Chinese, else English).
Colour only on a terminal, and never when NO_COLOR is set.
";

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(a) => args.push(a),
            Err(a) => {
                eprintln!(
                    "overdue-guard: argument is not valid UTF-8: {}",
                    a.to_string_lossy()
                );
                return ExitCode::from(2);
            }
        }
    }
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return cli::print_stdout(USAGE);
    }
    match command.as_str() {
        "classify" => cli::classify::main(rest),
        "check" => cli::check::main(rest),
        "eval" => cli::eval::main(rest),
        "fit" => cli::fit::main(rest),
        "help" | "--help" | "-h" => cli::print_stdout(USAGE),
        "version" | "--version" | "-V" => {
            cli::print_stdout(&format!("overdue-guard {}\n", env!("CARGO_PKG_VERSION")))
        }
        other => {
            eprintln!("overdue-guard: unknown command {other:?}\n");
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
