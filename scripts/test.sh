#!/usr/bin/env bash
# Runs every test layer and check; fails if any fails or runs no test.
# Called by `make test` (after setup), which is what .ci/run calls.
set -uo pipefail
cd "$(dirname "$0")/.."
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

failed=()
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# run NAME CMD...: runs a step, shows its output, remembers a failure.
run() {
  local name=$1; shift
  printf '\n=== %s: %s\n' "$name" "$*"
  if "$@" 2>&1 | tee "$log_dir/$name.log"; then
    return 0
  fi
  failed+=("$name")
  return 1
}

# count_rust_tests NAME: sums "N passed" of cargo's "test result" lines.
count_rust_tests() {
  grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log_dir/$1.log" \
    | awk '{s += $4} END {print s + 0}'
}

require_tests() {
  local name=$1 n=$2
  if [ "$n" -eq 0 ]; then
    echo "!!! $name ran no test"
    failed+=("$name (no tests)")
  else
    echo "--- $name: $n tests passed"
  fi
}

run fmt cargo fmt --check
run clippy-native cargo clippy --all-targets --locked -- -D warnings
run clippy-wasm cargo clippy --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

# Layer 1: domain logic, natively.
if run native cargo test --locked --no-fail-fast; then
  require_tests native "$(count_rust_tests native)"
fi

# Layer 2: components in headless Chromium (wasm-bindgen-test-runner).
if run wasm cargo test --locked --target wasm32-unknown-unknown --test web; then
  require_tests wasm "$(count_rust_tests wasm)"
fi

# count_node_tests NAME: the "pass N" of node's test runner (0 if none).
count_node_tests() {
  local n
  n=$(grep -Eo '^(ℹ|#) pass [0-9]+' "$log_dir/$1.log" | awk '{print $3}' | tail -1)
  echo "${n:-0}"
}

# Layer 3: end to end, against the release build in dist/ (built for the
# browser floor, its .wasm checked against the floor's features): the
# suite in Debian's Chromium, then the core path on every engine of the
# floor (tests/e2e/engines/: Chromium, Chromium 86, Firefox ESR, WebKit).
if run dist scripts/dist.sh; then
  if run e2e node --test --test-concurrency=1 tests/e2e/*.test.mjs; then
    require_tests e2e "$(count_node_tests e2e)"
  fi
  if run engines node --test --test-concurrency=1 tests/e2e/engines/; then
    require_tests engines "$(count_node_tests engines)"
  fi
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "All checks and test layers passed."
