#!/usr/bin/env bash
# Keeps the plugin folders (connectors/, transforms/, converters/) on the plugin API: their sources may
# include the standard library, third-party headers, "connectd/api/..." and files of their own folder,
# never the runtime, the REST layer or the app. Runs in every build and in ctest.
# Usage: check-plugin-includes.sh SOURCE_ROOT
set -euo pipefail

root=$(cd "${1:?usage: check-plugin-includes.sh SOURCE_ROOT}" && pwd)
status=0

for folder in connectors transforms converters; do
  [ -d "$root/$folder" ] || continue
  while IFS= read -r -d '' file; do
    dir=$(dirname "$file")
    # Every #include line, with its line number.
    while IFS=: read -r lineno line; do
      target=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1/' <<<"$line")
      case "$target" in
        connectd/api/*) continue ;;
        connectd/*|runtime/*|rest/*|app/*)
          echo "$file:$lineno: plugin code may not include '$target' (only connectd/api/* and its own folder)"
          status=1
          continue ;;
      esac
      if [[ "$line" == *'"'* ]]; then
        # A quoted include must resolve inside the plugin's own top-level folder.
        resolved=$(realpath -m "$dir/$target")
        if [[ -e "$resolved" && "$resolved" != "$root/$folder/"* ]]; then
          echo "$file:$lineno: '$target' resolves to ${resolved#"$root"/}, outside $folder/ (plugins see only runtime/api)"
          status=1
        fi
      fi
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file" || true)
  done < <(find "$root/$folder" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) -print0)
done

exit $status
