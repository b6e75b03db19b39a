package dev.trawl.hive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.jobs.cli.Trawl;
import dev.trawl.jobs.hive.HiveDdl;
import dev.trawl.schema.ManifestRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's story: crawl a site for two rounds, paste what {@code trawl hive-ddl} prints into Hive,
 * pick up the rounds, and run the example queries shipped in hive/queries.sql. Real Hive 4.1, in
 * process ({@link InProcessHive}); every query's result must equal
 * the same figure computed straight from the manifest's Avro files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueriesTheManifestOnHiveTest {
  private static final Pattern QUERY = Pattern.compile("-- name: (\\w+)\\n((?:--[^\\n]*\\n)*)(.*?);", Pattern.DOTALL);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private String crawlUri;
  /** Every manifest record, with its round. */
  private final List<Row> manifest = new ArrayList<>();
  private InProcessHive hive;

  private record Row(int round, ManifestRecord m) {}

  @BeforeAll
  void crawlAndStartHive() throws Exception {
    hive = new InProcessHive(tmp.resolve("hive"));
    site = LoopbackSite.start(2, 14, 5);
    SiteGraph graph = site.graph();
    crawlUri = tmp.resolve("crawl").toUri().toString();
    // The same pages under query strings the site ignores: duplicates for the duplicates query.
    Path seeds = Files.writeString(tmp.resolve("seeds.txt"), String.join("\n", graph.url(0, "/"), graph.url(1, "/"),
        graph.url(0, "/page/9?utm_source=a"), graph.url(0, "/page/9?utm_source=bb"), graph.url(1, "/page/3?ref=x"),
        graph.url(1, "/missing/2"), graph.url(1, "/missing/5"), graph.url(0, "/missing/7")) + "\n");
    Run crawl = trawl("crawl", "--crawl", crawlUri, "--seeds", seeds.toString(), "--depth", "2", "--delay", "0.05",
        "--allow-private", "127.0.0.0/8");
    assertEquals(0, crawl.exit(), crawl.err());
    for (int r = 1; r <= 2; r++) {
      Path dir = tmp.resolve(String.format("crawl/manifest/round=%04d", r));
      try (var files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".avro")).sorted().toList()) {
          try (DataFileReader<ManifestRecord> reader = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(ManifestRecord.class))) {
            for (ManifestRecord m : reader) {
              manifest.add(new Row(r, m));
            }
          }
        }
      }
    }
    assertTrue(manifest.stream().anyMatch(row -> row.m().getDuplicateOf() != null), "the crawl has duplicates to query");

  }

  @AfterAll
  void stop() throws Exception {
    site.close();
    hive.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run trawl(String... args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      exit = ToolRunner.run(conf, new Trawl(o), args);
    } finally {
      System.setErr(oldErr);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private List<String> sql(String script) throws Exception {
    return hive.run(script);
  }

  private List<String> rows(String table, String query) throws Exception {
    return sql(query.replace("trawl_manifest", table) + ";");
  }

  /** The example queries in hive/queries.sql, by name, as shipped. */
  private static Map<String, String> exampleQueries() throws IOException {
    String text = Files.readString(Path.of("queries.sql"));
    Map<String, String> queries = new LinkedHashMap<>();
    Matcher m = QUERY.matcher(text);
    while (m.find()) {
      queries.put(m.group(1), m.group(3).strip());
    }
    return queries;
  }

  @Test
  void everyExampleQueryEqualsTheFigureComputedFromTheAvroFiles() throws Exception {
    Run ddl = trawl("hive-ddl", "--crawl", crawlUri);
    assertEquals(0, ddl.exit(), ddl.err());
    assertTrue(ddl.out().contains("LOCATION 'file:" + tmp.resolve("crawl") + "/manifest'"), ddl.out());
    sql(ddl.out());
    assertEquals(List.of("round=1", "round=2"), sql("SHOW PARTITIONS trawl_manifest;"));
    assertEquals(List.of(Integer.toString(manifest.size())), rows("trawl_manifest", "SELECT COUNT(*) FROM trawl_manifest"));

    Map<String, Function<List<Row>, List<String>>> expected = Map.of(
        "status_per_round", QueriesTheManifestOnHiveTest::statusPerRound,
        "pages_and_bytes_per_host", QueriesTheManifestOnHiveTest::pagesAndBytesPerHost,
        "hosts_with_most_failures", QueriesTheManifestOnHiveTest::hostsWithMostFailures,
        "pages_per_item", QueriesTheManifestOnHiveTest::pagesPerItem,
        "duplicates", QueriesTheManifestOnHiveTest::duplicates,
        "throughput_per_minute", QueriesTheManifestOnHiveTest::throughputPerMinute);
    Map<String, String> queries = exampleQueries();
    assertEquals(expected.keySet(), queries.keySet(), "every example query has its figure computed here, and no more");
    for (Map.Entry<String, String> q : queries.entrySet()) {
      List<String> want = expected.get(q.getKey()).apply(manifest);
      assertTrue(!want.isEmpty(), q.getKey() + " should return rows on this crawl");
      assertEquals(want, rows("trawl_manifest", q.getValue()), q.getKey());
    }
  }

  @Test
  void partitionsCanAlsoBeAddedOneRoundAtATime() throws Exception {
    Run ddl = trawl("hive-ddl", "--crawl", crawlUri, "--table", "manifest_by_round");
    assertEquals(0, ddl.exit(), ddl.err());
    String create = ddl.out().substring(0, ddl.out().indexOf("MSCK REPAIR"));
    sql(create);
    assertEquals(List.of(), sql("SHOW PARTITIONS manifest_by_round;"), "no partition yet");
    // The printed one-round-at-a-time form, one line per finished round.
    List<String> adds = Arrays.stream(ddl.out().split("\n")).filter(l -> l.startsWith("-- ALTER TABLE")).map(l -> l.substring(3)).toList();
    assertEquals(2, adds.size(), ddl.out());
    sql(adds.get(0));
    assertEquals(List.of("round=1"), sql("SHOW PARTITIONS manifest_by_round;"));
    sql(adds.get(1));
    sql(adds.get(1));
    assertEquals(List.of("round=1", "round=2"), sql("SHOW PARTITIONS manifest_by_round;"), "adding twice is harmless");
    assertEquals(List.of(Integer.toString(manifest.size())), rows("manifest_by_round", "SELECT COUNT(*) FROM trawl_manifest"));
  }

  @Test
  void theShippedDdlIsWhatHiveDdlPrints() throws Exception {
    String shipped = Files.readString(Path.of("trawl_manifest.sql"));
    assertEquals(new HiveDdl("s3://your-bucket/crawls/c1", HiveDdl.DEFAULT_TABLE).create(List.of()), shipped,
        "hive/trawl_manifest.sql is generated: regenerate it with HiveDdl after changing the manifest schema");
  }

  // --- each example query's figure, computed from the Avro records; rows as Hive prints them, tab-separated ---

  private static List<String> statusPerRound(List<Row> rows) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : rows) {
      counts.merge(r.round() + "\t" + r.m().getStatus(), 1L, Long::sum);
    }
    return counts.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
  }

  private static List<String> pagesAndBytesPerHost(List<Row> rows) {
    Map<String, long[]> byHost = new TreeMap<>();
    for (Row r : rows) {
      if (r.m().getStatus().name().equals("fetched")) {
        long[] v = byHost.computeIfAbsent(r.m().getHost(), h -> new long[2]);
        v[0]++;
        v[1] += r.m().getContentLength();
      }
    }
    return byHost.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1]).toList();
  }

  private static List<String> hostsWithMostFailures(List<Row> rows) {
    Set<String> failures = Set.of("http_error", "timeout", "error", "blocked_address");
    Map<String, long[]> byHost = new TreeMap<>();
    for (Row r : rows) {
      String status = r.m().getStatus().name();
      if (failures.contains(status)) {
        long[] v = byHost.computeIfAbsent(r.m().getHost(), h -> new long[3]);
        v[0]++;
        v[1] += status.equals("http_error") ? 1 : 0;
        v[2] += status.equals("timeout") || status.equals("error") ? 1 : 0;
      }
    }
    return byHost.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .limit(20).map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1] + "\t" + e.getValue()[2]).toList();
  }

  private static List<String> pagesPerItem(List<Row> rows) {
    Pattern item = Pattern.compile("^/page/([0-9]+)");
    Map<String, List<String>> urls = new TreeMap<>();
    for (Row r : rows) {
      Matcher m = item.matcher(r.m().getUrlPath());
      if (r.m().getStatus().name().equals("fetched") && m.find()) {
        urls.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(r.m().getUrl());
      }
    }
    return urls.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
        .map(e -> e.getKey() + "\t" + e.getValue().size() + "\t" + new HashSet<>(e.getValue()).size()).toList();
  }

  private static List<String> duplicates(List<Row> rows) {
    Map<String, List<Row>> byCanonical = rows.stream().filter(r -> r.m().getDuplicateOf() != null)
        .collect(Collectors.groupingBy(r -> r.m().getDuplicateOf()));
    return byCanonical.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, List<Row>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
        .map(e -> e.getKey() + "\t" + e.getValue().size() + "\t" + e.getValue().stream().mapToInt(Row::round).min().orElseThrow())
        .toList();
  }

  private static List<String> throughputPerMinute(List<Row> rows) {
    Map<String, long[]> byMinute = new TreeMap<>();
    for (Row r : rows) {
      if (r.m().getHttpStatus() != null) {
        String minute = MINUTE.format(Instant.ofEpochMilli(r.m().getFetchTime() / 60_000 * 60_000));
        long[] v = byMinute.computeIfAbsent(r.round() + "\t" + minute, k -> new long[2]);
        v[0]++;
        v[1] += r.m().getContentLength() == null ? 0 : r.m().getContentLength();
      }
    }
    return byMinute.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1]).toList();
  }
}
