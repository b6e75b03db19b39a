package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bound and scope rule on a generated two-host site, with the expected fetches worked out here
 * from the site's link graph, independently of the crawler: round by round, URL by URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepsCrawlsWithinBoundsTest {
  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private SiteGraph graph;
  private List<String> seeds;

  @BeforeAll
  void startSite() throws Exception {
    site = LoopbackSite.start(2, 30, 3);
    graph = site.graph();
    seeds = graph.homePages();
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  private LocalCrawl.Run crawl(LocalCrawl crawl, String... flags) throws Exception {
    Path seedFile = crawl.writeSeeds("seeds.txt", String.join("\n", seeds) + "\n");
    List<String> args = new ArrayList<>(List.of("--delay", "0.01"));
    args.addAll(List.of(flags));
    return crawl.crawl(seedFile, args.toArray(new String[0]));
  }

  private LocalCrawl newCrawl(String name) throws Exception {
    return new LocalCrawl(Files.createDirectories(tmp.resolve(name)));
  }

  /** Manifest records per round, as URL -> record. */
  private static List<Map<String, ManifestRecord>> manifests(LocalCrawl crawl) throws Exception {
    List<Map<String, ManifestRecord>> rounds = new ArrayList<>();
    for (int r = 1; Files.exists(crawl.root().resolve(String.format("rounds/%04d.json", r))); r++) {
      Map<String, ManifestRecord> byUrl = new LinkedHashMap<>();
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        byUrl.put(m.getUrl(), m);
      }
      rounds.add(byUrl);
    }
    return rounds;
  }

  private static JsonNode summary(LocalCrawl crawl, int round) throws Exception {
    return new ObjectMapper().readTree(crawl.root().resolve(String.format("rounds/%04d.json", round)).toFile());
  }

  /** A URL the crawler asks the server for (not robots-denied). */
  private boolean requested(String url) {
    return !graph.disallowed(url);
  }

  /** Links a fetched URL leads to within the seed hosts. */
  private List<String> links(String url) {
    if (graph.disallowed(url)) {
      return List.of();
    }
    return graph.outlinks(url);
  }

  /**
   * The crawl a page bound allows, simulated: each round takes the frontier's entries shallowest
   * first, then in URL order, up to {@code perRound} and up to what {@code total} leaves; the rest
   * waits. Returns the URLs of each round's manifest.
   */
  private List<Set<String>> simulate(long total, long perRound, int depth) {
    record Entry(String url, int depth) {}
    List<Entry> frontier = new ArrayList<>();
    Set<String> known = new HashSet<>(seeds);
    seeds.forEach(s -> frontier.add(new Entry(s, 0)));
    List<Set<String>> rounds = new ArrayList<>();
    long requests = 0;
    while (true) {
      List<Entry> due = frontier.stream().filter(e -> e.depth() < depth)
          .sorted(Comparator.comparingInt(Entry::depth).thenComparing(Entry::url)).toList();
      long budget = Math.min(perRound, total - requests);
      if (due.isEmpty() || budget <= 0) {
        return rounds;
      }
      List<Entry> taken = due.subList(0, (int) Math.min(budget, due.size()));
      frontier.removeAll(taken);
      Set<String> round = new TreeSet<>();
      for (Entry e : taken) {
        round.add(e.url());
        if (requested(e.url())) {
          requests++;
        }
        for (String link : links(e.url())) {
          if (known.add(link)) {
            frontier.add(new Entry(link, e.depth() + 1));
          }
        }
      }
      rounds.add(round);
    }
  }

  @Test
  void maxPagesStopsTheWholeCrawlAtExactlyThatManyFetches() throws Exception {
    LocalCrawl crawl = newCrawl("max-pages");
    crawl(crawl, "--max-pages", "12", "--depth", "6");
    List<Map<String, ManifestRecord>> rounds = manifests(crawl);
    List<Set<String>> expected = simulate(12, Long.MAX_VALUE, 6);
    assertEquals(expected, rounds.stream().map(m -> (Set<String>) new TreeSet<>(m.keySet())).toList());
    long requests = 0;
    for (int r = 1; r <= rounds.size(); r++) {
      requests += summary(crawl, r).path("counters").path("REQUESTS").asLong();
    }
    assertEquals(12, requests, "exactly the page bound");
    assertTrue(summary(crawl, rounds.size()).path("counters").path("NOT_SELECTED").asLong() > 0, "the last round left some out");

    // Resuming does not fetch more: the bound is the crawl's.
    LocalCrawl.Run again = crawl.trawl("crawl", "--crawl", crawl.uri());
    assertTrue(again.out().contains("max pages reached"), again.out());
  }

  @Test
  void maxPagesPerRoundSpreadsTheCrawlOverMoreRounds() throws Exception {
    LocalCrawl crawl = newCrawl("per-round");
    crawl(crawl, "--max-pages-per-round", "5", "--depth", "3");
    List<Set<String>> expected = simulate(Long.MAX_VALUE, 5, 3);
    List<Map<String, ManifestRecord>> rounds = manifests(crawl);
    assertEquals(expected, rounds.stream().map(m -> (Set<String>) new TreeSet<>(m.keySet())).toList());
    for (int r = 1; r <= rounds.size(); r++) {
      assertTrue(summary(crawl, r).path("counters").path("REQUESTS").asLong() <= 5, "round " + r);
    }
    assertTrue(rounds.size() > 3, "more rounds than the depth: " + rounds.size());
  }

  @Test
  void maxPerHostCapsEachHostInEachRound() throws Exception {
    LocalCrawl crawl = newCrawl("per-host");
    crawl(crawl, "--max-per-host", "3", "--depth", "3");
    for (Map<String, ManifestRecord> round : manifests(crawl)) {
      Map<String, Long> perHost = round.values().stream().filter(m -> m.getStatus() != FetchStatus.robots_denied)
          .collect(Collectors.groupingBy(ManifestRecord::getHost, Collectors.counting()));
      perHost.forEach((host, n) -> assertTrue(n <= 3, host + " fetched " + n + " pages in a round"));
    }
    assertTrue(summary(crawl, 2).path("counters").path("CARRIED_OVER").asLong() > 0, "the cap carried URLs over");
    // Within a host, the cap takes the fetch list's first URLs: URL order.
    Map<String, ManifestRecord> round2 = manifests(crawl).get(1);
    for (String host : graph.hosts()) {
      List<String> fetched = round2.values().stream().filter(m -> m.getHost().equals(host))
          .filter(m -> m.getStatus() != FetchStatus.robots_denied).map(ManifestRecord::getUrl).sorted().toList();
      List<String> carried = crawl.read("frontier/round=0003", dev.trawl.schema.FrontierEntry.class).stream()
          .filter(f -> f.getHost().equals(host) && f.getDepth() == 1).map(dev.trawl.schema.FrontierEntry::getUrl).sorted().toList();
      if (!fetched.isEmpty() && !carried.isEmpty()) {
        assertTrue(fetched.get(fetched.size() - 1).compareTo(carried.get(0)) < 0, "fetched " + fetched + ", carried " + carried);
      }
    }
  }

  @Test
  void pagesPublishedOutsideTheWindowAreRecordedAndNotFollowed() throws Exception {
    LocalCrawl crawl = newCrawl("published");
    Instant before = Instant.parse("2010-01-20T00:00:00Z");
    crawl(crawl, "--published-before", "2010-01-20", "--depth", "3");
    // Simulated: breadth first, but pages dated on or after the bound are not followed.
    List<Set<String>> layers = new ArrayList<>();
    Set<String> known = new HashSet<>(seeds);
    Set<String> layer = new TreeSet<>(seeds);
    for (int r = 0; r < 3; r++) {
      layers.add(layer);
      Set<String> next = new TreeSet<>();
      for (String url : layer) {
        boolean page = graph.kind(url) == SiteGraph.Kind.PAGE;
        if (page && !graph.published(url).isBefore(before)) {
          continue;
        }
        for (String link : links(url)) {
          if (known.add(link)) {
            next.add(link);
          }
        }
      }
      layer = next;
    }
    List<Map<String, ManifestRecord>> rounds = manifests(crawl);
    int outOfBounds = 0;
    for (int r = 0; r < 3; r++) {
      assertEquals(layers.get(r), new TreeSet<>(rounds.get(r).keySet()), "round " + (r + 1));
      for (ManifestRecord m : rounds.get(r).values()) {
        if (graph.kind(m.getUrl()) == SiteGraph.Kind.PAGE && !graph.disallowed(m.getUrl())) {
          boolean outside = !graph.published(m.getUrl()).isBefore(before);
          assertEquals(outside ? FetchStatus.out_of_bounds : FetchStatus.fetched, m.getStatus(), m.getUrl());
          assertEquals(graph.published(m.getUrl()).toEpochMilli(), m.getPublished(), "the date is recorded");
          outOfBounds += outside ? 1 : 0;
        }
      }
    }
    assertTrue(outOfBounds > 0, "host 1's pages are all dated after the bound");
  }

  @Test
  void excludedUrlsAreNeverFetchedAndEveryDropIsCounted() throws Exception {
    LocalCrawl crawl = newCrawl("exclude");
    crawl(crawl, "--exclude", "/page/1[0-9]$", "--depth", "3");
    long expectedDrops = 0;
    List<Map<String, ManifestRecord>> rounds = manifests(crawl);
    for (Map<String, ManifestRecord> round : rounds) {
      for (ManifestRecord m : round.values()) {
        assertFalse(m.getUrl().matches(".*/page/1[0-9]$"), m.getUrl());
        if (m.getStatus() == FetchStatus.fetched) {
          expectedDrops += graph.outlinks(m.getUrl()).stream().filter(l -> l.matches(".*/page/1[0-9]$")).count();
        }
      }
    }
    long counted = 0;
    for (int r = 1; r <= rounds.size(); r++) {
      counted += summary(crawl, r).path("counters").path("DROPPED_SCOPE_EXCLUDE").asLong();
    }
    assertEquals(expectedDrops, counted);
    assertTrue(counted > 0);
  }

  @Test
  void changingTheScopeOfAnExistingCrawlMustBeAskedFor() throws Exception {
    LocalCrawl crawl = newCrawl("change");
    crawl(crawl, "--depth", "1");
    LocalCrawl.Run refused = crawl.trawl("crawl", "--crawl", crawl.uri(), "--depth", "2", "--scope", "any");
    assertEquals(2, refused.exit());
    assertTrue(refused.err().contains("trawl.bounds.depth: crawl.json has '1', this run asks for '2'"), refused.err());
    assertTrue(refused.err().contains("trawl.scope: crawl.json has 'host', this run asks for 'any'"), refused.err());
    assertTrue(refused.err().contains("--change-settings"), refused.err());
    assertFalse(Files.exists(crawl.root().resolve("rounds/0002.json")), "nothing ran");

    LocalCrawl.Run deeper = crawl.ok("crawl", "--crawl", crawl.uri(), "--depth", "2", "--change-settings");
    assertTrue(Files.exists(crawl.root().resolve("rounds/0002.json")), "the crawl went one level deeper");
    JsonNode json = new ObjectMapper().readTree(crawl.root().resolve("crawl.json").toFile());
    assertEquals("2", json.path("settings").path("trawl.bounds.depth").asText());
    assertTrue(json.path("changes").get(0).path("settings").get(0).asText().contains("trawl.bounds.depth"));
  }

  @Test
  void noRoundStartsAfterTheDeadline() throws Exception {
    LocalCrawl crawl = newCrawl("deadline");
    Path seedFile = crawl.writeSeeds("seeds.txt", String.join("\n", seeds) + "\n");
    LocalCrawl.Run run = crawl.crawl(seedFile, "--deadline", "2020-01-01T00:00:00Z");
    assertTrue(run.out().contains("deadline 2020-01-01T00:00:00Z has passed"), run.out());
    assertFalse(Files.exists(crawl.root().resolve("rounds/0001.json")));
  }
}
