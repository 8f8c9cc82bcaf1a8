#!/usr/bin/env bash
# Set up (idempotent), build, and run the built-in demo:
#   two synthetic surveys (images, spectra) -> index-first datasets -> crossmatch -> load matched rows.
# Usage: scripts/demo.sh [demo options, see: java -jar mmu-examples/target/mmu.jar demo --help]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The first build downloads the dependencies (about 540 MB) into the local repository: say so and
# show Maven's progress then; later builds are quiet.
m2=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
if [[ ! -d $m2/org/apache/parquet/parquet-hadoop ]]; then
  echo "first build: Maven downloads the dependencies (about 540 MB, once) into $m2 ..." >&2
  mvn -B -DskipTests package
else
  mvn -q -B -DskipTests package
fi
scripts/jvm-cache.sh
exec scripts/mmu demo "$@"
