# overdue-guard: every target installs what it needs (scripts/setup.sh, only
# what is missing) on a fresh Debian machine, so `make demo` and `make test`
# work from a clean clone.
#
#   make build   the unpacked extension at the repository root (pkg/, _locales/)
#   make test    Rust tests, the wasm module in Node, the CLI, browser end-to-end tests
#   make demo    the extension in headless Chromium on the bundled demo pages
#   make dist    dist/overdue-guard-{chrome,firefox}.zip
#   make bench   criterion benchmarks, the CLI against grep, the wasm module's
#                cold start, speed, memory and size, the content scripts on big
#                pages: PASS/FAIL per budget
#   make eval    the classifier's figures on ../shared/corpora: training data,
#                5-fold cross-validated, leave one set out, and the real
#                messages of tests/data (heldout.jsonl, found.jsonl), never fitted
#   make fit     learn the weights, thresholds and text model into data/
#   make fuzz    a bounded fuzz run (cargo-fuzz on nightly, else proptest)
#   make setup   install everything the targets above use

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never
CLI := $(CARGO_TARGET_DIR)/release/overdue-guard
CORPORA ?= ../shared/corpora
# Messages written for the project, fitted and evaluated beside the corpora:
# the fit learns from the corpora and from messages we wrote, nothing else.
comma := ,
WRITTEN := $(subst $() ,$(comma),$(strip $(wildcard tests/data/written*.jsonl)))
export OG_CORPUS_ARGS := --corpora $(CORPORA) --also "$(WRITTEN)"
# Real messages quoted on public pages, kept out of every fit: make eval
# scores them with the shipped weights (figures only). heldout.jsonl was never
# read for rules either; found.jsonl was (rules were written from its misses).
HELD_OUT := tests/data/heldout.jsonl,tests/data/found.jsonl

.PHONY: setup setup-rust setup-node setup-browsers setup-zip build cli test demo dist bench eval fit fuzz clean

setup: setup-rust setup-node setup-browsers setup-zip

setup-rust:
	bash scripts/setup.sh rust
setup-node:
	bash scripts/setup.sh node
setup-browsers:
	bash scripts/setup.sh browsers
setup-zip:
	bash scripts/setup.sh zip

build: setup-rust setup-node
	bash scripts/build.sh

cli: setup-rust
	cargo build --release --bin overdue-guard

test: build setup-browsers setup-zip
	bash scripts/test.sh

demo: build setup-browsers
	if [ -f demo/run.mjs ]; then node demo/run.mjs --lang=en && node demo/run.mjs --lang=zh_CN; \
	else $(MAKE) --no-print-directory cli && node scripts/demo-cli.mjs $(CLI) tests/data/examples.jsonl; fi

dist: build setup-zip
	node scripts/dist.mjs

# cargo bench builds the lib twice (panic=abort from [profile.release] for the
# bin, unwind for the bench), and a cdylib+rlib lib has no hash in its file
# names, so the two overwrite each other and the link can fail. The benches
# therefore build with panic=unwind, in their own target directory so the
# release build of the CLI is left alone.
bench: build setup-browsers cli
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/bench-build CARGO_PROFILE_RELEASE_PANIC=unwind \
	  cargo bench --bench classify
	node scripts/bench-cli.mjs $(CLI) $(CORPORA)
	node scripts/bench-wasm.mjs $(CLI)
	node scripts/bench-page.mjs
	cat $(CARGO_TARGET_DIR)/bench-summary.txt

eval: cli
	$(CLI) eval $(OG_CORPUS_ARGS) --held-out $(HELD_OUT)

# Writes data/signals.toml's weights and data/model.bin; review the diff.
fit: cli
	$(CLI) fit $(OG_CORPUS_ARGS)

# FUZZ_SECONDS per cargo-fuzz target (default 30), or FUZZ_CASES per property
# without a nightly toolchain (default 20000): see scripts/fuzz.sh.
fuzz: setup-rust
	bash scripts/fuzz.sh

# Generated extension files only; Rust artefacts stay (`cargo clean` for those).
clean:
	rm -rf pkg _locales dist
