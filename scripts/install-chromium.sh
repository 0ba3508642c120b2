#!/usr/bin/env bash
# The browser end-to-end tests (apps/softphone-e2e) drive Debian's Chromium through playwright-core,
# which never downloads a browser of its own. Installs it when /usr/bin/chromium is missing.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
log() { printf '[chromium] %s\n' "$*"; }

if [ -x "$CHROMIUM" ]; then
  log "$("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") already installed"
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    printf '[chromium] ERROR: need root (or sudo) to run: %s\n' "$*" >&2
    exit 1
  fi
}

log "installing Debian's chromium package"
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
[ -x "$CHROMIUM" ] || { printf '[chromium] ERROR: %s still missing after install\n' "$CHROMIUM" >&2; exit 1; }
log "$("$CHROMIUM" --version) installed"
