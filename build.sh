#!/usr/bin/env bash
# Set-up and build: installs Debian packages and the test-only ONNX Runtime client (npm), then builds the .NET solution
# (restoring TorchSharp, ML.NET and ONNX Runtime from NuGet).
# Idempotent; a few seconds when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
bash eng/install-deps.sh
bash eng/install-ort-node-client.sh
bash eng/install-report-assets.sh
dotnet build Vae.MLNet.sln -c Release -nologo -v quiet -clp:ErrorsOnly
echo "build: done. Run ./vae --help"
