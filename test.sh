#!/usr/bin/env bash
# Sets up, builds and runs every test project; ends with one line 'N passed, N failed[, N skipped]'.
#   ./test.sh             every test (what CI runs)
#   ./test.sh --fast      the inner loop: every test but the classes marked Category=Slow
#   ./test.sh [--fast] ARGS   other arguments go to dotnet test (e.g. --filter "FullyQualifiedName~Layering")
set -uo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
args=()
for a in "$@"; do
  if [ "$a" = "--fast" ]; then args+=(--filter "Category!=Slow"); else args+=("$a"); fi
done
bash build.sh || { echo "0 passed, 1 failed"; exit 1; }
results="$root/artifacts/test-results"
rm -rf "$results"
# A hung test fails its run after 10 minutes instead of stalling CI.
dotnet test Vae.MLNet.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" --blame-hang-timeout 10m "${args[@]}"
status=$?
python3 eng/summarize-trx.py "$results" || status=1
# The tests' scratch folders (TestPaths.NewTempDirectory: run folders, ONNX files, reports; ~660 MB a
# run) are kept after a failure for diagnosis, and removed after a clean run.
[ "$status" -eq 0 ] && rm -rf "${TMPDIR:-/tmp}/vae-mlnet-tests"
exit $status
