#!/usr/bin/env bash
# A fetch task's memory (issue 3): peak heap and RSS over 100,000 pages of 8 KiB from a loopback
# site. Politeness and throughput at scale are bench/scale.sh's. Prints a line and JSON. About a minute.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
exec java -Xmx1g -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.FetchBench
