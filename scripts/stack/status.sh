#!/usr/bin/env bash
# Exit 0 when the stack recorded in the run folder is up and healthy, 1 otherwise.
# With --any-running: exit 0 (printing them) when any process the stack started is still alive.
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
if [[ "${1:-}" == "--any-running" ]]; then
  running=()
  for svc in "${SERVICES[@]}"; do
    while read -r pid; do [[ -n "$pid" ]] && running+=("$svc:$pid"); done < <(marked_pids "$svc")
  done
  if ((${#running[@]})); then
    echo "stack: running: ${running[*]}"
    exit 0
  fi
  exit 1
fi
stack_is_healthy
