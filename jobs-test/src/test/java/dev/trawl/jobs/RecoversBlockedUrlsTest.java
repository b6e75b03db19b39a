package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's first crawl of a loopback site without --allow-private, as issue 27 saw it: the end
 * line, status and report say how many URLs were blocked and which flag allows them; a plain re-run
 * fetches nothing and says so again; a run-time --allow-private the crawl does not record is refused;
 * the one documented command records the range and fetches the blocked pages. Judged from the
 * manifest and the site's own request log.
 */
class RecoversBlockedUrlsTest {
  private static final String FIX = "--allow-private 127.0.0.0/8 --change-settings";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void blockedUrlsAreExplainedAndOneDocumentedCommandFetchesThem() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(1, 6, 27)) {
      SiteGraph graph = site.graph();
      LocalCrawl crawl = new LocalCrawl(tmp);
      Path seeds = crawl.writeSeeds("seeds.txt", graph.url(0, "/") + "\n");

      LocalCrawl.Run first = crawl.ok("crawl", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--depth", "3",
          "--delay", "0.05");
      assertTrue(site.requests().isEmpty(), "nothing reached the site: " + site.requests());
      String endLine = first.out().substring(first.out().indexOf("crawl done after round 1"));
      assertTrue(endLine.contains("1 URL blocked (blocked_address)") && endLine.contains("127.0.0.0/8")
          && endLine.contains("'trawl crawl --crawl ") && endLine.contains(FIX + "'"),
          "the end line names the count, the range and the fix:\n" + first.out());
      assertEquals(FetchStatus.blocked_address, only(crawl.read("manifest/round=0001", ManifestRecord.class)).getStatus());

      LocalCrawl.Run url = crawl.trawl("url", "--crawl", crawl.uri(), graph.url(0, "/"));
      assertTrue(url.out().contains("round 1  blocked_address") && url.out().contains("allow it with --allow-private 127.0.0.0/8")
          && url.out().contains("why        blocked: ") && url.out().contains(FIX), "url names the fix:\n" + url.out());

      LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
      String verdict = status.out().lines().filter(l -> l.startsWith("verdict: ")).findFirst().orElseThrow();
      assertTrue(verdict.contains("1 URL blocked (blocked_address)") && verdict.contains(FIX)
          && !verdict.contains("robots_denied"), verdict);
      JsonNode json = JSON.readTree(crawl.trawl("status", "--crawl", crawl.uri(), "--json").out());
      assertEquals(verdict.substring("verdict: ".length()), json.path("verdict").asText());

      LocalCrawl.Run report = crawl.ok("report", "--crawl", crawl.uri(), "--out", tmp.resolve("report").toString());
      String warnings = report.out().substring(report.out().indexOf("warnings:"));
      assertTrue(warnings.contains("1 URL blocked (blocked_address)") && warnings.contains(FIX), report.out());
      assertTrue(Files.readString(tmp.resolve("report/report.html")).contains("127.0.0.0/8"), "the page warns too");

      // A plain re-run fetches nothing, and says why rather than only "nothing left to fetch".
      LocalCrawl.Run again = crawl.ok("crawl", "--crawl", crawl.uri());
      assertTrue(again.out().contains("1 URL blocked (blocked_address)") && again.out().contains(FIX), again.out());
      assertTrue(site.requests().isEmpty(), "still nothing sent: " + site.requests());

      // A range given for one run only would be applied once and forgotten: refused, nothing stored touched.
      Set<String> before = files(crawl.root());
      String crawlJson = Files.readString(crawl.root().resolve("crawl.json"));
      LocalCrawl.Run once = crawl.trawl("crawl", "--crawl", crawl.uri(), "--allow-private", "127.0.0.0/8");
      assertNotEquals(0, once.exit());
      assertTrue(once.err().contains("trawl.fetch.allow-private: crawl.json has '', this run asks for '127.0.0.0/8'")
          && once.err().contains("--change-settings"), once.err());
      assertEquals(before, files(crawl.root()));
      assertEquals(crawlJson, Files.readString(crawl.root().resolve("crawl.json")));
      assertTrue(site.requests().isEmpty());

      // The documented command: the range is recorded and the blocked seed fetched, then the pages it links.
      LocalCrawl.Run fixed = crawl.ok(("crawl --crawl " + crawl.uri() + " " + FIX).split(" "));
      assertTrue(fixed.out().contains("round 2: trawl.fetch.allow-private changed since round 1"), fixed.out());
      assertFalse(fixed.out().startsWith("crawl done"), fixed.out());
      JsonNode settings = JSON.readTree(crawl.root().resolve("crawl.json").toFile());
      assertEquals("127.0.0.0/8", settings.path("settings").path("trawl.fetch.allow-private").asText());
      assertTrue(settings.path("changes").toString().contains("trawl.fetch.allow-private"), settings.toString());

      List<ManifestRecord> fetched = Stream.of("0002", "0003", "0004", "0005")
          .flatMap(r -> {
            try {
              return crawl.read("manifest/round=" + r, ManifestRecord.class).stream();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).filter(m -> m.getStatus() == FetchStatus.fetched).toList();
      Set<String> pagesServed = site.requests().stream().filter(r -> r.status() == 200 && !r.path().equals("/robots.txt"))
          .map(r -> "http://" + r.host() + ":" + graph.port() + r.path()).collect(Collectors.toCollection(TreeSet::new));
      assertTrue(pagesServed.contains(graph.url(0, "/")), "the seed was fetched: " + pagesServed);
      assertTrue(pagesServed.size() > 1, "and the pages it links: " + pagesServed);
      assertEquals(pagesServed, fetched.stream().map(ManifestRecord::getUrl).collect(Collectors.toCollection(TreeSet::new)),
          "the manifest holds what the site served");
      assertTrue(site.requests().stream().allMatch(r -> r.userAgent().startsWith("trawl")), "only trawl asked");

      String after = crawl.trawl("status", "--crawl", crawl.uri()).out();
      assertFalse(after.contains("blocked (blocked_address)"), "nothing is blocked any more:\n" + after);

      // Another range at run time is refused the same way, and loses nothing.
      Set<String> done = files(crawl.root());
      int served = site.requests().size();
      LocalCrawl.Run other = crawl.trawl("round", "--crawl", crawl.uri(), "--allow-private", "10.0.0.0/8");
      assertNotEquals(0, other.exit());
      assertTrue(other.err().contains("crawl.json has '127.0.0.0/8', this run asks for '10.0.0.0/8'")
          && other.err().contains("--change-settings"), other.err());
      assertEquals(done, files(crawl.root()));
      assertEquals(served, site.requests().size());
    }
  }

  private static ManifestRecord only(List<ManifestRecord> records) {
    assertEquals(1, records.size(), records.toString());
    return records.get(0);
  }

  /**
   * Every file under the crawl root with its size: what a refused run must leave as it was. Not the
   * writer lease, which even a refused run takes (to read the crawl while no one writes) and releases.
   */
  private static Set<String> files(Path root) throws java.io.IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith("lease")).map(p -> {
        try {
          return root.relativize(p) + " " + Files.size(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
