#!/usr/bin/env bash
# A streamed crossmatch-load of >= 10 GB of HSC-sized cutouts with -Xmx1g, beside the disk's own
# sequential read of the same files, both cold (each file's page cache dropped with
# dd iflag=nocache: only these files, nothing else on the machine). See docs/performance.md.
#   scripts/bench-stream.sh [DIR] [objects] [--keep]      (21500 objects = 11 GB; needs ~12 GB free)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/stream}")
n=${2:-21500}
keep=${3:-}
mvn -q -B -DskipTests package
jar=mmu-examples/target/mmu.jar
if [[ ! -d $dir/img ]]; then
  /usr/bin/time -f "generated in %e s" java -Xmx3g -cp "$jar" org.mmu.bench.StreamLoadBench generate "$dir" "$n"
fi
mapfile -t files < <(find "$dir/img" "$dir/cat" -name '*.parquet' | sort)
bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)
drop() { for f in "${files[@]}"; do dd if="$f" iflag=nocache count=0 status=none; done; }

drop
TIMEFORMAT=%R
cat_s=$( { time cat "${files[@]}" >/dev/null; } 2>&1 )
drop
log=$(mktemp)
/usr/bin/time -v java -Xmx1g -cp "$jar" org.mmu.bench.StreamLoadBench run "$dir" 256 2>"$log.time" | tee "$log"
rss_kb=$(grep "Maximum resident" "$log.time" | awk '{print $NF}')
wall=$(grep "Elapsed (wall" "$log.time" | awk '{print $NF}')
cpu=$(awk -F: '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$log.time")
echo "load process CPU: $cpu s (user + system) for $(grep 'data bytes read' "$log" | awk '{print $5, $6}'); machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
load_s=$(grep "load seconds" "$log" | awk '{print $3}' | tr -d ,)
data=$(grep "data bytes read" "$log" | awk '{print $4}' | tr -d ,)
echo
echo "| files | cold sequential read (cat) | cold streamed crossmatch-load (-Xmx1g) | load ÷ disk | peak RSS | process wall |"
echo "|---|---|---|---|---|---|"
awk -v b="$bytes" -v c="$cat_s" -v d="$data" -v l="$load_s" -v r="$rss_kb" -v w="$wall" 'BEGIN {
  printf "| %.2f GiB | %.2f s, %.0f MiB/s | %.2f GiB in %.2f s, %.0f MiB/s | **%.0f %%** | %.0f MiB | %s |\n",
    b/2^30, c, b/2^20/c, d/2^30, l, d/2^20/l, 100*(d/l)/(b/c), r/1024, w }'
rm -f "$log" "$log.time"
if [[ $keep != --keep ]]; then rm -rf "$dir"; echo "deleted $dir"; fi
