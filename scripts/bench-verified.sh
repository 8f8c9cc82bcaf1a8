#!/usr/bin/env bash
# What verified reads cost: the demo's crossmatch-load over the same two index-first datasets, once
# as built (format 1.1: every byte read is checked against its block CRC-32C, the code fingerprinted
# MMU v1/HATS inputs use too) and once with the checksums stripped (format 1.0: unverified).
# Runs alternate, so drift on the machine hits both; prints the medians and the overhead.
# Target (issue "Trust for data read in place"): verified reads cost <= 10 % of load time.
#   scripts/bench-verified.sh [DIR] [objects] [runs]     (defaults: bench-out/verified 200000 7)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/verified}")
n=${2:-200000}
runs=${3:-7}
mvn -q -B -DskipTests package
mmu=scripts/mmu
if [[ ! -d $dir/v11/imaging ]]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  $mmu demo --objects "$n" --dir "$dir/v11" --keep >/dev/null 2>&1
  cp -r "$dir/v11" "$dir/v10"
  for ds in "$dir"/v10/imaging "$dir"/v10/spectro; do
    python3 - "$ds/mmu_dataset.json" <<'PY'
import json, sys
p = sys.argv[1]
m = json.load(open(p))
m["format_version"] = "1.0"
m.pop("manifest_crc32c", None)
for f in m["index"]["files"] + m["partitions"]:
    f.pop("checksum", None)
json.dump(m, open(p, "w"), indent=2)
PY
  done
fi
load() { # $1 = v11|v10, $2 = run number; prints load seconds and fetch seconds
  local r="$dir/report-$1-$2.json"
  $mmu load "$dir/$1/spectro" "$dir/$1/imaging" --radius-arcsec 1 --mode best1 \
    --out "$dir/out-$1.parquet" --report "$r" --overwrite >/dev/null 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); v=r["per_survey"]; print(r["seconds"], r["stage_seconds"]["fetch"], "|".join(s.get("verified_by","?") for s in v.values()))' "$r"
}
for i in $(seq 1 "$runs"); do
  echo "v11 $(load v11 "$i")" >> "$dir/times"
  echo "v10 $(load v10 "$i")" >> "$dir/times"
done
python3 - "$dir/times" <<'PY'
import statistics, sys
rows = [l.split(" ", 3) for l in open(sys.argv[1]) if l.strip()]
def med(kind, col): return statistics.median(float(r[col]) for r in rows if r[0] == kind)
by = {r[0]: r[3].strip() for r in rows}
print("| reads | verified by | load s (median) | fetch s (median) |")
print("|---|---|---|---|")
for k, label in (("v10", "unverified (format 1.0)"), ("v11", "block CRC-32C (format 1.1)")):
    print(f"| {label} | {by[k]} | {med(k, 1):.3f} | {med(k, 2):.3f} |")
print(f"verified reads cost {100 * (med('v11', 1) / med('v10', 1) - 1):+.1f} % of load time "
      f"({100 * (med('v11', 2) / med('v10', 2) - 1):+.1f} % of fetch time); target <= 10 %")
PY
rm -f "$dir/times"
