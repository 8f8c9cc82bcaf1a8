# Sourced by scripts/mmu, scripts/mmu-spark, scripts/jvm-cache.sh and scripts/test.sh: which JVM
# runs mmu, and its start-up cache. Not a command.
#
# mmu_pick_java [MIN_FAST [WHY]]  sets mmu_java (a java binary), mmu_java_major, mmu_java_version
#   and mmu_java_why. The first that applies (MIN_FAST 0: no search, WHY says why not):
#   - MMU_JAVA=/path/to/bin/java: that one (pins a JVM, e.g. for benchmarks and CI);
#   - the newest JDK >= MIN_FAST (default 25: its ahead-of-time cache, JEP 483/514/515) among
#     JAVA_HOME and the usual install locations (/usr/lib/jvm/*, /usr/java/*, /opt/java/*,
#     /opt/jdk*, ~/.sdkman/candidates/java/*, /Library/Java/JavaVirtualMachines/*/Contents/Home);
#   - JAVA_HOME's java, else the java on PATH (JDK 17 on the reference machines).
#   Versions come from each JDK's `release` file: no JVM is started to choose.
#
# mmu_cache_flags JAR  sets mmu_cache (JVM options) and mmu_cache_why: the start-up cache recorded
#   for this jar and this JVM beside the jar, recording it first (once per jar build, a few
#   seconds: scripts/jvm-cache.sh) when it is missing or stale. JDK >= 25: an AOT cache (mmu.aot:
#   classes loaded and linked, method profiles); older JDKs: an application class-data archive
#   (mmu.jsa). A cache that is stale, unreadable or refused by the JVM never fails a run: the JVM
#   runs without it. MMU_JVM_CACHE=off disables it; MMU_VERBOSE=1 says on stderr what happened.

mmu_say() { [[ ${MMU_VERBOSE:-0} == 0 ]] || echo "mmu launcher: $*" >&2; }

