package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * The user's story of issue 2: seed two hosts of a three-host site, crawl three rounds in local
 * mode, and find exactly the breadth-first layers of the site's link graph in the manifest, fetched
 * politely, robots.txt obeyed, every WARC pointer readable; re-running rounds changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlsThreeRoundsOfLoopbackSiteTest {
  private static final double DELAY_SECONDS = 0.2;
  private static final int ROUNDS = 3;

  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private SiteGraph graph;
  private LocalCrawl crawl;
  private List<String> seeds;

  @BeforeAll
  void crawlTheSite() throws Exception {
    site = LoopbackSite.start(3, 30, 11);
    graph = site.graph();
    crawl = new LocalCrawl(tmp);
    // Host 2 is linked from the others but not seeded: scope host must keep the crawl off it.
    seeds = List.of(graph.url(0, "/"), graph.url(1, "/"));
    Path seedFile = crawl.writeSeeds("seeds.txt", "# two of three hosts\n" + String.join("\n", seeds) + "\n");
    LocalCrawl.Run run = crawl.trawl("crawl", "--crawl", crawl.uri(), "--seeds", seedFile.toString(),
        "--depth", Integer.toString(ROUNDS), "--delay", Double.toString(DELAY_SECONDS), "--allow-private", "127.0.0.0/8");
    assertEquals(0, run.exit(), run.err());
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  /** Breadth-first layers from the seeds over what a crawler can follow within the seed hosts. */
  private List<Set<String>> expectedLayers() {
    Set<String> seedHosts = Set.of(graph.hosts().get(0), graph.hosts().get(1));
    List<Set<String>> layers = new ArrayList<>();
    Set<String> seen = new HashSet<>(seeds);
    Set<String> layer = new LinkedHashSet<>(seeds);
    for (int r = 0; r < ROUNDS; r++) {
      layers.add(layer);
      Set<String> next = new LinkedHashSet<>();
      for (String url : layer) {
        if (graph.disallowed(url)) {
          continue;
        }
        for (String link : graph.outlinks(url)) {
          String host = link.substring(7, link.lastIndexOf(':'));
          if (seedHosts.contains(host) && seen.add(link)) {
            next.add(link);
          }
        }
      }
      layer = next;
    }
    return layers;
  }

  private FetchStatus expectedStatus(String url) {
    if (graph.disallowed(url)) {
      return FetchStatus.robots_denied;
    }
    return switch (graph.kind(url)) {
      case PAGE, ROBOTS -> FetchStatus.fetched;
      case REDIRECT -> FetchStatus.redirect;
      default -> FetchStatus.http_error;
    };
  }

  @Test
  void eachRoundFetchesExactlyTheNextBreadthFirstLayer() throws Exception {
    List<Set<String>> layers = expectedLayers();
    for (int r = 1; r <= ROUNDS; r++) {
      List<ManifestRecord> manifest = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class);
      Set<String> urls = manifest.stream().map(ManifestRecord::getUrl).collect(Collectors.toSet());
      assertEquals(layers.get(r - 1), urls, "round " + r + " fetched set");
      for (ManifestRecord m : manifest) {
        assertEquals(expectedStatus(m.getUrl()), m.getStatus(), m.getUrl());
        assertEquals(r - 1, m.getDepth(), "depth of " + m.getUrl());
      }
    }
    assertTrue(layers.get(2).size() > 5, "the site should be deep enough to test three rounds");
  }

  @Test
  void noUrlIsFetchedTwiceAndTheCrawlDbKnowsEveryUrl() throws Exception {
    Map<String, Integer> attempts = new HashMap<>();
    for (int r = 1; r <= ROUNDS; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        attempts.merge(m.getUrl(), 1, Integer::sum);
      }
    }
    attempts.forEach((url, n) -> assertEquals(1, n, url + " fetched " + n + " times"));
    List<CrawlDbEntry> db = crawl.read(String.format("crawldb/round=%04d", ROUNDS), CrawlDbEntry.class);
    Set<String> known = db.stream().map(CrawlDbEntry::getUrl).collect(Collectors.toSet());
    assertEquals(db.size(), known.size(), "one crawl db entry per URL");
    assertTrue(known.containsAll(attempts.keySet()));
    // What waits in the next frontier is known to the crawl db as queued, and was never fetched.
    for (FrontierEntry f : crawl.read(String.format("frontier/round=%04d", ROUNDS + 1), FrontierEntry.class)) {
      assertFalse(attempts.containsKey(f.getUrl()), f.getUrl());
      assertTrue(known.contains(f.getUrl()), f.getUrl());
    }
  }

  @Test
  void robotsIsObeyedAndScopeKeepsTheCrawlOnSeedHosts() {
    String unseeded = graph.hosts().get(2);
    for (LoopbackSite.Request r : site.requests()) {
      assertFalse(r.path().startsWith("/private/"), "robots.txt forbids " + r.path());
      assertFalse(r.host().equals(unseeded), "host " + unseeded + " is out of scope: " + r.path());
      assertTrue(r.userAgent().startsWith("trawl/"), r.userAgent());
    }
    for (String host : List.of(graph.hosts().get(0), graph.hosts().get(1))) {
      List<LoopbackSite.Request> byHost = site.requests().stream().filter(r -> r.host().equals(host)).toList();
      // robots.txt comes first, and once for the whole crawl: later rounds reuse it (RFC 9309's 24 hours).
      assertEquals("/robots.txt", byHost.get(0).path());
      assertEquals(1, byHost.stream().filter(r -> r.path().equals("/robots.txt")).count());
    }
  }

  @Test
  void requestsToOneHostAreAtLeastTheDelayApart() {
    // Server-side times: the server marks a request's end only when its thread runs again, which on
    // a loaded machine can be a few milliseconds after the client has read it: allow 5% of the delay.
    long minGap = TimeUnit.MILLISECONDS.toNanos((long) (DELAY_SECONDS * 950));
    Map<String, List<LoopbackSite.Request>> byHost = site.requests().stream()
        .collect(Collectors.groupingBy(LoopbackSite.Request::host));
    int pairs = 0;
    for (List<LoopbackSite.Request> requests : byHost.values()) {
      List<LoopbackSite.Request> sorted = requests.stream().sorted(Comparator.comparingLong(LoopbackSite.Request::startNanos)).toList();
      for (int i = 1; i < sorted.size(); i++) {
        long gap = sorted.get(i).startNanos() - sorted.get(i - 1).endNanos();
        assertTrue(gap >= minGap, "only " + gap / 1_000_000 + " ms between " + sorted.get(i - 1).path() + " and " + sorted.get(i).path());
        pairs++;
      }
    }
    assertTrue(pairs > 20, "enough requests to judge politeness: " + pairs);
  }

  @Test
  void everyWarcPointerReadsBackItsResponse() throws Exception {
    int checked = 0;
    for (int r = 1; r <= ROUNDS; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        if (m.getStatus() == FetchStatus.robots_denied) {
          continue;
        }
        assertNotNull(m.getWarcFile(), m.getUrl());
        Path file = crawl.root().resolve(m.getWarcFile());
        try (FileChannel ch = FileChannel.open(file)) {
          ch.position(m.getWarcOffset());
          InputStream slice = Channels.newInputStream(ch);
          byte[] record = slice.readNBytes(m.getWarcLength().intValue());
          try (WarcReader reader = new WarcReader(new java.io.ByteArrayInputStream(record))) {
            WarcRecord first = reader.next().orElseThrow();
            WarcResponse response = (WarcResponse) first;
            assertEquals(m.getUrl(), response.target());
            assertEquals(m.getHttpStatus().intValue(), response.http().status());
            assertEquals(m.getDigest(), response.payloadDigest().orElseThrow().prefixedBase32());
            assertEquals(m.getContentLength().longValue(), response.http().body().stream().readAllBytes().length);
            assertTrue(reader.next().isEmpty(), "the pointer covers exactly one record");
          }
        }
        checked++;
      }
    }
    assertTrue(checked > 20);
  }

  @Test
  void fetchTasksRunTogetherInLocalMode() throws Exception {
    Path logs = crawl.root().resolve(String.format("logs/round=%04d", ROUNDS));
    List<java.time.Instant> starts = new ArrayList<>();
    List<java.time.Instant> ends = new ArrayList<>();
    try (var files = Files.list(logs)) {
      for (Path log : files.filter(p -> p.toString().endsWith(".log")).toList()) {
        for (String line : Files.readAllLines(log)) {
          String[] parts = line.split(" ", 3);
          if (parts[1].equals("START")) {
            starts.add(java.time.Instant.parse(parts[0]));
          } else if (parts[1].equals("END")) {
            ends.add(java.time.Instant.parse(parts[0]));
          }
        }
      }
    }
    assertEquals(2, starts.size(), "one activity log per fetch list");
    assertEquals(2, ends.size());
    assertTrue(java.util.Collections.max(starts).isBefore(java.util.Collections.min(ends)),
        "both fetch tasks were running at once: started " + starts + ", ended " + ends);
  }

  @Test
  void theLayoutIsWhatTheDesignSays() {
    for (int r = 1; r <= ROUNDS; r++) {
      String folder = String.format("round=%04d", r);
      for (String kind : List.of("crawldb", "manifest", "warc", "logs")) {
        assertTrue(Files.exists(crawl.root().resolve(kind).resolve(folder).resolve("_SUCCESS")), kind + "/" + folder);
      }
      assertTrue(Files.exists(crawl.root().resolve(String.format("frontier/round=%04d/_SUCCESS", r + 1))));
      assertTrue(Files.exists(crawl.root().resolve(String.format("rounds/%04d.json", r))));
    }
    assertTrue(Files.exists(crawl.root().resolve("crawl.json")));
    assertFalse(Files.exists(crawl.root().resolve("_temporary")), "no job leftovers at the root");
  }
}
