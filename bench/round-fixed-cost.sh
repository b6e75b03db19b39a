#!/usr/bin/env bash
# The fixed cost of a round in local mode: a crawl of one URL (one host, one page, one round),
# run RUNS times (default 3). Prints each round's seconds (from rounds/0001.json, i.e. the job
# alone) and the whole command's wall time, then the medians.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package)
rounds=(); walls=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$here/bin/trawl" demo --out "$work/run$i" --hosts 1 --pages 1 --rounds 1 > "$work/run$i.log" 2>&1
  end=$(date +%s.%N)
  round=$(grep -o '"seconds" : [0-9.]*' "$work/run$i/crawl/rounds/0001.json" | head -n 1 | awk '{print $3}')
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
  rounds+=("$round"); walls+=("$wall")
  printf 'run %d: round %.2f s, whole command %.2f s\n' "$i" "$round" "$wall"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'median: round %.2f s, whole command %.2f s (JVM start, demo site, inject included)\n' \
  "$(median "${rounds[@]}")" "$(median "${walls[@]}")"
