# Shared by the scripts/docker/* scripts (sourced, not run): where the private Docker engine and its
# tools live. The engine is ours alone (own socket, data folder and pid file), so a user's Docker is
# never touched and every script stops exactly what it started.
# shellcheck shell=bash disable=SC2034

DOCKER_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$DOCKER_SCRIPT_DIR/../.." && pwd)"
TOOLS_DIR="${TRIBUTARY_TOOLS_DIR:-$HOME/.cache/tributary/tools}"
# Images and build cache persist here between runs (a cache: a fresh machine rebuilds everything).
ENGINE_DIR="${TRIBUTARY_DOCKER_DIR:-$HOME/.cache/tributary/docker}"
ENGINE_RUN="$ENGINE_DIR/run"
ENGINE_SOCKET="$ENGINE_RUN/docker.sock"
ENGINE_PID_FILE="$ENGINE_RUN/dockerd.pid"
ENGINE_LOG="$ENGINE_RUN/dockerd.log"
COMPOSE_VERSION="${COMPOSE_VERSION:-5.6.0}"
COMPOSE_BIN="$TOOLS_DIR/compose-$COMPOSE_VERSION/docker-compose"
# The CLI finds the compose plugin here (DOCKER_CONFIG); a user's ~/.docker stays untouched.
ENGINE_CONFIG="$ENGINE_DIR/config"

engine_pid() {
  local pid
  [[ -s "$ENGINE_PID_FILE" ]] || return 1
  pid="$(cat "$ENGINE_PID_FILE")"
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] || return 1
  printf '%s' "$pid"
}

# Points the docker CLI (and compose) of the calling shell at our engine.
use_engine() {
  # DOCKER_BUILDKIT=0: Debian's engine has no buildx; the classic builder, without its deprecation banner.
  export DOCKER_HOST="unix://$ENGINE_SOCKET" DOCKER_CONFIG="$ENGINE_CONFIG" DOCKER_BUILDKIT=0
}
