#!/usr/bin/env bash
# The index benchmark (issue 26), one command: one round of the same 1,600 loopback pages at delay 0
# with the CDXJ index on and off (RUNS=3 each, alternated, medians of the round's seconds); the index's
# CPU per page against the fetch tasks'; bytes stored per page for WARC, manifest and index. Prints a
# table, then JSON. About a minute and a half on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-index-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
exec java -Xmx1g -Druns="${RUNS:-3}" -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.IndexBench "$work"
