#!/usr/bin/env bash
# Installs what a make target needs, and only what is missing, so every
# target can call it on a fresh Debian machine and again on a ready one.
#
#   scripts/setup.sh rust      wasm32 target, wasm-bindgen-cli at the version Cargo.toml pins
#   scripts/setup.sh node      node_modules from package-lock.json (npm ci when missing or stale)
#   scripts/setup.sh browsers  Debian chromium, firefox-esr and a CJK font (for the browser tests and demo)
#   scripts/setup.sh zip       Debian zip and unzip (make dist, and the test of its packages)
#
# Nothing here downloads a browser or a prebuilt toolchain: the Rust tools
# come from rustup/cargo, the browsers from Debian, the rest from npm by name.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# apt-get install for the named Debian packages (root, or sudo when available).
apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to install: $*"; exit 1; }
    sudo=(sudo)
  fi
  say "installing Debian packages: $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

setup_rust() {
  command -v cargo >/dev/null && command -v rustup >/dev/null || {
    say "cargo and rustup are required (https://rustup.rs); not installing a toolchain here"
    exit 1
  }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # The CLI must equal the wasm-bindgen crate version exactly (wasm-bindgen = "=X" or { version = "=X" }).
  local want have
  want=$(grep -m1 -E '^wasm-bindgen *=' Cargo.toml | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)
  [ -n "$want" ] || { say "cannot read the wasm-bindgen version from Cargo.toml"; exit 1; }
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none})"
    # No --locked: it fails for want of one locked dependency version in the registry.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

setup_node() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  # npm ci writes node_modules/.package-lock.json; reinstall when it is missing or older.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "npm ci"
    npm ci --no-audit --no-fund
  fi
}

setup_browsers() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # A Chinese font, so screenshots of Chinese pages and cards show text, not boxes.
  [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

setup_zip() {
  command -v zip >/dev/null || apt_install zip
  command -v unzip >/dev/null || apt_install unzip
}

[ $# -gt 0 ] || set -- rust node browsers zip
for part in "$@"; do
  case "$part" in
    rust) setup_rust ;;
    node) setup_node ;;
    browsers) setup_browsers ;;
    zip) setup_zip ;;
    *) say "unknown part: $part (rust, node, browsers, zip)"; exit 2 ;;
  esac
done
