#!/usr/bin/env bash
# Prints speed and size figures: native domain benchmarks, then the release
# build measured in headless Chromium. Figures, not pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "=== native (cargo bench, release profile)"
cargo bench --locked --bench domain
echo
echo "=== browser (release build in headless Chromium)"
log=$(mktemp)
if ! scripts/dist.sh >"$log" 2>&1; then
  cat "$log"
  exit 1
fi
grep -E '^\[(postbuild|dist)\]' "$log"
rm -f "$log"
node bench/browser.mjs
node bench/batch.mjs
