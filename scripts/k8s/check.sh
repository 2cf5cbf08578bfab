#!/usr/bin/env bash
# Checks the Helm chart k8s/tributary, each rendering on its own:
#   helm lint --strict, helm template, kubernetes-validate --strict (the Kubernetes version below),
#   checkov (no failed check; skips only as checkov.io/skip annotations in the templates).
# Renderings: the defaults, the defaults with every optional resource on, and each k8s/examples file.
# The ServiceMonitor (a CRD) has no schema in kubernetes-validate: its "couldn't find schema"
# warning is the one warning allowed (any other unknown kind fails); its fields are asserted by
# k8s/tests/chart.deploy-spec.ts. Tools come from scripts/k8s/tools.sh.
# Usage: bash scripts/k8s/check.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

KUBE_VERSION="${KUBE_VERSION:-1.37.0}"
CHART=k8s/tributary
RELEASE=tributary
NAMESPACE=tributary
ALLOWED_UNKNOWN_KIND="Couldn't find schema for kind ServiceMonitor with api version monitoring.coreos.com/v1"

while IFS='=' read -r key value; do
  case "$key" in HELM | KUBERNETES_VALIDATE | CHECKOV) printf -v "$key" '%s' "$value" ;; esac
done < <(bash scripts/k8s/tools.sh)

OUT="$(mktemp -d "${TMPDIR:-/tmp}/tributary-k8s-check.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

declare -A ARGS=(
  [default]=""
  [all-optional]="--set serviceMonitor.enabled=true --set networkPolicy.enabled=true --set ingress.enabled=true"
  [example-aws]="-f k8s/examples/values-aws.yaml"
  [example-local]="-f k8s/examples/values-local.yaml"
)
ORDER=(default all-optional example-aws example-local)

failures=0 resources=0 passed=0 failed=0 skipped=0
fail() {
  printf 'FAIL %s\n' "$*" >&2
  failures=$((failures + 1))
}

for name in "${ORDER[@]}"; do
  read -r -a args <<<"${ARGS[$name]}"
  printf '\n=== %s: %s\n' "$name" "${ARGS[$name]:-(default values)}"
  manifest="$OUT/$name.yaml"

  if "$HELM" lint --strict --kube-version "$KUBE_VERSION" "$CHART" "${args[@]}" >"$OUT/lint.log" 2>&1; then
    echo "helm lint --strict: ok"
  else
    cat "$OUT/lint.log" >&2
    fail "$name: helm lint --strict"
  fi

  if ! "$HELM" template "$RELEASE" "$CHART" --namespace "$NAMESPACE" --kube-version "$KUBE_VERSION" \
    "${args[@]}" >"$manifest" 2>"$OUT/template.log"; then
    cat "$OUT/template.log" >&2
    fail "$name: helm template"
    continue
  fi
  echo "helm template: $(grep -c '^kind:' "$manifest") resources"

  validate_status=0
  "$KUBERNETES_VALIDATE" --strict --kubernetes-version "$KUBE_VERSION" "$manifest" >"$OUT/validate.log" 2>&1 ||
    validate_status=$?
  unexpected="$(grep -v '^INFO ' "$OUT/validate.log" | grep -vF "$ALLOWED_UNKNOWN_KIND" || true)"
  ok_count="$(grep -c '^INFO .* passed for resource' "$OUT/validate.log" || true)"
  if ((validate_status == 0)) && [[ -z "$unexpected" ]]; then
    resources=$((resources + ok_count))
    note=""
    grep -qF "$ALLOWED_UNKNOWN_KIND" "$OUT/validate.log" && note=" (ServiceMonitor: CRD, not in the bundled schemas)"
    echo "kubernetes-validate --strict -k $KUBE_VERSION: $ok_count resources valid$note"
  else
    printf '%s\n' "$unexpected" >&2
    fail "$name: kubernetes-validate (exit $validate_status)"
  fi

  checkov_status=0
  "$CHECKOV" --framework kubernetes --quiet --compact --skip-download -f "$manifest" \
    >"$OUT/checkov.log" 2>&1 || checkov_status=$?
  counts="$(grep -o 'Passed checks: [0-9]*, Failed checks: [0-9]*, Skipped checks: [0-9]*' "$OUT/checkov.log" || true)"
  if [[ -z "$counts" ]]; then
    cat "$OUT/checkov.log" >&2
    fail "$name: checkov printed no summary (exit $checkov_status)"
    continue
  fi
  read -r p f s < <(sed 's/[^0-9]\+/ /g' <<<"$counts")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  if ((checkov_status == 0 && f == 0)); then
    echo "checkov: $counts"
  else
    cat "$OUT/checkov.log" >&2
    fail "$name: checkov ($counts)"
  fi
done

verdict=OK
((failures == 0)) || verdict="FAILED ($failures)"
printf '\nk8s check: %d renderings, %d resources valid for Kubernetes %s; checkov %d passed, %d failed, %d skipped (annotated); %s\n' \
  "${#ORDER[@]}" "$resources" "$KUBE_VERSION" "$passed" "$failed" "$skipped" "$verdict"
((failures == 0))
