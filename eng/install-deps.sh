#!/usr/bin/env bash
# Installs the Debian packages Vae.MLNet needs; quick (no apt-get update) when all are present.
#   dataset-fashion-mnist   default data, /usr/share/datasets/fashion-mnist
#   python3-onnx            the ONNX checker in tests (onnx.proto itself is vendored in src/Vae.MLNet.Onnx/Proto)
#   python3-torch/-numpy    test oracle and benchmark peer only (/usr/bin/python3), never at run time
#   chromium                test-only: renders `vae report` pages headless (screenshot, DOM, console)
#   fonts-liberation        test-only: the fonts chromium recommends (its text needs some font)
#   python3-sklearn         test oracle of the silhouette and the classifiers, never at run time
#   libopenblas0-pthread    test and benchmark peer only: Debian's PyTorch calls the system libblas.so.3,
#                           the reference BLAS (2.9 GFLOP/s on torch.mm) unless OpenBLAS is installed
# The training engine (TorchSharp and libtorch 2.10) comes from NuGet with `dotnet build`: no compiler,
# CMake or libtorch-dev. (Node.js and npm, which eng/install-ort-node-client.sh uses, come with machines
# of this kind.)
set -euo pipefail

packages=(dataset-fashion-mnist python3-onnx python3-torch python3-numpy python3-sklearn libopenblas0-pthread chromium fonts-liberation)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
