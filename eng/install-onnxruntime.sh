#!/usr/bin/env bash
# Installs ONNX Runtime's native library (CPU execution provider) into artifacts/onnxruntime, taken
# from the npm package onnxruntime-node (the NuGet packages are not obtainable here). Also installs
# the package itself under artifacts/onnxruntime/node, an independent client for checking exported
# models and the benchmark's Node.js peer. Quick when already there.
set -euo pipefail
version="1.30.0"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/artifacts/onnxruntime"
lib="$dest/libonnxruntime.so.1"
node_dir="$dest/node"
if [ -f "$lib" ] && [ -f "$dest/VERSION" ] && [ "$(cat "$dest/VERSION")" = "$version" ] && [ -d "$node_dir/node_modules/onnxruntime-node" ]; then
  echo "install-onnxruntime: $version present"
  exit 0
fi
command -v npm >/dev/null || { echo "install-onnxruntime: npm not found; install Node.js 20+ with npm" >&2; exit 1; }
mkdir -p "$dest" "$node_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# --ignore-scripts: the package's install script downloads CUDA binaries from outside the registry.
(cd "$node_dir" && [ -f package.json ] || echo '{"name":"vae-mlnet-ort-client","private":true}' > "$node_dir/package.json")
(cd "$node_dir" && npm install --silent --no-audit --no-fund --ignore-scripts "onnxruntime-node@$version" >/dev/null)
src="$node_dir/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1"
[ -f "$src" ] || { echo "install-onnxruntime: $src not found in onnxruntime-node@$version" >&2; exit 1; }
cp "$src" "$work/libonnxruntime.so.1"
mv "$work/libonnxruntime.so.1" "$lib"
echo "$version" > "$dest/VERSION"
echo "install-onnxruntime: $lib"
