#!/usr/bin/env bash
# Image rows through the crossmatch-load under default memory settings (issue 20): two MMU v1
# HDF5 surveys of 5x64x64 float32 cutouts laid out as MMU's h5py files (org.mmu.bench.CutoutSurveys:
# one file per NESTED order-4 HEALPix pixel, healpix=N/001-of-001.hdf5; about 1,530 files per
# survey over the southern hemisphere), N objects each, survey b re-observing every object of a
# within 0.2". Then `mmu load a b --radius-arcsec 1` of every matched pair to Parquet at a small
# heap and no memory flags: the prefetch window, region budget, write batches and row groups all
# follow the heap. Prints pairs, wall seconds and peak RSS. Generated data stays in --dir.
#
#   scripts/bench-cutouts.sh [--dir D] [--objects 20000] [--heap 256m]
#   target (issue 20): 20,000 pairs complete at -Xmx256m under defaults
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${TMPDIR:-/tmp}/mmu-bench-cutouts
n=20000
heap=256m
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=$2; shift 2 ;;
    --objects) n=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
jar=$here/mmu-examples/target/mmu.jar
if [[ ! -f $jar ]]; then
  (cd "$here" && mvn -o -q -B package -DskipTests)
fi
data=$dir/n$n
if [[ ! -f $data/done ]]; then
  rm -rf "$data"
  mkdir -p "$data"
  java -Xmx1g -cp "$jar" org.mmu.bench.CutoutSurveys "$data" "$n"
  touch "$data/done"
fi
files=$(find "$data" -name '*.hdf5' | wc -l)
bytes=$(du -sb "$data" | cut -f1)
rm -f "$dir/cutouts.parquet" "$dir/cutouts.json"
MMU_JAVA_OPTS="-Xmx$heap" /usr/bin/time -v "$here/scripts/mmu" load "$data/a" "$data/b" --radius-arcsec 1 \
  --out "$dir/cutouts.parquet" --report "$dir/cutouts.json" > "$dir/out.txt" 2> "$dir/err.txt" \
  || { tail -20 "$dir/err.txt" >&2; exit 1; }
pairs=$(grep -o '"pairs" *: *[0-9]*' "$dir/cutouts.json" | grep -o '[0-9]*$')
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$dir/err.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/err.txt")
printf '%-8s %8s %8s %12s %10s %9s\n' heap pairs files input_mb wall_s rss_mb
printf '%-8s %8s %8s %12s %10s %9s\n' "$heap" "$pairs" "$files" "$((bytes >> 20))" "$wall" "$rss"
rm -f "$dir/cutouts.parquet"
