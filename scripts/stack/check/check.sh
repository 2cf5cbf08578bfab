#!/usr/bin/env bash
# Checks that a running local stack really works (bash scripts/stack/up.sh first):
#  - curl: Apicurio ccompat register + fetch, DynamoDB CreateTable/ListTables, S3 put/get, Kafka log line;
#  - node: kafkajs 2.2.4 produce (acks=-1) / group consume, @kafkajs/confluent-schema-registry 4.1.0 against
#    Apicurio, @aws-sdk/client-dynamodb, @aws-sdk/client-s3 conditional writes and their races (with the
#    SDK's default checksum setting and with requestChecksumCalculation=WHEN_REQUIRED).
# The npm packages are installed outside the repo, under $TRIBUTARY_TOOLS_DIR/stack-check-<hash>/.
# Prints one "N passed, N failed" line at the end; exits non-zero if anything failed.
set -euo pipefail
CHECK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$CHECK_DIR/../lib.sh"

[[ -f "$ENV_FILE" ]] || { echo "check: no $ENV_FILE; start the stack with scripts/stack/up.sh" >&2; exit 1; }
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a

if [[ -f "$REPO_ROOT/scripts/bootstrap-node.sh" ]]; then
  # shellcheck disable=SC1091
  source "$REPO_ROOT/scripts/bootstrap-node.sh" # Node >= 22 (the AWS SDK warns on 20)
fi

OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT
pass() { echo "PASS $*" | tee -a "$OUT"; }
fail() { echo "FAIL $*" | tee -a "$OUT"; }
run_id="$(date +%s)"

# ---- curl checks
sr="$SCHEMA_REGISTRY_URL"
subj="curl-check-$run_id-value"
body='{"schema":"{\"type\":\"record\",\"name\":\"Ping\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}"}'
reg="$(curl -sS -m 10 -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' -d "$body" "$sr/subjects/$subj/versions" || true)"
id="$(printf '%s' "$reg" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')"
if [[ -n "$id" ]]; then pass "curl apicurio: POST /subjects/$subj/versions -> $reg"; else fail "curl apicurio: register -> $reg"; fi
got="$(curl -sS -m 10 "$sr/schemas/ids/${id:-0}" || true)"
if [[ "$got" == *Ping* ]]; then pass "curl apicurio: GET /schemas/ids/$id -> $got"; else fail "curl apicurio: GET /schemas/ids/$id -> $got"; fi
latest="$(curl -sS -m 10 "$sr/subjects/$subj/versions/latest" || true)"
if [[ "$latest" == *'"version":1'* ]]; then pass "curl apicurio: GET versions/latest -> $latest"; else fail "curl apicurio: GET versions/latest -> $latest"; fi

ddb() {
  curl -sS -m 10 -X POST "$DYNAMODB_ENDPOINT/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H "X-Amz-Target: DynamoDB_20120810.$1" --aws-sigv4 'aws:amz:us-east-1:dynamodb' \
    -u "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -d "$2"
}
tbl="curl_check_$run_id"
ct="$(ddb CreateTable "{\"TableName\":\"$tbl\",\"BillingMode\":\"PAY_PER_REQUEST\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}" || true)"
if [[ "$ct" == *'"TableStatus":"ACTIVE"'* ]]; then pass "curl dynamodb: CreateTable $tbl ACTIVE"; else fail "curl dynamodb: CreateTable -> $ct"; fi
lt="$(ddb ListTables '{}' || true)"
if [[ "$lt" == *"$tbl"* ]]; then pass "curl dynamodb: ListTables -> $lt"; else fail "curl dynamodb: ListTables -> $lt"; fi
ddb DeleteTable "{\"TableName\":\"$tbl\"}" >/dev/null || true

obj="curl-check/$run_id.txt"
payload="hello s3 $run_id"
sha="$(printf '%s' "$payload" | sha256sum | cut -d' ' -f1)"
code="$(curl -sS -m 10 -o /dev/null -w '%{http_code}' -X PUT --data-binary "$payload" -H 'Content-Type: text/plain' -H "x-amz-content-sha256: $sha" \
  --aws-sigv4 'aws:amz:us-east-1:s3' -u "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" "$S3_ENDPOINT/$S3_BUCKET/$obj" || true)"
back="$(s3_curl "$S3_ENDPOINT/$S3_BUCKET/$obj" || true)"
if [[ "$code" == 200 && "$back" == "$payload" ]]; then pass "curl s3: PUT + GET $S3_BUCKET/$obj"; else fail "curl s3: PUT $code, GET -> $back"; fi

if grep -q 'Kafka Server started' "$LOG_DIR/kafka.log"; then pass "kafka: log says 'Kafka Server started'"; else fail "kafka: no 'Kafka Server started' in $LOG_DIR/kafka.log"; fi

# ---- node checks
deps="$TOOLS_DIR/stack-check-$(sha256sum "$CHECK_DIR/package.json" | cut -c1-12)"
if [[ ! -f "$deps/.complete" ]]; then
  echo "check: installing client libraries into $deps"
  rm -rf "$deps"
  mkdir -p "$deps"
  cp "$CHECK_DIR/package.json" "$deps/"
  (cd "$deps" && npm install --silent --no-audit --no-fund --no-package-lock >/dev/null)
  touch "$deps/.complete"
fi
cp "$CHECK_DIR"/*.mjs "$deps/"
run_node() {
  local t0=$EPOCHREALTIME
  (cd "$deps" && env "$@" 2>&1) |
    grep -v -e NodeVersionSupportWarning -e TimeoutNegativeWarning -e '^Timeout duration was set' -e 'trace-warnings' -e '^$' | tee -a "$OUT" || true
  echo "INFO ${*: -1} took $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s"
}
run_node node kafka.mjs
run_node node schema-registry.mjs
run_node node dynamodb.mjs
run_node ROUNDS="${S3_RACE_ROUNDS:-20}" node s3-conditional.mjs
run_node ROUNDS="${S3_RACE_ROUNDS:-20}" WHEN_REQUIRED=1 node s3-conditional.mjs

passed="$(grep -c '^PASS' "$OUT" || true)"
failed="$(grep -c '^FAIL' "$OUT" || true)"
echo "check: $passed passed, $failed failed"
((failed == 0))
