package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trawl report} warns, with the likely cause, about a crawl that a throttling host slowed
 * half-way through and about one held up by a slow host; a healthy crawl of the same shape gets no
 * warning.
 */
class WarnsAboutTroubledCrawlsTest {
  private static final int HOSTS = 3;
  private static final int PAGES = 30;

  @TempDir
  Path tmp;

  /** Crawls {@code PAGES} pages of each host in one round, with the site's trouble set up first; returns the report. */
  private LocalCrawl.Run crawlAndReport(Consumer<LoopbackSite> trouble) throws Exception {
    try (LoopbackSite site = LoopbackSite.start(HOSTS, PAGES, 3)) {
      trouble.accept(site);
      LocalCrawl crawl = new LocalCrawl(tmp);
      List<String> seeds = new ArrayList<>();
      for (int h = 0; h < HOSTS; h++) {
        for (int p = 0; p < PAGES; p++) {
          seeds.add(site.graph().url(h, "/page/" + p));
        }
      }
      Path seedFile = crawl.writeSeeds("seeds.txt", String.join("\n", seeds) + "\n");
      // One fetch task, so every host starts at the same moment and only the trouble shapes the round;
      // no retries, so a 429 does not bring on more rounds.
      crawl.crawl(seedFile, "-D", "trawl.fetch.max-retries=0", "--depth", "1", "--delay", "0.1", "--fetch-lists", "1");
    }
    LocalCrawl.Run report = new LocalCrawl(tmp).ok("report", "--crawl", new LocalCrawl(tmp).uri(), "--out", tmp.resolve("report").toString());
    return report;
  }

  private static List<String> warnings(LocalCrawl.Run report) {
    return report.out().lines().filter(l -> l.startsWith("  - ")).toList();
  }

  @Test
  void aHealthyCrawlHasNoWarnings() throws Exception {
    LocalCrawl.Run report = crawlAndReport(site -> { });
    // A polite crawl of three hosts leaves most of the machine idle, and says so; nothing else is amiss.
    List<String> warnings = warnings(report);
    assertTrue(warnings.stream().allMatch(w -> w.contains("while the sites' politeness bounded them")), report.out());
    assertTrue(warnings.size() <= 1, report.out());
  }

  @Test
  void hostsThatStartThrottlingHalfWayExplainTheDecline() throws Exception {
    // Two of three hosts answer 429 after their first 12 pages: pages/min falls to a third.
    LocalCrawl.Run report = crawlAndReport(site -> {
      site.throttleAfter(0, 12);
      site.throttleAfter(1, 12);
    });
    List<String> warnings = warnings(report);
    assertEquals(1, warnings.stream().filter(w -> w.contains("round 1: throughput in the last fifth")).count(), report.out());
    String decline = warnings.stream().filter(w -> w.contains("throughput")).findFirst().orElseThrow();
    assertTrue(decline.contains("answered 429/503") && decline.contains("127.0.0.2") && decline.contains("127.0.0.3"), decline);
    // Each throttled host is backed off after every 429 and left for the next round after five in a
    // row (trawl.fetch.host-max-failures): 2 hosts x 5 answers 429 in round 1, not a stream of them.
    assertTrue(report.out().lines().anyMatch(l -> l.trim().matches("1 +\\d+ +10 .*")), "10 answers 4xx: " + report.out());
    assertTrue(report.out().lines().anyMatch(l -> l.trim().startsWith("429/503 answers/") && !l.contains("peak 0")), report.out());
  }

  @Test
  void aSlowHostThatHoldsUpTheRoundIsNamed() throws Exception {
    LocalCrawl.Run report = crawlAndReport(site -> site.slowDown(2, 200));
    String warning = warnings(report).stream().filter(w -> w.contains("one host dominated")).findFirst()
        .orElseThrow(() -> new AssertionError(report.out()));
    assertTrue(warning.contains("only 127.0.0.4 was left") && warning.contains("answered slowly"), warning);
    assertTrue(report.out().lines().anyMatch(l -> l.trim().startsWith("1 ") && l.contains("127.0.0.4 +")), "the straggler column names it: " + report.out());
  }
}
