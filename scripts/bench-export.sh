#!/usr/bin/env bash
# HATS export (docs/hats.md, "Writing object catalogs"): `mmu export DATASET OUT --format hats` of the
# demo's imaging dataset (index-first, with image cutouts) under a small heap, to show that memory is bounded
# by a chunk of rows, not by the survey. Prints seconds, rows per second and peak RSS for each heap; the
# target: the run at -Xmx512m succeeds and its peak RSS stays well below the dataset's size on disk, and
# its time is within 20 % of the run at -Xmx4g.
#   scripts/bench-export.sh [DIR] [N] [--keep]      (defaults bench-out/export 2000000)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/export}")
n=${2:-2000000}
keep=${3:-}
mvn -q -o -B -pl mmu-examples -am -DskipTests package
jar=mmu-examples/target/mmu.jar
if [[ ! -d $dir/imaging ]]; then
  java -Xmx4g -jar "$jar" demo --objects "$n" --dir "$dir" --keep >/dev/null
fi
echo "dataset: $(du -sh "$dir/imaging" | cut -f1) on disk; machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for heap in -Xmx4g -Xmx512m; do
  rm -rf "$dir/hats$heap"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$dir/rss" java "$heap" -jar "$jar" export "$dir/imaging" "$dir/hats$heap" --format hats \
      --max-rows-per-partition 200000 2>/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$n" -v rss="$(cat "$dir/rss")" -v h="$heap" \
      'BEGIN { printf "%s: %.1f s, %.0f rows/s, peak RSS %.0f MiB\n", h, e - s, n / (e - s), rss / 1024 }'
done
echo "machine load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $keep != --keep ]]; then rm -rf "$dir"; echo "deleted $dir"; fi
