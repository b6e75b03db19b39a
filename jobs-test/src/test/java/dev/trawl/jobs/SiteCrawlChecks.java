package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.url.Urls;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcResponse;

/**
 * What a crawl of the loopback site must have done, checked against the site graph itself, the
 * same for a crawl root on local disk or on S3.
 */
final class SiteCrawlChecks {
  private SiteCrawlChecks() {}

  /** Breadth-first layers from the seeds over what a crawler can follow within the seeds' hosts. */
  static List<Set<String>> breadthFirstLayers(SiteGraph graph, List<String> seeds, int rounds) {
    Set<String> seedHosts = seeds.stream().map(Urls::host).collect(Collectors.toSet());
    List<Set<String>> layers = new ArrayList<>();
    Set<String> seen = new HashSet<>(seeds);
    Set<String> layer = new LinkedHashSet<>(seeds);
    for (int r = 0; r < rounds; r++) {
      layers.add(layer);
      Set<String> next = new LinkedHashSet<>();
      for (String url : layer) {
        if (graph.disallowed(url)) {
          continue;
        }
        for (String link : graph.outlinks(url)) {
          if (seedHosts.contains(Urls.host(link)) && seen.add(link)) {
            next.add(link);
          }
        }
      }
      layer = next;
    }
    return layers;
  }

  static FetchStatus expectedStatus(SiteGraph graph, String url) {
    if (graph.disallowed(url)) {
      return FetchStatus.robots_denied;
    }
    return switch (graph.kind(url)) {
      case PAGE, ROBOTS -> FetchStatus.fetched;
      case REDIRECT -> FetchStatus.redirect;
      default -> FetchStatus.http_error;
    };
  }

  /** Round r's manifest is exactly breadth-first layer r, each URL with its status and depth. */
  static void assertEachRoundFetchedTheNextLayer(CrawlFiles crawl, SiteGraph graph, List<String> seeds, int rounds) throws Exception {
    List<Set<String>> layers = breadthFirstLayers(graph, seeds, rounds);
    for (int r = 1; r <= rounds; r++) {
      List<ManifestRecord> manifest = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class);
      assertEquals(layers.get(r - 1), manifest.stream().map(ManifestRecord::getUrl).collect(Collectors.toSet()), "round " + r + " fetched set");
      for (ManifestRecord m : manifest) {
        assertEquals(expectedStatus(graph, m.getUrl()), m.getStatus(), m.getUrl());
        assertEquals(r - 1, m.getDepth(), "depth of " + m.getUrl());
      }
    }
    assertTrue(layers.get(rounds - 1).size() > 5, "the site should be deep enough for " + rounds + " rounds");
  }

  /**
   * No URL fetched twice; the last crawl db has one entry per URL, every fetched one among them;
   * the next frontier waits with URLs the crawl db knows and nobody fetched.
   */
  static void assertNoUrlFetchedTwiceAndTheCrawlDbKnowsEveryUrl(CrawlFiles crawl, int rounds) throws Exception {
    Map<String, Integer> attempts = new HashMap<>();
    for (int r = 1; r <= rounds; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        attempts.merge(m.getUrl(), 1, Integer::sum);
      }
    }
    attempts.forEach((url, n) -> assertEquals(1, n, url + " fetched " + n + " times"));
    List<CrawlDbEntry> db = crawl.read(String.format("crawldb/round=%04d", rounds), CrawlDbEntry.class);
    Set<String> known = db.stream().map(CrawlDbEntry::getUrl).collect(Collectors.toSet());
    assertEquals(db.size(), known.size(), "one crawl db entry per URL");
    assertTrue(known.containsAll(attempts.keySet()));
    List<FrontierEntry> next = crawl.read(String.format("frontier/round=%04d", rounds + 1), FrontierEntry.class);
    assertFalse(next.isEmpty(), "the depth bound leaves URLs for a deeper crawl");
    for (FrontierEntry f : next) {
      assertFalse(attempts.containsKey(f.getUrl()), f.getUrl());
      assertTrue(known.contains(f.getUrl()), f.getUrl());
    }
  }

  /** Every manifest record's WARC pointer reads back exactly its response, as jwarc parses it. */
  static void assertEveryWarcPointerReadsBackItsResponse(CrawlFiles crawl, int rounds, int atLeast) throws Exception {
    int checked = 0;
    for (int r = 1; r <= rounds; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        if (m.getStatus() == FetchStatus.robots_denied) {
          continue;
        }
        assertNotNull(m.getWarcFile(), m.getUrl());
        byte[] record = crawl.slice(m.getWarcFile(), m.getWarcOffset(), m.getWarcLength().intValue());
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(record))) {
          WarcResponse response = (WarcResponse) reader.next().orElseThrow();
          assertEquals(m.getUrl(), response.target());
          assertEquals(m.getHttpStatus().intValue(), response.http().status());
          assertEquals(m.getDigest(), response.payloadDigest().orElseThrow().prefixedBase32());
          assertEquals(m.getContentLength().longValue(), response.http().body().stream().readAllBytes().length);
          assertTrue(reader.next().isEmpty(), "the pointer covers exactly one record");
        }
        checked++;
      }
    }
    assertTrue(checked >= atLeast, "checked " + checked + " pointers");
  }
}
