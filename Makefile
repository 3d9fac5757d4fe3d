# overdue-guard: every target installs what it needs (scripts/setup.sh, only
# what is missing) on a fresh Debian machine, so `make demo` and `make test`
# work from a clean clone.
#
#   make build   the unpacked extension at the repository root (pkg/, _locales/)
#   make test    Rust tests, the wasm module in Node, the CLI, browser end-to-end tests
#   make demo    the extension in headless Chromium on the bundled demo pages
#   make dist    dist/overdue-guard-{chrome,firefox}.zip
#   make bench   criterion benchmarks, the CLI against grep, the wasm module's
#                cold start, speed, memory and size: PASS/FAIL per budget
#   make eval    the classifier's figures on ../shared/corpora
#   make setup   install everything the targets above use

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build

export CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TERM_COLOR ?= never
CLI := $(CARGO_TARGET_DIR)/release/overdue-guard
CORPORA ?= ../shared/corpora

.PHONY: setup setup-rust setup-node setup-browsers setup-zip build cli test demo dist bench eval clean

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

test: build setup-browsers
	bash scripts/test.sh

demo: build setup-browsers
	if [ -f demo/run.mjs ]; then node demo/run.mjs; \
	else $(MAKE) --no-print-directory cli && node scripts/demo-cli.mjs $(CLI) tests/data/examples.jsonl; fi

dist: build setup-zip
	node scripts/dist.mjs

# cargo bench builds the lib twice (panic=abort from [profile.release] for the
# bin, unwind for the bench), and a cdylib+rlib lib has no hash in its file
# names, so the two overwrite each other and the link can fail. The benches
# therefore build with panic=unwind, in their own target directory so the
# release build of the CLI is left alone.
bench: build cli
	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR)/bench-build CARGO_PROFILE_RELEASE_PANIC=unwind \
	  cargo bench --bench classify
	node scripts/bench-cli.mjs $(CLI) $(CORPORA)
	node scripts/bench-wasm.mjs $(CLI)
	cat $(CARGO_TARGET_DIR)/bench-summary.txt

eval: cli
	$(CLI) eval --corpora $(CORPORA)

# Generated extension files only; Rust artefacts stay (`cargo clean` for those).
clean:
	rm -rf pkg _locales dist
