#!/usr/bin/env bash
# Row-level fetching over HTTP: serve an index-first survey with MMU-sized cutouts from nginx on
# 127.0.0.1 and crossmatch-load a sparse target list against it. See docs/performance.md.
#   scripts/bench-remote.sh [DIR] [objects] [bands] [size] [matched fraction]
# Coverage first (issue 20): a sparse survey against a dense index-first one (SkyDatasetGenerator,
# uniform), served the same way; prints the dense _index bytes read beside its size (target
# <= 5 %), time to the first batch, total time and peak RSS of the load (its own JVM, -Xmx512m):
#   scripts/bench-remote.sh --sparse [DIR] [dense objects, 3e6] [sparse objects, 1e3]
# Needs Debian's nginx (installed here when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
sparse=
if [[ ${1:-} == --sparse ]]; then sparse=1; shift; fi
dir=$(realpath -m "${1:-bench-out/remote${sparse:+-sparse}}"); shift || true
mkdir -p "$dir"
if ! command -v nginx >/dev/null; then
  [[ $(id -u) == 0 ]] || { echo "bench-remote: nginx missing (apt-get install nginx-light)"; exit 2; }
  apt-get install -y -qq nginx-light >/dev/null
fi
scripts/setup.sh
mvn -q -B -DskipTests package
port=$((20000 + RANDOM % 20000))
conf=$(mktemp -d)
cat >"$conf/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $conf/nginx.pid;
error_log $conf/error.log;
events { worker_connections 256; }
http {
  access_log $conf/access.log;
  sendfile on;
  keepalive_requests 100000;
  server { listen 127.0.0.1:$port; root $dir; location / { } }
}
CONF
nginx -c "$conf/nginx.conf" & pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$conf"' EXIT
sleep 0.5
if [[ -n $sparse ]]; then
  dense=${1:-3e6}
  targets=${2:-1e3}
  jar=mmu-examples/target/mmu.jar
  [[ -f $dir/gen/left/mmu_dataset.json ]] || { rm -rf "$dir/gen"; java -Xmx2g -cp $jar org.mmu.bench.SkyDatasetGenerator "$dir/gen" --objects "$dense" >&2; }
  java -Xmx2g -cp $jar org.mmu.bench.SparseLoadBench prepare "$dir/gen/left" "$dir/sparse-$targets" "$targets"
  java -Xmx512m -cp $jar org.mmu.bench.SparseLoadBench run "$dir/sparse-$targets" "http://127.0.0.1:$port/gen/left" "$dir/gen/left"
else
  java -Xmx8g -cp mmu-examples/target/mmu.jar org.mmu.bench.RemoteFetchBench "$dir" "http://127.0.0.1:$port/" "$@"
fi
echo "nginx served $(wc -l <"$conf/access.log") requests"
