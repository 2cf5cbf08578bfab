#!/usr/bin/env bash
# `npm run bench [-- options]`: see docs/benchmarks.md and `npm run bench -- --help`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/bootstrap-node.sh
exec node bench/run.mjs "$@"
