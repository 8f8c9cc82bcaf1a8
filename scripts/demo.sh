#!/usr/bin/env bash
# Set up (idempotent), build, and run the built-in demo:
#   two synthetic surveys (images, spectra) -> index-first datasets -> crossmatch -> load matched rows.
# Usage: scripts/demo.sh [demo options, see: java -jar mmu-examples/target/mmu.jar demo --help]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mvn -q -B -DskipTests package
scripts/cds-archive.sh
exec scripts/mmu demo "$@"
