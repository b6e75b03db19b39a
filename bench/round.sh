#!/usr/bin/env bash
# The round benchmark (issue 8), one command; prints a table, then JSON.
#  - fixed cost: a round that fetches one URL in local mode (`trawl demo`), RUNS times (default 5),
#    split into job set-up, fetch task, and shuffle/reduce/commit;
#  - merge throughput: a generated crawl db of URLS known URLs over HOSTS hosts plus a round's fetch
#    results (URLS/10 pages, LINKS links each) through the real round shuffle and reducer, with and
#    without the combiner, against an identity job over the same records in the same run;
#  - fetch list balance for a Zipf frontier, balanced against hashed.
# Defaults are the issue's scale (10,000,000 URLs, 100,000 hosts, 30,000,000 links): about 25 minutes
# on 2 cores and 10 GB of temporary disk. URLS=1000000 HOSTS=10000 runs in about 3 minutes.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-round-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package)
crawls=()
for i in $(seq 1 "$runs"); do
  "$here/bin/trawl" demo --out "$work/fixed$i" --hosts 1 --pages 1 --rounds 1 > "$work/fixed$i.log" 2>&1
  crawls+=("$work/fixed$i")
done
exec java -Xmx3g ${BENCH_JAVA_OPTS:-} -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" \
  dev.trawl.bench.RoundBench "${URLS:-10000000}" "${HOSTS:-100000}" "${LINKS:-30}" "$work/merge" "${crawls[@]}"
