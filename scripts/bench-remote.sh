#!/usr/bin/env bash
# Row-level fetching over HTTP: serve an index-first survey with MMU-sized cutouts from nginx on
# 127.0.0.1 and crossmatch-load a sparse target list against it. See docs/performance.md.
#   scripts/bench-remote.sh [DIR] [objects] [bands] [size] [matched fraction]
# Needs Debian's nginx (installed here when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(realpath -m "${1:-bench-out/remote}"); shift || true
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
java -Xmx8g -cp mmu-examples/target/mmu.jar org.mmu.bench.RemoteFetchBench "$dir" "http://127.0.0.1:$port/" "$@"
echo "nginx served $(wc -l <"$conf/access.log") requests"
