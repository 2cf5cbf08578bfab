#!/usr/bin/env bash
# `npm start`: the whole first run on a fresh machine. Provisions Node.js 24 when the system one
# is older, installs the dependencies with it (so npm checks engines against the Node that runs
# them), builds, and starts Tributary in embedded mode. Arguments go to `tributary dev`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap-node.sh
npm install --no-audit --no-fund --prefer-offline --loglevel=error
npx tsc -b tsconfig.build.json
# The workspace's bin link, for `npx tributary` afterwards.
[ -x node_modules/.bin/tributary ] || npm rebuild --ignore-scripts @tributary/cli >/dev/null 2>&1
exec node tools/cli/dist/main.js dev "$@"
