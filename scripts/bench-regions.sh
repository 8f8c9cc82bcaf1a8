#!/usr/bin/env bash
# Region-by-region crossmatch at scale: generates index-first datasets with SkyDatasetGenerator
# (streamed, cell by cell; kept in --dir for reruns), then times `mmu xmatch` (all pairs within
# the radius) under /usr/bin/time -v with a fixed heap, and reads the GC log for the heap
# high-water. One table row per case. Not a unit test; run sizes one at a time on a shared machine.
# With --load, times the crossmatch-load instead (`mmu load --columns object_id,flux` to Parquet:
# the same region-by-region engine, plus fetching each matched object's row).
#
#   scripts/bench-regions.sh [--dir D] [--heap 2g] [--radius 1] [--in-memory] [--load] CASE...
#   e.g. the issue-20 pair at -Xmx512m, xmatch then load (peak RSS of the load <= 1.2 x xmatch's):
#        scripts/bench-regions.sh --heap 512m crowded:3e6; scripts/bench-regions.sh --heap 512m --load crowded:3e6
#   CASE: uniform:N           N left objects uniform over the sky (right: 0.8 N counterparts + 0.2 N)
#         crowded:N           as the issue-8 target: 110 clusters of 4e4 objects within 40", 5e5 objects
#                             within 0.5 deg of each pole, the rest uniform (N >= 5.4e6)
#         crowded3:N          the issue-20 shape at 3e6 (~1e7 pairs within 1"): 10 clusters of 4e4 within
#                             40", 2.5e5 objects within 0.5 deg of each pole, the rest uniform (N >= 9e5)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${TMPDIR:-/tmp}/mmu-bench-regions
heap=2g
radius=1
extra=()
cases=()
load=
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --radius) radius=$2; shift 2 ;;
    --in-memory) extra+=(--in-memory); shift ;;
    --load) load=1; shift ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) cases+=("$1"); shift ;;
  esac
done
jar=$here/mmu-examples/target/mmu.jar
if [[ ! -f $jar ]]; then
  (cd "$here" && mvn -o -q -B package -DskipTests)
fi
mkdir -p "$dir"
printf '%-16s %6s %12s %10s %9s %11s %13s %12s %s\n' case heap rows wall_s rss_mb heap_hw_mb live_full_gc_mb regions mode
for c in "${cases[@]}"; do
  kind=${c%%:*}
  n=${c#*:}
  data=$dir/$kind-$n
  if [[ ! -f $data/right/mmu_dataset.json ]]; then
    rm -rf "$data"
    case $kind in
      uniform) args=() ;;
      crowded) args=(--clusters 110 --cluster-objects 4e4 --cluster-radius-arcsec 40 --polar-cap-objects 5e5 --polar-cap-deg 0.5) ;;
      crowded3) args=(--clusters 10 --cluster-objects 4e4 --cluster-radius-arcsec 40 --polar-cap-objects 2.5e5 --polar-cap-deg 0.5) ;;
      *) echo "unknown case $c" >&2; exit 2 ;;
    esac
    java -Xmx2g -cp "$jar" org.mmu.bench.SkyDatasetGenerator "$data" --objects "$n" "${args[@]}" >&2
  fi
  out=$dir/pairs-$kind-$n.csv
  log=$dir/gc-$kind-$n${extra:+-in-memory}${load:+-load}.log
  rm -f "$out" "$dir/load.parquet" "$dir/load.json"
  if [[ -n $load ]]; then
    command=(load "$data/left" "$data/right" --radius-arcsec "$radius" --columns object_id,flux
      --out "$dir/load.parquet" --report "$dir/load.json")
  else
    command=(xmatch "$data/left" "$data/right" --radius-arcsec "$radius" --out "$out" "${extra[@]}")
  fi
  MMU_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$log" /usr/bin/time -v "$here/scripts/mmu" "${command[@]}" \
    > "$dir/out.txt" 2> "$dir/err.txt" || { cat "$dir/err.txt" >&2; exit 1; }
  rows=$(sed -n 's/^wrote \([0-9]*\) rows.*/\1/p' "$dir/out.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$dir/err.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/err.txt")
  # "Pause Young (Allocation Failure) 1234M->567M(4096M)": the largest "before" is the heap high-water
  hw=$(grep -o '[0-9]*M->[0-9]*M' "$log" | awk -F'M->' 'BEGIN{m=0} {if ($1+0>m) m=$1+0} END{print m}')
  # live set: the largest heap left after a full GC (young GCs leave old garbage behind)
  live=$(grep 'Pause Full' "$log" | grep -o '[0-9]*M->[0-9]*M' | awk -F'M->' 'BEGIN{m=0} {sub("M","",$2); if ($2+0>m) m=$2+0} END{print m}')
  regions=$(sed -n 's/^xmatch: \([0-9]*\) regions.*/\1/p' "$dir/err.txt")
  [[ -n $load ]] && regions=$(grep -o '"pairs" *: *[0-9]*' "$dir/load.json" | grep -o '[0-9]*$' | sed 's/^/pairs=/')
  printf '%-16s %6s %12s %10s %9s %11s %13s %12s %s\n' "$c" "$heap" "$rows" "$wall" "$rss" "$hw" "$live" "${regions:--}" \
    "${load:+load }${extra[*]:-regions}"
  grep '^xmatch:' "$dir/err.txt" >&2 || true
  rm -f "$out" "$dir/load.parquet"
done
