#!/usr/bin/env bash
# The whole test run, as CI runs it: install, lint, type-check, then unit, integration and
# end-to-end tests, then the deployment tier: the Helm chart rendered and validated, and
# docker-compose.yml run on a private Docker engine. Integration and e2e start the local stack
# themselves (jest global setup) and stop it afterwards; the compose test starts and stops its engine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/bootstrap-node.sh
step() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
step "install"
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
step "deploy: Helm chart (lint, kubernetes-validate, checkov)"
bash scripts/k8s/check.sh
step "deploy: chart tests and docker compose end to end"
npx jest --ci --selectProjects deploy
