#!/usr/bin/env bash
# Set-up and build: installs Debian packages and ONNX Runtime (npm), then builds the .NET solution
# (restoring TorchSharp and its libtorch from NuGet).
# Idempotent; a few seconds when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
bash eng/install-deps.sh
bash eng/install-onnxruntime.sh
bash eng/install-report-assets.sh
dotnet build Vae.MLNet.sln -c Release -nologo -v quiet -clp:ErrorsOnly
echo "build: done. Run ./vae --help"
