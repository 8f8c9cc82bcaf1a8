#!/usr/bin/env bash
# From Python and PyTorch (issue 23): rows per second into PyTorch tensors through mmu.torch with
# DataLoader(num_workers=2) against `mmu epoch` on the same data and knobs (batch 256, shuffle
# buffer 2048, seed 7): 4,000 image cutouts (5x64x64 float32), 200,000 small rows (8 float32),
# and a crossmatch of 16,000 images with 16,000 spectra; bytes read per epoch against the
# dataset's size; each worker's resident memory after each of 5 epochs (persistent workers).
#
#   scripts/bench-python.sh [DIR]
#
# The data is the training-epoch benchmark's (scripts/bench-epoch.sh), generated once into DIR
# (default bench-out/epoch). Environment: MMU_BENCH_SKIP_BUILD=1 reuses the built jar;
# MMU_BENCH_PY_OPTS adds options to python/benchmarks/loader.py (e.g. "--epochs 3");
# MMU_JAVA_OPTS reaches both the mmu command and each worker's JVM (default -Xmx1g, as
# bench-epoch.sh runs: a bounded heap makes the memory of 5 epochs comparable).
# Needs: JDK 17, Maven, /usr/bin/python3 with Debian's python3-jpype, python3-numpy, python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/epoch}")
if [[ ${MMU_BENCH_SKIP_BUILD:-0} != 1 ]]; then
  mvn -q -o -B -pl mmu-examples -am -DskipTests package
  scripts/jvm-cache.sh
fi
jar=mmu-examples/target/mmu.jar
if [[ ! -d $dir/spec ]]; then
  java -Xmx6g -cp "$jar" org.mmu.bench.EpochBench generate "$dir"
fi
mkdir -p bench-out
export MMU_JAVA_OPTS=${MMU_JAVA_OPTS:--Xmx1g}
# shellcheck disable=SC2086
MMU_JAR=$PWD/$jar /usr/bin/python3 python/benchmarks/loader.py --mmu scripts/mmu \
  --dataset "$dir/images-parquet" --dataset "$dir/table-parquet" --crossmatch "$dir/img" "$dir/spec" \
  --json bench-out/python-loader.json ${MMU_BENCH_PY_OPTS:-}
echo "every figure: bench-out/python-loader.json"
