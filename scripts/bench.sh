#!/usr/bin/env bash
# Prints speed and size figures: native domain benchmarks, then the release
# build measured in headless Chromium. Figures, not pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "=== native (cargo bench, release profile)"
cargo bench --locked --bench domain
echo
echo "=== browser (release build in headless Chromium)"
trunk build --release --locked >/dev/null 2>&1 || trunk build --release --locked
node scripts/postbuild.mjs
node bench/browser.mjs
