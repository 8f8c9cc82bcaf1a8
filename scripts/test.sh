#!/usr/bin/env bash
# Set up (idempotent) and run the whole test suite, as CI does.
# Installs the Debian packages some tests compare against (astropy for crossmatch agreement,
# stilts for best/N-way/MOC agreement) and those the Python package runs on (JPype, PyTorch)
# when run as root with apt; without them those tests skip and say why. After the Maven suite,
# the Python package's tests run against the jar it built (python/tests/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"   # same local repository as the mvn below
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  missing=()
  /usr/bin/python3 -c 'import astropy, numpy' 2>/dev/null || missing+=(python3-astropy python3-numpy)
  command -v stilts >/dev/null || missing+=(stilts)
  /usr/bin/python3 -c 'import jpype' 2>/dev/null || missing+=(python3-jpype)
  /usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch)
  if ((${#missing[@]})); then
    echo "test: installing ${missing[*]} (Debian) for agreement and Python tests"
    (apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
       || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; }) \
       || echo "test: could not install ${missing[*]}; the tests that need them will skip"
  fi
fi
mvn -B verify "$@"
python/tests/run.sh
