#!/usr/bin/env bash
# `make fuzz`: a bounded fuzz run over the public API (CI runs it after the
# tests). With a nightly Rust toolchain installed, each cargo-fuzz target of
# fuzz/ runs for FUZZ_SECONDS (cargo-fuzz is installed from crates.io when
# missing; no toolchain is downloaded); without one, the same properties run
# under proptest (tests/properties.rs) with FUZZ_CASES cases each. A failure
# stops the run: cargo-fuzz leaves the input in fuzz/artifacts/<target>/,
# proptest prints the smallest one; either becomes a test in
# tests/properties.rs `regressions`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
cases=${FUZZ_CASES:-20000}
target_dir=${CARGO_TARGET_DIR:-target}

if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
  fi
  for target in $(cargo +nightly fuzz list); do
    printf '\n=== fuzz: %s for %ss\n' "$target" "$seconds"
    cargo +nightly fuzz run --target-dir "$target_dir/fuzz" "$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048
  done
else
  printf 'fuzz: no nightly toolchain; the properties of tests/properties.rs with %s cases each\n' "$cases"
  PROPTEST_CASES=$cases cargo test --test properties
fi
printf '\nfuzz: no failure\n'
