#!/usr/bin/env bash
# Fails unless every .wasm given validates with the WebAssembly features of
# the browser floor and nothing else (README, 「浏览器」): the MVP plus
# mutable globals, sign extension, non-trapping float-to-int and bulk
# memory. Reference types, multi-value, SIMD, tail calls… are rejected.
# scripts/dist.sh runs it on dist/; tests/e2e/floor.test.mjs shows that it
# rejects what it must. assets/start.js tests the same features in the
# browser; scripts/dist.sh compiles for exactly these.
set -euo pipefail
FEATURES=mvp,mutable-global,sign-extension,saturating-float-to-int,bulk-memory
if [ $# -eq 0 ]; then
  echo "usage: $0 FILE.wasm..." >&2
  exit 2
fi
for w in "$@"; do
  wasm-tools validate --features "$FEATURES" "$w"
  echo "[wasm-floor] $w: only the floor's WebAssembly features ($FEATURES)"
done
