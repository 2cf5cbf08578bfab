#!/usr/bin/env bash
# npm run images: builds the Tributary image (one image, five services; see deploy/README.md) and
# tags it tributary:<version> and tributary:<version>-<git revision>. Uses whatever Docker engine
# DOCKER_HOST names (the tests point it at scripts/docker/up.sh's). Prints the image's size.
#   NODE_IMAGE=<image>            base image (default: the official node:24.21.0-bookworm-slim)
#   TRIBUTARY_IMAGE=<name>        image name (default: tributary)
#   TRIBUTARY_BUILD_NETWORK=host  network of the build's RUN steps (npm ci needs the npm registry)
#   NPM_CONFIG_CAFILE=<path>      CA bundle inside the base image npm should trust (a TLS proxy's)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
name="${TRIBUTARY_IMAGE:-tributary}"
version="$(node -p 'require("./package.json").version')"
revision="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git status --porcelain 2>/dev/null)" ]] || revision="$revision-dirty"
args=(--build-arg "VERSION=$version" --build-arg "REVISION=$revision")
[[ -z "${NODE_IMAGE:-}" ]] || args+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
[[ -z "${NPM_CONFIG_CAFILE:-}" ]] || args+=(--build-arg "NPM_CONFIG_CAFILE=$NPM_CONFIG_CAFILE")
[[ -z "${TRIBUTARY_BUILD_NETWORK:-}" ]] || args+=(--network "$TRIBUTARY_BUILD_NETWORK")
started=$SECONDS
echo "images: building $name:$version ($revision)${NODE_IMAGE:+ on $NODE_IMAGE}"
docker build "${args[@]}" -t "$name:$version" -t "$name:$version-$revision" . >"${TRIBUTARY_BUILD_LOG:-/dev/stderr}"
size="$(docker image inspect -f '{{.Size}}' "$name:$version" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
echo "images: built $name:$version and $name:$version-$revision in $((SECONDS - started)) s, size $size"
