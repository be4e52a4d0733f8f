#!/usr/bin/env bash
# Installs the npm package onnxruntime-node under artifacts/onnxruntime/node: an independent ONNX
# Runtime client that tests and the encoder benchmark use to check exported models outside .NET.
# Not a runtime dependency (the product scores with the NuGet package Microsoft.ML.OnnxRuntime).
# Quick when already there.
set -euo pipefail
version="1.30.0"
root="$(cd "$(dirname "$0")/.." && pwd)"
node_dir="$root/artifacts/onnxruntime/node"
if [ -d "$node_dir/node_modules/onnxruntime-node" ] && [ "$(cat "$node_dir/VERSION" 2>/dev/null)" = "$version" ]; then
  echo "install-ort-node-client: onnxruntime-node $version present"
  exit 0
fi
command -v npm >/dev/null || { echo "install-ort-node-client: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
mkdir -p "$node_dir"
[ -f "$node_dir/package.json" ] || echo '{"name":"vae-mlnet-ort-client","private":true}' > "$node_dir/package.json"
# --ignore-scripts: the package's install script downloads CUDA binaries from outside the registry.
(cd "$node_dir" && npm install --silent --no-audit --no-fund --ignore-scripts "onnxruntime-node@$version" >/dev/null)
echo "$version" > "$node_dir/VERSION"
rm -f "$root/artifacts/onnxruntime/libonnxruntime.so.1" "$root/artifacts/onnxruntime/VERSION" # the old native copy, no longer used
echo "install-ort-node-client: onnxruntime-node $version in $node_dir"
