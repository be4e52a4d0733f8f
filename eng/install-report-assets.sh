#!/usr/bin/env bash
# Installs the charting and projection scripts of `vae report` into artifacts/report-js: Vega 5,
# Vega-Lite 5 and vega-embed 6 (BSD-3-Clause), and umap-js 1.4.0 (PAIR-code's UMAP, MIT), from the npm
# registry, as their minified UMD builds. The report copies them beside index.html so it opens
# offline from the file system. Quick when already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/artifacts/report-js"
versions="vega@5.33.1 vega-lite@5.23.0 vega-embed@6.29.0 umap-js@1.4.0"
if [ -f "$dest/VERSIONS" ] && [ "$(cat "$dest/VERSIONS")" = "$versions" ]; then
  echo "install-report-assets: $versions present"
  exit 0
fi
command -v npm >/dev/null || { echo "install-report-assets: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo '{"name":"vae-mlnet-report-js","private":true}' > "$work/package.json"
# shellcheck disable=SC2086
(cd "$work" && npm install --silent --no-audit --no-fund --ignore-scripts $versions >/dev/null)
mkdir -p "$dest"
for p in vega vega-lite vega-embed; do  # (vega ships its BSD-3-Clause licence in package.json only)
  cp "$work/node_modules/$p/build/$p.min.js" "$dest/$p.min.js"
  [ -f "$work/node_modules/$p/LICENSE" ] && cp "$work/node_modules/$p/LICENSE" "$dest/$p.LICENSE"
done
cp "$work/node_modules/umap-js/lib/umap-js.min.js" "$dest/umap-js.min.js"   # bundles its one dependency
cp "$work/node_modules/umap-js/LICENSE" "$dest/umap-js.LICENSE"
echo "$versions" > "$dest/VERSIONS"
echo "install-report-assets: $dest"
