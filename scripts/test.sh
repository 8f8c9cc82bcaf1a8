#!/usr/bin/env bash
# Set up (idempotent) and run the whole test suite, as CI does: on the default JDK (17), then again
# on a JDK >= 25 where one is installed (below).
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

# The same suite on the JDK >= 25 scripts/mmu prefers, when one is installed (scripts/jvm.sh), in
# forked test JVMs (-Djvm; built once above, on 17: the library stays Java 17 bytecode). Left out:
# the tests of Hadoop storage and the Spark module, because Hadoop 3.4 calls Subject.getSubject,
# which JDK 23+ refuses (scripts/mmu and mmu-spark run JDK 17 for them), and mmu-consumer-it
# (it compiles docs/spark.md against mmu-spark, and builds a user's project: JVM-independent).
# MMU_TEST_JDK25=0 skips it.
source scripts/jvm.sh
MMU_JAVA= mmu_pick_java
if [[ ${MMU_TEST_JDK25:-1} != 0 ]] && ((mmu_java_major >= 25)); then
  echo "test: the suite again on JDK $mmu_java_version ($mmu_java), without Hadoop storage, Spark and the consumer project"
  mvn -B verify -Djvm="$mmu_java" -pl '!mmu-spark,!mmu-consumer-it' -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    -Dtest='!HadoopStorageTest,!S3DatasetTest,!HdfsDatasetTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
fi
