#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs the whole suite:
# typecheck, lint, build, unit tests (Vitest) and end-to-end tests (Playwright in Debian's Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium python3-sklearn python3-pandas python3-nbclient python3-ipykernel python3-onnx python3-pil)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "[setup] apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Electron's own binary is not needed for the tests (they use the Node host) and cannot be fetched offline.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export AUTOML_SKIP_ELECTRON_DOWNLOAD=1
npm ci --no-audit --no-fund
npm test
