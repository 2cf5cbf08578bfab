#!/usr/bin/env bash
# Stops the private Docker engine scripts/docker/up.sh started (by its pid; containers stop with it).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

pid="$(engine_pid)" || { echo "docker: no engine of ours is running"; exit 0; }
kill -TERM "$pid"
for _ in $(seq 1 "${TRIBUTARY_DOCKER_STOP_TIMEOUT:-30}"); do
  kill -0 "$pid" 2>/dev/null || { echo "docker: engine stopped"; rm -f "$ENGINE_PID_FILE"; exit 0; }
  sleep 1
done
echo "docker: engine did not stop in time; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$ENGINE_PID_FILE"
