#!/usr/bin/env bash
# The fetch task benchmark (issue 3): politeness efficiency for 50 hosts x 100 pages at 0.2 s, pages/s
# at delay 0 against a plain HTTP load loop on the same loopback server, and a fetch task's peak heap
# and RSS over 100,000 pages. Prints a table and JSON. About a minute and a half.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
exec java -Xmx1g -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.FetchBench