# prints the JAVA_VERSION of the JDK whose bin/java is $1 ("" if unknown)
mmu_java_release_version() {
  local bin home v=""
  bin=$(readlink -f "$1" 2>/dev/null) || return 0
  home=${bin%/bin/java}
  if [[ -f $home/release ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  printf '%s' "$v"
}

mmu_major() {  # "25.0.3" -> 25, "1.8.0_412" -> 8, "" -> 0
  local v=$1
  [[ $v == 1.* ]] && v=${v#1.}
  v=${v%%[.+-]*}
  [[ $v =~ ^[0-9]+$ ]] && printf '%s' "$v" || printf 0
}

mmu_pick_java() {
  local min=${1:-25} best="" best_major=0 best_version="" c v m
  if [[ -n ${MMU_JAVA:-} ]]; then
    mmu_java=$MMU_JAVA
    mmu_java_version=$(mmu_java_release_version "$mmu_java")
    mmu_java_major=$(mmu_major "$mmu_java_version")
    mmu_java_why="MMU_JAVA"
    return 0
  fi
  local candidates=()
  ((min > 0)) && [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  ((min > 0)) && for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [[ -d $c && ! -L $c ]] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [[ -x $c/bin/java ]] || continue
    v=$(mmu_java_release_version "$c/bin/java")
    m=$(mmu_major "$v")
    if ((m >= min && m > best_major)); then
      best=$c/bin/java best_major=$m best_version=$v
    fi
  done
  if [[ -n $best ]]; then
    mmu_java=$best mmu_java_major=$best_major mmu_java_version=$best_version
    mmu_java_why="the newest JDK >= $min found"
    return 0
  fi
  local why=${2:-no JDK >= $min found}
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    mmu_java=$JAVA_HOME/bin/java mmu_java_why="JAVA_HOME ($why)"
  else
    mmu_java=$(command -v java) || { echo "mmu: no java found (install JDK 17 or newer, or set JAVA_HOME)" >&2; return 1; }
    mmu_java_why="java on PATH ($why)"
  fi
  mmu_java_version=$(mmu_java_release_version "$mmu_java")
  mmu_java_major=$(mmu_major "$mmu_java_version")
}

# the start-up cache's file for this JVM, beside the jar
mmu_cache_file() {
  if ((mmu_java_major >= 25)); then printf '%s' "${1%.jar}.aot"; else printf '%s' "${1%.jar}.jsa"; fi
}

# what a cache is valid for: the jar's modification time and size, the JVM and its version
mmu_cache_key() {
  printf 'jar=%s java=%s %s' "$(stat -c '%Y %s' "$1" 2>/dev/null || stat -f '%m %z' "$1")" \
    "$(readlink -f "$mmu_java" 2>/dev/null || printf '%s' "$mmu_java")" "$mmu_java_version"
}

mmu_cache_flags() {
  local jar=$1 file key
  mmu_cache=() mmu_cache_why="none"
  if [[ ${MMU_JVM_CACHE:-on} == off ]]; then
    mmu_cache_why="off (MMU_JVM_CACHE=off)"
    return 0
  fi
  file=$(mmu_cache_file "$jar")
  key=$(mmu_cache_key "$jar")
  if [[ ! -f $file.key || $(<"$file.key") != "$key" ]]; then
    if [[ -f $file.key && $(<"$file.key") == "failed $key" ]]; then
      mmu_cache_why="none: recording it for this jar failed before (see scripts/jvm-cache.sh)"
      mmu_say "$mmu_cache_why"
      return 0
    fi
    if [[ ! -w $(dirname "$jar") ]]; then
      mmu_cache_why="none: $(dirname "$jar") is not writable"
      mmu_say "$mmu_cache_why"
      return 0
    fi
    echo "mmu: recording the JVM's start-up cache for this build (once per build, a few seconds)..." >&2
    MMU_JAVA=$mmu_java "$(dirname "${BASH_SOURCE[0]}")/jvm-cache.sh" "$jar" >&2 || true
    [[ -f $file.key && $(<"$file.key") == "$key" ]] || {
      mmu_cache_why="none: it could not be recorded now"
      mmu_say "$mmu_cache_why"
      return 0
    }
  fi
  if ((mmu_java_major >= 25)); then
    mmu_cache=(-XX:AOTCache="$file")
    mmu_cache_why="AOT cache $file"
    # a cache the JVM refuses (another JVM build, changed jar) only costs its speed: keep quiet
    [[ ${MMU_VERBOSE:-0} != 0 ]] || mmu_cache+=(-Xlog:aot=off -Xlog:cds=off)
  else
    mmu_cache=(-XX:SharedArchiveFile="$file" -Xshare:auto)
    mmu_cache_why="class-data archive $file"
    [[ ${MMU_VERBOSE:-0} != 0 ]] || mmu_cache+=(-Xlog:cds=off)
  fi
}

# mmu_heap_table JAR: (re)writes JAR's mmu.heap, the default heaps of `xmatch` by input size
# (org.mmu.cli.LauncherHeapTable), when it is missing or older than the jar; quiet, best effort.
mmu_heap_table() {
  local jar=$1 table=${1%.jar}.heap
  [[ -f $table && $table -nt $jar ]] && return 0
  [[ -w $(dirname "$jar") ]] || return 0
  "$mmu_java" -Xshare:auto -XX:TieredStopAtLevel=1 -cp "$jar" org.mmu.cli.LauncherHeapTable >"$table.tmp.$$" 2>/dev/null \
    && mv "$table.tmp.$$" "$table" || rm -f "$table.tmp.$$"
}

# mmu_default_heap_mib JAR OBJECTS: prints the heap in MiB for an xmatch of OBJECTS in all (the
# first table row at least as large), at most a quarter of the machine's memory (the JVM's own
# default); prints nothing when there is no table.
mmu_default_heap_mib() {
  local jar=$1 objects=$2 table=${1%.jar}.heap n mib ram_kib
  mmu_heap_table "$jar"
  [[ -f $table ]] || return 0
  while read -r n mib; do
    [[ $n == \#* ]] && continue
    if ((n >= objects)); then break; fi
  done <"$table"
  [[ -n ${mib:-} ]] || return 0
  ram_kib=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo 2>/dev/null || true)
  if [[ -n $ram_kib ]] && ((mib > ram_kib / 4096)); then mib=$((ram_kib / 4096)); fi
  printf '%s' "$mib"
}
