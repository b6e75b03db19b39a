#!/usr/bin/env bash
# Per-server politeness (issue 25), one command: 1,000 host names over 20 loopback addresses, names
# given to the JVM by a hosts file written here (no resolver is asked), delay 1 s, one fetch task per
# trawl.fetch.politeness mode (host, domain, ip) for SECONDS each (default 20): pages/s against the
# per-server limit (20/s), and each address's most requests at once and shortest gap from its own
# request log. Prints a table, then JSON. About a minute and a half.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-politeness-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -q -B -DskipTests package -pl bench -am)
{
  echo "127.0.0.1 localhost $(hostname)"
  for n in $(seq 0 999); do echo "127.0.1.$(( n % 20 + 1 )) n$n.server$(( n % 20 )).com"; done
} > "$work/hosts"
exec java -Xmx1g -Djdk.net.hosts.file="$work/hosts" -Dseconds="${SECONDS_PER_MODE:-20}" \
  -cp "$here/bench/target/trawl-bench-0.1.0-SNAPSHOT.jar:$here/bench/target/lib/*" dev.trawl.bench.PolitenessBench
