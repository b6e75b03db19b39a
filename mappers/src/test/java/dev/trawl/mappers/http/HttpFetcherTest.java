package dev.trawl.mappers.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.mappers.ScriptedServer;
import dev.trawl.mappers.SiteLog;
import dev.trawl.mappers.TestSettings;
import dev.trawl.mappers.safety.AddressGuard;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpFetcherTest {
  private static LoopbackSite site;
  private static SiteGraph graph;

  @BeforeAll
  static void startSite() throws Exception {
    site = LoopbackSite.start(1, 5, 3);
    graph = site.graph();
  }

  @AfterAll
  static void stopSite() {
    site.close();
  }

  private static HttpFetcher fetcher(String... settings) {
    String[] all = Arrays.copyOf(settings, settings.length + 2);
    all[settings.length] = "trawl.fetch.allow-private";
    all[settings.length + 1] = TestSettings.LOOPBACK;
    return new HttpFetcher(TestSettings.of(all));
  }

  private static List<String> requestedPaths() throws InterruptedException {
    return SiteLog.settled(site).stream().map(LoopbackSite.Request::path).toList();
  }

  @Test
  void aPageComesBackWithStatusHeadersBodyAndWhatWasSent() throws Exception {
    String url = graph.url(0, "/page/2");
    try (HttpFetcher f = fetcher("trawl.fetch.user-agent", "trawl-test/1.0 (+http://example.org/bot)")) {
      HttpFetcher.Response r = f.get(url);
      assertEquals(200, r.status());
      assertEquals(url, r.uri().toString());
      assertEquals("text/html; charset=utf-8", r.header("content-type"), "header names match case-insensitively");
      assertTrue(r.header("Last-Modified") != null);
      String body = new String(r.body().bytes(), StandardCharsets.UTF_8);
      assertTrue(body.contains("<title>Host 0 /page/2</title>"), body);
      assertEquals(Long.parseLong(r.header("Content-Length")), r.body().bytes().length);
      assertFalse(r.truncated());
      assertEquals("127.0.0.2", r.address().getHostAddress());
      assertEquals("/page/2", r.requestTarget());
      assertTrue(r.requestHeaders().contains(Map.entry("User-Agent", "trawl-test/1.0 (+http://example.org/bot)")), r.requestHeaders().toString());
      assertTrue(SiteLog.settled(site).stream().anyMatch(seen -> seen.path().equals("/page/2")
          && "trawl-test/1.0 (+http://example.org/bot)".equals(seen.userAgent())), "the server saw the User-Agent");
    }
  }

  @Test
  void aBodyOverTheCapIsCutAtExactlyTheCapAndMarkedTruncated() throws Exception {
    String url = graph.url(0, "/page/1");
    byte[] full;
    try (HttpFetcher f = fetcher()) {
      full = f.get(url).body().bytes();
    }
    assertTrue(full.length > 300, "the demo page is longer than the cap below");
    try (HttpFetcher f = fetcher("trawl.fetch.max-body", "300")) {
      HttpFetcher.Response r = f.get(url);
      assertTrue(r.truncated());
      assertEquals(300, r.body().bytes().length);
      assertArrayEquals(Arrays.copyOf(full, 300), r.body().bytes(), "the kept bytes are the start of the body");
      assertEquals(200, r.status());
    }
  }

  @Test
  void aBodyOfExactlyTheCapIsNotTruncated() throws Exception {
    byte[] body = new byte[1000];
    Arrays.fill(body, (byte) 'x');
    try (ScriptedServer server = ScriptedServer.start();
         HttpFetcher f = fetcher("trawl.fetch.max-body", "1000")) {
      server.on("/exact", 200, "text/plain", body, false).on("/exact-chunked", 200, "text/plain", body, true);
      for (String path : List.of("/exact", "/exact-chunked")) {
        HttpFetcher.Response r = f.get(server.url(path));
        assertFalse(r.truncated(), path);
        assertArrayEquals(body, r.body().bytes(), path);
      }
    }
  }

  @ParameterizedTest(name = "chunked: {0}")
  @ValueSource(booleans = {false, true})
  void aHugeBodyIsAbandonedAtTheCapInsteadOfDownloaded(boolean chunked) throws Exception {
    byte[] huge = new byte[32 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'z');
    try (ScriptedServer server = ScriptedServer.start();
         HttpFetcher f = fetcher("trawl.fetch.max-body", "1000")) {
      server.on("/huge", 200, "application/octet-stream", huge, chunked);
      HttpFetcher.Response r = f.get(server.url("/huge"));
      assertEquals(200, r.status());
      assertTrue(r.truncated());
      assertArrayEquals(Arrays.copyOf(huge, 1000), r.body().bytes());
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (server.abandoned().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(List.of("/huge"), server.abandoned(), "the connection was dropped, not drained to the end");
      // The fetcher stays usable after the abandoned exchange.
      server.on("/small", 200, "text/plain", "ok");
      assertEquals("ok", new String(f.get(server.url("/small")).body().bytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aMissingPageIsA404ResponseNotAnError() throws Exception {
    try (HttpFetcher f = fetcher()) {
      HttpFetcher.Response r = f.get(graph.url(0, "/missing/1"));
      assertEquals(404, r.status());
      assertTrue(new String(r.body().bytes(), StandardCharsets.UTF_8).contains("not found"));
      assertFalse(r.truncated());
    }
  }

  @Test
  void redirectsAreReturnedNotFollowed() throws Exception {
    String old = graph.url(0, "/old/2");
    int before = requestedPaths().size();
    try (HttpFetcher f = fetcher()) {
      HttpFetcher.Response r = f.get(old);
      assertEquals(301, r.status());
      assertEquals(graph.url(0, "/page/2"), r.header("Location"));
      assertEquals(old, r.uri().toString());
    }
    List<String> paths = requestedPaths();
    assertEquals(List.of("/old/2"), paths.subList(before, paths.size()), "only the redirect itself was requested");
  }

  @Test
  void loopbackIsRefusedByDefaultBeforeAnyConnection() throws Exception {
    int before = requestedPaths().size();
    try (HttpFetcher f = new HttpFetcher(TestSettings.of())) {
      AddressGuard.BlockedAddressException e = assertThrows(AddressGuard.BlockedAddressException.class,
          () -> f.get(graph.url(0, "/")));
      assertTrue(e.getMessage().contains("127.0.0.2"), e.getMessage());
    }
    assertEquals(before, requestedPaths().size(), "the server saw no request");
  }

  @Test
  void allowingAnotherRangeDoesNotOpenLoopback() throws Exception {
    try (HttpFetcher f = new HttpFetcher(TestSettings.of("trawl.fetch.allow-private", "10.0.0.0/8, fc00::/7"))) {
      assertThrows(AddressGuard.BlockedAddressException.class, () -> f.get(graph.url(0, "/")));
    }
  }
}
