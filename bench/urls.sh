#!/usr/bin/env bash
# The listing benchmark (issue 16), one command; prints a table. A generated crawl db of URLS URLs
# (default 2,000,000) is listed by `trawl urls` and, as the baseline in the same run, by the plainest
# Avro read printing the same lines; then `trawl url` looks up the last URL of the last file. Each runs
# in its own JVM under HEAP (default 64m) to show the listing streams: a crawl db many times the heap.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
urls="${URLS:-2000000}"
heap="${HEAP:-64m}"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-urls-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package)
cp="$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*"
java -cp "$cp" dev.trawl.bench.urls.UrlsBench generate "$urls" "$work/crawl"
last="http://host$(( (urls - 1) % 10000 )).example/page/$(( urls - 1 ))"
run() { # name, command...: wall seconds and peak RSS of one run, its stdout counted in lines
  local name="$1"; shift
  local start end lines
  start=$(date +%s.%N)
  lines=$(/usr/bin/time -f "%M" -o "$work/$name.rss" "$@" 2>"$work/$name.err" | wc -l)
  end=$(date +%s.%N)
  printf '%-28s %10s lines %8.2f s %8d MiB peak RSS\n' "$name" "$lines" "$(echo "$end - $start" | bc)" \
    "$(( $(tail -1 "$work/$name.rss") / 1024 ))"
}
echo "crawl db: $urls URLs in $(du -sh "$work/crawl/crawldb" | cut -f1) of Avro; each run with -Xmx$heap"
run "baseline (plain Avro read)" java "-Xmx$heap" -cp "$cp" dev.trawl.bench.urls.UrlsBench read "$work/crawl"
TRAWL_JAVA_OPTS="-Xmx$heap" run "trawl urls" "$here/bin/trawl" urls --crawl "file://$work/crawl"
TRAWL_JAVA_OPTS="-Xmx$heap" run "trawl urls --status pending" "$here/bin/trawl" urls --crawl "file://$work/crawl" --status pending
TRAWL_JAVA_OPTS="-Xmx$heap" run "trawl url (last URL)" "$here/bin/trawl" url --crawl "file://$work/crawl" "$last"
