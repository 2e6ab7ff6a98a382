#!/usr/bin/env bash
# The release build into dist/, for every browser at the floor (README,
# 「浏览器」: Chromium 86, Firefox 115, Safari 15), then the post-build step
# and the check that the .wasm uses no WebAssembly feature beyond the floor.
# `make dist`, scripts/test.sh and scripts/bench.sh build through here.
#
# Rust's wasm32 target turns on reference types and multi-value by default
# (Chromium 96+ for externref): the app is compiled for the MVP plus exactly
# the four features the floor has, and std is rebuilt the same way (its
# precompiled copy has reference types). -Zbuild-std is unstable; the stable
# toolchain allows it with RUSTC_BOOTSTRAP=1 (rust-src is installed by
# scripts/setup.sh, which also fetches std's crates: trunk builds offline).
# Its own target directory, so this build and the default one of
# `cargo clippy/test --target wasm32-unknown-unknown` never rebuild each other.
set -euo pipefail
cd "$(dirname "$0")/.."

# The floor's WebAssembly features, as rustc names them (scripts/wasm-floor.sh
# checks the result against the same list; assets/start.js tests them in
# the browser before loading anything).
RUST_FEATURES=+mutable-globals,+sign-ext,+nontrapping-fptoint,+bulk-memory

export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# Two unstable size options on top (allowed by the same RUSTC_BOOTSTRAP):
# panics abort at once, without std's message formatting, and carry no
# file/line strings. A panic already stopped the app (panic = "abort"); it
# now stops it without a console message. Measured when introduced: one
# load of the form 469,747 → 448,827 bytes gzip (−4.5%), the batch worker
# 225.4 → 210.4 KiB gzip. Debug and test builds keep their messages.
SIZE_FLAGS="-Zlocation-detail=none -Zunstable-options -Cpanic=immediate-abort"
# Leptos's own switch (`--cfg erase_components`, read by leptos_macro): each
# component's view is erased to one `AnyView` type instead of nesting every
# child's type into its parent's, so the compiler no longer emits a copy of
# the build/rebuild code per nesting. Same DOM, same reactivity; measured
# when introduced: the form's wasm 357,451 → 314,379 bytes gzip (−12%),
# load to interactive and keystroke unchanged within noise (A/B, 3 rounds).
SIZE_FLAGS="$SIZE_FLAGS --cfg erase_components"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-cpu=mvp -C target-feature=$RUST_FEATURES $SIZE_FLAGS"
export CARGO_TARGET_DIR=${NIANBAO_DIST_TARGET_DIR:-target/floor}
export TRUNK_SKIP_VERSION_CHECK=true

trunk build --release --locked
node scripts/postbuild.mjs

# Every .wasm of dist/ uses the floor's features and nothing else.
shopt -s nullglob
wasms=(dist/*.wasm)
if [ ${#wasms[@]} -eq 0 ]; then
  echo "[dist] no .wasm in dist/" >&2
  exit 1
fi
scripts/wasm-floor.sh "${wasms[@]}"
