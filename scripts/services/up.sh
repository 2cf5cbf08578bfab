#!/usr/bin/env bash
# Builds and starts the five services as separate processes against the local stack.
# Logs and pids go to .services/; the gateway URL and an admin credential are added to .stack/env.
# Usage: npm run services:up        Stop: npm run services:down
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source scripts/bootstrap-node.sh
ENV_FILE="${TRIBUTARY_STACK_ENV:-$ROOT/.stack/env}"
RUN_DIR="${TRIBUTARY_SERVICES_DIR:-$ROOT/.services}"
[[ -f "$ENV_FILE" ]] || { echo "services: no $ENV_FILE; run 'npm run stack:up' first" >&2; exit 1; }

declare -A PORTS=([ingest-gateway]="${GATEWAY_PORT:-7070}" [profiler]="${PROFILER_PORT:-7071}" \
  [promoter]="${PROMOTER_PORT:-7072}" [quality]="${QUALITY_PORT:-7073}" [notifier]="${NOTIFIER_PORT:-7074}")
ORDER=(ingest-gateway profiler promoter quality notifier)

bash "$ROOT/scripts/services/down.sh" >/dev/null 2>&1 || true
echo "services: building"
npm run --silent build
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
ADMIN_TOKEN_FILE="$RUN_DIR/admin-token"
[[ -s "$ADMIN_TOKEN_FILE" ]] || node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))" >"$ADMIN_TOKEN_FILE"
ADMIN_TOKEN="$(cat "$ADMIN_TOKEN_FILE")"
SIGNING_SECRET_FILE="$RUN_DIR/webhook-signing-secret"
[[ -s "$SIGNING_SECRET_FILE" ]] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64url'))" >"$SIGNING_SECRET_FILE"
WEBHOOK_SIGNING_SECRET="${WEBHOOK_SIGNING_SECRET:-$(cat "$SIGNING_SECRET_FILE")}"

set -a
# shellcheck disable=SC1090
source <(grep -v '^\(GATEWAY_URL\|ADMIN_TOKEN\|[A-Z]*_SERVICE_URL\)=' "$ENV_FILE")
set +a
export ADMIN_TOKEN WEBHOOK_SIGNING_SECRET GATEWAY_PORT="${PORTS[ingest-gateway]}" PROFILER_PORT="${PORTS[profiler]}" \
  PROMOTER_PORT="${PORTS[promoter]}" QUALITY_PORT="${PORTS[quality]}" NOTIFIER_PORT="${PORTS[notifier]}"

for svc in "${ORDER[@]}"; do
  nohup node "$ROOT/services/$svc/dist/main.js" >"$RUN_DIR/logs/$svc.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/$svc.pid"
  echo "services: started $svc (pid $!, port ${PORTS[$svc]})"
done

deadline=$((SECONDS + ${SERVICES_READY_TIMEOUT:-90}))
for svc in "${ORDER[@]}"; do
  until curl -fsS "http://127.0.0.1:${PORTS[$svc]}/health/ready" >/dev/null 2>&1; do
    if ! kill -0 "$(cat "$RUN_DIR/pids/$svc.pid")" 2>/dev/null || ((SECONDS > deadline)); then
      echo "services: $svc did not become ready; last log lines:" >&2
      tail -n 40 "$RUN_DIR/logs/$svc.log" >&2
      bash "$ROOT/scripts/services/down.sh" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  echo "services: $svc ready"
done

{
  grep -v '^\(GATEWAY_URL\|ADMIN_TOKEN\|[A-Z]*_SERVICE_URL\)=' "$ENV_FILE" || true
  echo "GATEWAY_URL=http://127.0.0.1:${PORTS[ingest-gateway]}"
  echo "ADMIN_TOKEN=$ADMIN_TOKEN"
  echo "PROFILER_SERVICE_URL=http://127.0.0.1:${PORTS[profiler]}"
  echo "PROMOTER_SERVICE_URL=http://127.0.0.1:${PORTS[promoter]}"
  echo "QUALITY_SERVICE_URL=http://127.0.0.1:${PORTS[quality]}"
  echo "NOTIFIER_SERVICE_URL=http://127.0.0.1:${PORTS[notifier]}"
} >"$ENV_FILE.tmp" && mv "$ENV_FILE.tmp" "$ENV_FILE"
echo "services: all ready; GATEWAY_URL and ADMIN_TOKEN added to $ENV_FILE"
