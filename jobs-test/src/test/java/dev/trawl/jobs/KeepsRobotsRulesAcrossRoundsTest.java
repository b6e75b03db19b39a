package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A robots.txt read back from the robots store rules a host exactly as on the round that fetched
 * it: its Crawl-delay spaces every request of rounds 2 and 3 too, a Crawl-delay above the cap keeps
 * the host skipped, Disallow holds. Judged from the site's own request log, as its owner would.
 */
class KeepsRobotsRulesAcrossRoundsTest {
  @TempDir
  Path tmp;

  @Test
  void crawlDelayAndTheCapHoldInEveryRoundWithTheStoreReused() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(2, 10, 5)) {
      SiteGraph graph = site.graph();
      site.robotsTxt(0, "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n");
      site.robotsTxt(1, "User-agent: *\nCrawl-delay: 60\n");
      LocalCrawl crawl = new LocalCrawl(tmp);
      Path seeds = crawl.writeSeeds("seeds.txt", graph.url(0, "/") + "\n" + graph.url(1, "/") + "\n");
      crawl.crawl(seeds, "--depth", "3", "--delay", "0.2");

      String polite = graph.hosts().get(0);
      List<LoopbackSite.Request> seen = site.requests().stream().filter(r -> r.host().equals(polite))
          .sorted(Comparator.comparingLong(LoopbackSite.Request::startNanos)).toList();
      assertEquals(1, seen.stream().filter(r -> r.path().equals("/robots.txt")).count(),
          "robots.txt once: rounds 2 and 3 read it from the store");
      assertTrue(seen.size() >= 4, "pages in more than one round: " + seen.stream().map(LoopbackSite.Request::path).toList());
      for (int i = 1; i < seen.size(); i++) {
        long gap = TimeUnit.NANOSECONDS.toMillis(seen.get(i).startNanos() - seen.get(i - 1).endNanos());
        assertTrue(gap >= 950, "Crawl-delay: 1, yet " + gap + " ms before " + seen.get(i).path());
      }
      assertFalse(seen.stream().anyMatch(r -> r.path().startsWith("/private/")), "Disallow holds");

      String skipped = graph.hosts().get(1);
      assertEquals(List.of("/robots.txt"), site.requests().stream().filter(r -> r.host().equals(skipped))
          .map(LoopbackSite.Request::path).toList(), "Crawl-delay 60 s is above the 30 s cap");
      dev.trawl.schema.ManifestRecord denied = crawl.read("manifest/round=0001", dev.trawl.schema.ManifestRecord.class).stream()
          .filter(m -> m.getHost().equals(skipped)).findFirst().orElseThrow();
      assertEquals(dev.trawl.schema.FetchStatus.robots_denied, denied.getStatus());
      assertTrue(denied.getError().contains("Crawl-delay 60.0s is above the cap"), denied.getError());

      for (int round = 2; round <= 3; round++) {
        String logs;
        try (var files = Files.list(crawl.root().resolve("logs/round=000" + round))) {
          logs = files.filter(f -> f.toString().endsWith(".log")).map(f -> {
            try {
              return Files.readString(f);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).collect(Collectors.joining());
        }
        assertTrue(logs.contains("ROBOTS http://" + polite + ":" + graph.port() + " robots.txt from the robots store")
            && logs.contains("delay 1.0s"), "round " + round + " says which rules it applied:\n" + logs);
      }
    }
  }
}
