package dev.trawl.mappers.robots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crawlercommons.robots.BaseRobotRules;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.mappers.ScriptedServer;
import dev.trawl.mappers.SiteLog;
import dev.trawl.mappers.TestSettings;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.schema.RobotsEntry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RobotsCacheTest {
  private final HttpFetcher fetcher = new HttpFetcher(TestSettings.of("trawl.fetch.allow-private", TestSettings.LOOPBACK));

  @AfterEach
  void close() throws Exception {
    fetcher.close();
  }

  @Test
  void theDemoSitesRulesAreObeyed() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(2, 10, 1)) {
      SiteGraph g = site.graph();
      RobotsCache robots = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
      String home = g.url(0, "/");
      assertNull(robots.rulesFor(RobotsCache.originOf(home)), "nothing is known before robots.txt is fetched");

      RobotsCache.Fetch f = robots.fetch(g.url(0, "/page/3"), java.net.URI.create(g.url(0, "/page/3")).getHost());
      assertFalse(f.blocked());
      assertEquals(1, f.exchanges().size());
      assertEquals(200, f.exchanges().get(0).status());
      for (String path : List.of("/", "/page/1", "/private/0", "/private/9", "/old/2", "/missing/1")) {
        String url = g.url(0, path);
        assertEquals(!g.disallowed(url), f.rules().isAllowed(url), path);
      }
      assertSame(f.rules(), robots.rulesFor(RobotsCache.originOf(g.url(0, "/private/4"))), "every URL of the origin shares the rules");
      assertNull(robots.rulesFor(RobotsCache.originOf(g.url(1, "/"))), "another host has its own robots.txt");
      List<LoopbackSite.Request> log = SiteLog.settled(site);
      assertEquals(List.of("/robots.txt"), log.stream().map(LoopbackSite.Request::path).toList());
      assertEquals("127.0.0.2", log.get(0).host());
    }
  }

  @Test
  void theOriginIsSchemeHostAndPort() {
    assertEquals("http://example.org", RobotsCache.originOf("http://example.org/a/b?c"));
    assertEquals("https://example.org:8443", RobotsCache.originOf("https://example.org:8443/"));
    assertEquals("http://127.0.0.2:9000", RobotsCache.originOf("http://127.0.0.2:9000/page/1"));
  }

  @Test
  void aMissingRobotsTxtAllowsEverything() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      RobotsCache.Fetch f = new RobotsCache(fetcher, "trawl", 86_400_000L, 3).fetch(server.url("/any/page"), "127.0.0.1");
      assertTrue(f.rules().isAllowAll());
      assertTrue(f.rules().isAllowed(server.url("/private/1")));
      assertFalse(f.blocked());
      assertTrue(f.note().contains("404"), f.note());
      assertEquals(List.of("/robots.txt"), server.requests());
    }
  }

  @Test
  void aFailingRobotsTxtDefersTheHostUntilItHasFailedTooOften() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.on("/robots.txt", 503, "text/plain", "try later");
      RobotsCache robots = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
      RobotsCache.Fetch f = robots.fetch(server.url("/"), java.net.URI.create(server.url("/")).getHost());
      assertTrue(f.deferred(), "5xx: come back later rather than give up or crawl blind");
      assertNull(f.rules());
      assertNull(robots.rulesFor(RobotsCache.originOf(server.url("/"))), "not cached: the next round asks again");
      assertEquals(1, f.entry().getFailures());
      assertEquals(503, f.entry().getHttpStatus());
      assertTrue(f.note().contains("503"), f.note());

      // Two earlier rounds failed too: this third failure in a row makes the host disallowed.
      RobotsCache third = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
      third.remember(RobotsEntry.newBuilder(f.entry()).setFailures(2).build(), System.currentTimeMillis());
      RobotsCache.Fetch again = third.fetch(server.url("/"), "127.0.0.1");
      assertFalse(again.deferred());
      assertTrue(again.rules().isAllowNone());
      assertEquals(3, again.entry().getFailures());
    }
  }

  @Test
  void tooManyRequestsDefersTheHostToo() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.on("/robots.txt", 429, "text/plain", "slow down");
      RobotsCache.Fetch f = new RobotsCache(fetcher, "trawl", 86_400_000L, 3).fetch(server.url("/"), "127.0.0.1");
      assertTrue(f.deferred());
      assertEquals(429, f.entry().getHttpStatus());
    }
  }

  @Test
  void anUnreachableServerDefersTheHost() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/page";
    RobotsCache robots = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
    RobotsCache.Fetch f = robots.fetch(url, java.net.URI.create(url).getHost());
    assertTrue(f.deferred());
    assertFalse(f.blocked(), "refused, not blocked by the address guard");
    assertTrue(f.exchanges().isEmpty());
    assertTrue(f.note().contains("unreachable"), f.note());
    assertNull(f.entry().getHttpStatus(), "no answer at all");
  }

  @Test
  void rulesFromAnEarlierRoundAreReusedWhileYoungEnough() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.on("/robots.txt", 200, "text/plain", "User-agent: *\nDisallow: /secret/\nSitemap: " + server.url("/sitemap.xml") + "\n");
      RobotsCache first = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
      RobotsEntry kept = first.fetch(server.url("/"), "127.0.0.1").entry();
      assertEquals(List.of(server.url("/sitemap.xml")), kept.getSitemaps(), "Sitemap: lines are kept");
      assertEquals(1, server.requests().size());

      long now = System.currentTimeMillis();
      RobotsCache nextRound = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
      nextRound.remember(kept, now + 3_600_000L);
      assertNotNull(nextRound.rulesFor(RobotsCache.originOf(server.url("/"))), "an hour old: reused");
      assertFalse(nextRound.rulesFor(RobotsCache.originOf(server.url("/secret/x"))).isAllowed(server.url("/secret/x")));
      assertEquals(1, server.requests().size(), "no second request for robots.txt");

      RobotsCache nextDay = new RobotsCache(fetcher, "trawl", 86_400_000L, 3);
      nextDay.remember(kept, now + 86_400_001L);
      assertNull(nextDay.rulesFor(RobotsCache.originOf(server.url("/"))), "older than a day: fetched again");
    }
  }

  @Test
  void aLoopbackHostIsBlockedByDefaultWithoutARequest() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(1, 3, 1);
         HttpFetcher guarded = new HttpFetcher(TestSettings.of())) {
      RobotsCache.Fetch f = new RobotsCache(guarded, "trawl", 86_400_000L, 3).fetch(site.graph().url(0, "/"), java.net.URI.create(site.graph().url(0, "/")).getHost());
      assertTrue(f.blocked());
      assertTrue(f.rules().isAllowNone());
      assertTrue(f.note().contains("non-public"), f.note());
      assertTrue(SiteLog.settled(site).isEmpty(), "nothing reached the server: " + site.requests());
    }
  }

  @Test
  void redirectsAreFollowedToTheRealRobotsTxt() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.redirect("/robots.txt", 301, "/moved/robots.txt")
          .redirect("/moved/robots.txt", 302, server.url("/final/robots.txt"))
          .on("/final/robots.txt", 200, "text/plain", "User-agent: *\nDisallow: /secret/\n");
      RobotsCache.Fetch f = new RobotsCache(fetcher, "trawl", 86_400_000L, 3).fetch(server.url("/"), "127.0.0.1");
      assertEquals(3, f.exchanges().size(), "every hop is kept for the WARC");
      assertFalse(f.rules().isAllowed(server.url("/secret/x")));
      assertTrue(f.rules().isAllowed(server.url("/public")));
    }
  }

  @Test
  void endlessRedirectsStopAfterFiveHopsAndDisallowTheHost() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.redirect("/robots.txt", 302, "/loop").redirect("/loop", 302, "/robots.txt");
      RobotsCache.Fetch f = new RobotsCache(fetcher, "trawl", 86_400_000L, 3).fetch(server.url("/"), "127.0.0.1");
      assertEquals(6, f.exchanges().size(), "the first request and five redirects");
      assertFalse(f.rules().isAllowed(server.url("/")), "a 3xx at the end is not a robots.txt");
    }
  }

  @Test
  void rulesForTheCrawlersOwnAgentWinAndCrawlDelayIsRead() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.on("/robots.txt", 200, "text/plain",
          "User-agent: *\nDisallow: /\n\nUser-agent: Trawl\nDisallow: /not-for-trawl/\nCrawl-delay: 2\n");
      BaseRobotRules rules = new RobotsCache(fetcher, "trawl", 86_400_000L, 3).fetch(server.url("/"), "127.0.0.1").rules();
      assertTrue(rules.isAllowed(server.url("/page")));
      assertFalse(rules.isAllowed(server.url("/not-for-trawl/page")));
      assertEquals(2000, rules.getCrawlDelay());
    }
  }
}
