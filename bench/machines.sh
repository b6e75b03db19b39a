#!/usr/bin/env bash
# The machines benchmark (issue 23), one command: the overhead of the fetch tasks' resource sampling
# (rounds of the same 600 loopback pages at delay 0 with sampling at its default, off, and fifty times
# as often; RUNS=3 each, alternated, medians), and a delay-0 round against a politeness-bound one: CPU
# share, pages per CPU-second, cost per 1,000 pages as paid and without the idle time. Prints a table,
# then JSON. About two minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-machines-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
exec java -Xmx1g -Druns="${RUNS:-3}" -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.MachinesBench "$work"
