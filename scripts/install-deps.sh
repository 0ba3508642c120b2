#!/usr/bin/env bash
# Installs node_modules exactly from package-lock.json with `npm ci`.
# Some registry mirrors lack a few platform-specific optional packages (darwin/win32 builds of
# @swc/core, rollup, sass-embedded...). npm then writes a lock without them, and `npm ci` refuses that
# lock as "out of sync" although nothing for this platform is missing. In that one case we fall back to
# `npm install --no-save`, which installs the same locked versions and leaves the lock untouched.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
if npm ci --no-audit --no-fund 2>&1 | tee "$log"; then
  rm -f "$log"
  exit 0
fi
if grep -q 'can only install packages when your package.json and package-lock.json' "$log"; then
  echo "[install] npm ci refused the lock (platform packages the registry does not serve); installing the locked versions with npm install --no-save" >&2
  rm -f "$log"
  exec npm install --no-save --no-audit --no-fund
fi
rm -f "$log"
exit 1
