#!/usr/bin/env bash
# Load test of `vae serve` with wrk on 127.0.0.1 (bounded in time), beside `vae encode` on the same model.
#   benchmarks/service/bench-service.sh MODEL_DIR [SECONDS_PER_PHASE] [MLNET_MODEL.zip]
# Prints requests/s, images/s, latency p50/p99 and errors of /v1/encode at batch 1 and 256 (binary
# float32 bodies) and, with an ML.NET model (samples/FashionClassifier writes one), of /v1/predict
# at batch 1 and 256; the server's resident memory after each phase and at its peak.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:?usage: bench-service.sh MODEL_DIR [SECONDS]}"
seconds="${2:-20}"
mlnet="${3:-}"
port=5187
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
work="$(mktemp -d)"
"$root/vae" serve "$model" ${mlnet:+--mlnet-model "$mlnet"} --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/{printf "%.0f MiB", $2/1024}' /proc/$server/status; }
peak() { awk '/VmHWM/{printf "%.0f MiB", $2/1024}' /proc/$server/status; }
echo "server pid $server, memory after start: $(rss)"
paths=/v1/encode
[ -n "$mlnet" ] && paths="$paths /v1/predict"
for path in $paths; do
  for batch in 1 256; do
    /usr/bin/python3 -c "import numpy,gzip,sys; r=gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read()[16:16+$batch*784]; sys.stdout.buffer.write((numpy.frombuffer(r,numpy.uint8).astype('<f4')/255).tobytes())" > "$work/body.bin"
    line=$(BODY_FILE="$work/body.bin" BODY_PATH=$path wrk -t2 -c8 -d"${seconds}s" --latency -s "$root/benchmarks/service/post.lua" "http://127.0.0.1:$port" | grep RESULT)
    rps=$(echo "$line" | sed -E 's/.*rps=([0-9.]+).*/\1/')
    echo "$path batch $batch: ${line#RESULT } images_per_s=$(awk "BEGIN{printf \"%.0f\", $rps*$batch}") memory=$(rss)"
  done
done
echo "server peak memory: $(peak)"
echo "vae encode on the same model (10,000 test images, batch 256):"
"$root/vae" encode "$model" /usr/share/datasets/fashion-mnist --out "$work/z.bin" --batch-size 256 | tail -1
