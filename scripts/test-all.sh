#!/usr/bin/env bash
# The README's test command (`npm test`): every test of the workspace — unit, integration against the
# real PostgreSQL/Redis/RabbitMQ on localhost and the PBX simulator, and the browser end-to-end tests —
# then one line `tests: N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false NX_SKIP_NX_CACHE=true
export CC_TEST_RESULTS_DIR="$PWD/tmp/test-results"
rm -rf "$CC_TEST_RESULTS_DIR"
mkdir -p "$CC_TEST_RESULTS_DIR"

bash scripts/services.sh || exit 1

npx nx run-many -t test --outputStyle=stream
unit=$?
npx nx run-many -t integration --parallel=1 --outputStyle=stream
integration=$?

node -e '
  const fs = require("node:fs"), path = require("node:path");
  const dir = process.env.CC_TEST_RESULTS_DIR;
  let passed = 0, failed = 0, skipped = 0;
  for (const f of fs.readdirSync(dir)) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    passed += r.passed; failed += r.failed; skipped += r.skipped;
    console.log(`  [${r.name}] passed=${r.passed} failed=${r.failed}`);
  }
  if (process.argv[1] !== "0" && failed === 0) failed = 1; // a runner crashed before reporting
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$((unit + integration))"
[ "$unit" -eq 0 ] && [ "$integration" -eq 0 ]
