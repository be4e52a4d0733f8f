#!/usr/bin/env bash
# Checks ONNX Runtime's CUDA execution provider on a machine with an NVIDIA GPU, CUDA 13 and cuDNN 9
# (what Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0 is built against):
#   eng/check-cuda.sh MODEL_DIR [DEVICE]        (DEVICE: cuda, the default, or cuda:N)
# Builds the CLI with the GPU package into its own output folder, encodes the 10,000 Fashion-MNIST test
# images on the CPU and on CUDA, checks that every μ and log σ² agrees to 1e-4, and prints both
# throughputs. Not yet run: no machine of this project has a GPU (README, "Scoring on a GPU").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:?usage: eng/check-cuda.sh MODEL_DIR [cuda|cuda:N]}"
device="${2:-cuda}"
data=/usr/share/datasets/fashion-mnist
command -v nvidia-smi >/dev/null || { echo "check-cuda: nvidia-smi not found: this machine has no NVIDIA driver" >&2; exit 2; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
out="$root/artifacts/cli-gpu"
dotnet build "$root/src/Vae.MLNet.Cli" -c Release -p:OnnxRuntimeGpu=true -o "$out" -v q -nologo
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for d in cpu "$device"; do
  echo "== $d"
  dotnet "$out/vae.dll" encode "$model" "$data" --device "$d" --batch-size 256 --out "$work/$d.bin" | tail -1
done
/usr/bin/python3 - "$work/cpu.bin" "$work/$device.bin" <<'PY'
import struct, sys
def read(path):
    with open(path, "rb") as f:
        magic, version, d, flags, n = struct.unpack("<4siiiq", f.read(24))
        width = 1 + d * (2 if flags & 1 else 1)
        return n, d, struct.unpack(f"<{n * width}f", f.read())
(n, d, cpu), (_, _, gpu) = read(sys.argv[1]), read(sys.argv[2])
# Labels are int32 stored in the same slots; compared as floats they are equal bit patterns.
worst = max(abs(a - b) for a, b in zip(cpu, gpu))
print(f"{n} images, d = {d}: largest |CPU - CUDA| = {worst:.2e}")
sys.exit(0 if worst <= 1e-4 else 1)
PY
echo "check-cuda: CUDA equals CPU to 1e-4"
