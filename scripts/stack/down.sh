#!/usr/bin/env bash
# Stops the servers scripts/stack/up.sh started: each recorded pid is killed only if its command line still
# carries this run folder's marker (SIGTERM, then SIGKILL after TRIBUTARY_STACK_STOP_TIMEOUT seconds).
# Removes the pid files and the env file; keeps logs/ and data/. Exits 0 when nothing is running.
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

if [[ ! -d "$STACK_DIR" ]]; then
  echo "stack: nothing to stop (no run folder at $STACK_DIR)"
  exit 0
fi

stop_all
rm -f "$ENV_FILE"

left=()
for svc in "${SERVICES[@]}"; do
  while read -r pid; do [[ -n "$pid" ]] && left+=("$svc:$pid"); done < <(marked_pids "$svc")
done
if ((${#left[@]})); then
  echo "stack: still running after stop: ${left[*]}" >&2
  exit 1
fi
echo "stack: down (logs kept in $LOG_DIR)"
