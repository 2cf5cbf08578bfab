#!/usr/bin/env bash
# Starts a private Docker engine (dockerd, vfs storage, no iptables) for the image and compose tests,
# installing Debian's docker.io (and debootstrap, for the local base images) when missing, and the
# compose plugin from the Go module proxy. Prints the DOCKER_HOST to use. Stop: scripts/docker/down.sh
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

as_root() { if ((EUID == 0)); then "$@"; else sudo "$@"; fi; }

if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null; then
  echo "docker: installing docker.io and debootstrap from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends docker.io debootstrap >/dev/null
fi

# docker compose: Compose v2+ is a CLI plugin; built from its Go module once per version (~1-3 min).
if [[ ! -x "$COMPOSE_BIN" ]]; then
  echo "docker: building the compose plugin $COMPOSE_VERSION from the Go module proxy"
  src="$(go mod download -json "github.com/docker/compose/v5@v$COMPOSE_VERSION" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$(dirname "$COMPOSE_BIN")"
  (cd "$src" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/docker/compose/v5/internal.Version=v$COMPOSE_VERSION" \
    -o "$COMPOSE_BIN.tmp" ./cmd)
  mv "$COMPOSE_BIN.tmp" "$COMPOSE_BIN"
fi
mkdir -p "$ENGINE_CONFIG/cli-plugins" "$ENGINE_RUN"
ln -sf "$COMPOSE_BIN" "$ENGINE_CONFIG/cli-plugins/docker-compose"
[[ -f "$ENGINE_CONFIG/config.json" ]] || echo '{}' >"$ENGINE_CONFIG/config.json"
use_engine

if pid="$(engine_pid)" && docker info >/dev/null 2>&1; then
  echo "docker: engine already running (pid $pid)"
else
  rm -f "$ENGINE_SOCKET" "$ENGINE_PID_FILE"
  # setsid: the engine outlives this script; down.sh stops it by the pid it records.
  setsid dockerd --storage-driver=vfs --iptables=false \
    --data-root "$ENGINE_DIR/data" --exec-root "$ENGINE_RUN/exec" --pidfile "$ENGINE_PID_FILE" \
    --host "unix://$ENGINE_SOCKET" >"$ENGINE_LOG" 2>&1 </dev/null &
  deadline=$((SECONDS + ${TRIBUTARY_DOCKER_TIMEOUT:-60}))
  until docker info >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "docker: the engine did not answer within ${TRIBUTARY_DOCKER_TIMEOUT:-60} s; log tail:" >&2
      tail -n 30 "$ENGINE_LOG" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "docker: engine $(docker version -f '{{.Server.Version}}') running (pid $(engine_pid))"
fi
echo "docker: compose $(docker compose version --short)"
echo "export DOCKER_HOST=unix://$ENGINE_SOCKET DOCKER_CONFIG=$ENGINE_CONFIG"
