#!/usr/bin/env bash
# A round on a real distributed Hadoop against the same round in local mode (issue 13), one command.
# Runs jar-test's CrawlsOnYarnAndHdfsIT: HDFS and YARN with two node managers in one JVM
# (hadoop-minicluster), the shaded job jar submitted as `hadoop jar` submits it, three rounds of a
# six-host loopback site (2, 1 and auto = 3 fetch lists), then the same three rounds in local mode.
# Prints per round: wall seconds on YARN and in local mode, and how far apart the fetch tasks
# started. About 5 minutes on 2 cores, almost all of it JVM starts (application master, tasks).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$(mktemp "${TMPDIR:-/tmp}/trawl-yarn-round.XXXXXX.log")"
(cd "$here" && mvn -B -q -DskipTests package && cd jar-test \
  && mvn -B verify -Dit.test=CrawlsOnYarnAndHdfsIT) > "$log" 2>&1 || { tail -50 "$log"; exit 1; }
grep '^figure:' "$log" | sed 's/^figure: //'
echo "(full log: $log)"
