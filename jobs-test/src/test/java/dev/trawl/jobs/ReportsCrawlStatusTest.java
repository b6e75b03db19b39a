package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.url.FetchLists;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trawl status} after two rounds of a loopback site: the counts it prints, in text and JSON,
 * are exactly those a user would compute from the manifest, crawl db and frontier files; then the
 * crawl is damaged and status names each problem and exits non-zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsCrawlStatusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Columns of the host table, in order, as status names them in JSON. */
  private static final List<String> CLASSES = List.of("fetched", "redirect", "not_modified", "http_4xx", "http_5xx",
      "timeout", "error", "blocked_address", "robots_denied", "out_of_bounds", "gone", "pending");

  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private LocalCrawl crawl;
  private List<String> seedHosts;

  @BeforeAll
  void crawlTwoRounds() throws Exception {
    // Seed 12: a home page links to another, unseeded host, so scope drops links.
    site = LoopbackSite.start(4, 20, 12);
    SiteGraph graph = site.graph();
    // Two seed hosts in different fetch lists, so round 1 writes two WARC files; the other hosts are out of scope.
    String first = graph.hosts().get(0);
    String second = graph.hosts().stream().filter(h -> FetchLists.hash(h, 2) != FetchLists.hash(first, 2)).findFirst().orElseThrow();
    seedHosts = List.of(first, second);
    crawl = new LocalCrawl(tmp);
    // Beside the home pages, seeds that end as robots_denied, redirect and 404 in round 1.
    List<String> seedUrls = new ArrayList<>(seedHosts.stream().map(h -> graph.url(graph.hosts().indexOf(h), "/")).toList());
    seedUrls.addAll(List.of(graph.url(0, "/private/3"), graph.url(0, "/old/4"), graph.url(0, "/missing/5")));
    Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", seedUrls) + "\n");
    crawl.crawl(seeds, "--depth", "2");
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  /** Per host, what the user would count from the files: the last manifest record of each URL, and the frontier. */
  private Map<String, Map<String, Long>> expectedCounts() throws Exception {
    Map<String, ManifestRecord> lastAttempt = new HashMap<>();
    for (int r = 1; r <= 2; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        lastAttempt.put(m.getUrl(), m);
      }
    }
    Map<String, Map<String, Long>> hosts = new TreeMap<>();
    for (CrawlDbEntry e : crawl.read("crawldb/round=0002", CrawlDbEntry.class)) {
      counts(hosts, e.getHost()).merge("urls", 1L, Long::sum);
    }
    for (ManifestRecord m : lastAttempt.values()) {
      String c = switch (m.getStatus()) {
        case http_error -> m.getHttpStatus() >= 500 ? "http_5xx" : "http_4xx";
        default -> m.getStatus().name();
      };
      counts(hosts, m.getHost()).merge(c, 1L, Long::sum);
    }
    for (FrontierEntry f : crawl.read("frontier/round=0003", FrontierEntry.class)) {
      counts(hosts, f.getHost()).merge("pending", 1L, Long::sum);
    }
    Map<String, Long> all = counts(hosts, "all");
    hosts.forEach((host, c) -> {
      if (!host.equals("all")) {
        c.forEach((k, n) -> all.merge(k, n, Long::sum));
      }
    });
    return hosts;
  }

  private static Map<String, Long> counts(Map<String, Map<String, Long>> hosts, String host) {
    return hosts.computeIfAbsent(host, h -> {
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("urls", 0L);
      CLASSES.forEach(k -> c.put(k, 0L));
      return c;
    });
  }

  private long droppedOutOfScope() throws Exception {
    long dropped = 0;
    for (int r = 1; r <= 2; r++) {
      JsonNode counters = JSON.readTree(crawl.root().resolve(String.format("rounds/%04d.json", r)).toFile()).path("counters");
      for (var it = counters.fields(); it.hasNext(); ) {
        var c = it.next();
        if (c.getKey().startsWith("DROPPED_")) {
          dropped += c.getValue().asLong();
        }
      }
    }
    return dropped;
  }

  @Test
  void textAndJsonGiveTheCountsOfTheFiles() throws Exception {
    Map<String, Map<String, Long>> expected = expectedCounts();
    assertEquals(new TreeSet<>(List.of(seedHosts.get(0), seedHosts.get(1), "all")), expected.keySet(), "only seed hosts are known");
    assertTrue(expected.get("all").get("fetched") > 5 && expected.get("all").get("pending") > 5, expected.toString());
    for (String c : List.of("robots_denied", "redirect", "http_4xx")) {
      assertTrue(expected.get("all").get(c) > 0, c + ": " + expected);
    }
    long dropped = droppedOutOfScope();
    assertTrue(dropped > 0, "links to the unseeded hosts are out of scope");

    LocalCrawl.Run text = crawl.ok("status", "--crawl", crawl.uri());
    assertTrue(text.out().contains("finished rounds: 2"), text.out());
    assertTrue(text.out().contains("unfinished round: none"), text.out());
    assertTrue(text.out().contains("pending seed batches: none"), text.out());
    assertTrue(text.out().contains("out of scope: " + dropped + " links dropped over 2 rounds"), text.out());
    assertTrue(text.out().contains(": consistent"), text.out());
    assertEquals(expected, hostTable(text.out()));

    LocalCrawl.Run json = crawl.ok("status", "--crawl", crawl.uri(), "--json");
    JsonNode doc = JSON.readTree(json.out());
    assertTrue(doc.path("consistent").asBoolean());
    assertTrue(doc.path("problems").isEmpty());
    assertTrue(doc.path("unfinished_round").isNull());
    assertEquals(2, doc.path("crawldb_round").asInt());
    Map<String, Map<String, Long>> fromJson = new TreeMap<>();
    for (JsonNode h : doc.path("hosts")) {
      fromJson.put(h.path("host").asText(), countsOf(h));
    }
    fromJson.put("all", countsOf(doc.path("all_hosts")));
    assertEquals(expected, fromJson);
    assertEquals(dropped, doc.path("out_of_scope").path("total").asLong());

    long records = 0;
    long pointers = 0;
    for (int r = 1; r <= 2; r++) {
      List<ManifestRecord> manifest = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class);
      JsonNode round = doc.path("finished_rounds").get(r - 1);
      assertEquals(r, round.path("round").asInt());
      assertEquals(manifest.stream().filter(m -> m.getStatus().name().equals("fetched")).count(), round.path("fetched").asLong());
      assertEquals(manifest.stream().filter(m -> m.getStatus().name().equals("robots_denied")).count(), round.path("robots_denied").asLong());
      records += manifest.size();
      pointers += manifest.stream().filter(m -> m.getWarcFile() != null).count();
    }
    assertEquals(records, doc.path("checked").path("manifest_records").asLong());
    assertEquals(pointers, doc.path("checked").path("warc_pointers").asLong());

    LocalCrawl.Run top = crawl.trawl("status", "--crawl", crawl.uri(), "--hosts", "1");
    assertTrue(top.out().contains("top 1 of 2 hosts"), top.out());
    assertEquals(2, hostTable(top.out()).size(), "one host and the total: " + top.out());
  }

  @Test
  void aFreshlySeededCrawlShowsItsPendingSeeds() throws Exception {
    LocalCrawl fresh = new LocalCrawl(tmp.resolve("fresh"));
    Files.createDirectories(tmp.resolve("fresh"));
    Path seeds = fresh.writeSeeds("seeds.txt", "https://a.example/\nhttps://b.example/x\n");
    fresh.ok("inject", "--crawl", fresh.uri(), "--seeds", seeds.toString());
    LocalCrawl.Run run = fresh.ok("status", "--crawl", fresh.uri());
    assertTrue(run.out().contains("finished rounds: 0"), run.out());
    assertTrue(run.out().matches("(?s).*pending seed batches: batch=\\S+ \\(2 URLs\\): the next round fetches them.*"), run.out());

    LocalCrawl.Run nowhere = fresh.trawl("status", "--crawl", tmp.resolve("nowhere").toUri().toString());
    assertEquals(2, nowhere.exit());
    assertTrue(nowhere.err().contains("no crawl at"), nowhere.err());
  }

  @Test
  void aDamagedCrawlIsReportedProblemByProblem() throws Exception {
    // Work on a copy: the other tests read the intact crawl.
    LocalCrawl damaged = new LocalCrawl(tmp.resolve("damaged"));
    copy(crawl.root(), damaged.root());
    List<String> warcs = new ArrayList<>(new TreeSet<>(damaged.read("manifest/round=0001", ManifestRecord.class).stream()
        .map(ManifestRecord::getWarcFile).filter(f -> f != null).toList()));
    assertEquals(2, warcs.size(), "round 1 wrote two WARC files: " + warcs);
    // One file loses half its records; the other only the end of its last record, past every pointer.
    Path half = damaged.root().resolve(warcs.get(0));
    Path cut = damaged.root().resolve(warcs.get(1));
    truncate(half, Files.size(half) / 2);
    truncate(cut, Files.size(cut) - 20);
    // Round 2 looks unfinished; a frontier appears that no round wrote.
    Files.delete(damaged.root().resolve("rounds/0002.json"));
    Files.createDirectories(damaged.root().resolve("frontier/round=0007"));

    LocalCrawl.Run text = damaged.trawl("status", "--crawl", damaged.uri());
    assertEquals(3, text.exit(), text.out());
    List<String> problems = text.out().lines().filter(l -> l.startsWith("problem: ")).toList();
    assertEquals(4, problems.size(), text.out());
    assertTrue(has(problems, "WARC file " + warcs.get(0) + " is truncated", "point past its end"), text.out());
    assertTrue(has(problems, "WARC file " + warcs.get(1) + " is truncated", "ends in a partial record"), text.out());
    assertTrue(has(problems, "round 2 did not finish", "rounds/0002.json was never written", "trawl crawl --crawl"), text.out());
    assertTrue(has(problems, "frontier/round=0007 has no round that wrote it"), text.out());
    assertTrue(text.out().contains("unfinished round: 2"), text.out());
    assertTrue(text.err().contains("4 problems"), text.err());

    LocalCrawl.Run json = damaged.trawl("status", "--crawl", damaged.uri(), "--json");
    assertEquals(3, json.exit());
    JsonNode doc = JSON.readTree(json.out());
    assertFalse(doc.path("consistent").asBoolean());
    assertEquals(4, doc.path("problems").size());
    assertEquals(2, doc.path("unfinished_round").path("round").asInt());
    assertEquals(1, doc.path("crawldb_round").asInt());
  }

  /**
   * A WARC file replaced after its round wrote the manifest (as a fetch task run again after its node
   * was lost could replace it) is whole and long enough, but does not hold the records the manifest
   * points to: status says so, naming the record.
   */
  @Test
  void aWarcFileReplacedAfterItsRoundWroteTheManifestIsReported() throws Exception {
    LocalCrawl replaced = new LocalCrawl(tmp.resolve("replaced"));
    copy(crawl.root(), replaced.root());
    List<String> warcs = new ArrayList<>(new TreeSet<>(replaced.read("manifest/round=0001", ManifestRecord.class).stream()
        .map(ManifestRecord::getWarcFile).filter(f -> f != null).toList()));
    // The larger file of round 1 in the smaller one's place: every pointer still ends within it.
    warcs.sort(java.util.Comparator.comparingLong(w -> replaced.root().resolve(w).toFile().length()));
    Files.copy(replaced.root().resolve(warcs.get(1)), replaced.root().resolve(warcs.get(0)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    LocalCrawl.Run status = replaced.trawl("status", "--crawl", replaced.uri());
    assertEquals(3, status.exit(), status.out());
    List<String> problems = status.out().lines().filter(l -> l.startsWith("problem: ")).toList();
    assertEquals(1, problems.size(), status.out());
    assertTrue(has(problems, "WARC file " + warcs.get(0) + " does not hold what", "the manifest has <urn:uuid:",
        "was replaced after its round wrote the manifest"), status.out());
  }

  @Test
  void theManifestsParquetCopyHoldsTheSameRecordsAndIsCheckedLikeTheRoundsOtherFolders() throws Exception {
    for (int r = 1; r <= 2; r++) {
      String folder = String.format("manifest-parquet/round=%04d", r);
      assertTrue(Files.exists(crawl.root().resolve(folder + "/_SUCCESS")), folder + " is committed");
      List<ManifestRecord> copy = new ArrayList<>();
      try (var files = Files.list(crawl.root().resolve(folder))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList()) {
          try (ParquetReader<ManifestRecord> reader = AvroParquetReader.<ManifestRecord>builder(
              HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()), new Configuration())).build()) {
            for (ManifestRecord m = reader.read(); m != null; m = reader.read()) {
              copy.add(m);
            }
          }
        }
      }
      List<ManifestRecord> avro = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class);
      assertFalse(avro.isEmpty());
      assertEquals(new HashSet<>(avro), new HashSet<>(copy), "round " + r + ": the copy holds the Avro files' records, every column");
      assertEquals(avro.size(), copy.size());
    }

    LocalCrawl damaged = new LocalCrawl(tmp.resolve("damaged-copy"));
    copy(crawl.root(), damaged.root());
    // Round 1's copy lost; round 2 as a crawl written before the copy existed left it: no copy, no setting recorded.
    deleteTree(damaged.root().resolve("manifest-parquet/round=0001"));
    deleteTree(damaged.root().resolve("manifest-parquet/round=0002"));
    Path summary = damaged.root().resolve("rounds/0002.json");
    com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(summary.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("settings")).remove("trawl.manifest.parquet");
    JSON.writeValue(summary.toFile(), doc);

    LocalCrawl.Run text = damaged.trawl("status", "--crawl", damaged.uri());
    assertEquals(3, text.exit(), text.out());
    List<String> problems = text.out().lines().filter(l -> l.startsWith("problem: ")).toList();
    assertEquals(1, problems.size(), text.out());
    assertTrue(has(problems, "round 1 finished (rounds/0001.json) but manifest-parquet/round=0001 is missing"), text.out());
  }

  @Test
  void withTheCopyOffARoundWritesNoneAndStatusAsksForNone() throws Exception {
    LocalCrawl avroOnly = new LocalCrawl(Files.createDirectories(tmp.resolve("avro-only")));
    Path seeds = avroOnly.writeSeeds("seeds.txt", site.graph().url(0, "/") + "\n");
    avroOnly.crawl(seeds, "-D", "trawl.manifest.parquet=false", "--depth", "1");
    assertFalse(avroOnly.read("manifest/round=0001", ManifestRecord.class).isEmpty(), "the Avro manifest is written");
    assertFalse(Files.exists(avroOnly.root().resolve("manifest-parquet")), "no copy");
    assertEquals("false", JSON.readTree(avroOnly.root().resolve("rounds/0001.json").toFile()).path("settings")
        .path("trawl.manifest.parquet").asText(), "the round records that it wrote none");
    LocalCrawl.Run status = avroOnly.trawl("status", "--crawl", avroOnly.uri());
    assertEquals(0, status.exit(), status.out());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static boolean has(List<String> problems, String... parts) {
    return problems.stream().anyMatch(p -> List.of(parts).stream().allMatch(p::contains));
  }

  private static Map<String, Long> countsOf(JsonNode h) {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("urls", h.path("urls").asLong());
    CLASSES.forEach(k -> c.put(k, h.path(k).asLong()));
    return c;
  }

  /** The host table of status's text, keyed by host, with the columns in the order of {@link #CLASSES}. */
  private static Map<String, Map<String, Long>> hostTable(String out) {
    List<String> lines = out.lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("host ")).findFirst().orElseThrow());
    // The text's headings are the JSON's names, which are the manifest's (http_error split by class).
    List<String> headings = new ArrayList<>(List.of("host", "urls"));
    headings.addAll(CLASSES);
    assertEquals(headings, List.of(lines.get(header).trim().split("\\s+")));
    Map<String, Map<String, Long>> table = new TreeMap<>();
    for (String line : lines.subList(header + 1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("urls", Long.parseLong(cells[1]));
      for (int i = 0; i < CLASSES.size(); i++) {
        c.put(CLASSES.get(i), Long.parseLong(cells[i + 2]));
      }
      table.put(cells[0], c);
      if (cells[0].equals("all")) {
        break;
      }
    }
    return table;
  }

  private static void truncate(Path file, long size) throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (var all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".crc")) {
          Files.copy(p, target);
        }
      }
    }
  }
}
