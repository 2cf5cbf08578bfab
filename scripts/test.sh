#!/usr/bin/env bash
# The whole test run, as CI runs it: install, lint, type-check, then unit, integration and
# end-to-end tests. Integration and e2e start the local stack themselves (jest global setup)
# and stop it afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/bootstrap-node.sh
step() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
step "install"
# `npm install`, not `npm ci`: the registry mirror here serves no other-platform optional
# packages (e.g. @swc/core-darwin-*), so the lockfile cannot list them and `npm ci` refuses it.
npm install --no-audit --no-fund
step "format check"
npx prettier --check .
step "lint"
NX_DAEMON=false npx nx show projects >/dev/null # computes the project graph the boundary rule reads
npx eslint --max-warnings=0 .
step "type-check and build"
npx tsc -b tsconfig.build.json
npx tsc -p tsconfig.spec.json --noEmit
step "tests: unit, integration, e2e"
npx jest --ci --selectProjects unit integration e2e "$@"
