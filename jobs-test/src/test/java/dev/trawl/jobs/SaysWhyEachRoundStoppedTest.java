package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.schema.ManifestRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A round cut by --time-limit, as issue 27 met it: the cut was only in a task's activity log. Now
 * the round's summary, the round table, status (text and JSON) and report say why the round
 * stopped, and status and report warn. The console's fetch list count is the one status shows.
 */
class SaysWhyEachRoundStoppedTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aRoundTheTimeLimitCutSaysSoEverywhere() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(1, 30, 5)) {
      LocalCrawl crawl = new LocalCrawl(tmp);
      List<String> seeds = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        seeds.add(site.graph().url(0, "/page/" + i));
      }
      Path file = crawl.writeSeeds("seeds.txt", String.join("\n", seeds) + "\n");
      // 20 pages a second apart cannot fit in 8 seconds, however late a loaded machine starts the fetch task (the
      // limit counts from the round's start); two lists for one host, so one list has no URLs.
      crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", file.toString(), "--depth", "1",
          "--fetch-lists", "2", "--allow-private", "127.0.0.0/8");
      LocalCrawl.Run round = crawl.ok("round", "--crawl", crawl.uri(), "--delay", "1", "--time-limit", "8s", "--fetch-lists", "2");
      assertTrue(round.out().contains("round 1: 20 URLs in 2 fetch lists (1 with URLs; "), round.out());
      assertTrue(round.out().lines().anyMatch(l -> l.matches("\\s+1 .*  time_limit")), "the round table:\n" + round.out());

      long fetched = crawl.read("manifest/round=0001", ManifestRecord.class).size();
      assertTrue(fetched > 0 && fetched < 20, fetched + " fetched");
      JsonNode summary = JSON.readTree(crawl.root().resolve("rounds/0001.json").toFile());
      assertEquals("time_limit", summary.path("stopped_by").path("code").asText(), summary.toString());
      String words = summary.path("stopped_by").path("words").asText();
      assertTrue(words.contains("the time limit (8 s, --time-limit) cut fetching; " + (20 - fetched) + " URLs carried over"), words);

      LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
      assertTrue(status.out().contains("why each round stopped:\n  round 1: " + words + " (time_limit)"), status.out());
      assertTrue(status.out().contains("warning: round 1: " + words), status.out());
      assertTrue(status.out().contains("  round 1: 2 fetch lists"), "the console's count: " + status.out());
      JsonNode json = JSON.readTree(crawl.trawl("status", "--crawl", crawl.uri(), "--json").out());
      assertEquals("time_limit", json.path("finished_rounds").get(0).path("stopped_by").path("code").asText());
      assertTrue(json.path("warnings").get(0).asText().startsWith("round 1: the time limit"), json.path("warnings").toString());

      LocalCrawl.Run report = crawl.trawl("report", "--crawl", crawl.uri(), "--out", tmp.resolve("report").toString());
      assertTrue(report.out().contains("  round 1: " + words + " (time_limit)"), report.out());
      String warnings = report.out().substring(report.out().indexOf("warnings:"));
      assertTrue(warnings.contains("  - round 1: the time limit (8 s, --time-limit) cut fetching")
          && warnings.contains("politeness delay"), "the polite wait is named as what held the round:\n" + report.out());
    }
  }
}
