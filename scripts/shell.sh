#!/usr/bin/env bash
# Trunk's pre-build hook (Trunk.toml): writes the static first-paint shell
# (src/shell.rs) to target/shell/shell.html, which index.html inlines. A
# native build, whatever wasm settings the caller exported (scripts/dist.sh
# rebuilds std for the wasm target only).
set -euo pipefail
cd "$(dirname "$0")/.."
unset CARGO_UNSTABLE_BUILD_STD RUSTC_BOOTSTRAP CARGO_TARGET_DIR CARGO_BUILD_TARGET RUSTFLAGS
cargo run --quiet --locked --example shell -- target/shell/shell.html
