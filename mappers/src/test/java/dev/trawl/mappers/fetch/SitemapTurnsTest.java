package dev.trawl.mappers.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestHost;
import dev.trawl.mappers.TestHosts;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fetch task meeting sitemaps on a loopback host: where they come from (robots.txt, the
 * /sitemap.xml guess), the caps on them (per host per round, nesting), and the lastmod bound that
 * spares a request, all read off what the server saw.
 */
class SitemapTurnsTest {
  @RegisterExtension
  final TestHosts hosts = new TestHosts();

  private static TaskHarness run(TrawlSettings settings, List<FrontierEntry> entries) throws Exception {
    return TaskHarness.run(settings, SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(), entries, 0, r -> { });
  }

  private static FrontierEntry page(String url, int depth) {
    String u = Urls.normalise(url);
    return FrontierEntry.newBuilder().setUrl(u).setHost(Urls.host(u)).setDepth(depth).build();
  }

  private static FrontierEntry sitemap(String url, int level) {
    return FrontierEntry.newBuilder(page(url, 0)).setSitemapLevel(level).setFoundBy(FoundBy.sitemap).build();
  }

  @Test
  void robotsTxtSitemapLinesBecomeSitemapEntriesAtThePagesDepth() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 200, "text/plain", "User-agent: *\nAllow: /\nSitemap: " + h.url("/maps/index.xml") + "\n");
    h.on("/start", 200, "text/html", FetchTaskTest.PAGE);
    TaskHarness on = run(FetchTaskTest.settings(), List.of(page(h.url("/start"), 2)));
    FrontierEntry s = on.discovered.stream().filter(e -> e.getSitemapLevel() != null).findFirst().orElseThrow();
    assertEquals(Urls.normalise(h.url("/maps/index.xml")), s.getUrl());
    assertEquals(0, s.getSitemapLevel());
    assertEquals(2, s.getDepth(), "the depth of the page that led to robots.txt");
    assertEquals(FoundBy.sitemap, s.getFoundBy());
    assertEquals(Urls.normalise(h.url("/robots.txt")), s.getSource());

    TaskHarness off = run(FetchTaskTest.settings("trawl.sitemaps", "false"), List.of(page(h.url("/start"), 0)));
    assertTrue(off.discovered.stream().noneMatch(e -> e.getSitemapLevel() != null), off.discovered.toString());
  }

  @Test
  void sitemapXmlIsGuessedOnlyWhenAskedAndRobotsTxtNamesNone() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/", 200, "text/html", FetchTaskTest.PAGE);
    TaskHarness plain = run(FetchTaskTest.settings(), List.of(page(h.url("/"), 0)));
    assertTrue(plain.discovered.isEmpty(), plain.discovered.toString());
    TaskHarness guessing = run(FetchTaskTest.settings("trawl.sitemaps.guess", "true"), List.of(page(h.url("/"), 0)));
    assertEquals(List.of(Urls.normalise(h.url("/sitemap.xml"))), guessing.discovered.stream().map(FrontierEntry::getUrl).toList());
  }

  @Test
  void sitemapsPerHostPerRoundAreCappedAndTheRestCarriedOver() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    List<FrontierEntry> entries = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      h.on("/s" + i + ".txt", 200, "text/plain", h.url("/p" + i) + "\n");
      entries.add(sitemap(h.url("/s" + i + ".txt"), 1));
    }
    TaskHarness run = run(FetchTaskTest.settings("trawl.sitemaps.max-per-host", "2"), entries);
    assertEquals(2, h.paths().stream().filter(p -> p.startsWith("/s")).count(), h.paths().toString());
    assertEquals(1, run.carried.size());
    assertEquals(1, run.count(RoundCounter.SITEMAPS_CARRIED));
    assertEquals(2, run.count(RoundCounter.SITEMAP_FETCHES));
    // What the two fetched sitemaps listed: pages, one link below the sitemap, dated by nothing.
    assertEquals(2, run.discovered.size());
    assertTrue(run.discovered.stream().allMatch(e -> e.getDepth() == 1 && e.getSitemapLevel() == null
        && e.getFoundBy() == FoundBy.sitemap && e.getSource().contains("/s")), run.discovered.toString());
  }

  @Test
  void indexesNestNoDeeperThanTheCap() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    String index = """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s</loc></sitemap></sitemapindex>""";
    h.on("/top.xml", 200, "application/xml", index.formatted(h.url("/middle.xml")));
    h.on("/deep.xml", 200, "application/xml", index.formatted(h.url("/deeper.xml")));
    TaskHarness run = run(FetchTaskTest.settings("trawl.sitemaps.max-nesting", "1"),
        List.of(sitemap(h.url("/top.xml"), 0), sitemap(h.url("/deep.xml"), 1)));
    assertEquals(1, run.discovered.size());
    assertEquals(1, run.discovered.get(0).getSitemapLevel(), "the top index's sitemap, one level down");
    assertEquals(1, run.count(RoundCounter.SITEMAPS_TOO_DEEP), "the level-1 index's sitemap would be level 2");
    assertEquals(1, run.record(h.url("/top.xml")).getSitemapUrls());
  }

  @Test
  void aLastmodOutOfBoundsCostsNoRequestNotEvenRobotsTxt() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/old", 200, "text/html", FetchTaskTest.PAGE);
    long late = Instant.parse("2012-01-01T00:00:00Z").toEpochMilli();
    FrontierEntry dated = FrontierEntry.newBuilder(page(h.url("/new"), 1)).setSitemapLastmod(late).setFoundBy(FoundBy.sitemap).build();
    TaskHarness run = run(FetchTaskTest.settings("trawl.bounds.published-before", "2011-05-01"), List.of(dated));
    assertEquals(List.of(), h.paths());
    assertEquals(FetchStatus.out_of_bounds, run.record(h.url("/new")).getStatus());
    assertEquals("sitemap", run.record(h.url("/new")).getPublishedSource());
    assertEquals(late, run.record(h.url("/new")).getPublished());
    assertEquals(1, run.count(RoundCounter.SKIPPED_BY_LASTMOD));

    TaskHarness judgedByPage = run(FetchTaskTest.settings("trawl.bounds.published-before", "2011-05-01",
        "trawl.sitemaps.lastmod-bounds", "false"), List.of(dated));
    assertEquals(List.of("/robots.txt", "/new"), h.paths(), "with lastmod-bounds off, fetched and judged by its own date");
    assertEquals(0, judgedByPage.count(RoundCounter.SKIPPED_BY_LASTMOD));

    FrontierEntry kept = FrontierEntry.newBuilder(page(h.url("/old"), 1))
        .setSitemapLastmod(Instant.parse("2010-01-01T00:00:00Z").toEpochMilli()).build();
    TaskHarness fetched = run(FetchTaskTest.settings("trawl.bounds.published-before", "2011-05-01"), List.of(kept));
    assertEquals(FetchStatus.fetched, fetched.record(h.url("/old")).getStatus());
    assertEquals(List.of("/robots.txt", "/new", "/robots.txt", "/old"), h.paths());
  }
}
