package dev.trawl.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.jobs.LocalCrawl;
import dev.trawl.jobs.hive.HiveDdl;
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
 * The user's story: crawl a site for two rounds, paste what {@code trawl hive-ddl} prints into Hive,
 * pick up the rounds, and run the example queries shipped in hive/queries.sql, over the Avro files
 * and over their Parquet copy. Real Hive 4.1, in process ({@link InProcessHive}); every query's
 * result must equal the same figure computed straight from the manifest's Avro files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueriesTheManifestOnHiveTest {

  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private LocalCrawl crawl;
  private String crawlUri;
  /** Every manifest record, its round as the table holds it: the folder's own value, '0001'. */
  private List<Capture> manifest;
  private InProcessHive hive;

  @BeforeAll
  void crawlAndStartHive() throws Exception {
    hive = new InProcessHive(tmp.resolve("hive"));
    site = LoopbackSite.start(2, 14, 5);
    SiteGraph graph = site.graph();
    crawl = new LocalCrawl(tmp);
    crawlUri = crawl.uri();
    // The same pages under query strings the site ignores: duplicates for the duplicates query.
    Path seeds = Files.writeString(tmp.resolve("seeds.txt"), String.join("\n", graph.url(0, "/"), graph.url(1, "/"),
        graph.url(0, "/page/9?utm_source=a"), graph.url(0, "/page/9?utm_source=bb"), graph.url(1, "/page/3?ref=x"),
        graph.url(1, "/missing/2"), graph.url(1, "/missing/5"), graph.url(0, "/missing/7")) + "\n");
    crawl.crawl(seeds, "--depth", "2");
    manifest = ManifestFigures.read(tmp.resolve("crawl/manifest"), r -> String.format("%04d", r));
    assertTrue(manifest.stream().anyMatch(row -> row.m().getDuplicateOf() != null), "the crawl has duplicates to query");

  }

  @AfterAll
  void stop() throws Exception {
    site.close();
    hive.close();
  }

  private List<String> sql(String script) throws Exception {
    return hive.run(script);
  }

  private List<String> rows(String table, String query) throws Exception {
    return sql(query.replace("trawl_manifest", table) + ";");
  }

  @Test
  void everyExampleQueryEqualsTheFigureComputedFromTheAvroFiles() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri);
    assertEquals(0, ddl.exit(), ddl.err());
    assertTrue(ddl.out().contains("LOCATION 'file:" + tmp.resolve("crawl") + "/manifest'"), ddl.out());
    sql(ddl.out());
    assertEquals(List.of("round=0001", "round=0002"), sql("SHOW PARTITIONS trawl_manifest;"));
    assertEquals(List.of(Integer.toString(manifest.size())), rows("trawl_manifest", "SELECT COUNT(*) FROM trawl_manifest"));
    everyExampleQueryOn("trawl_manifest");
  }

  @Test
  void theParquetCopyAnswersEveryExampleQueryAlike() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--format", "parquet");
    assertEquals(0, ddl.exit(), ddl.err());
    assertTrue(ddl.out().contains("LOCATION 'file:" + tmp.resolve("crawl") + "/manifest-parquet'"), ddl.out());
    sql(ddl.out());
    assertEquals(List.of("round=0001", "round=0002"), sql("SHOW PARTITIONS trawl_manifest_parquet;"));
    everyExampleQueryOn("trawl_manifest_parquet");
  }

  private void everyExampleQueryOn(String table) throws Exception {

    Map<String, Function<List<Capture>, List<String>>> expected = ManifestFigures.expected();
    Map<String, String> queries = ManifestFigures.exampleQueries(Path.of("queries.sql"));
    assertEquals(expected.keySet(), queries.keySet(), "every example query has its figure computed here, and no more");
    for (Map.Entry<String, String> q : queries.entrySet()) {
      List<String> want = expected.get(q.getKey()).apply(manifest);
      assertTrue(!want.isEmpty(), q.getKey() + " should return rows on this crawl");
      assertEquals(want, rows(table, q.getValue()), table + ": " + q.getKey());
    }
  }

  /** Common Crawl index queries, unchanged but for the table's name and the crawl's, on the view hive-ddl prints. */
  @Test
  void commonCrawlIndexQueriesRunOnTheView() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--format", "parquet", "--table", "cc_parquet");
    assertEquals(0, ddl.exit(), ddl.err());
    sql(ddl.out());
    Map<String, Function<List<Capture>, List<String>>> expected = ManifestFigures.expectedOfCcIndex();
    Map<String, String> queries = ManifestFigures.ccIndexQueries(Path.of("ccindex-queries.sql"), "cc_parquet_ccindex",
        "file:" + tmp.resolve("crawl"));
    assertEquals(expected.keySet(), queries.keySet(), "every query has its figure computed here, and no more");
    for (Map.Entry<String, String> q : queries.entrySet()) {
      List<String> want = expected.get(q.getKey()).apply(manifest);
      assertTrue(!want.isEmpty(), q.getKey() + " should return rows on this crawl");
      assertEquals(want, sql(q.getValue() + ";"), q.getKey());
    }
  }

  @Test
  void roundsAddedOneAtATimeAndByRepairAreOnePartitionEach() throws Exception {
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawlUri, "--table", "manifest_by_round");
    assertEquals(0, ddl.exit(), ddl.err());
    String create = ddl.out().substring(0, ddl.out().indexOf("MSCK REPAIR"));
    sql(create);
    assertEquals(List.of(), sql("SHOW PARTITIONS manifest_by_round;"), "no partition yet");
    // The printed one-round-at-a-time form, one line per finished round.
    List<String> adds = Arrays.stream(ddl.out().split("\n")).filter(l -> l.startsWith("-- ALTER TABLE") && l.contains(" ADD IF NOT EXISTS ")).map(l -> l.substring(3)).toList();
    assertEquals(2, adds.size(), ddl.out());
    sql(adds.get(0));
    assertEquals(List.of("round=0001"), sql("SHOW PARTITIONS manifest_by_round;"));
    sql(adds.get(1));
    sql(adds.get(1));
    assertEquals(List.of("round=0001", "round=0002"), sql("SHOW PARTITIONS manifest_by_round;"), "adding twice is harmless");
    // Then the other way, as a user who also follows the DDL's first suggestion would.
    sql("MSCK REPAIR TABLE manifest_by_round;");
    assertEquals(List.of("round=0001", "round=0002"), sql("SHOW PARTITIONS manifest_by_round;"), "repair finds the same partitions");
    assertEquals(List.of(Integer.toString(manifest.size())), rows("manifest_by_round", "SELECT COUNT(*) FROM trawl_manifest"),
        "every record counted once");
    assertEquals(List.of(Long.toString(manifest.stream().filter(c -> c.round().equals("0002")).count())),
        rows("manifest_by_round", "SELECT COUNT(*) FROM trawl_manifest WHERE `round` = '0002'"));
  }

  @Test
  void theShippedDdlIsWhatHiveDdlPrints() throws Exception {
    String root = "s3://your-bucket/crawls/c1";
    assertEquals(new HiveDdl(root, HiveDdl.DEFAULT_TABLE).create(List.of()), Files.readString(Path.of("trawl_manifest.sql")),
        "hive/trawl_manifest.sql is generated: regenerate it with HiveDdl after changing the manifest schema");
    assertEquals(new HiveDdl(root, HiveDdl.Format.PARQUET.defaultTable(), HiveDdl.Format.PARQUET, HiveDdl.Engine.HIVE).create(List.of()),
        Files.readString(Path.of("trawl_manifest_parquet.sql")), "hive/trawl_manifest_parquet.sql is generated likewise");
  }
}
