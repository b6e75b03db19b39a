#!/usr/bin/env bash
# The manifest scan benchmark (issue 18), one command: crawls the demo site (HOSTS hosts x PAGES pages,
# ROUNDS rounds; defaults 50 x 2000 x 6: about 25,000 records, 4 minutes on 2 cores;
# HOSTS=100 PAGES=3000 ROUNDS=8: about 275,000 records, 30 minutes) with the Parquet copy on (the default), then has Spark 3.5 in
# local mode answer two typical queries (status per round; pages and bytes per host) over the Avro
# manifest and over its Parquet copy, and prints the bytes Spark read for each (its tasks' input
# metrics), their ratio, and whether the answers agree. Then JSON.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/trawl-manifest-scan.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# The job jar and bin/trawl's classpath, the Spark module's test classes and their classpath.
(cd "$here" && mvn -q -B -DskipTests package dependency:build-classpath -pl spark -am \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/spark.classpath")
"$here/bin/trawl" demo --out "$work/demo" --hosts "${HOSTS:-50}" --pages "${PAGES:-2000}" --rounds "${ROUNDS:-6}" \
  > "$work/demo.log" 2>&1 || { cat "$work/demo.log"; exit 1; }
# Spark's own module options for Java 17, as spark-submit adds them.
opens=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
java -Xmx2g "${opens[@]}" -Duser.timezone=UTC \
  -cp "$here/spark/target/test-classes:$(cat "$work/spark.classpath")" dev.trawl.spark.bench.ManifestScanBench "$work/demo/crawl"
