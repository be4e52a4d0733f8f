#!/usr/bin/env bash
# Set-up and build: installs Debian packages and ONNX Runtime (npm), builds the native engine and
# the .NET solution.
# Idempotent; a few seconds when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
bash eng/install-deps.sh
bash eng/install-onnxruntime.sh
bash eng/install-report-assets.sh
bash eng/build-native.sh
dotnet build Vae.MLNet.sln -c Release -nologo -v quiet -clp:ErrorsOnly
echo "build: done. Run ./vae --help"
