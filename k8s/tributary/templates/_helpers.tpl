{{/* Names, labels and the facts about each service that come from its code, not from values. */}}

{{- define "tributary.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tributary.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "tributary.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "tributary.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* "<fullname>-<service>"; call with (dict "root" $ "name" $name). */}}
{{- define "tributary.serviceName" -}}
{{- printf "%s-%s" (include "tributary.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tributary.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tributary.labels" -}}
helm.sh/chart: {{ include "tributary.chart" . }}
app.kubernetes.io/name: {{ include "tributary.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tributary
{{- end }}

{{/* Labels of one service's resources; call with (dict "root" $ "name" $name). */}}
{{- define "tributary.serviceLabels" -}}
{{ include "tributary.labels" .root }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tributary.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{- define "tributary.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tributary.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "tributary.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "tributary.secretName" -}}
{{- default (printf "%s-secrets" (include "tributary.fullname" .)) .Values.secrets.existingSecret }}
{{- end }}

{{/*
What each service's code fixes: the variable naming its port, its writable work folder (an emptyDir
at the image's path)
and which secrets it reads. ADMIN_TOKEN guards the gateway's /v1/admin and the quality and notifier
admin APIs; profiler and promoter never see it.
*/}}
{{- define "tributary.serviceFacts" -}}
ingest-gateway:
  portEnv: GATEWAY_PORT
  secretEnv: [ADMIN_TOKEN]
profiler:
  portEnv: PROFILER_PORT
  secretEnv: []
promoter:
  portEnv: PROMOTER_PORT
  workDirEnv: PROMOTER_WORK_DIR
  workDirPath: /var/lib/tributary/promoter
  secretEnv: []
quality:
  portEnv: QUALITY_PORT
  workDirEnv: QUALITY_WORK_DIR
  workDirPath: /var/lib/tributary/quality
  secretEnv: [ADMIN_TOKEN]
notifier:
  portEnv: NOTIFIER_PORT
  secretEnv: [ADMIN_TOKEN, WEBHOOK_SIGNING_SECRET]
{{- end }}

{{/*
A generated secret value: the one already in the release's Secret (upgrades keep it), else random.
Call with (dict "root" $ "key" "ADMIN_TOKEN" "length" 32).
*/}}
{{- define "tributary.generatedSecret" -}}
{{- $existing := lookup "v1" "Secret" .root.Release.Namespace (include "tributary.secretName" .root) }}
{{- if and $existing $existing.data (hasKey $existing.data .key) }}
{{- index $existing.data .key | b64dec }}
{{- else }}
{{- randAlphaNum .length }}
{{- end }}
{{- end }}

{{/* Rules no JSON schema can state; called from the ConfigMap so every rendering runs them. */}}
{{- define "tributary.validate" -}}
{{- $budget := add (int .Values.preStopSleepSeconds) (div (add (int .Values.shutdownTimeoutMs) 999) 1000) }}
{{- if le (int .Values.terminationGracePeriodSeconds) (int $budget) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + shutdownTimeoutMs/1000 (%d)" (int .Values.terminationGracePeriodSeconds) (int $budget)) }}
{{- end }}
{{- with .Values.secrets }}
{{- if and .existingSecret (or .adminToken .webhookSigningSecret .awsAccessKeyId .awsSecretAccessKey) }}
{{- fail "secrets.existingSecret is set: leave secrets.adminToken, webhookSigningSecret, awsAccessKeyId and awsSecretAccessKey empty (put them in that Secret)" }}
{{- end }}
{{- if ne (empty .awsAccessKeyId) (empty .awsSecretAccessKey) }}
{{- fail "secrets.awsAccessKeyId and secrets.awsSecretAccessKey go together" }}
{{- end }}
{{- end }}
{{- $facts := include "tributary.serviceFacts" . | fromYaml }}
{{- range $name, $svc := .Values.services }}
{{- $own := index $facts $name }}
{{- $reserved := concat (list "TRIBUTARY_SERVICE" "TRIBUTARY_MODE" "HTTP_HOST" $own.portEnv "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY") $own.secretEnv }}
{{- if $own.workDirEnv }}{{ $reserved = append $reserved $own.workDirEnv }}{{ end }}
{{- range $key, $_ := $svc.env }}
{{- if has $key $reserved }}
{{- fail (printf "services.%s.env.%s is set by the chart (use services.%s.port, secrets.* or the work dir values)" $name $key $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- range $key, $_ := .Values.extraConfig }}
{{- if has $key (list "TRIBUTARY_SERVICE" "TRIBUTARY_MODE" "HTTP_HOST" "ADMIN_TOKEN" "WEBHOOK_SIGNING_SECRET" "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY") }}
{{- fail (printf "extraConfig.%s is set by the chart (secrets go in secrets.* or secrets.existingSecret)" $key) }}
{{- end }}
{{- end }}
{{- end }}
