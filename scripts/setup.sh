#!/usr/bin/env bash
# One-time, idempotent set-up for building mmu-java on Debian + JDK 17 + Maven. Needs no root.
#
# cds-healpix-java (CDS, BSD-3) is not published on Maven Central. Debian ships it as
# libcds-healpix-java; we fetch that package without installing it (apt-get download needs no
# root), check its jar against a pinned SHA-256, and install it into the local Maven repository
# as fr.unistra.cds:cds-healpix-java:0.30.2. Only the build needs it: our published jars carry it
# (relocated inside mmu-matching), so users of the library never run this.
#
# The local repository is, in this order: -Dmaven.repo.local=DIR given to this script (test.sh
# passes its Maven arguments on), $MAVEN_REPO_LOCAL, -Dmaven.repo.local in $MAVEN_OPTS or
# $MAVEN_ARGS, then ~/.m2/repository.
set -euo pipefail
orig_pwd=$PWD
cd "$(dirname "$0")/.."

repo_local_from() {  # prints DIR from the last -Dmaven.repo.local=DIR among its arguments
  local found="" a
  for a in "$@"; do [[ $a == -Dmaven.repo.local=* ]] && found=${a#-Dmaven.repo.local=}; done
  printf '%s' "$found"
}
# shellcheck disable=SC2086  # MAVEN_OPTS/MAVEN_ARGS are word lists by definition
m2=$(repo_local_from "$@")
[[ -n $m2 ]] || m2=${MAVEN_REPO_LOCAL:-}
[[ -n $m2 ]] || m2=$(repo_local_from ${MAVEN_OPTS:-} ${MAVEN_ARGS:-})
[[ -n $m2 ]] || m2=$HOME/.m2/repository
m2=${m2/#\~/$HOME}
[[ $m2 == /* ]] || m2=$orig_pwd/$m2   # Maven resolves a relative path against where it was run

version=0.30.2
sha256=b496259fd9509ec9c2e5af21dd68fe59ba88e23813f3b886f8031c1a206221dd
group_path=fr/unistra/cds/cds-healpix-java/$version
target=$m2/$group_path/cds-healpix-java-$version.jar

if [[ ! -f $target ]]; then
  jar=/usr/share/java/cdshealpix-$version.jar
  if [[ ! -f $jar ]]; then
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && apt-get download "libcds-healpix-java=$version+ds-1" >/dev/null) || {
      echo "setup: could not download Debian package libcds-healpix-java $version" >&2
      echo "       (needs Debian's package index; run 'apt-get update' once if it is empty)" >&2
      exit 1; }
    dpkg -x "$tmp"/libcds-healpix-java_*.deb "$tmp/x"
    jar=$tmp/x/usr/share/java/cdshealpix-$version.jar
  fi
  echo "$sha256  $jar" | sha256sum -c --quiet - || {
    echo "setup: $jar does not have the pinned SHA-256 $sha256" >&2; exit 1; }
  # Run outside the project so Maven does not read our poms (which need this very jar). The first
  # run downloads Maven's install plugin (a few MB): say so and let Maven show it.
  quiet=-q
  if [[ ! -d $m2/org/apache/maven/plugins/maven-install-plugin/3.1.4 ]]; then
    echo "setup: Maven downloads its install plugin (a few MB, once) into $m2 ..." >&2
    quiet=
  fi
  (cd / && mvn $quiet -B org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
    -Dmaven.repo.local="$m2" -Dfile="$jar" -DgroupId=fr.unistra.cds -DartifactId=cds-healpix-java \
    -Dversion=$version -Dpackaging=jar -DgeneratePom=true)
  [[ -f $target ]] || { echo "setup: Maven did not install $target" >&2; exit 1; }
  echo "setup: installed cds-healpix-java $version into $m2"
fi
