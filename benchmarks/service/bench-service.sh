#!/usr/bin/env bash
# Load test of `vae serve` with wrk on 127.0.0.1 (bounded in time), beside `vae encode` on the same model.
#   benchmarks/service/bench-service.sh MODEL_DIR [SECONDS_PER_PHASE] [MLNET_MODEL.zip]
# For the server with dynamic batching (its defaults, then a 1 ms delay) and without (--preferred-batch 1), prints
# requests/s, images/s, latency p50/p99 and errors of /v1/encode (and, with an ML.NET model that
# samples/FashionClassifier writes, /v1/predict) for one-image requests from 1 and from 64
# connections, and for 256-image requests from 8; then each 64-client figure as a share of the
# batch-256 figure of the same server, and the server's resident memory.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
model="${1:?usage: bench-service.sh MODEL_DIR [SECONDS]}"
seconds="${2:-20}"
mlnet="${3:-}"
port=5187
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
work="$(mktemp -d)"
server=
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for batch in 1 256; do
  /usr/bin/python3 -c "import numpy,gzip,sys; r=gzip.open('/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz').read()[16:16+$batch*784]; sys.stdout.buffer.write((numpy.frombuffer(r,numpy.uint8).astype('<f4')/255).tobytes())" > "$work/body$batch.bin"
done
rss() { awk '/VmRSS/{printf "%.0f MiB", $2/1024}' /proc/$server/status; }
peak() { awk '/VmHWM/{printf "%.0f MiB", $2/1024}' /proc/$server/status; }
paths=/v1/encode
[ -n "$mlnet" ] && paths="$paths /v1/predict"
for config in "dynamic batching (defaults)|" "dynamic batching, 1 ms delay|--max-queue-delay-us 1000" "no batching|--preferred-batch 1"; do
  name="${config%%|*}"; args="${config#*|}"
  "$root/vae" serve "$model" ${mlnet:+--mlnet-model "$mlnet"} $args --urls "http://127.0.0.1:$port" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  echo "== $name: server pid $server, memory after start: $(rss)"
  for path in $paths; do
    declare -A ips=()
    for phase in "1 1" "1 64" "256 8"; do
      read -r batch connections <<< "$phase"
      line=$(BODY_FILE="$work/body$batch.bin" BODY_PATH=$path wrk -t"$((connections < 2 ? 1 : 2))" -c"$connections" -d"${seconds}s" --latency -s "$root/benchmarks/service/post.lua" "http://127.0.0.1:$port" | grep RESULT)
      rps=$(echo "$line" | sed -E 's/.*rps=([0-9.]+).*/\1/')
      ips[$batch-$connections]=$(awk "BEGIN{printf \"%.0f\", $rps*$batch}")
      echo "$path batch $batch, $connections connections: ${line#RESULT } images_per_s=${ips[$batch-$connections]} memory=$(rss)"
    done
    echo "$path: 64 one-image clients reach $(awk "BEGIN{printf \"%.0f\", 100*${ips[1-64]}/${ips[256-8]}}")% of the batch-256 images/s"
  done
  echo "server peak memory: $(peak)"
  kill $server; wait $server 2>/dev/null || true
done
echo "vae encode on the same model (10,000 test images, batch 256):"
"$root/vae" encode "$model" /usr/share/datasets/fashion-mnist --out "$work/z.bin" --batch-size 256 | tail -1
