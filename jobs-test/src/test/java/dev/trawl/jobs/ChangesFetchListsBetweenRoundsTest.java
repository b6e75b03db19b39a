package dev.trawl.jobs;

import dev.trawl.round.CrawlLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.url.FetchLists;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster that grows and shrinks between rounds: each round is split into as many fetch lists as
 * it is told (or as fit where it runs), and that changes how the crawl is split, never what it
 * fetches. Compared with the same crawl at a steady two lists, and judged from the site's own log.
 */
class ChangesFetchListsBetweenRoundsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aRoundSplitInAnotherCountOfListsFetchesWhatASteadyCrawlFetches() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(5, 40, 23)) {
      LocalCrawl steady = crawl("steady", site, "2", "2", "2", "2");
      int steadyRequests = site.requests().size();
      LocalCrawl changing = crawl("changing", site, "1", "3", "2", null);
      List<LoopbackSite.Request> requests = site.requests().subList(steadyRequests, site.requests().size());

      for (int r = 1; r <= 4; r++) {
        assertEquals(steady.records(r), changing.records(r), "round " + r + ": the same records whatever the split");
      }
      int cores = Runtime.getRuntime().availableProcessors();
      int[] lists = {1, 3, 2, Math.min(cores, 5)};
      for (int r = 1; r <= 4; r++) {
        JsonNode summary = summary(changing, r);
        assertEquals(lists[r - 1], summary.path("fetch_lists").asInt(), "round " + r + ": " + summary);
        assertEquals(r < 4 ? "given (trawl.round.fetch-lists=" + lists[r - 1] + ")" : "auto: local mode, " + cores
            + (cores == 1 ? " core" : " cores") + (cores > 5 ? ", capped at the round's 5 hosts" : ""), summary.path("fetch_lists_why").asText());
        assertTrue(summary.path("job").asText().startsWith("job_local"), summary.path("job").asText());
        // One fetch task per list, and each host's pages from one of them.
        assertEquals(lists[r - 1], fetchTaskLogs(changing, r), "round " + r);
        Map<String, Set<String>> taskOfHost = new HashMap<>();
        for (ManifestRecord m : changing.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
          if (m.getWarcFile() != null) {
            taskOfHost.computeIfAbsent(m.getHost(), h -> new HashSet<>()).add(m.getWarcFile());
          }
        }
        taskOfHost.forEach((host, tasks) -> assertEquals(1, tasks.size(), host + " fetched by " + tasks));
      }

      // The rules each host's robots.txt gave in round 1 held in every later layout: asked for once.
      Map<String, Long> robots = requests.stream().filter(q -> q.path().equals("/robots.txt"))
          .collect(Collectors.groupingBy(LoopbackSite.Request::host, Collectors.counting()));
      assertEquals(5, robots.size(), robots.toString());
      robots.forEach((host, n) -> assertEquals(1L, n, host + " robots.txt requests"));
      // No page fetched twice however the rounds were split.
      Set<String> seen = new HashSet<>();
      for (LoopbackSite.Request q : requests) {
        assertTrue(seen.add(q.host() + q.path()), "requested twice: " + q.host() + q.path());
      }

      // Round 2 read frontier 2 (laid out in 1 list by round 1) from a copy in its 3 lists; frontier 2 stays as written.
      assertEquals(1, layout(changing.root().resolve("frontier/round=0002")).lists());
      FetchLists copied = layout(changing.root().resolve("frontier/round=0002/_lists=3"));
      assertEquals(3, copied.lists());
      assertEquals(3, layout(changing.root().resolve("frontier/round=0003")).lists(), "round 2 wrote frontier 3 in its own count");
      assertNotEquals(Set.of(), avroFiles(changing.root().resolve("frontier/round=0002/_lists=3")));
    }
  }

  @Test
  void aCountOutOfRangeIsRefusedNamingTheSettingAndNothingRuns() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(1, 5, 3)) {
      LocalCrawl crawl = new LocalCrawl(Files.createDirectories(tmp.resolve("refused")));
      Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", site.graph().homePages()));
      crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--allow-private", "127.0.0.0/8");
      LocalCrawl.Run refused = crawl.trawl("round", "--crawl", crawl.uri(), "--fetch-lists", "0", "--allow-private", "127.0.0.0/8");
      assertNotEquals(0, refused.exit());
      assertTrue(refused.err().contains("trawl.round.fetch-lists") && refused.err().contains("auto, or a number of fetch lists from 1 to 10000"),
          refused.err());
      assertTrue(Files.notExists(crawl.root().resolve("rounds/0001.json")));
      assertEquals(List.of(), site.requests());
    }
  }

  /** Inject and four rounds, each given its count of lists (null: none, auto). */
  private LocalCrawl crawl(String name, LoopbackSite site, String... lists) throws Exception {
    LocalCrawl crawl = new LocalCrawl(Files.createDirectories(tmp.resolve(name)));
    Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", site.graph().homePages()));
    crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--fetch-lists", lists[0],
        "--allow-private", "127.0.0.0/8");
    for (String n : lists) {
      List<String> args = new ArrayList<>(List.of("round", "--crawl", crawl.uri(), "--delay", "0.01", "--allow-private", "127.0.0.0/8"));
      if (n != null) {
        args.addAll(List.of("--fetch-lists", n));
      }
      crawl.ok(args.toArray(new String[0]));
    }
    return crawl;
  }

  private static JsonNode summary(LocalCrawl crawl, int round) throws Exception {
    return JSON.readTree(crawl.root().resolve(String.format("rounds/%04d.json", round)).toFile());
  }

  private static long fetchTaskLogs(LocalCrawl crawl, int round) throws Exception {
    try (Stream<Path> logs = Files.list(crawl.root().resolve(String.format("logs/round=%04d", round)))) {
      return logs.filter(p -> p.getFileName().toString().matches("fetch-\\d{5}\\.log")).count();
    }
  }

  private static FetchLists layout(Path folder) throws Exception {
    try (InputStream in = Files.newInputStream(folder.resolve(CrawlLayout.FETCH_LISTS))) {
      return FetchLists.read(in);
    }
  }

  private static Set<String> avroFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avro")).collect(Collectors.toSet());
    }
  }
}
