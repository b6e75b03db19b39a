package dev.trawl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.jobs.LocalCrawl;
import dev.trawl.testsupport.ManifestFigures.Capture;
import dev.trawl.testsupport.ManifestFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's story on Spark, as on EMR: crawl a site for two rounds, paste what {@code trawl hive-ddl}
 * prints into Spark SQL (or read the folder with {@code spark.read}), and run the example queries of
 * hive/queries.sql. Real Spark 3.5 in local mode ({@link LocalSpark}); every answer must equal the
 * figure computed from the manifest's Avro files by Avro's own reader ({@link ManifestFigures}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueriesTheManifestOnSparkTest {
  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private LocalCrawl crawl;
  private String crawlUri;
  private Path manifest;
  /** Every record, its round as the tables hold it ('0001') and as spark.read discovers it (1). */
  private List<Capture> asFolders;
  private List<Capture> asDiscovered;
  private LocalSpark spark;

  @BeforeAll
  void crawlAndStartSpark() throws Exception {
    site = LoopbackSite.start(2, 14, 5);
    SiteGraph graph = site.graph();
    crawl = new LocalCrawl(tmp);
    crawlUri = crawl.uri();
    // The same pages under query strings the site ignores: duplicates for the duplicates query.
    Path seeds = Files.writeString(tmp.resolve("seeds.txt"), String.join("\n", graph.url(0, "/"), graph.url(1, "/"),
        graph.url(0, "/page/9?utm_source=a"), graph.url(0, "/page/9?utm_source=bb"), graph.url(1, "/page/3?ref=x"),
        graph.url(1, "/missing/2"), graph.url(1, "/missing/5"), graph.url(0, "/missing/7")) + "\n");
    crawl.crawl(seeds, "--depth", "2");
    manifest = tmp.resolve("crawl/manifest");
    asFolders = ManifestFigures.read(manifest, r -> String.format("%04d", r));
    asDiscovered = ManifestFigures.read(manifest, Integer::toString);
    assertTrue(asFolders.stream().anyMatch(c -> c.m().getDuplicateOf() != null), "the crawl has duplicates to query");
    assertEquals(2, asFolders.stream().map(Capture::round).distinct().count(), "two rounds to partition by");
    spark = new LocalSpark(tmp.resolve("spark"));
  }

  @AfterAll
  void stop() {
    site.close();
    spark.close();
  }

  @Test
  void everyExampleQueryOnTheHiveDdl() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri);
    assertEquals(0, ddl.exit(), ddl.err());
    spark.run(ddl.out());
    assertEquals(List.of("round=0001", "round=0002"), spark.rows("SHOW PARTITIONS trawl_manifest"));
    everyExampleQueryOn("trawl_manifest", asFolders);
  }

  @Test
  void everyExampleQueryOnSparkRead() throws Exception {
    // No table, no metastore: Spark discovers round=NNNN itself (as an int).
    spark.session.read().format("avro").load(manifest.toUri().toString()).createOrReplaceTempView("manifest_read");
    everyExampleQueryOn("manifest_read", asDiscovered);
  }

  @Test
  void everyExampleQueryOnSparksOwnTable() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--engine", "spark", "--table", "manifest_native");
    assertEquals(0, ddl.exit(), ddl.err());
    assertTrue(ddl.out().contains("USING avro"), ddl.out());
    spark.run(ddl.out());
    everyExampleQueryOn("manifest_native", asFolders);
  }

  @Test
  void everyExampleQueryOnTheParquetCopy() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--format", "parquet");
    assertEquals(0, ddl.exit(), ddl.err());
    spark.run(ddl.out());
    assertEquals(List.of("round=0001", "round=0002"), spark.rows("SHOW PARTITIONS trawl_manifest_parquet"));
    everyExampleQueryOn("trawl_manifest_parquet", asFolders);
  }

  /** Common Crawl index queries, unchanged but for the table's name and the crawl's, on the view hive-ddl prints. */
  @Test
  void commonCrawlIndexQueriesRunOnTheView() throws Exception {
    for (String engine : List.of("hive", "spark")) {
      String table = "cc_" + engine;
      LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--format", "parquet", "--engine", engine, "--table", table);
      assertEquals(0, ddl.exit(), ddl.err());
      spark.run(ddl.out());
      Map<String, Function<List<Capture>, List<String>>> expected = ManifestFigures.expectedOfCcIndex();
      Map<String, String> queries = ManifestFigures.ccIndexQueries(Path.of("../hive/ccindex-queries.sql"), table + "_ccindex",
          "file:" + tmp.resolve("crawl"));
      assertEquals(expected.keySet(), queries.keySet());
      for (Map.Entry<String, String> q : queries.entrySet()) {
        List<String> want = expected.get(q.getKey()).apply(asFolders);
        assertFalse(want.isEmpty(), q.getKey() + " should return rows on this crawl");
        assertEquals(want, spark.rows(q.getValue()), engine + ": " + q.getKey());
      }
    }
  }

  @Test
  void roundsRegisteredBothWaysAreCountedOnce() throws Exception {
    for (String engine : List.of("hive", "spark")) {
      String table = "both_ways_" + engine;
      LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--engine", engine, "--table", table);
      assertEquals(0, ddl.exit(), ddl.err());
      spark.run(ddl.out().substring(0, ddl.out().indexOf("MSCK REPAIR")));
      List<String> adds = Arrays.stream(ddl.out().split("\n"))
          .filter(l -> l.startsWith("-- ALTER TABLE") && l.contains(" ADD IF NOT EXISTS ")).map(l -> l.substring(3)).toList();
      assertEquals(2, adds.size(), ddl.out());
      // One round at a time, as a user adding each round after it finishes; then the repair the DDL also suggests.
      adds.forEach(spark::run);
      spark.run("MSCK REPAIR TABLE " + table + ";");
      adds.forEach(spark::run);
      assertEquals(List.of("round=0001", "round=0002"), spark.rows("SHOW PARTITIONS " + table), engine);
      assertEquals(List.of(Integer.toString(asFolders.size())), spark.rows("SELECT COUNT(*) FROM " + table),
          engine + ": every record counted once");
      assertEquals(List.of(Long.toString(asFolders.stream().filter(c -> c.round().equals("0002")).count())),
          spark.rows("SELECT COUNT(*) FROM " + table + " WHERE `round` = '0002'"), engine);
    }
  }

  private void everyExampleQueryOn(String table, List<Capture> captures) throws Exception {
    Map<String, Function<List<Capture>, List<String>>> expected = ManifestFigures.expected();
    Map<String, String> queries = ManifestFigures.exampleQueries(Path.of("../hive/queries.sql"));
    assertEquals(expected.keySet(), queries.keySet(), "every example query has its figure, and no more");
    for (Map.Entry<String, String> q : queries.entrySet()) {
      List<String> want = expected.get(q.getKey()).apply(captures);
      assertFalse(want.isEmpty(), q.getKey() + " should return rows on this crawl");
      assertEquals(want, spark.rows(q.getValue().replace("trawl_manifest", table)), table + ": " + q.getKey());
    }
  }

}
