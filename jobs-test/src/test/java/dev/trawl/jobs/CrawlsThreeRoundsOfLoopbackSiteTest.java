package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

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
    crawl.crawl(seedFile, "--depth", Integer.toString(ROUNDS), "--delay", Double.toString(DELAY_SECONDS));
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  @Test
  void eachRoundFetchesExactlyTheNextBreadthFirstLayer() throws Exception {
    SiteCrawlChecks.assertEachRoundFetchedTheNextLayer(crawl, graph, seeds, ROUNDS);
  }

  @Test
  void noUrlIsFetchedTwiceAndTheCrawlDbKnowsEveryUrl() throws Exception {
    SiteCrawlChecks.assertNoUrlFetchedTwiceAndTheCrawlDbKnowsEveryUrl(crawl, ROUNDS);
  }

  @Test
  void everyWarcPointerReadsBackItsResponse() throws Exception {
    SiteCrawlChecks.assertEveryWarcPointerReadsBackItsResponse(crawl, ROUNDS, 20);
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
