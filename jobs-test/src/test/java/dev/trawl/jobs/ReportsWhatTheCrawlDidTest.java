package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The user's story of issue 7: after a two-round crawl, {@code trawl report} shows per round what
 * the manifest holds, throughput per minute as text and as a chart, and the cost; the round
 * summaries' counters agree with the manifest; each fetch task kept its own activity log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsWhatTheCrawlDidTest {
  private static final int ROUNDS = 2;
  private static final double PRICE = 0.5;
  private static final int INSTANCES = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private LocalCrawl crawl;
  private LocalCrawl.Run report;
  private Path out;
  private List<String> seedUrls;

  @BeforeAll
  void crawlAndReport() throws Exception {
    site = LoopbackSite.start(3, 30, 13);
    crawl = new LocalCrawl(tmp);
    // Ten pages of each host, then what they link to: enough requests, redirects and 404s to count.
    seedUrls = new ArrayList<>();
    for (int h = 0; h < 3; h++) {
      for (int p = 0; p < 10; p++) {
        seedUrls.add(site.graph().url(h, "/page/" + p));
      }
    }
    Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", seedUrls) + "\n");
    crawl.crawl(seeds, "--depth", Integer.toString(ROUNDS));
    out = tmp.resolve("report");
    report = crawl.ok("report", "--crawl", crawl.uri(), "--out", out.toString(),
        "--instance-price", Double.toString(PRICE), "--instances", Integer.toString(INSTANCES));
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  private List<ManifestRecord> manifest(int round) throws Exception {
    return crawl.read(String.format("manifest/round=%04d", round), ManifestRecord.class);
  }

  private JsonNode summary(int round) throws Exception {
    return JSON.readTree(crawl.root().resolve(String.format("rounds/%04d.json", round)).toFile());
  }

  /** Records of requests actually made (robots_denied made none). */
  private static List<ManifestRecord> requests(List<ManifestRecord> manifest) {
    return manifest.stream().filter(m -> m.getStatus() != FetchStatus.robots_denied && m.getStatus() != FetchStatus.out_of_bounds).toList();
  }

  private static long count(List<ManifestRecord> records, java.util.function.Predicate<ManifestRecord> p) {
    return records.stream().filter(p).count();
  }

  private static boolean failed(ManifestRecord m) {
    return m.getStatus() == FetchStatus.http_error || m.getStatus() == FetchStatus.timeout
        || m.getStatus() == FetchStatus.error || m.getStatus() == FetchStatus.blocked_address;
  }

  private static int httpClass(ManifestRecord m) {
    return m.getHttpStatus() == null ? 0 : m.getHttpStatus() / 100;
  }

  /** The report's table row of a round, split into cells. */
  private String[] row(String round) {
    for (String line : report.out().lines().toList()) {
      String[] cells = line.trim().split("\\s+");
      if (cells.length > 10 && cells[0].equals(round)) {
        return cells;
      }
    }
    throw new AssertionError("no row for round " + round + " in:\n" + report.out());
  }

  @Test
  void theRoundTableEqualsWhatTheManifestHolds() throws Exception {
    double totalCost = 0;
    long totalPages = 0;
    for (int r = 1; r <= ROUNDS; r++) {
      List<ManifestRecord> requests = requests(manifest(r));
      JsonNode summary = summary(r);
      double seconds = summary.path("seconds").asDouble();
      long pages = count(requests, m -> m.getStatus() == FetchStatus.fetched);
      long bytes = requests.stream().mapToLong(m -> m.getContentLength() == null ? 0 : m.getContentLength()).sum();
      String[] cells = row(Integer.toString(r));
      int round = r;
      assertEquals(pages, Long.parseLong(cells[1]), "fetched in round " + r);
      assertEquals(count(requests, m -> m.getStatus() == FetchStatus.http_error && httpClass(m) == 4), Long.parseLong(cells[2]), "http_4xx");
      assertEquals(count(requests, m -> m.getStatus() == FetchStatus.http_error && httpClass(m) == 5), Long.parseLong(cells[3]), "http_5xx");
      assertEquals(count(requests, m -> m.getStatus() == FetchStatus.timeout), Long.parseLong(cells[4]), "timeout");
      assertEquals(count(requests, m -> m.getStatus() == FetchStatus.blocked_address), Long.parseLong(cells[6]), "blocked_address");
      // Discovered: first seen in the round, as the crawl db tells, and not a seed.
      assertEquals(crawl.read(String.format("crawldb/round=%04d", ROUNDS), CrawlDbEntry.class).stream()
          .filter(e -> e.getFirstRound() == round && !seedUrls.contains(e.getUrl())).count(), Long.parseLong(cells[7]), "discovered");
      assertEquals(String.format(Locale.ROOT, "%.2f", bytes / 1e6), cells[8], "MB");
      assertEquals(String.format(Locale.ROOT, "%.1f", seconds), cells[9], "seconds");
      assertEquals(String.format(Locale.ROOT, "%.1f", pages / seconds), cells[10], "pages/s");
      double cost = PRICE * INSTANCES * seconds / 3600;
      assertEquals(String.format(Locale.ROOT, "%.4f", cost), cells[cells.length - 1], "cost of round " + r);
      totalCost += cost;
      totalPages += pages;
    }
    assertTrue(requests(manifest(1)).size() + requests(manifest(2)).size() > 40, "enough to report on");
    assertTrue(report.out().contains(String.format(Locale.ROOT, "$%.4f per 1,000 pages", totalCost / totalPages * 1000)), report.out());
    assertEquals(totalPages, Long.parseLong(row("all")[1]));
  }

  @Test
  void throughputHasOnePointPerBinInTheCsvTheChartAndTheTerminal() throws Exception {
    List<String> csv = Files.readAllLines(out.resolve("throughput.csv"));
    assertEquals("bin_start_utc,bin_seconds,pages,failed_requests,answers_429_503", csv.get(0));
    long bin = Long.parseLong(csv.get(1).split(",")[1]) * 1000;
    assertEquals(1_000, bin, "a crawl of seconds is counted in seconds");
    Map<Long, long[]> expected = new TreeMap<>();
    for (int r = 1; r <= ROUNDS; r++) {
      for (ManifestRecord m : requests(manifest(r))) {
        long minute = Math.floorDiv(m.getFetchTime(), bin) * bin;
        long[] c = expected.computeIfAbsent(minute, k -> new long[3]);
        c[0] += m.getStatus() == FetchStatus.fetched ? 1 : 0;
        c[1] += failed(m) ? 1 : 0;
        c[2] += m.getHttpStatus() != null && (m.getHttpStatus() == 429 || m.getHttpStatus() == 503) ? 1 : 0;
      }
    }
    long first = expected.keySet().iterator().next();
    long last = ((TreeMap<Long, long[]>) expected).lastKey();
    int minutes = (int) ((last - first) / bin) + 1;
    assertEquals(minutes, csv.size() - 1, "one row per bin from the first request to the last");
    for (int i = 0; i < minutes; i++) {
      long minute = first + i * bin;
      long[] c = expected.getOrDefault(minute, new long[3]);
      assertEquals(Instant.ofEpochMilli(minute) + "," + bin / 1000 + "," + c[0] + "," + c[1] + "," + c[2], csv.get(i + 1));
    }

    // The SVG parses as XML and holds one marker per minute for each series.
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document svg = xml.newDocumentBuilder().parse(out.resolve("throughput.svg").toFile());
    assertEquals("svg", svg.getDocumentElement().getTagName());
    NodeList groups = svg.getElementsByTagName("g");
    Map<String, Set<Integer>> points = new TreeMap<>();
    Pattern ref = Pattern.compile("\"seriesKey\": \"([^\"]+)\", \"itemIndex\": (\\d+)");
    for (int i = 0; i < groups.getLength(); i++) {
      Matcher m = ref.matcher(((Element) groups.item(i)).getAttribute("jfreesvg:ref"));
      if (m.find()) {
        points.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(Integer.parseInt(m.group(2)));
      }
    }
    Set<Integer> everyMinute = java.util.stream.IntStream.range(0, minutes).boxed().collect(Collectors.toSet());
    assertEquals(Set.of("pages/s", "failed requests/s", "429/503 answers/s"), points.keySet());
    points.forEach((series, items) -> assertEquals(everyMinute, items, series));

    BufferedImage png = ImageIO.read(out.resolve("throughput.png").toFile());
    assertNotNull(png, "the PNG is an image");
    assertTrue(png.getWidth() >= 800 && png.getHeight() >= 300);

    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("<img src=\"throughput.svg\""), html);
    assertTrue(html.contains("<td>" + row("1")[1] + "</td>"), "the page has the table");

    assertTrue(report.out().contains("throughput per second"), report.out());
    assertTrue(report.out().lines().anyMatch(l -> l.trim().startsWith("rounds") && l.trim().startsWith("rounds               1")),
        "round 1 marked under the first bin:\n" + report.out());
    assertTrue(report.out().lines().anyMatch(l -> l.trim().startsWith("pages/s") && l.contains("peak " + expected.values().stream().mapToLong(c -> c[0]).max().orElseThrow())),
        report.out());
  }

  @Test
  void countersInTheRoundSummaryMatchTheManifest() throws Exception {
    for (int r = 1; r <= ROUNDS; r++) {
      List<ManifestRecord> manifest = manifest(r);
      JsonNode summary = summary(r);
      JsonNode counters = summary.path("counters");
      for (FetchStatus s : FetchStatus.values()) {
        assertEquals(count(manifest, m -> m.getStatus() == s), summary.path("status").path(s.name()).asLong(), s + " in round " + r);
      }
      List<ManifestRecord> requests = requests(manifest);
      for (int c = 2; c <= 5; c++) {
        int cls = c;
        assertEquals(count(requests, m -> httpClass(m) == cls), counters.path("HTTP_" + c + "XX").asLong(), c + "xx in round " + r);
      }
      assertEquals(requests.size(), counters.path("REQUESTS").asLong());
      assertEquals(requests.stream().mapToLong(m -> m.getContentLength() == null ? 0 : m.getContentLength()).sum(), counters.path("BYTES").asLong());
      assertTrue(counters.path("TASK_FETCHING_MILLIS").asLong() > 0, "fetch time measured");
      assertTrue(counters.path("POLITENESS_WAIT_MILLIS").asLong() > 0, "with a delay and few hosts, tasks wait on politeness");
      // The round summary has each task's peak heap and the slowest hosts.
      assertEquals(2, summary.path("tasks").size(), summary.toString());
      for (JsonNode t : summary.path("tasks")) {
        assertTrue(t.path("peak_heap_mb").asDouble() > 0 && t.path("peak_heap_mb").asDouble() <= t.path("max_heap_mb").asDouble(), t.toString());
      }
      JsonNode slowest = summary.path("slowest_hosts");
      assertEquals(3, slowest.size(), "every host of this small crawl");
      long requestsByHost = 0;
      for (int i = 0; i < slowest.size(); i++) {
        requestsByHost += slowest.get(i).path("requests").asLong();
        if (i > 0) {
          assertTrue(slowest.get(i - 1).path("busy_seconds").asDouble() >= slowest.get(i).path("busy_seconds").asDouble());
        }
      }
      assertEquals(requests.size(), requestsByHost);
    }
  }

  @Test
  void eachFetchTaskWritesItsOwnActivityLog() throws Exception {
    for (int r = 1; r <= ROUNDS; r++) {
      Path logs = crawl.root().resolve(String.format("logs/round=%04d", r));
      List<Path> files;
      try (var list = Files.list(logs)) {
        files = list.filter(p -> p.toString().endsWith(".log")).sorted().toList();
      }
      assertEquals(2, files.size(), "one log per fetch task");
      Set<String> hostsSeen = new HashSet<>();
      long fetches = 0;
      for (Path log : files) {
        List<String> lines = Files.readAllLines(log);
        assertEquals(1, lines.stream().filter(l -> l.split(" ")[1].equals("START")).count(), log + " has one writer");
        assertEquals(1, lines.stream().filter(l -> l.split(" ")[1].equals("END")).count(), log.toString());
        String list = log.getFileName().toString().replaceAll("\\D", "").replaceFirst("^0+(?=.)", "");
        assertTrue(lines.get(0).contains("fetch list " + list), "the log of list " + list + " is that task's: " + lines.get(0));
        // HOSTS is written once the task's input is all in, which may be after its first fetches.
        Set<String> mine = new HashSet<>();
        for (String line : lines) {
          String[] parts = line.split(" ", 3);
          Instant.parse(parts[0]);
          if (parts[1].equals("HOSTS")) {
            Matcher m = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+) \\(").matcher(parts[2]);
            while (m.find()) {
              mine.add(m.group(1));
            }
          }
        }
        assertFalse(mine.isEmpty(), log + " names its hosts");
        for (String line : lines) {
          String[] parts = line.split(" ", 3);
          if (parts[1].equals("FETCH")) {
            fetches++;
            String host = parts[2].substring(7, parts[2].indexOf(':', 7));
            assertTrue(mine.contains(host), "a task fetches only its own hosts: " + line);
          }
        }
        assertTrue(lines.get(lines.size() - 1).contains("pages") && lines.get(lines.size() - 1).contains("peak heap"),
            "END has the totals: " + lines.get(lines.size() - 1));
        for (String h : mine) {
          assertTrue(hostsSeen.add(h), h + " belongs to two tasks");
        }
      }
      assertEquals(summary(r).path("counters").path("REQUESTS").asLong(), fetches);
    }
  }

  @Test
  void aCrawlWithNoFinishedRoundIsReportedClearly() throws Exception {
    LocalCrawl empty = new LocalCrawl(tmp.resolve("empty"));
    Files.createDirectories(tmp.resolve("empty"));
    Path seeds = empty.writeSeeds("seeds.txt", "http://127.0.0.2/\n");
    empty.ok("inject", "--crawl", empty.uri(), "--seeds", seeds.toString());
    LocalCrawl.Run run = empty.trawl("report", "--crawl", empty.uri(), "--out", tmp.resolve("empty-report").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no finished round"), run.err());
    LocalCrawl.Run price = empty.trawl("report", "--crawl", empty.uri(), "--instance-price", "cheap");
    assertEquals(2, price.exit());
    assertTrue(price.err().contains("trawl.cost.instance-price = 'cheap'"), price.err());
    assertFalse(Files.exists(tmp.resolve("empty-report")), "nothing written");
  }
}
