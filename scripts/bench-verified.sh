#!/usr/bin/env bash
# What verified reads cost (issue "Trust for data read in place": <= 10 % of load time), on two
# workloads, each run verified and unverified over the same bytes, alternating so that drift on the
# machine hits both; prints the medians and the overhead.
#   demo:   the demo's crossmatch-load (`mmu load spectro imaging --mode best1`) over its two
#           index-first datasets, as built (format 1.1: every byte read checked against its block
#           CRC-32C) and with the checksums stripped (format 1.0: unverified).
#   stream: the image-stream benchmark (org.mmu.bench.StreamLoadBench run: cat x img, every matched
#           HSC-sized image streamed and decoded), format 1.1 against the same files as 1.0.
#   inplace: MMU v1 HDF5 image surveys read in place (org.mmu.bench.CutoutSurveys, as
#           bench-cutouts.sh), fingerprinted (`mmu fingerprint`, verified block by block) against
#           unverified; the same load as bench-cutouts.sh.
# Copies share the data files (hard links); only manifests/fingerprints differ.
#
#   scripts/bench-verified.sh [--workload demo|stream|inplace] [--dir DIR] [--objects N] [--runs R]
#   defaults: demo, bench-out/verified-<workload>, N = 200000 (demo) / 4000 (stream, ~2 GB) /
#   20000 (inplace), R = 7
set -euo pipefail
cd "$(dirname "$0")/.."
workload=demo dir="" n="" runs=7
while [[ $# -gt 0 ]]; do
  case $1 in
    --workload) workload=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --objects) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) sed -n 2,19p "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
case $workload in
  demo) n=${n:-200000} ;;
  stream) n=${n:-4000} ;;
  inplace) n=${n:-20000} ;;
  *) echo "unknown workload $workload (demo, stream, inplace)" >&2; exit 2 ;;
esac
dir=$(realpath -m "${dir:-bench-out/verified-$workload}")
[[ -f mmu-examples/target/mmu.jar ]] || mvn -q -B -o -DskipTests package
mmu=scripts/mmu
jar=mmu-examples/target/mmu.jar

# Strips the checksums of an index-first manifest (format 1.0); the manifest is unlinked first, as
# the copy shares its files with the original through hard links.
strip() {
  /usr/bin/python3 - "$1/mmu_dataset.json" <<'PY'
import json, os, sys
p = sys.argv[1]
m = json.load(open(p))
m["format_version"] = "1.0"
m.pop("manifest_crc32c", None)
for f in m["index"]["files"] + m["partitions"]:
    f.pop("checksum", None)
    f.pop("cells", None)  # cell tables are format 1.3; a 1.0 index is planned by a scan
for k in ("version", "operation", "parent_version"):
    m.pop(k, None)
os.unlink(p)
json.dump(m, open(p, "w"), indent=2)
PY
  # format 1.2+ readers open the newest manifest under _versions/: the copy has only the stripped root
  rm -rf "$1/_versions"
}

if [[ ! -f $dir/done-$n ]]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  case $workload in
    demo)
      $mmu demo --objects "$n" --dir "$dir/verified" --keep >/dev/null 2>&1
      cp -al "$dir/verified" "$dir/unverified"
      strip "$dir/unverified/imaging"; strip "$dir/unverified/spectro" ;;
    stream)
      java -Xmx3g -cp "$jar" org.mmu.bench.StreamLoadBench generate "$dir/verified" "$n" >/dev/null
      cp -al "$dir/verified" "$dir/unverified"
      strip "$dir/unverified/img"; strip "$dir/unverified/cat" ;;
    inplace)
      java -Xmx1g -cp "$jar" org.mmu.bench.CutoutSurveys "$dir/unverified" "$n" 2>/dev/null
      cp -al "$dir/unverified" "$dir/verified"
      $mmu fingerprint "$dir/verified/a" >/dev/null; $mmu fingerprint "$dir/verified/b" >/dev/null ;;
  esac
  touch "$dir/done-$n"
fi

# One run: prints "load_seconds fetch_seconds verified_by|verified_by"
run() {
  local d=$dir/$1 r=$dir/report-$1.json
  case $workload in
    demo|inplace)
      local a=spectro b=imaging
      [[ $workload == inplace ]] && a=a b=b
      $mmu load "$d/$a" "$d/$b" --radius-arcsec 1 --mode best1 --out "$dir/out-$1.parquet" --report "$r" \
        --overwrite >/dev/null 2>"$dir/err.txt" || { tail -5 "$dir/err.txt" >&2; exit 1; }
      rm -f "$dir/out-$1.parquet"
      /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); v=r["per_survey"]; print(r["seconds"], r["stage_seconds"]["fetch"], "|".join(s.get("verified_by","?") for s in v.values()))' "$r" ;;
    stream)
      java -Xmx1g -cp "$jar" org.mmu.bench.StreamLoadBench run "$d" 256 > "$dir/out.txt"
      local s f v
      s=$(awk '/^load seconds/ {gsub(",", "", $3); print $3}' "$dir/out.txt")
      f=$(grep -o 'fetch=[0-9.]*' "$dir/out.txt" | head -1 | cut -d= -f2)
      v=$(grep '^verified by' "$dir/out.txt" | cut -d: -f2- | sed 's/^ //' | paste -sd'|')
      echo "$s ${f:-0} $v" ;;
  esac
}
: > "$dir/times"
for i in $(seq 1 "$runs"); do
  echo "verified $(run verified)" >> "$dir/times"
  echo "unverified $(run unverified)" >> "$dir/times"
done
/usr/bin/python3 - "$dir/times" "$workload" "$n" <<'PY'
import statistics, sys
rows = [l.split(" ", 3) for l in open(sys.argv[1]) if l.strip()]
def med(kind, col): return statistics.median(float(r[col]) for r in rows if r[0] == kind)
by = {r[0]: r[3].strip() for r in rows}
print(f"workload {sys.argv[2]}, {sys.argv[3]} objects, {len(rows) // 2} runs each")
print("| reads | verified by | load s (median) | fetch s (median) |")
print("|---|---|---|---|")
for k in ("unverified", "verified"):
    print(f"| {k} | {by[k]} | {med(k, 1):.3f} | {med(k, 2):.3f} |")
fetch = f"{100 * (med('verified', 2) / med('unverified', 2) - 1):+.1f} %" if med('unverified', 2) > 0 else "n/a"
print(f"verified reads cost {100 * (med('verified', 1) / med('unverified', 1) - 1):+.1f} % of load time "
      f"({fetch} of fetch time); target <= 10 %")
PY
