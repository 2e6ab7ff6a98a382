#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already
# present at the right version. Safe to run again and again: `make serve`,
# `make test` and `make dist` all start with it.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf '[setup] %s\n' "$*"; }

# Root can apt-get directly; others need sudo.
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

export PATH="$HOME/.cargo/bin:$PATH"

# 1. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian packages: the browser and its driver for the tests, CJK fonts
#    so screenshots show Chinese, LibreOffice and poppler to open exported
#    .docx files the way a user's office suite does.
# fonts-dejavu-core and fonts-noto-cjk are the only fonts the tests render
# with (tests/fonts/fonts.conf), so pages break alike on every machine.
APT_PACKAGES=(chromium chromium-driver fonts-noto-cjk fonts-dejavu-core)
if [ "${NIANBAO_SKIP_OFFICE:-}" != 1 ]; then
  APT_PACKAGES+=(libreoffice-writer-nogui poppler-utils)
fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 3. trunk, at the version that builds with this toolchain.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes about 10 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# 4. wasm-bindgen-cli, equal to the wasm-bindgen in Cargo.lock (a mismatch
#    makes a wasm the generated JS cannot load).
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "[setup] cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "^wasm-bindgen $WB_VERSION\b"; then
  say "installing wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its lock file wants a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "=$WB_VERSION" --force
fi
# Trunk.toml must name the same version, or trunk (offline) refuses to build.
if ! grep -q "wasm_bindgen = \"$WB_VERSION\"" Trunk.toml; then
  echo "[setup] Trunk.toml [tools] wasm_bindgen must be \"$WB_VERSION\" (Cargo.lock)" >&2
  exit 1
fi

# 5. npm packages: binaryen 132 (wasm-opt; Debian's 108 breaks the wasm) and
#    playwright-core for the end-to-end tests, from the committed lock file.
if ! [ -x node_modules/.bin/wasm-opt ] || ! [ -d node_modules/playwright-core ] \
   || ! cmp -s package-lock.json node_modules/.package-lock.json.copy 2>/dev/null; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.json.copy
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1)"
