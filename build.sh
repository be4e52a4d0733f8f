#!/usr/bin/env bash
# Set-up and build: installs Debian packages and the test-only ONNX Runtime client (npm), then builds the .NET solution
# (restoring TorchSharp, ML.NET and ONNX Runtime from NuGet) and packs the libraries into artifacts/packages.
# Idempotent; a few seconds when everything is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
bash eng/install-deps.sh
bash eng/install-ort-node-client.sh
bash eng/install-report-assets.sh
dotnet build Vae.MLNet.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# NuGet packages of the libraries (README, "Use it from your project") into artifacts/packages, which holds only
# this build's packages (no package of an earlier layout lingers there).
rm -rf artifacts/packages
dotnet pack Vae.MLNet.sln -c Release --no-build -nologo -v quiet -clp:ErrorsOnly
echo "build: done. Run ./vae --help; packages in artifacts/packages"
