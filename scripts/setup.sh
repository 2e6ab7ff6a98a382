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

# 1. The wasm target, and std's source: the release build rebuilds std for
#    the browser floor (scripts/dist.sh).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "adding the rust-src component"
  rustup component add rust-src
fi

# 2. Debian packages: the browser and its driver for the tests, CJK fonts
#    so screenshots show Chinese, LibreOffice and poppler to open exported
#    .docx files the way a user's office suite does (Calc: the batch view's
#    .xlsx files read back as CSV), qpdf to lock a PDF with a password as
#    Acrobat does (the importer's tests). fonts-dejavu-core and
#    fonts-noto-cjk are the only fonts the tests render with
#    (tests/fonts/fonts.conf), so pages break alike on every machine.
#    The other engines of the floor for the engine tests: Firefox ESR, and
#    WebKitGTK's MiniBrowser with its WebDriver in an X server of its own.
APT_PACKAGES=(chromium chromium-driver fonts-noto-cjk fonts-dejavu-core firefox-esr webkit2gtk-driver xvfb xauth)
if [ "${NIANBAO_SKIP_OFFICE:-}" != 1 ]; then
  APT_PACKAGES+=(libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils qpdf)
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

# 5. std's crates, fetched once so that the offline release build can
#    rebuild std (scripts/dist.sh). Nothing to do when they are there.
RUSTC_BOOTSTRAP=1 cargo fetch --locked -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown

# 6. geckodriver (Firefox's WebDriver) and wasm-tools (checks that the
#    .wasm uses only the floor's features), at versions that build with
#    this toolchain. A few minutes each, once.
GECKODRIVER_VERSION=0.37.1
WASM_TOOLS_VERSION=1.263.0
# (Versions read whole: these programs panic when a pipe closes early.)
if ! grep -q "^geckodriver $GECKODRIVER_VERSION\b" <<<"$(geckodriver --version 2>/dev/null || true)"; then
  say "installing geckodriver $GECKODRIVER_VERSION"
  cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
fi
if ! grep -q "^wasm-tools $WASM_TOOLS_VERSION\b" <<<"$(wasm-tools --version 2>/dev/null || true)"; then
  say "installing wasm-tools $WASM_TOOLS_VERSION (validate only)"
  cargo install --locked wasm-tools --version "$WASM_TOOLS_VERSION" --no-default-features --features validate
fi

# 7. npm packages from the committed lock file: binaryen 132 (wasm-opt;
#    Debian's 108 breaks the wasm), playwright-core for the end-to-end
#    tests, axe-core for their accessibility audits, and chrome-aws-lambda,
#    which carries Chromium 86 (unpacked by scripts/chromium86.mjs).
if ! [ -x node_modules/.bin/wasm-opt ] || ! [ -d node_modules/playwright-core ] \
   || ! cmp -s package-lock.json node_modules/.package-lock.json.copy 2>/dev/null; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.package-lock.json.copy
fi
node scripts/chromium86.mjs >/dev/null

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(wasm-tools --version | cut -d' ' -f1-2), $(geckodriver --version 2>/dev/null | sed -n 1p)"
say "browsers: $(chromium --version 2>/dev/null | head -1), Chromium 86 in node_modules/.chromium86, $(firefox-esr --version 2>/dev/null), WebKitGTK $(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null)"
