{{- define "tm.labels" -}}
app.kubernetes.io/name: tasking-manager
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "tm.selector" -}}
app.kubernetes.io/name: tasking-manager
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "tm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}{{ .Release.Name }}{{ else }}default{{ end }}
{{- end }}

{{/* The environment every container of the backend image gets: the Secret's keys, then the plain values. */}}
{{- define "tm.env" -}}
{{- with .Values.existingSecret }}
envFrom:
  - secretRef:
      name: {{ . }}
{{- end }}
env:
  - name: TM_APP_API_VERSION
    value: v2
{{- range $name, $value := .Values.env }}
  - name: {{ $name }}
    value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by the backend, the migrations and the scheduler. `serviceAccount` overrides the
chart's: a pre-install hook runs before the chart's own ServiceAccount exists.
*/}}
{{- define "tm.podSpec" -}}
{{- $root := .root | default . }}
serviceAccountName: {{ .serviceAccount | default (include "tm.serviceAccountName" $root) }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "tm.image" -}}
image: {{ printf "%s:%s" .Values.image.repository .Values.image.tag | quote }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
{{- end }}
