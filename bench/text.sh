#!/usr/bin/env bash
# The text benchmark (issue 26), one command: one round over the HTML documentation under
# /usr/share/doc (DOCS=...), served from four loopback hosts, with trawl.text on and off (RUNS=3 each,
# alternated, medians): round seconds, pages per fetch-task CPU-second, the main text's and languages'
# own CPU per page against the fetch tasks' with text off, bytes stored per page in warc/, wet/, cdxj/
# and manifest/. Prints a table, then JSON. About two minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-text-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
exec java -Xmx1g -Druns="${RUNS:-3}" -Ddocs="${DOCS:-/usr/share/doc}" -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.TextBench "$work"
