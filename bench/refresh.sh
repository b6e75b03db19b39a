#!/usr/bin/env bash
# The re-crawl benchmark (issue 14), one command: what a refresh of the demo crawl (4 hosts x 80
# pages, three rounds) saves against crawling it again from scratch, on the same unchanged site, in the
# same run. Prints a table (requests, body bytes the site sent, WARC bytes stored), then JSON.
# About a minute and a half on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-refresh-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
exec java -Xmx1g -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.RefreshBench "$work"
