#!/usr/bin/env bash
# The README's run command (`npm run demo`): services, install, build, migrate, seed, then start the back
# end with the built-in PBX simulator (when AMI_HOST is unset) and the softphone.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NG_CLI_ANALYTICS=false
export NODE_ENV="${NODE_ENV:-development}"

bash scripts/services.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  bash scripts/install-deps.sh
fi
npx nx run-many -t build -p back softphone --outputStyle=static
node dist/apps/back/main.js migrate
node dist/apps/back/main.js seed

port="${PORT:-3000}"
cat <<BANNER

  Contact centre demo
  -------------------
  Open  http://localhost:${port}/          (API docs: http://localhost:${port}/api/docs)
  PBX   ${AMI_HOST:-built-in PBX simulator (set AMI_HOST to use a real Asterisk)}
  Logins (development only):
    admin       / ${ADMIN_PASSWORD:-admin}        (admin)
    supervisor  / supervisor   (supervisor)
    agent1001   / demo         (operator, extension 1001; agent1002..agent1012 likewise)

BANNER
exec node dist/apps/back/main.js
