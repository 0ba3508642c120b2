#!/usr/bin/env bash
# `npm run bench`: runs every benchmark under bench/ one after another; each prints its own figures
# beside a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh >/dev/null
status=0
for f in bench/*.bench.ts; do
  [ -e "$f" ] || continue
  printf '\n=== %s ===\n' "$f"
  node -r @swc-node/register "$f" || status=1
done
exit $status
