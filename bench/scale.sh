#!/usr/bin/env bash
# The fetch task at crawl scale (issue 12), one command; prints a table, then JSON.
# One fetch task, fed fetch lists in the order a round writes them, against 5,000 loopback hosts
# served by nginx (installed from Debian's packages if missing): 200 hosts x 1,000 pages at delay 1 s
# (and the same list page by page, for comparison), 5,000 hosts x 20 and x 200 pages at delay 10 s
# (the tenfold list, for the heap), 50 x 100 at 0.2 s, and delay 0 against a plain HTTP loop.
# SECONDS_PER_CASE (default 60) bounds each time-limited case: about seven minutes in all.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v nginx >/dev/null || (apt-get update && apt-get install -y nginx)
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" \
  dev.trawl.bench.scale.ScaleBench "${SECONDS_PER_CASE:-60}"
