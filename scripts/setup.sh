#!/usr/bin/env bash
# One-time, idempotent set-up for building mmu-java on Debian + JDK 17 + Maven. Needs no root.
#
# cds-healpix-java (CDS, BSD-3) is not published on Maven Central. Debian ships it as
# libcds-healpix-java; we fetch that package without installing it (apt-get download needs no
# root), check its jar against a pinned SHA-256, and install it into the local Maven repository
# as fr.unistra.cds:cds-healpix-java:0.30.2.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.30.2
sha256=b496259fd9509ec9c2e5af21dd68fe59ba88e23813f3b886f8031c1a206221dd
group_path=fr/unistra/cds/cds-healpix-java/$version
m2=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
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
  # Run outside the project so Maven does not read our poms (which need this very jar).
  (cd / && mvn -q -B org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
    -Dfile="$jar" -DgroupId=fr.unistra.cds -DartifactId=cds-healpix-java \
    -Dversion=$version -Dpackaging=jar -DgeneratePom=true)
  echo "setup: installed cds-healpix-java $version into $m2"
fi
