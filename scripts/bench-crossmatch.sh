#!/usr/bin/env bash
# Builds the examples jar (offline reactor build, no install) and runs the crossmatch benchmark:
# our engine beside STILTS and astropy on the same generated catalogues, one table row per size.
#
#   scripts/bench-crossmatch.sh [options] SIZE...      e.g.  scripts/bench-crossmatch.sh 1e5 1e6 1e7
#
# Options are those of org.mmu.bench.CrossmatchBench (--help). Environment:
#   MMU_BENCH_SKIP_BUILD=1   reuse mmu-examples/target/mmu.jar
#   MMU_BENCH_JAVA_OPTS      JVM options for the harness (default -Xmx8g; our engine's own memory
#                            is measured in a child JVM with its own -Xmx)
# Needs: JDK 17, Maven, /usr/bin/time, and for the peers stilts and python3-astropy.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${MMU_BENCH_SKIP_BUILD:-0} != 1 ]]; then
  mvn -q -o -B -pl mmu-examples -am -DskipTests package
fi
scripts/jvm-cache.sh   # our end-to-end runs go through scripts/mmu, as users run it
exec java ${MMU_BENCH_JAVA_OPTS:--Xmx8g} -cp mmu-examples/target/mmu.jar org.mmu.bench.CrossmatchBench "$@"
