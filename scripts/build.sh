#!/usr/bin/env bash
# Builds the unpacked extension at the repository root: the WebAssembly
# module into pkg/ (cargo → wasm-bindgen --target web → wasm-opt -Oz from the
# npm binaryen package; Debian's wasm-opt 108 produces broken modules), then
# _locales/ from scripts/gen-locales.mjs when that script exists.
# wasm-bindgen and wasm-opt run only when cargo produced a new module.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
wasm="$target_dir/wasm32-unknown-unknown/wasm/overdue_guard.wasm"
out=pkg/overdue_guard_bg.wasm

# The wasm profile's opt-levels are for the payload budget; release's are for the CLI (Cargo.toml).
# SIMD (every browser of the manifest has it): memchr searches 16 bytes at a
# time, and the module is 0.8 KB smaller gzipped.
# The panic locations the module keeps name their files: the build machine's
# crate registry is written as `crates`, so the module carries no machine path
# (Rust's own library comes compiled with its paths as /rustc/<commit>/…).
# The flags go to cargo separated by 0x1f (CARGO_ENCODED_RUSTFLAGS), so that a
# registry path with a space stays one flag; with --target they reach the
# module's crates only, not the build scripts.
flags=(-C target-feature=+simd128)
for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  [ -d "$d" ] && flags+=("--remap-path-prefix=${d%/}=crates")
done
CARGO_ENCODED_RUSTFLAGS="$(IFS=$'\x1f'; echo "${flags[*]}")" cargo build --profile wasm --target wasm32-unknown-unknown --lib

if [ ! -f "$out" ] || [ ! -f pkg/overdue_guard.js ] || [ "$wasm" -nt "$out" ]; then
  wasm-bindgen --target web --out-dir pkg "$wasm"
  # Rust's wasm32 target emits these features; wasm-opt must be told to keep them.
  # -ocimfs 300: a function of more than 300 bytes stays a function even when
  # it has one caller. Inlining every such function made `classify` one
  # 112 KB function holding the one-off start-up code, which V8 then
  # optimised whole during the first report (issue 7's cold start); with the
  # limit V8 optimises 90 KB instead of 228 KB before the first report, the
  # module is 4.6 KB smaller and a message no slower.
  # --converge: the passes again until the module stops shrinking (1.7 KB
  # gzip less, about 25 s more build time).
  # --low-memory-unused: Rust's module never uses its lowest kilobyte (the
  # stack's far end, 1 MB deep; the data and the heap start above the
  # stack), so a constant added to a pointer can become the load's offset
  # (binaryen #1919): 1.9 KB gzip less.
  node_modules/.bin/wasm-opt -Oz -ocimfs 300 --converge --low-memory-unused \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    "$out" -o "$out.opt"
  mv "$out.opt" "$out"
fi

if [ -f scripts/gen-locales.mjs ]; then
  node scripts/gen-locales.mjs
fi

raw=$(wc -c <"$out")
gz=$(gzip -9 -c "$out" | wc -c)
printf 'build: %s: %d bytes (%d KiB), gzip -9: %d bytes (%d KiB)\n' \
  "$out" "$raw" $((raw / 1024)) "$gz" $((gz / 1024))
