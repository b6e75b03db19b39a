package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.dedup.DigestKeys;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.ManifestRecord;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.Warcinfo;

/**
 * The manifest as a dataset, on a two-round crawl of a loopback site whose seeds include the same
 * pages under other URLs (a query string the site ignores): duplicates point to the first capture,
 * within a round and across rounds; {@code trawl get} reads a capture back byte for byte; every WARC
 * file passes jwarc's validator and records what the design lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FindsDuplicatesAndReadsCapturesBackTest {
  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private SiteGraph graph;
  private LocalCrawl crawl;
  /** A page the home page links to, also seeded under another URL: fetched again in round 2. */
  private String linkedPage;
  private String linkedPageVariant;
  /** A page seeded under two URLs in round 1. */
  private String shortVariant;
  private String longVariant;

  @BeforeAll
  void crawlTheSite() throws Exception {
    site = LoopbackSite.start(1, 16, 23);
    graph = site.graph();
    crawl = new LocalCrawl(tmp);
    String home = graph.url(0, "/");
    linkedPage = graph.outlinks(home).stream().filter(u -> !u.equals(home) && graph.kind(u) == SiteGraph.Kind.PAGE && !graph.disallowed(u))
        .findFirst().orElseThrow();
    linkedPageVariant = linkedPage + "?from=seed";
    String other = graph.url(0, "/page/15");
    shortVariant = other + "?a=1";
    longVariant = other + "?bb=22";
    Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", home, linkedPageVariant, shortVariant, longVariant) + "\n");
    crawl.crawl(seeds, "--depth", "2");
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  private List<ManifestRecord> manifest(int round) throws Exception {
    return crawl.read(String.format("manifest/round=%04d", round), ManifestRecord.class);
  }

  private ManifestRecord record(int round, String url) throws Exception {
    return manifest(round).stream().filter(m -> m.getUrl().equals(url)).findFirst().orElseThrow(() -> new AssertionError(url + " not in round " + round));
  }

  @Test
  void duplicatesPointToTheEarliestThenShortestCapture() throws Exception {
    assertNull(record(1, shortVariant).getDuplicateOf());
    assertEquals(shortVariant, record(1, longVariant).getDuplicateOf(), "same round: the shorter URL is canonical");
    assertNull(record(1, linkedPageVariant).getDuplicateOf());
    assertEquals(linkedPageVariant, record(2, linkedPage).getDuplicateOf(), "an earlier round's capture wins, though its URL is longer");

    // The rule, checked over every capture of the crawl.
    record Capture(int round, ManifestRecord m) {}
    List<Capture> all = new ArrayList<>();
    for (int r = 1; r <= 2; r++) {
      for (ManifestRecord m : manifest(r)) {
        all.add(new Capture(r, m));
      }
    }
    Map<String, String> canonical = new HashMap<>();
    all.stream().filter(c -> DigestKeys.dedupes(c.m()))
        .sorted(Comparator.comparingInt(Capture::round).thenComparingInt(c -> c.m().getUrl().length()).thenComparing(c -> c.m().getUrl()))
        .forEach(c -> canonical.putIfAbsent(c.m().getDigest(), c.m().getUrl()));
    int duplicates = 0;
    for (Capture c : all) {
      String expected = DigestKeys.dedupes(c.m()) && !canonical.get(c.m().getDigest()).equals(c.m().getUrl())
          ? canonical.get(c.m().getDigest()) : null;
      assertEquals(expected, c.m().getDuplicateOf(), "round " + c.round() + " " + c.m().getUrl());
      duplicates += expected == null ? 0 : 1;
    }
    assertTrue(duplicates >= 2);
    JsonNode counters = new ObjectMapper().readTree(crawl.root().resolve("rounds/0002.json").toFile()).path("counters");
    // Round 2's duplicates of round-1 pages are known when fetched: their links are not followed again.
    int notFollowed = 0;
    for (ManifestRecord m : manifest(2)) {
      if (m.getDuplicateOf() != null) {
        notFollowed += graph.outlinks(m.getUrl().replaceFirst("\\?.*", "")).size();
      }
    }
    assertTrue(notFollowed > 0);
    assertEquals(notFollowed, counters.path("DROPPED_DUPLICATE").asInt(), counters.toString());
    assertTrue(Files.exists(crawl.root().resolve("digests/round=0002/_SUCCESS")), "the digest index is committed with its round");
  }

  @Test
  void theManifestHasTheCommonCrawlStyleColumns() throws Exception {
    ManifestRecord m = record(1, longVariant);
    assertEquals("/page/15", m.getUrlPath());
    assertEquals("bb=22", m.getUrlQuery());
    assertNull(m.getUrlHostRegisteredDomain(), "an IP address has no registered domain");
    assertEquals("text/html", m.getContentMimeDetected());
    assertEquals("UTF-8", m.getContentCharset());
  }

  @Test
  void getPrintsACaptureAndWritesItsPayloadByteForByte() throws Exception {
    byte[] served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(shortVariant)).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();

    LocalCrawl.Run printed = crawl.ok("get", "--crawl", crawl.uri(), shortVariant + "#fragments-are-ignored");
    assertTrue(printed.out().startsWith("HTTP/1.1 200 OK\r\n"), printed.out());
    assertTrue(printed.out().toLowerCase(java.util.Locale.ROOT).contains("\r\ncontent-type: text/html; charset=utf-8\r\n"), printed.out());
    // The body as served, then a newline (this one has none), so the prompt starts on a line of its own.
    assertFalse(new String(served, StandardCharsets.UTF_8).endsWith("\n"));
    assertTrue(printed.out().endsWith("\r\n\r\n" + new String(served, StandardCharsets.UTF_8) + "\n"), printed.out());

    Path out = tmp.resolve("page.html");
    crawl.ok("get", "--crawl", crawl.uri(), linkedPage, "--round", "2", "--out", out.toString());
    byte[] linkedServed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(linkedPage)).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
    assertArrayEquals(linkedServed, Files.readAllBytes(out));
  }

  @Test
  void getSaysWhyThereIsNothingToRead() throws Exception {
    LocalCrawl.Run never = crawl.trawl("get", "--crawl", crawl.uri(), graph.url(0, "/never-linked"));
    assertEquals(2, never.exit());
    assertTrue(never.err().contains("no capture of " + graph.url(0, "/never-linked") + " in rounds [1, 2]"), never.err());

    LocalCrawl.Run notYet = crawl.trawl("get", "--crawl", crawl.uri(), shortVariant, "--round", "7");
    assertEquals(2, notYet.exit());
    assertTrue(notYet.err().contains("round 7 has not finished"), notYet.err());

    LocalCrawl.Run noUrl = crawl.trawl("get", "--crawl", crawl.uri());
    assertEquals(2, noUrl.exit());
    assertTrue(noUrl.err().contains("which URL?"), noUrl.err());

    LocalCrawl.Run notAUrl = crawl.trawl("get", "--crawl", crawl.uri(), "ftp://example.org/x");
    assertEquals(2, notAUrl.exit());
    assertTrue(notAUrl.err().contains("scheme 'ftp' is not http or https"), notAUrl.err());
  }

  @Test
  void everyWarcFilePassesJwarcsValidatorAndRecordsWhatTheDesignLists() throws Exception {
    int files = 0;
    for (int r = 1; r <= 2; r++) {
      Path dir = crawl.root().resolve(String.format("warc/round=%04d", r));
      try (var list = Files.list(dir)) {
        for (Path warc : list.filter(p -> p.toString().endsWith(".warc.gz")).toList()) {
          files++;
          String verdict = validate(warc);
          assertTrue(verdict.startsWith("valid"), warc + ": " + verdict);
          List<WarcRecord> records = new ArrayList<>();
          Set<String> responseIds = new HashSet<>();
          int robots = 0;
          try (WarcReader reader = new WarcReader(warc)) {
            for (WarcRecord rec : reader) {
              records.add(rec);
              if (rec instanceof WarcResponse resp) {
                responseIds.add(resp.id().toString());
                assertTrue(resp.payloadDigest().isPresent(), "WARC-Payload-Digest on " + resp.target());
                assertTrue(resp.blockDigest().isPresent(), "WARC-Block-Digest on " + resp.target());
                robots += resp.target().endsWith("/robots.txt") ? 1 : 0;
              }
            }
          }
          assertTrue(records.get(0) instanceof Warcinfo, "each file starts with its warcinfo");
          assertEquals(1, records.stream().filter(x -> x instanceof Warcinfo).count());
          // robots.txt is fetched in a host's first round and reused for a day after, so it is in round 1's files.
          assertTrue(r > 1 || robots >= 1 || records.size() == 1, "the robots.txt fetch is recorded in " + warc);
          for (WarcRecord rec : records) {
            if (rec instanceof WarcRequest req) {
              assertEquals(1, req.concurrentTo().size());
              assertTrue(responseIds.contains(req.concurrentTo().get(0).toString()), "a request points to its response");
            }
          }
        }
      }
    }
    assertTrue(files >= 2);
  }

  /** jwarc's own validator ({@code ValidateTool}); it calls System.exit, so it runs in a child JVM. */
  private static String validate(Path warc) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = new File(WarcReader.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    Process p = new ProcessBuilder(java, "-cp", jar, "org.netpreserve.jwarc.tools.ValidateTool", "-v", warc.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return (p.exitValue() == 0 ? "valid\n" : "invalid\n") + output;
  }
}
