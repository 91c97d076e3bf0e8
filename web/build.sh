#!/usr/bin/env bash
# Build-time only: copy Leaflet's dist files (and licence) into the Python package, where the
# web map (served) and the offline reports (inlined) use them. The copies are committed, so a
# fresh clone runs without npm. Usage: cd web && npm ci && npm run build
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/node_modules/leaflet"
[ -d "$src/dist" ] || { echo "run 'npm ci' in web/ first" >&2; exit 1; }
for dest in "$here/../src/wakewatch/web/static/vendor" "$here/../src/wakewatch/report/assets"; do
  mkdir -p "$dest"
  cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$dest/"
  cp "$src/LICENSE" "$dest/LEAFLET-LICENSE"
  version="$(node -p "require('$src/package.json').version")"
  echo "leaflet $version (BSD-2-Clause), copied from npm by web/build.sh" > "$dest/VENDOR.txt"
done
echo "vendored leaflet into src/wakewatch/web/static/vendor and src/wakewatch/report/assets"
