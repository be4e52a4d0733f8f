#!/usr/bin/env bash
# Builds the native training engine (src/Vae.MLNet.Torch.Native) into artifacts/native.
# LIBTORCH_DIR=<path> builds against another libtorch (e.g. a CUDA build); default: Debian's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
args=(-S "$root/src/Vae.MLNet.Torch.Native" -B "$root/artifacts/native" -DCMAKE_BUILD_TYPE=Release)
[ -n "${LIBTORCH_DIR:-}" ] && args+=("-DCMAKE_PREFIX_PATH=$LIBTORCH_DIR")
cmake "${args[@]}" >/dev/null
cmake --build "$root/artifacts/native" -j "$(nproc)" 2>&1 | grep -vE '^\[ *[0-9]+%\] (Building|Linking)' || true
test -f "$root/artifacts/native/libvae_torch.so" || { echo "build-native: libvae_torch.so was not built" >&2; exit 1; }
echo "build-native: artifacts/native/libvae_torch.so"
