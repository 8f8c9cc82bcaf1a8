#!/usr/bin/env bash
# Records mmu-examples/target/mmu.jsa, the class-data archive scripts/mmu uses, from a small demo
# run (it loads what index, xmatch and load use). Skipped when the archive is newer than the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$PWD/mmu-examples/target/mmu.jar   # absolute, as scripts/mmu runs it: CDS checks the class path as written
jsa=$PWD/mmu-examples/target/mmu.jsa
if [[ -f $jsa && $jsa -nt $jar ]]; then exit 0; fi
rm -f "$jsa"
java -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" demo --objects 5000 >/dev/null 2>&1 \
  || { echo "cds-archive: training run failed; scripts/mmu will run without an archive" >&2; rm -f "$jsa"; }
