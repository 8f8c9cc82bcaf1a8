#!/usr/bin/env bash
# Records the start-up cache scripts/mmu runs with, beside the jar, for the JVM scripts/mmu picks
# (scripts/jvm.sh; MMU_JAVA=/path/to/bin/java picks another), from one training run of the demo
# data in one JVM (org.mmu.cli.TrainingRun: demo, then xmatch of its datasets to CSV and Parquet):
#   JDK >= 25: mmu.aot, an ahead-of-time cache (-XX:AOTCacheOutput, one step: classes loaded and
#              linked, method profiles);
#   older:     mmu.jsa, an application class-data archive (-XX:ArchiveClassesAtExit).
# FILE.key records what it is valid for (the jar's modification time and size, the JVM); scripts/mmu
# uses the cache only when the key matches and runs this script itself when it does not. A failed
# recording leaves no cache and a key "failed ..." (no retry until the jar changes). Also writes
# mmu.heap, the default-heap table of scripts/mmu xmatch (org.mmu.cli.LauncherHeapTable).
#
#   scripts/jvm-cache.sh [JAR]      (default mmu-examples/target/mmu.jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=jvm.sh
source "$here/jvm.sh"
jar=${1:-$here/../mmu-examples/target/mmu.jar}
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")   # absolute, as scripts/mmu runs it: the JVM checks the class path as written
[[ -f $jar ]] || { echo "jvm-cache: $jar not built" >&2; exit 2; }
record() {  # records the cache for $mmu_java; returns 1 if that failed
  local file key record
  file=$(mmu_cache_file "$jar")
  key=$(mmu_cache_key "$jar")

  mmu_heap_table "$jar"
  [[ -f $file.key && $(<"$file.key") == "$key" ]] && return 0

  # one recording at a time; a lock older than 10 minutes is a crashed one
  lock=$file.lock
  if ! mkdir "$lock" 2>/dev/null; then
    if [[ -n $(find "$lock" -maxdepth 0 -mmin +10 2>/dev/null) ]]; then
      rm -rf "$lock"; mkdir "$lock"
    else
      echo "jvm-cache: another recording is under way ($lock)" >&2; return 1
    fi
  fi
  tmp=$file.tmp.$$
  trap 'rm -rf "$lock" "$tmp" "$tmp.config"' EXIT   # lock and tmp are global: an interrupted run cleans up
  rm -f "$file" "$file.key"
  if ((mmu_java_major >= 25)); then
    record=(-XX:AOTCacheOutput="$tmp" -Xlog:aot=off -Xlog:cds=off)
  else
    record=(-XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
  # the training JVM runs with the launcher's collector (the cache records the classes it loads)
  if "$mmu_java" -XX:+UseParallelGC "${record[@]}" -cp "$jar" org.mmu.cli.TrainingRun >"$tmp.log" 2>&1 && [[ -s $tmp ]]; then
    mv "$tmp" "$file"
    printf '%s' "$key" >"$file.key"
    rm -rf "$tmp.log" "$tmp.config" "$lock"
  else
    echo "jvm-cache: the training run failed with $mmu_java; scripts/mmu runs without a start-up cache" >&2
    tail -5 "$tmp.log" >&2
    rm -rf "$tmp.log" "$tmp" "$tmp.config" "$lock"
    printf 'failed %s' "$key" >"$file.key"
    return 1
  fi
}

# MMU_JAVA given (scripts/mmu passes the JVM it runs): that JVM. Otherwise the one scripts/mmu
# prefers and the JDK 17 it falls back to (Hadoop locations, JPype in python/), when they differ.
status=0
if [[ -n ${MMU_JAVA:-} ]]; then
  mmu_pick_java
  record || status=1
else
  mmu_pick_java
  preferred=$(readlink -f "$mmu_java")
  record || status=1
  mmu_pick_java 0 "the fallback"
  if [[ $(readlink -f "$mmu_java") != "$preferred" ]]; then
    record || status=1
  fi
fi
exit $status
