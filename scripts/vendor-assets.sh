#!/usr/bin/env bash
# Refresh zhichan/web/static/vendor from the npm registry; the app itself never fetches assets.
set -euo pipefail
dest="$(cd "$(dirname "$0")/.." && pwd)/zhichan/web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm init -y >/dev/null && npm install --silent htmx.org@2.0.11 echarts@5.6.0 swagger-ui-dist@5.35.0)
cp "$tmp/node_modules/htmx.org/dist/htmx.min.js" "$tmp/node_modules/htmx.org/LICENSE" "$dest/htmx/"
cp "$tmp/node_modules/echarts/dist/echarts.min.js" "$tmp/node_modules/echarts/LICENSE" \
   "$tmp/node_modules/echarts/NOTICE" "$dest/echarts/"
cp "$tmp/node_modules/swagger-ui-dist/"{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} "$dest/swagger-ui/"
echo "vendored into $dest"
