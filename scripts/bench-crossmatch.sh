#!/usr/bin/env bash
# Builds the examples jar (offline reactor build, no install) and runs the crossmatch benchmark:
# our engine beside STILTS and astropy on the same generated catalogues, one table row per size
# (and per launcher variant).
#
#   scripts/bench-crossmatch.sh [options] SIZE...      e.g.  scripts/bench-crossmatch.sh 1e5 1e6 1e7
#       options of org.mmu.bench.CrossmatchBench (--help); our run goes through scripts/mmu with
#       the heap MemoryEstimate recommends for the real pair count (--child-heap), as before.
#
#   scripts/bench-crossmatch.sh --defaults [options] [SIZE...]      (default sizes: 1e6 1e7, hard)
#       issue 27's side-by-side run: hard geometry; ours through scripts/mmu with its default
#       settings (no heap flag: the launcher's own heap, JIT, GC and start-up cache), once on the
#       JDK the launcher prefers (JDK >= 25 with its AOT cache, where installed), once on JDK 17
#       (class-data archive), and at 1e7 and more once more with -Xmx2g (the hand-set heap the
#       defaults should match within 10 %); then STILTS (up to 2e6) and astropy on binary inputs.
#       Prints ratios, peak RSS and the load average before each run.
#
#   scripts/bench-crossmatch.sh --matrix [options] [SIZE]           (default size: 1e6, hard)
#       every JVM x flag combination through scripts/mmu at one size: JDK {>= 25, 17} x JIT {C1
#       only, C1+C2} x start-up cache {on, off} x GC {Parallel, G1}, the launcher's default heap;
#       the peers once for the ratios. Each row must write the same bytes.
#
# Environment:
#   MMU_BENCH_SKIP_BUILD=1   reuse mmu-examples/target/mmu.jar
#   MMU_BENCH_JAVA_OPTS      JVM options for the harness (default -Xmx8g; our engine's own memory
#                            is measured in a child JVM with its own -Xmx)
#   MMU_BENCH_JDK17          the JDK 17 java for the variants (default: JAVA_HOME's, else PATH's)
#   MMU_BENCH_PEERS          the peer script (default ../shared/bench/peer-xmatch beside the
#                            repository, else /work/shared/bench/peer-xmatch)
# Needs: JDK 17, Maven, /usr/bin/time, and for the peers stilts and python3-astropy.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=plain
if [[ ${1:-} == --defaults || ${1:-} == --matrix ]]; then
  mode=${1#--}
  shift
fi
if [[ ${MMU_BENCH_SKIP_BUILD:-0} != 1 ]]; then
  mvn -q -o -B -pl mmu-examples -am -DskipTests package
fi
source scripts/jvm.sh
# the JDK 17 of the variants: what the launcher falls back to
MMU_JAVA= mmu_pick_java 0 "the JDK 17 variant"
jdk17=${MMU_BENCH_JDK17:-$mmu_java}
MMU_JAVA= mmu_pick_java
preferred=$mmu_java preferred_major=$mmu_java_major
# record every start-up cache now, not inside a timed run
MMU_JAVA=$preferred scripts/jvm-cache.sh
MMU_JAVA=$jdk17 scripts/jvm-cache.sh

peers=${MMU_BENCH_PEERS:-../shared/bench/peer-xmatch}
[[ -x $peers ]] || peers=/work/shared/bench/peer-xmatch
args=(--peer-script "$peers")

has_size() { local a; for a in "$@"; do [[ $a =~ ^[0-9.]+e?[0-9]*$ ]] && return 0; done; return 1; }
case $mode in
  defaults)
    has_size "$@" || set -- "$@" 1e6 1e7
    args+=(--geometry hard --child-heap launcher --repeat 1)
    names=()
    ((preferred_major >= 25)) && names+=("jdk$preferred_major-aot:MMU_JAVA=$preferred")
    names+=("jdk17-cds:MMU_JAVA=$jdk17")
    ((preferred_major >= 25)) && names+=("jdk$preferred_major-aot-Xmx2g:MMU_JAVA=$preferred;MMU_JAVA_OPTS=-Xmx2g")
    # one run per size: the -Xmx2g row only from 1e7 (below it the launcher's heap is smaller)
    for size in "$@"; do
      if [[ $size =~ ^[0-9.]+e?[0-9]*$ ]]; then
        v=()
        for n in "${names[@]}"; do
          if [[ $n == *Xmx2g* ]] && ! awk -v s="$size" 'BEGIN{exit !(s+0 >= 1e7)}'; then continue; fi
          v+=(--variant "$n")
        done
        java ${MMU_BENCH_JAVA_OPTS:--Xmx8g} -cp mmu-examples/target/mmu.jar org.mmu.bench.CrossmatchBench \
          "${args[@]}" "${v[@]}" $(printf '%s\n' "$@" | grep -v '^[0-9.]*e\?[0-9]*$' || true) "$size"
      fi
    done
    exit 0
    ;;
  matrix)
    has_size "$@" || set -- "$@" 1e6
    args+=(--geometry hard --child-heap launcher --repeat 1)
    jvms=("jdk17:$jdk17")
    ((preferred_major >= 25)) && jvms=("jdk$preferred_major:$preferred" "${jvms[@]}")
    for j in "${jvms[@]}"; do
      for jit in c1:-XX:TieredStopAtLevel=1 c2:-XX:TieredStopAtLevel=4; do
        for cache in on off; do
          for gc in parallel: "g1:-XX:-UseParallelGC -XX:+UseG1GC"; do
            label="${j%%:*}-${jit%%:*}-cache-$cache-${gc%%:*}"
            args+=(--variant "$label:MMU_JAVA=${j#*:};MMU_JVM_CACHE=$cache;MMU_JAVA_OPTS=${jit#*:} ${gc#*:}")
          done
        done
      done
    done
    ;;
esac
exec java ${MMU_BENCH_JAVA_OPTS:--Xmx8g} -cp mmu-examples/target/mmu.jar org.mmu.bench.CrossmatchBench "${args[@]}" "$@"
