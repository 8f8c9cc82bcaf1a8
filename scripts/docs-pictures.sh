#!/usr/bin/env bash
# Regenerates the pictures in docs/img/ from the built-in demo data (seeded, so reproducible):
#   docs/img/coverage.png  mmu inspect DATASET --plot   (sky coverage, objects per cell)
#   docs/img/plan.png      mmu load ... --plot          (partitions read against all partitions)
# and checks the MOC of the same dataset (mmu inspect --moc) with STILTS when it is installed.
# Usage: scripts/docs-pictures.sh   (after: mvn -q -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=mmu-examples/target/mmu.jar
[[ -f $jar ]] || { echo "docs-pictures: build first: mvn -q -B -DskipTests package" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mmu() { java -Xmx2g -jar "$jar" "$@"; }
mmu demo --objects 20000 --seed 42 --dir "$work/demo" --keep >/dev/null
mkdir -p docs/img
mmu inspect "$work/demo/imaging" --plot docs/img/coverage.png --moc "$work/imaging-moc.fits" --order 6 --overwrite
mmu load "$work/demo/spectro" "$work/demo/imaging" --radius-arcsec 1 --columns object_id \
  --out "$work/matches.arrow" --report "$work/report.json" --plot docs/img/plan.png --overwrite 2>/dev/null
if command -v stilts >/dev/null; then
  stilts tpipe in="$work/imaging-moc.fits" omode=meta | grep -E 'Rows|MOCVERS|ORDERING' -A1
fi
