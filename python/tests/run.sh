#!/usr/bin/env bash
# Runs the Python package's tests against the built jar (mmu-examples/target/mmu.jar, or MMU_JAR):
# with pytest when Debian's python3-pytest is there, else with unittest. Each file runs in its
# own interpreter, so the PyTorch tests fork their DataLoader workers from a process without a
# JVM. Tests whose Debian packages (python3-jpype, python3-numpy, python3-torch) are missing skip
# and say why; any failure fails this script.
set -euo pipefail
cd "$(dirname "$0")"
py=${MMU_PYTHON:-/usr/bin/python3}
if ! command -v "$py" >/dev/null; then
  echo "python tests: skipped, no $py (set MMU_PYTHON to a Python 3 with numpy, JPype1 and torch)"
  exit 0
fi
if "$py" -c 'import pytest' 2>/dev/null; then
  run=("$py" -m pytest -q -rs -p no:cacheprovider)
else
  echo "python tests: no pytest (Debian: python3-pytest); running them with unittest"
  run=("$py")
fi
for t in test_*.py; do
  echo "python tests: $t"
  if [[ ${run[1]:-} == -m ]]; then "${run[@]}" "$t"; else "${run[@]}" "$t" -v; fi
done
