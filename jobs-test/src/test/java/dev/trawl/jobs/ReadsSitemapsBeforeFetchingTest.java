package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.testsupport.SitemapSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * A site that names a sitemap index in its robots.txt, crawled with --published-before: the index,
 * its gzip and plain sitemaps, a 60,000-URL sitemap and a gzip bomb are read within their caps, and
 * no URL their lastmod puts after the bound is ever requested (the server's own log says so).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadsSitemapsBeforeFetchingTest {
  @TempDir
  static Path tmp;
  private SitemapSite site;

  @BeforeAll
  void startSite() throws Exception {
    site = SitemapSite.start();
  }

  @AfterAll
  void stopSite() {
    site.close();
  }

  private LocalCrawl.Run crawl(String name, String... extra) throws Exception {
    LocalCrawl crawl = new LocalCrawl(Files.createDirectories(tmp.resolve(name)));
    Path seeds = crawl.writeSeeds("seeds.txt", site.url("/") + "\n");
    List<String> args = new ArrayList<>(List.of("crawl", "--crawl", crawl.uri(), "--seeds", seeds.toString(),
        "--delay", "0", "--scope", "any", "--exclude", "/outside/", "--allow-private", "127.0.0.2/32"));
    args.addAll(List.of(extra));
    LocalCrawl.Run run = crawl.ok(args.toArray(new String[0]));
    lastCrawl = crawl;
    return run;
  }

  private LocalCrawl lastCrawl;

  /** Every manifest record of the crawl, by URL (each URL here is attempted once). */
  private static Map<String, ManifestRecord> manifest(LocalCrawl crawl) throws Exception {
    Map<String, ManifestRecord> byUrl = new HashMap<>();
    for (int r = 1; Files.exists(crawl.root().resolve(String.format("rounds/%04d.json", r))); r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        byUrl.put(m.getUrl(), m);
      }
    }
    return byUrl;
  }

  @Test
  void theDateBoundSkipsWhatTheSitemapsDateOutOfItWithoutARequest() throws Exception {
    int before = site.requests().size();
    // A page bound just above what the crawl needs (12 requests: 5 sitemaps and 7 pages; robots.txt
    // aside; the round's selection also counts the 2 URLs refused without a request, robots.txt's and
    // the address guard's): it holds only if the 50,005 URLs skipped by lastmod cost none of it.
    // The deadline ends the crawl should they (they would sort first and be taken 14 a round).
    LocalCrawl.Run run = crawl("bounded", "--published-before", SitemapSite.BOUND, "--max-pages", "14",
        "--deadline", Instant.now().plusSeconds(600).toString());
    List<String> requested = site.requests().subList(before, site.requests().size());
    LocalCrawl crawl = lastCrawl;
    Map<String, ManifestRecord> manifest = manifest(crawl);

    // No request to what the bound or the caps refuse, as the server logged them.
    Set<String> forbidden = new TreeSet<>(site.newPosts());
    forbidden.addAll(List.of("/private/secret", "/outside/page", "/from-the-bomb", "/guarded"));
    for (String path : requested) {
      assertTrue(!forbidden.contains(path) && !path.startsWith("/archive/"), "requested " + path + ": " + requested);
    }
    assertEquals(0, site.tripwireConnections(), "something connected to the private address");

    long newPost = Instant.parse("2012-06-01T10:00:00Z").toEpochMilli();
    for (String p : site.newPosts()) {
      ManifestRecord m = manifest.get(site.url(p));
      assertNotNull(m, p + " has a record");
      assertEquals(FetchStatus.out_of_bounds, m.getStatus(), p);
      assertEquals("sitemap", m.getPublishedSource(), p);
      assertEquals(newPost, m.getPublished(), p + " is dated by its lastmod");
      assertEquals(FoundBy.sitemap, m.getFoundBy(), p);
      assertEquals(null, m.getWarcFile(), p + " was not fetched");
    }
    // The 60,000-URL sitemap: its first 50,000 URLs, all after the bound, skipped; the rest never listed.
    long archived = manifest.values().stream().filter(m -> m.getUrl().contains("/archive/")).count();
    assertEquals(50_000, archived);
    assertTrue(manifest.values().stream().filter(m -> m.getUrl().contains("/archive/"))
        .allMatch(m -> m.getStatus() == FetchStatus.out_of_bounds && "sitemap".equals(m.getPublishedSource())));
    ManifestRecord archive = manifest.get(site.url("/sitemap-archive.xml"));
    assertEquals(60_000, archive.getSitemapUrls());
    assertTrue(archive.getError().contains("the first 50000 kept"), archive.getError());

    // What the lastmod keeps is fetched; where the page's own date disagrees, the page's wins.
    long oldPost = Instant.parse("2010-03-01T10:00:00Z").toEpochMilli();
    for (String p : site.oldPosts()) {
      ManifestRecord m = manifest.get(site.url(p));
      assertEquals(FetchStatus.fetched, m.getStatus(), p);
      assertTrue(requested.contains(p), p + " requested");
      if (!SitemapSite.LINKED.contains(p)) {
        assertEquals(FoundBy.sitemap, m.getFoundBy(), p);
        assertEquals(oldPost, m.getSitemapLastmod(), p);
      }
    }
    ManifestRecord misdated = manifest.get(site.url(SitemapSite.MISDATED));
    assertEquals(FetchStatus.out_of_bounds, misdated.getStatus());
    assertEquals("page", misdated.getPublishedSource(), "fetched, and its own metadata date decided");
    assertNotNull(misdated.getWarcFile());

    // Each sitemap fetch is a manifest record with its WARC record; the bomb gives nothing.
    for (String s : List.of("/sitemap-index.xml", "/sitemap-old.xml.gz", "/sitemap-new.xml", "/sitemap-archive.xml", "/bomb.xml.gz")) {
      ManifestRecord m = manifest.get(site.url(s));
      assertNotNull(m, s);
      assertEquals(FetchStatus.fetched, m.getStatus(), s);
      assertEquals(s.equals("/sitemap-index.xml") ? 0 : 1, m.getSitemapLevel(), s);
      assertNotNull(m.getWarcFile(), s);
      String got = crawl.trawl("get", "--crawl", crawl.uri(), site.url(s), "--out", tmp.resolve("capture").toString()).err();
      assertTrue(Files.size(tmp.resolve("capture")) > 0, s + " reads back from the WARC: " + got);
    }
    assertTrue(manifest.get(site.url("/bomb.xml.gz")).getError().contains("gzip bomb"), manifest.get(site.url("/bomb.xml.gz")).getError());
    assertEquals(4, manifest.get(site.url("/sitemap-index.xml")).getSitemapUrls());

    // The sitemap's other URLs: robots.txt, the address guard and scope hold for them as for links.
    assertEquals(FetchStatus.robots_denied, manifest.get(site.url("/private/secret")).getStatus());
    assertEquals(FetchStatus.blocked_address, manifest.get(site.privateUrl()).getStatus());
    assertEquals(null, manifest.get(site.url("/outside/page")), "out of scope: never queued");

    // How each URL was found first, in the manifest and the crawl db.
    assertEquals(FoundBy.seed, manifest.get(site.url("/")).getFoundBy());
    assertEquals(FoundBy.link, manifest.get(site.url("/about")).getFoundBy());
    int last = 1;
    while (Files.exists(crawl.root().resolve(String.format("rounds/%04d.json", last + 1)))) {
      last++;
    }
    Map<String, CrawlDbEntry> db = crawl.read(String.format("crawldb/round=%04d", last), CrawlDbEntry.class).stream()
        .collect(Collectors.toMap(CrawlDbEntry::getUrl, e -> e));
    assertEquals(FoundBy.sitemap, db.get(site.url("/post/old-2")).getFoundBy());
    assertEquals(oldPost, db.get(site.url("/post/old-2")).getSitemapLastmod());
    // Linked from the home page and fetched a round before its sitemap was read: found by link, and dated since.
    assertEquals(FoundBy.link, db.get(site.url("/post/old-1")).getFoundBy());
    assertEquals(oldPost, db.get(site.url("/post/old-1")).getSitemapLastmod());
    assertEquals(newPost, db.get(site.url("/post/new-1")).getSitemapLastmod());
    assertEquals(FoundBy.seed, db.get(site.url("/")).getFoundBy());

    long requests = 0;
    for (int r = 1; r <= last; r++) {
      requests += new com.fasterxml.jackson.databind.ObjectMapper().readTree(
          crawl.root().resolve(String.format("rounds/%04d.json", r)).toFile()).path("counters").path("REQUESTS").asLong();
    }
    assertEquals(12, requests, "every request the site needed, within the page bound");
    assertEquals(4, last, "robots.txt, the index, its sitemaps, their pages: a round each");

    LocalCrawl.Run story = crawl.trawl("url", "--crawl", crawl.uri(), site.url("/post/new-2"));
    assertTrue(story.out().contains("found      listed in the sitemap " + site.url("/sitemap-new.xml"))
        && story.out().contains("lastmod    2012-06-01T10:00:00Z") && story.out().contains("by its sitemap <lastmod>"), story.out());

    LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
    String skipped = String.valueOf(site.newPosts().size() + 50_000);
    assertTrue(status.out().contains("sitemaps: 5 fetched") && status.out().contains(skipped + " URLs skipped by their lastmod"),
        status.out());
    LocalCrawl.Run report = crawl.trawl("report", "--crawl", crawl.uri(), "--out", tmp.resolve("report").toString());
    assertTrue(report.out().contains(skipped + " skipped by lastmod"), report.out());

    long pagesRequested = requested.stream().filter(p -> !p.equals("/robots.txt") && !p.contains("sitemap") && !p.endsWith(".gz")).count();
    System.out.printf("requests the bound saved on the sitemap test site: %s (%d posts, 50000 archive URLs), against %d page"
        + " requests made (%d requests in all, robots.txt and sitemaps included)%n", skipped, site.newPosts().size(),
        pagesRequested, requested.size());
  }

  @Test
  void withSitemapsOffTheSiteIsCrawledByItsLinksAlone() throws Exception {
    int before = site.requests().size();
    crawl("links-only", "-D", "trawl.sitemaps=false");
    Set<String> requested = new TreeSet<>(site.requests().subList(before, site.requests().size()));
    Set<String> expected = new TreeSet<>(SitemapSite.LINKED);
    expected.addAll(List.of("/", "/robots.txt"));
    assertEquals(expected, requested);
    assertTrue(manifest(lastCrawl).values().stream().allMatch(m -> m.getSitemapLevel() == null && m.getFoundBy() != FoundBy.sitemap));
  }
}
