#!/usr/bin/env bash
# `make test` after the build: every test suite runs, even when an earlier one
# failed, and the summary at the end names the ones that failed (exit 1).
#   1. Rust: unit, integration and bench-smoke tests (cargo test --all-targets), doctests
#   2. the WebAssembly module in Node, and the CLI binary (tests/node/)
#   2b. the corpus regression with the release CLI (tests/corpus/): `fit --check`,
#      and the cross-validated and leave-one-set-out figures of `eval`
#   3. browser end-to-end tests (tests/e2e/*.test.mjs), when there are any
set -uo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
failed=()
step() {
  local name=$1
  shift
  printf '\n=== test: %s\n' "$name"
  "$@" || failed+=("$name")
}

step "rust" cargo test --all-targets
step "rust doctests" cargo test --doc
if cargo build --bin overdue-guard; then
  step "node (pkg, cli)" env OVERDUE_GUARD_BIN="$target_dir/debug/overdue-guard" \
    node --test tests/node/*.test.mjs
else
  failed+=("cli build")
fi
if cargo build --release --bin overdue-guard; then
  step "corpus (fit reproduces the data; cross-validated figures)" env OVERDUE_GUARD_RELEASE_BIN="$target_dir/release/overdue-guard" \
    node --test tests/corpus/*.test.mjs
else
  failed+=("release build")
fi
shopt -s nullglob
e2e=(tests/e2e/*.test.mjs)
if [ ${#e2e[@]} -gt 0 ]; then
  step "browser end-to-end" node --test "${e2e[@]}"
else
  printf '\n=== test: no browser end-to-end tests (tests/e2e/*.test.mjs) yet\n'
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ntest: FAILED: %s\n' "$(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')"
  exit 1
fi
printf '\ntest: all passed\n'
