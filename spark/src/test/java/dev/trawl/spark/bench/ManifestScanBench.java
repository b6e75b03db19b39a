package dev.trawl.spark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Bytes Spark reads to answer two typical manifest queries, on the Avro manifest and on its Parquet
 * copy of the same crawl: what a scan costs on engines that bill or wait by bytes read (Athena bills
 * per byte scanned). Bytes read are Spark's own input metrics (what its tasks read from the file
 * system), summed over the query's tasks. Run by bench/manifest-scan.sh; prints a table, then JSON.
 */
public final class ManifestScanBench {
  private static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("status_per_round", "SELECT `round`, status, COUNT(*) AS captures FROM m GROUP BY `round`, status ORDER BY `round`, status");
    QUERIES.put("pages_and_bytes_per_host", "SELECT host, COUNT(*) AS pages, SUM(content_length) AS bytes FROM m "
        + "WHERE status = 'fetched' GROUP BY host ORDER BY pages DESC, host");
  }

  private ManifestScanBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManifestScanBench CRAWL_ROOT_DIR (a local crawl root with manifest/ and manifest-parquet/)");
    }
    Path root = Path.of(args[0]);
    Path avro = root.resolve("manifest");
    Path parquet = root.resolve("manifest-parquet");
    for (Path p : List.of(avro, parquet)) {
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(p + " is missing: crawl with trawl.manifest.parquet=true (the default)");
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("manifest scan bench")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC").getOrCreate();
    AtomicLong bytesRead = new AtomicLong();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          bytesRead.addAndGet(end.taskMetrics().inputMetrics().bytesRead());
        }
      }
    });
    try {
      long records = spark.read().format("avro").load(avro.toString()).count();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("records", records);
      json.put("avro_bytes_on_disk", dataBytes(avro, ".avro"));
      json.put("parquet_bytes_on_disk", dataBytes(parquet, ".parquet"));
      System.out.printf("manifest of %s: %,d records; data files: Avro %,d bytes, Parquet %,d bytes (%.2fx)%n%n", root, records,
          dataBytes(avro, ".avro"), dataBytes(parquet, ".parquet"), (double) dataBytes(parquet, ".parquet") / dataBytes(avro, ".avro"));
      System.out.printf("%-26s %16s %16s %9s  %s%n", "query", "Avro bytes read", "Parquet read", "ratio", "same answer");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Map.Entry<String, String> q : QUERIES.entrySet()) {
        Scan a = scan(spark, bytesRead, "avro", avro, q.getValue());
        Scan p = scan(spark, bytesRead, "parquet", parquet, q.getValue());
        double ratio = (double) p.bytes() / a.bytes();
        boolean same = a.rows().equals(p.rows());
        System.out.printf("%-26s %,16d %,16d %8.3fx  %s%n", q.getKey(), a.bytes(), p.bytes(), ratio, same ? "yes" : "NO");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("query", q.getKey());
        r.put("avro_bytes_read", a.bytes());
        r.put("parquet_bytes_read", p.bytes());
        r.put("parquet_over_avro", Math.round(ratio * 1000) / 1000.0);
        r.put("same_answer", same);
        rows.add(r);
      }
      json.put("queries", rows);
      System.out.println();
      System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(json));
    } finally {
      spark.stop();
    }
  }

  private record Scan(long bytes, List<Row> rows) {}

  /** One query over one format's folder, read as {@code spark.read} does (rounds discovered from the folders). */
  private static Scan scan(SparkSession spark, AtomicLong bytesRead, String format, Path dir, String sql) throws Exception {
    spark.read().format(format).load(dir.toString()).createOrReplaceTempView("m");
    spark.sparkContext().listenerBus().waitUntilEmpty();
    bytesRead.set(0);
    List<Row> rows = spark.sql(sql).collectAsList();
    // Task metrics arrive on the listener bus after the job returns.
    spark.sparkContext().listenerBus().waitUntilEmpty();
    return new Scan(bytesRead.get(), rows);
  }

  private static long dataBytes(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
