#!/usr/bin/env bash
# Installs what scripts/k8s/check.sh and the deploy tests need, once per version, under
# ${TRIBUTARY_TOOLS_DIR:-$HOME/.cache/tributary/tools}:
#   helm-<version>/bin/helm   built from its Go module (go install)
#   k8s-validate-venv/        a Python venv with kubernetes-validate and checkov (never a global pip install)
# A folder counts only once its .complete marker exists (the venv's marker records the pins, so new
# pins rebuild it). Progress goes to stderr; stdout gets HELM=, KUBERNETES_VALIDATE= and CHECKOV= lines.
# Usage: bash scripts/k8s/tools.sh
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-4.2.4}"
KUBERNETES_VALIDATE_VERSION="${KUBERNETES_VALIDATE_VERSION:-1.37.0}"
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
TOOLS_DIR="${TRIBUTARY_TOOLS_DIR:-$HOME/.cache/tributary/tools}"
HELM_DIR="$TOOLS_DIR/helm-$HELM_VERSION"
VENV_DIR="$TOOLS_DIR/k8s-validate-venv"
VENV_PINS="kubernetes-validate==$KUBERNETES_VALIDATE_VERSION checkov==$CHECKOV_VERSION"

log() { printf 'k8s-tools: %s\n' "$*" >&2; }
mkdir -p "$TOOLS_DIR"

# with_lock NAME FUNCTION: runs FUNCTION under $TOOLS_DIR/NAME.lock (two runs at once install once).
with_lock() {
  local lock
  exec {lock}>"$TOOLS_DIR/$1.lock"
  flock "$lock"
  local status=0
  "$2" || status=$?
  flock -u "$lock"
  exec {lock}>&-
  return "$status"
}

# A `go install`ed helm prints only major.minor (`v4.2`: no ldflags), so the module version the
# binary was built from is read from its build info instead.
helm_is_wanted_version() {
  [[ -x "$1" ]] && go version -m "$1" 2>/dev/null |
    awk -v v="v$HELM_VERSION" '$1 == "mod" && $2 == "helm.sh/helm/v4" && $3 == v { found = 1 } END { exit !found }'
}

install_helm() {
  [[ -f "$HELM_DIR/.complete" ]] && return 0
  rm -rf "$HELM_DIR"
  mkdir -p "$HELM_DIR/bin"
  local cached="${GOBIN:-$(go env GOPATH 2>/dev/null)/bin}/helm"
  if [[ "${TRIBUTARY_HELM_REBUILD:-0}" != 1 ]] && helm_is_wanted_version "$cached"; then
    log "reusing $cached (built from helm.sh/helm/v4 v$HELM_VERSION)"
    cp "$cached" "$HELM_DIR/bin/helm"
  else
    command -v go >/dev/null || { log "go is needed to build helm"; return 1; }
    log "building helm v$HELM_VERSION (go install) into $HELM_DIR/bin"
    local started=$SECONDS
    GOFLAGS=-mod=mod GOBIN="$HELM_DIR/bin" go install "helm.sh/helm/v4/cmd/helm@v$HELM_VERSION" ||
      { rm -rf "$HELM_DIR"; return 1; }
    log "helm built in $((SECONDS - started))s"
  fi
  helm_is_wanted_version "$HELM_DIR/bin/helm" || { log "$HELM_DIR/bin/helm is not v$HELM_VERSION"; rm -rf "$HELM_DIR"; return 1; }
  touch "$HELM_DIR/.complete"
}

install_venv() {
  [[ -f "$VENV_DIR/.complete" && "$(cat "$VENV_DIR/.complete")" == "$VENV_PINS" ]] && return 0
  rm -rf "$VENV_DIR"
  log "creating $VENV_DIR with $VENV_PINS"
  local started=$SECONDS
  # shellcheck disable=SC2086 # VENV_PINS is a list of requirement specifiers
  if ! { python3 -m venv "$VENV_DIR" &&
    "$VENV_DIR/bin/python" -m pip install --quiet --upgrade pip &&
    "$VENV_DIR/bin/python" -m pip install --quiet $VENV_PINS; }; then
    rm -rf "$VENV_DIR"
    return 1
  fi
  log "venv ready in $((SECONDS - started))s"
  printf '%s' "$VENV_PINS" >"$VENV_DIR/.complete"
}

with_lock "helm-$HELM_VERSION" install_helm
with_lock k8s-validate-venv install_venv

log "helm $HELM_VERSION: $HELM_DIR/bin/helm"
log "kubernetes-validate $KUBERNETES_VALIDATE_VERSION, checkov $CHECKOV_VERSION: $VENV_DIR/bin"
printf 'HELM=%s\nKUBERNETES_VALIDATE=%s\nCHECKOV=%s\n' \
  "$HELM_DIR/bin/helm" "$VENV_DIR/bin/kubernetes-validate" "$VENV_DIR/bin/checkov"
