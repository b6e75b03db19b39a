package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.url.FetchLists;
import dev.trawl.url.Urls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person at a terminal asks of a finished crawl, without Hive: the URLs it knows (urls), one
 * URL's story (url), a stored page's links (links), a page through trawl's parser (parse), a robots.txt
 * capture (get), and whether the crawl is finished (status). One crawl of the loopback site, two rounds
 * to depth 2, serves every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeesWhatACrawlHoldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private SiteGraph graph;
  private LocalCrawl crawl;
  private Set<String> seedHosts;

  @BeforeAll
  void crawlToDepthTwo() throws Exception {
    site = LoopbackSite.start(4, 20, 12);
    graph = site.graph();
    String first = graph.hosts().get(0);
    String second = graph.hosts().stream().filter(h -> FetchLists.hash(h, 2) != FetchLists.hash(first, 2)).findFirst().orElseThrow();
    seedHosts = Set.of(first, second);
    crawl = new LocalCrawl(tmp);
    List<String> seeds = new ArrayList<>(List.of(graph.url(0, "/"), "http://" + second + ":" + graph.port() + "/"));
    seeds.addAll(List.of(graph.url(0, "/private/3"), graph.url(0, "/old/4"), graph.url(0, "/missing/5")));
    Path file = crawl.writeSeeds("seeds.txt", String.join("\n", seeds) + "\n");
    // The delay as a user often gives it: a Hadoop generic option after the command.
    crawl.ok("crawl", "-D", "trawl.fetch.delay=0.05", "--crawl", crawl.uri(), "--seeds", file.toString(),
        "--depth", "2", "--allow-private", "127.0.0.0/8");
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  @Test
  void aGenericOptionAfterTheCommandIsTheCrawlsSetting() throws Exception {
    JsonNode settings = JSON.readTree(crawl.root().resolve("crawl.json").toFile()).path("settings");
    assertEquals("0.05", settings.path("trawl.fetch.delay").asText(), settings.toString());
    JsonNode round1 = JSON.readTree(crawl.root().resolve("rounds/0001.json").toFile()).path("settings");
    assertEquals("0.05", round1.path("trawl.fetch.delay").asText(), "the round ran with it");
  }

  private static String status(CrawlDbEntry e) {
    return e.getState() == UrlState.queued ? "pending" : e.getState().name();
  }

  private static String tsv(CrawlDbEntry e) {
    return String.join("\t", e.getUrl(), status(e), e.getHttpStatus() == null ? "" : e.getHttpStatus().toString(),
        Integer.toString(e.getDepth()), Integer.toString(e.getFirstRound()),
        e.getLastFetchRound() == null ? "" : e.getLastFetchRound().toString(), e.getSource() == null ? "" : e.getSource());
  }

  @Test
  void urlsListsWhatAnAvroReaderFindsInTheCrawlDb() throws Exception {
    List<CrawlDbEntry> db = crawl.read("crawldb/round=0002", CrawlDbEntry.class);
    LocalCrawl.Run all = crawl.ok("urls", "--crawl", crawl.uri());
    List<String> lines = all.out().lines().toList();
    assertEquals("url\tstatus\thttp_status\tdepth\tfirst_round\tlast_fetch_round\tsource", lines.get(0));
    assertEquals(db.stream().map(SeesWhatACrawlHoldsTest::tsv).collect(Collectors.toCollection(TreeSet::new)),
        new TreeSet<>(lines.subList(1, lines.size())));
    assertEquals(db.size(), lines.size() - 1, "each URL once");

    String host = graph.hosts().get(0);
    LocalCrawl.Run pending = crawl.ok("urls", "--crawl", crawl.uri(), "--status", "pending", "--host", host, "--format", "jsonl");
    Set<String> expected = db.stream().filter(e -> e.getState() == UrlState.queued && e.getHost().equals(host))
        .map(CrawlDbEntry::getUrl).collect(Collectors.toSet());
    assertFalse(expected.isEmpty(), "the crawl leaves URLs beyond its depth");
    Set<String> listed = new TreeSet<>();
    for (String line : pending.out().lines().toList()) {
      JsonNode n = JSON.readTree(line);
      assertEquals("pending", n.path("status").asText());
      listed.add(n.path("url").asText());
    }
    assertEquals(expected, listed);

    LocalCrawl.Run round1 = crawl.trawl("urls", "--crawl", crawl.uri(), "--round", "1", "--status", "robots_denied");
    assertEquals(List.of(graph.url(0, "/private/3")), round1.out().lines().skip(1).map(l -> l.split("\t")[0]).toList());

    LocalCrawl.Run typo = crawl.trawl("urls", "--crawl", crawl.uri(), "--status", "pendng");
    assertEquals(2, typo.exit());
    assertTrue(typo.err().contains("(did you mean pending?)"), typo.err());
  }

  @Test
  void urlSaysWhatBecameOfAUrlOrWhyItWasNeverFetched() throws Exception {
    String home = graph.url(0, "/");
    LocalCrawl.Run fetched = crawl.ok("url", "--crawl", crawl.uri(), home);
    // A seed stays a seed however often pages (itself included) link to it later.
    assertTrue(fetched.out().contains("status     fetched (HTTP 200)") && fetched.out().matches("(?s).*found      a seed, batch=\\S+, round 1\n.*")
        && !fetched.out().contains("linked from"), fetched.out());
    assertTrue(fetched.out().matches("(?s).*round 1  fetched 200 .* warc/round=0001/\\S+ offset \\d+ length \\d+.*"), fetched.out());

    LocalCrawl.Run denied = crawl.trawl("url", "--crawl", crawl.uri(), graph.url(0, "/private/3"));
    assertTrue(denied.out().contains("round 1  robots_denied"), denied.out());

    CrawlDbEntry beyond = crawl.read("crawldb/round=0002", CrawlDbEntry.class).stream()
        .filter(e -> e.getState() == UrlState.queued).findFirst().orElseThrow();
    LocalCrawl.Run deep = crawl.trawl("url", "--crawl", crawl.uri(), beyond.getUrl());
    assertTrue(deep.out().contains("status     pending") && deep.out().contains("linked from " + beyond.getSource()), deep.out());
    assertTrue(deep.out().contains("why        beyond the depth bound: depth 2, and trawl.bounds.depth=2"), deep.out());

    String unseeded = graph.hosts().stream().filter(h -> !seedHosts.contains(h)).findFirst().orElseThrow();
    LocalCrawl.Run scope = crawl.trawl("url", "--crawl", crawl.uri(), "http://" + unseeded + ":" + graph.port() + "/page/1");
    assertTrue(scope.out().contains("why        out of scope (scope-host): host " + unseeded + " is not a seed host"), scope.out());

    LocalCrawl.Run unknown = crawl.trawl("url", "--crawl", crawl.uri(), graph.url(0, "/page/999"));
    assertTrue(unknown.out().contains("why        unknown: in scope, but no page fetched in rounds 1 to 2 links to it"),
        unknown.out());
  }

  @Test
  void statusEndsWithAVerdictThatSeedsChange() throws Exception {
    LocalCrawl.Run done = crawl.ok("status", "--crawl", crawl.uri());
    long beyond = crawl.read("frontier/round=0003", dev.trawl.schema.FrontierEntry.class).size();
    List<String> lines = done.out().lines().toList();
    assertEquals("verdict: finished after round 2: nothing left to fetch within the bounds; " + beyond
        + " URLs wait beyond the depth bound (trawl.bounds.depth=2; --depth 3 --change-settings goes deeper)",
        lines.get(lines.size() - 1));
    assertTrue(done.out().contains("  trawl.bounds.depth = 2") && done.out().contains("  trawl.fetch.delay = 0.05")
        && done.out().contains("  trawl.fetch.allow-private = 127.0.0.0/8"), "the crawl's own settings:\n" + done.out());

    // A seed injected now is pending, and the crawl is no longer finished.
    String seed = graph.url(0, "/page/19");
    boolean known = crawl.read("crawldb/round=0002", CrawlDbEntry.class).stream().anyMatch(e -> e.getUrl().equals(seed));
    String fresh = known ? graph.url(0, "/missing/17") : seed;
    Path file = crawl.writeSeeds("more.txt", fresh + "\n");
    crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", file.toString());
    LocalCrawl.Run url = crawl.trawl("url", "--crawl", crawl.uri(), fresh);
    assertTrue(url.out().contains("why        pending: seeded in seeds/batch="), url.out());
    LocalCrawl.Run json = crawl.trawl("status", "--crawl", crawl.uri(), "--json");
    assertEquals("not finished: round 3 will fetch up to 1 URLs (0 in the frontier within the bounds, 1 seeds); " + beyond
        + " URLs wait beyond the depth bound (trawl.bounds.depth=2; --depth 3 --change-settings goes deeper)",
        JSON.readTree(json.out()).path("verdict").asText());
    assertEquals("2", JSON.readTree(json.out()).path("settings").path("trawl.bounds.depth").asText());
  }

  @Test
  void linksShowEachOutlinkOfAStoredPageWithItsScopeDecision() throws Exception {
    // A fetched page that links to a host outside the seeds' (the site links across hosts now and then).
    ManifestRecord page = null;
    String offSite = null;
    for (int r = 1; r <= 2 && offSite == null; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        if (m.getStatus() != FetchStatus.fetched) {
          continue;
        }
        offSite = graph.outlinks(m.getUrl()).stream().filter(l -> !seedHosts.contains(Urls.host(Urls.normalise(l))))
            .findFirst().orElse(null);
        if (offSite != null) {
          page = m;
          break;
        }
      }
    }
    assertTrue(page != null, "the site has a cross-host link on a fetched page");
    LocalCrawl.Run links = crawl.ok("links", "--crawl", crawl.uri(), page.getUrl());
    // With --depth 2, links of a depth-1 page are kept in the frontier but never fetched.
    String label = page.getDepth() + 1 >= 2 ? "  beyond depth  " : "  follow  ";
    Set<String> followed = links.out().lines().filter(l -> l.startsWith(label)).map(l -> l.substring(label.length()))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = graph.outlinks(page.getUrl()).stream().map(Urls::normalise)
        .filter(l -> seedHosts.contains(Urls.host(l))).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, followed);
    assertTrue(links.out().contains("  drop    " + Urls.normalise(offSite) + "  scope-host: host "), links.out());
    assertTrue(links.out().contains(page.getOutlinkCount() + " links"), "as many as the manifest counted:\n" + links.out());

    ManifestRecord deep = crawl.read("manifest/round=0002", ManifestRecord.class).stream()
        .filter(m -> m.getStatus() == FetchStatus.fetched && m.getOutlinkCount() > 0).findFirst().orElseThrow();
    LocalCrawl.Run atBound = crawl.trawl("links", "--crawl", crawl.uri(), deep.getUrl());
    assertTrue(atBound.out().contains("its links are at depth 2, beyond the depth bound") && atBound.out().contains("  beyond depth  ")
        && atBound.out().lines().noneMatch(l -> l.startsWith("  follow  ")), "a link the depth bound never fetches is not 'follow':\n"
        + atBound.out());
  }

  @Test
  void parseShowsTheContentDateItsSourceAndTheDateBound() throws Exception {
    String url = graph.url(0, "/page/1");
    LocalCrawl.Run live = crawl.ok("parse", url, "--allow-private", "127.0.0.0/8", "--published-before", "2010-01-01");
    assertTrue(live.out().contains("content date  " + graph.published(url) + ", from meta[property=article:published_time]"),
        live.out());
    assertTrue(live.out().contains("date bounds   out_of_bounds: published " + graph.published(url)), live.out());
    assertTrue(live.out().contains("title         Host 0 /page/1"), live.out());

    LocalCrawl.Run guarded = crawl.trawl("parse", url);
    assertEquals(2, guarded.exit());
    assertTrue(guarded.err().contains("blocked_address") && guarded.err().contains("--allow-private"), guarded.err());

    Path html = tmp.resolve("article.html");
    Files.writeString(html, """
        <html lang="de"><head><title>Artikel</title>
        <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2011-04-30T08:00:00Z"}</script>
        </head><body><a href="/2011/04/next">next</a> <a href="https://elsewhere.example/">away</a></body></html>
        """);
    LocalCrawl.Run file = crawl.ok("parse", html.toString(), "--base", "http://news.example/2011/04/article",
        "--published-before", "2011-05-01");
    assertTrue(file.out().contains("content date  2011-04-30T08:00:00Z, from script[type=application/ld+json] datePublished"),
        file.out());
    assertTrue(file.out().contains("date bounds   within them") && file.out().contains("languages     de"), file.out());
    assertTrue(file.out().contains("  follow  http://news.example/2011/04/next"), file.out());
    assertTrue(file.out().contains("  drop    https://elsewhere.example/  scope-host"), file.out());
  }

  @Test
  void getReadsRobotsTxtFromTheWarcAndEndsWithANewline() throws Exception {
    LocalCrawl.Run robots = crawl.ok("get", "--crawl", crawl.uri(), graph.url(0, "/robots.txt"));
    assertTrue(robots.out().startsWith("HTTP/1.1 200") && robots.out().contains(SiteGraph.ROBOTS_TXT), robots.out());
    LocalCrawl.Run page = crawl.trawl("get", "--crawl", crawl.uri(), graph.url(0, "/"));
    assertTrue(page.out().endsWith("</html>\n"), "a newline after the body");
  }
}
