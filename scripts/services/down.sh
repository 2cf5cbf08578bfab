#!/usr/bin/env bash
# Stops exactly the service processes services:up started (by recorded pid) and removes their
# entries from .stack/env.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENV_FILE="${TRIBUTARY_STACK_ENV:-$ROOT/.stack/env}"
RUN_DIR="${TRIBUTARY_SERVICES_DIR:-$ROOT/.services}"
shopt -s nullglob
pids=()
for file in "$RUN_DIR"/pids/*.pid; do
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null && grep -q "services/.*/dist/main.js" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
  fi
  rm -f "$file"
done
for _ in $(seq 1 50); do
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  ((alive)) || break
  sleep 0.2
done
for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
if [[ -f "$ENV_FILE" ]]; then
  grep -v '^\(GATEWAY_URL\|ADMIN_TOKEN\|[A-Z]*_SERVICE_URL\)=' "$ENV_FILE" >"$ENV_FILE.tmp" || true
  mv "$ENV_FILE.tmp" "$ENV_FILE"
fi
echo "services: stopped ${#pids[@]} process(es)"
