{{- /*
connectd.propertyValue: a value for a java.util.Properties line. Backslashes are escaped; a line
break would end the property early, so it is refused.
*/ -}}
{{- define "connectd.propertyValue" -}}
{{- $v := toString . -}}
{{- if or (contains "\n" $v) (contains "\r" $v) -}}
{{- fail "db.* values must not contain line breaks" -}}
{{- end -}}
{{- replace "\\" "\\\\" $v -}}
{{- end -}}
