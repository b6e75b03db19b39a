package dev.trawl.mappers.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestHost;
import dev.trawl.mappers.TestHosts;
import dev.trawl.mappers.TestSettings;
import dev.trawl.round.FetchErrors;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fetch task's politeness and failure rules, each shown by what the servers saw: Crawl-delay,
 * Retry-After, back-off, hosts given up, slow hosts, dripping servers, redirect chains and the
 * address guard.
 */
class FetchTaskTest {
  static final String PAGE = "<html><head><title>p</title></head><body>page</body></html>";
  @RegisterExtension
  final TestHosts hosts = new TestHosts();

  static TrawlSettings settings(String... extra) {
    String[] base = {"trawl.fetch.allow-private", TestSettings.LOOPBACK, "trawl.scope", "any",
        "trawl.fetch.delay", "0.05", "trawl.fetch.threads", "4"};
    return TestSettings.of(Stream.concat(Arrays.stream(base), Arrays.stream(extra)).toArray(String[]::new));
  }

  static List<String> pages(TestHost h, int n) {
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      h.on("/" + i, 200, "text/html", PAGE);
      urls.add(h.url("/" + i));
    }
    return urls;
  }

  /**
   * Milliseconds from the end of each request to the start of the next, as the server saw them. The
   * server marks an end only after its thread runs again, which on a loaded machine can be a few
   * milliseconds after the client has read the response, so assertions allow 5% of the delay.
   */
  static List<Long> gaps(TestHost h) {
    List<TestHost.Hit> hits = h.hits().stream().sorted(Comparator.comparingLong(TestHost.Hit::startNanos)).toList();
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < hits.size(); i++) {
      gaps.add(TimeUnit.NANOSECONDS.toMillis(hits.get(i).startNanos() - hits.get(i - 1).endNanos()));
    }
    return gaps;
  }

  @Test
  void robotsCrawlDelayRaisesTheDelayBetweenRequests() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 200, "text/plain", "User-agent: *\nCrawl-delay: 1\n");
    TaskHarness run = TaskHarness.run(settings(), pages(h, 3));
    assertEquals("/robots.txt", h.paths().get(0), "robots.txt before anything else");
    assertEquals(4, h.hits().size());
    for (long gap : gaps(h)) {
      assertTrue(gap >= 950, "Crawl-delay 1 s, yet only " + gap + " ms between requests");
    }
    assertEquals(3L, run.statuses.get(FetchStatus.fetched));
  }

  @Test
  void aCrawlDelayAboveTheCapEndsTheHostsUrlsWithRecordsSayingWhy() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 200, "text/plain", "User-agent: *\nCrawl-delay: 60\n");
    List<String> urls = pages(h, 3);
    TaskHarness run = TaskHarness.run(settings("trawl.fetch.max-crawl-delay", "2"), urls);
    assertEquals(List.of("/robots.txt"), h.paths(), "no page requested");
    assertTrue(run.carried.isEmpty(), "not carried round after round: a crawl that never ends");
    for (String url : urls) {
      ManifestRecord r = run.record(url);
      assertEquals(FetchStatus.robots_denied, r.getStatus());
      assertTrue(r.getError().contains("Crawl-delay 60.0s is above the cap of 2.0s"), r.getError());
    }
    assertEquals(1, run.count(RoundCounter.HOSTS_SKIPPED_CRAWL_DELAY));
  }

  @Test
  void tooManyRequestsWithRetryAfterBacksTheHostOffForThatLong() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/a", 429, "text/plain", "slow down", "Retry-After", "2");
    List<String> urls = new ArrayList<>(List.of(h.url("/a")));
    urls.addAll(pages(h, 2));
    TaskHarness run = TaskHarness.run(settings(), urls);
    assertEquals(List.of("/robots.txt", "/a", "/1", "/2"), h.paths());
    long afterBackOff = gaps(h).get(1);
    assertTrue(afterBackOff >= 1900, "Retry-After: 2, yet the next request came after " + afterBackOff + " ms");
    assertEquals(429, run.record(h.url("/a")).getHttpStatus());
    assertEquals(FetchStatus.http_error, run.record(h.url("/a")).getStatus());
    assertEquals(1, run.count(RoundCounter.HOST_BACKOFFS));
    assertTrue(run.log().contains("BACKOFF") && run.log().contains("429"), run.log());
  }

  @Test
  void aHostThatKeepsFailingIsLeftForTheNextRoundNotRetriedInALoop() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      h.on("/" + i, 503, "text/plain", "unavailable");
      urls.add(h.url("/" + i));
    }
    TaskHarness run = TaskHarness.run(settings("trawl.fetch.host-max-failures", "2"), urls);
    assertEquals(List.of("/robots.txt", "/1", "/2"), h.paths(), "two failures, then the host is left alone");
    assertTrue(gaps(h).get(1) >= 950, "exponential back-off starts at a second: " + gaps(h));
    assertEquals(3, run.carried.size());
    assertEquals(1, run.count(RoundCounter.HOSTS_GIVEN_UP));
  }

  @Test
  void aRetryAfterBeyondTheCapLeavesTheHostForTheNextRound() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/a", 503, "text/plain", "maintenance", "Retry-After", "3600");
    List<String> urls = new ArrayList<>(List.of(h.url("/a")));
    urls.addAll(pages(h, 2));
    TaskHarness run = TaskHarness.run(settings(), urls);
    assertEquals(List.of("/robots.txt", "/a"), h.paths());
    assertEquals(2, run.carried.size());
    assertTrue(run.log().contains("asks to wait 3600 s"), run.log());
  }

  @Test
  void aSlowHostDoesNotHoldUpTheOthers() throws Exception {
    TestHost slow = hosts.start("127.0.0.2");
    slow.on("/robots.txt", 404, "text/plain", "");
    List<String> urls = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      slow.handle("/" + i, e -> {
        Thread.sleep(3000);
        TestHost.reply(e, 200, "text/html", PAGE);
      });
      urls.add(slow.url("/" + i));
    }
    TestHost fast = hosts.start("127.0.0.3");
    urls.addAll(pages(fast, 10));
    TaskHarness run = TaskHarness.run(settings("trawl.fetch.read-timeout", "0.5"), urls);
    List<TestHost.Hit> fastHits = fast.hits();
    assertEquals(11, fastHits.size(), "robots.txt and all ten pages of the fast host");
    long span = TimeUnit.NANOSECONDS.toMillis(fastHits.get(fastHits.size() - 1).endNanos() - fastHits.get(0).startNanos());
    assertTrue(span < 2000, "the fast host's ten pages at 50 ms took " + span + " ms: held up by the slow host");
    for (int i = 1; i <= 3; i++) {
      ManifestRecord timedOut = run.record(slow.url("/" + i));
      assertEquals(FetchStatus.timeout, timedOut.getStatus());
      // The time a failed request cost is recorded: the 0.5 s read timeout, not 0.
      assertTrue(timedOut.getFetchMs() >= 450 && timedOut.getFetchMs() < 3000, "fetch_ms " + timedOut.getFetchMs());
    }
  }

  @Test
  void aServerDrippingBytesIsCutOffAtTheRequestDeadline() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.handle("/drip", e -> {
      e.getResponseHeaders().set("Content-Type", "text/html");
      e.sendResponseHeaders(200, 0);
      OutputStream out = e.getResponseBody();
      for (int i = 0; i < 300; i++) {
        out.write('a');
        out.flush();
        Thread.sleep(100);
      }
    });
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> TaskHarness.run(
        settings("trawl.fetch.read-timeout", "5", "trawl.fetch.request-timeout", "1.5"), List.of(h.url("/drip"))));
    ManifestRecord drip = run.record(h.url("/drip"));
    assertEquals(FetchStatus.timeout, drip.getStatus());
    assertTrue(drip.getError().contains("longer than 1.5 s"), drip.getError());
    assertTrue(drip.getFetchMs() >= 1450 && drip.getFetchMs() < 5000, "cut off at 1.5 s: fetch_ms " + drip.getFetchMs());
  }

  @Test
  void redirectChainsAreFollowedOnlyUpToTheCap() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/r", 302, "text/html", "", "Location", "/s");
    TaskHarness first = TaskHarness.run(settings(), SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(), List.of(h.url("/r")), 0);
    FrontierEntry target = first.discovered.get(0);
    assertEquals(h.url("/s"), target.getUrl());
    assertEquals(1, target.getRedirects(), "one hop so far");

    TaskHarness capped = TaskHarness.run(settings(), SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(), List.of(h.url("/r")), 5);
    assertTrue(capped.discovered.isEmpty(), "a sixth hop is not followed");
    assertEquals(1, capped.count(RoundCounter.REDIRECTS_CAPPED));
    assertEquals(FetchStatus.redirect, capped.record(h.url("/r")).getStatus());
  }

  /**
   * Links spelling 127.0.0.3 as a browser reads it, octal, hex, one number, two parts: each is that
   * address (java.net would read the octal one as 177.0.0.3, a public address), blocked unless its
   * range is allowed, fetched from it when allowed, judged from the server's own log.
   */
  @Test
  void numericSpellingsOfAnAddressAreThatAddressAsInABrowser() throws Exception {
    TestHost target = hosts.start("127.0.0.3");
    target.on("/robots.txt", 404, "text/plain", "");
    int port = Integer.parseInt(target.url("/").replaceAll(".*:(\\d+)/$", "$1"));
    List<String> spellings = List.of("0177.0.0.03", "0x7f000003", "2130706435", "127.3");
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < spellings.size(); i++) {
      target.on("/" + i, 200, "text/html", PAGE);
      links.append("<a href=\"http://").append(spellings.get(i)).append(':').append(port).append('/').append(i).append("\">l</a>");
    }
    TestHost site = hosts.start("127.0.0.2");
    site.on("/robots.txt", 404, "text/plain", "");
    site.on("/page", 200, "text/html", links.toString());
    TaskHarness round1 = TaskHarness.run(settings(), List.of(site.url("/page")));
    List<String> found = round1.discovered.stream().map(FrontierEntry::getUrl).sorted().toList();
    assertEquals(List.of(target.url("/0"), target.url("/1"), target.url("/2"), target.url("/3")), found);

    TaskHarness blocked = TaskHarness.run(settings("trawl.fetch.allow-private", "127.0.0.2/32"), found);
    for (String url : found) {
      assertEquals(FetchStatus.blocked_address, blocked.record(url).getStatus(), url);
    }
    assertTrue(target.hits().isEmpty(), "nothing reached 127.0.0.3 while its range was not allowed: " + target.hits());
    TaskHarness allowed = TaskHarness.run(settings(), found);
    for (String url : found) {
      assertEquals(FetchStatus.fetched, allowed.record(url).getStatus(), url);
    }
    assertEquals(5, target.hits().size(), "robots.txt and the four pages, each once, from 127.0.0.3");
  }

  /**
   * IPv6 literal links are followed in their canonical form and fetched like any host, the address
   * guard judging them as it judges IPv4: loopback [::1] blocked until ::1/128 is allowed, and a
   * mapped address ([::ffff:127.0.0.3]) blocked as the IPv4 loopback address it is. The scope admits
   * only loopback URLs, so a spelling read wrongly is dropped before any connection.
   */
  @Test
  void ipv6LiteralsAreFetchedLikeAnyHostAndGuardedAsIpv4Is() throws Exception {
    TestHost v6 = hosts.start("::1");
    v6.on("/robots.txt", 404, "text/plain", "");
    v6.on("/a", 200, "text/html", PAGE);
    v6.on("/b", 200, "text/html", PAGE);
    TestHost mapped = hosts.start("127.0.0.3");
    mapped.on("/robots.txt", 404, "text/plain", "");
    mapped.on("/m", 200, "text/html", PAGE);
    int port = Integer.parseInt(v6.url("/").replaceAll(".*:(\\d+)/$", "$1"));
    int mappedPort = Integer.parseInt(mapped.url("/").replaceAll(".*:(\\d+)/$", "$1"));
    TestHost site = hosts.start("127.0.0.2");
    site.on("/robots.txt", 404, "text/plain", "");
    site.on("/page", 200, "text/html", "<a href=\"http://[0:0:0:0:0:0:0:1]:" + port + "/a\">l</a>"
        + "<a href=\"http://[::0001]:" + port + "/b\">l</a><a href=\"http://[::ffff:127.0.0.3]:" + mappedPort + "/m\">l</a>");
    String loopbackOnly = "^http://(127\\.|\\[::1\\]|\\[::ffff:7f)";
    TaskHarness round1 = TaskHarness.run(settings("trawl.scope.include", loopbackOnly), List.of(site.url("/page")));
    List<String> found = round1.discovered.stream().map(FrontierEntry::getUrl).sorted().toList();
    String mappedUrl = "http://[::ffff:7f00:3]:" + mappedPort + "/m";
    assertEquals(List.of(v6.url("/a"), v6.url("/b"), mappedUrl), found);

    TaskHarness blocked = TaskHarness.run(settings("trawl.fetch.allow-private", "127.0.0.2/32"), found);
    for (String url : found) {
      assertEquals(FetchStatus.blocked_address, blocked.record(url).getStatus(), url);
    }
    assertTrue(blocked.record(v6.url("/a")).getError().contains("::1/128"), "names the range to allow: " + blocked.record(v6.url("/a")).getError());
    assertTrue(v6.hits().isEmpty() && mapped.hits().isEmpty(), "nothing connected while the ranges were not allowed");

    TaskHarness allowed = TaskHarness.run(settings("trawl.fetch.allow-private", "127.0.0.0/8,::1/128"), found);
    for (String url : found) {
      assertEquals(FetchStatus.fetched, allowed.record(url).getStatus(), url + ": " + allowed.record(url).getError());
    }
    assertEquals(List.of("/robots.txt", "/a", "/b"), v6.paths(), "one robots.txt for the host, each page once, over IPv6");
    assertEquals(List.of("/robots.txt", "/m"), mapped.paths());
  }

  /**
   * A name that does not resolve is a DNS error on each of its URLs, never a robots.txt decision: one
   * lookup, no request, and only the temporary kind is worth a retry. The resolver answers as the
   * system's does (getaddrinfo's words); nothing asks a real DNS server.
   */
  @Test
  void aNameThatDoesNotResolveIsADnsErrorNotARobotsDecision() throws Exception {
    TestHost site = hosts.start("127.0.0.2");
    site.on("/robots.txt", 404, "text/plain", "");
    site.on("/ok", 200, "text/html", PAGE);
    Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    DnsResolver dns = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        switch (host) {
          case "gone.test" -> throw new UnknownHostException(host + ": Name or service not known");
          case "flaky.test" -> throw new UnknownHostException(host + ": Temporary failure in name resolution");
          default -> {
            return new InetAddress[] {InetAddress.getByName(host)};
          }
        }
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
    List<String> urls = List.of("http://gone.test/a", "http://gone.test/b", "http://flaky.test/a", site.url("/ok"));
    TaskHarness run = TaskHarness.run(settings(), dns, OutputStream.nullOutputStream(), urls, 0);
    for (String url : List.of("http://gone.test/a", "http://gone.test/b")) {
      ManifestRecord r = run.record(url);
      assertEquals(FetchStatus.error, r.getStatus(), url);
      assertTrue(r.getError().startsWith("DNS: no such host (gone.test"), r.getError());
      assertEquals(FetchErrors.PERMANENT, r.getErrorClass(), "not retried: " + r.getError());
    }
    ManifestRecord flaky = run.record("http://flaky.test/a");
    assertEquals(FetchStatus.error, flaky.getStatus());
    assertTrue(flaky.getError().startsWith("DNS: temporary failure (flaky.test"), flaky.getError());
    assertEquals(FetchErrors.TRANSIENT, flaky.getErrorClass(), "a temporary failure is retried next round");
    assertEquals(1, lookups.get("gone.test").get(), "one lookup for the host, not one per URL");
    assertEquals(FetchStatus.fetched, run.record(site.url("/ok")).getStatus(), "the other host is fetched");
  }

  @Test
  void linksAndRedirectsToLoopbackAreNeverConnectedUnlessAllowed() throws Exception {
    try (ServerSocket tripwire = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      AtomicInteger connections = new AtomicInteger();
      Thread watcher = new Thread(() -> {
        while (!tripwire.isClosed()) {
          try (Socket s = tripwire.accept()) {
            connections.incrementAndGet();
          } catch (Exception e) {
            return;
          }
        }
      });
      watcher.setDaemon(true);
      watcher.start();
      int port = tripwire.getLocalPort();
      TestHost site = hosts.start("127.0.0.2");
      site.on("/robots.txt", 404, "text/plain", "");
      site.on("/page", 200, "text/html", "<a href=\"http://127.0.0.1:" + port + "/literal\">a</a>"
          + "<a href=\"http://metadata.test:" + port + "/named\">b</a>");
      site.on("/redir", 302, "text/html", "", "Location", "http://127.0.0.1:" + port + "/redirected");
      // A name that resolves to the tripwire, as DNS rebinding would arrange; nothing else resolves.
      DnsResolver dns = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          if (host.equals("metadata.test")) {
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
          }
          if (host.matches("[0-9.]+")) {
            return new InetAddress[] {InetAddress.getByName(host)};
          }
          throw new UnknownHostException(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
          return host;
        }
      };
      TrawlSettings onlySite = settings("trawl.fetch.allow-private", "127.0.0.2/32");
      TaskHarness round1 = TaskHarness.run(onlySite, dns, OutputStream.nullOutputStream(),
          List.of(site.url("/page"), site.url("/redir")), 0);
      List<String> targets = round1.discovered.stream().map(FrontierEntry::getUrl).toList();
      assertEquals(3, targets.size(), targets.toString());

      TaskHarness round2 = TaskHarness.run(onlySite, dns, OutputStream.nullOutputStream(), targets, 0);
      for (String url : targets) {
        assertEquals(FetchStatus.blocked_address, round2.record(url).getStatus(), url);
      }
      assertEquals(0, connections.get(), "something connected to the loopback tripwire");
      assertEquals(0, round2.count(RoundCounter.ROBOTS_FETCHES), "not even robots.txt was asked for");
    }
  }

  @Test
  void manyHostsAreFetchedAtOnce() throws Exception {
    List<String> urls = new ArrayList<>();
    List<TestHost> many = new ArrayList<>();
    for (int i = 2; i < 6; i++) {
      TestHost h = hosts.start("127.0.0." + i);
      h.on("/robots.txt", 404, "text/plain", "");
      many.add(h);
      urls.addAll(pages(h, 5));
    }
    long start = System.nanoTime();
    TaskHarness run = TaskHarness.run(settings("trawl.fetch.delay", "0.3"), urls);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(20L, run.statuses.get(FetchStatus.fetched));
    // One host alone needs 5 x 0.3 s; four in turn would need 6 s. Together: about 1.5 s.
    assertTrue(millis < 4000, "four hosts were not fetched in parallel: " + millis + " ms");
    IntStream.range(0, many.size()).forEach(i -> gaps(many.get(i)).forEach(g -> assertTrue(g >= 285, "gap " + g)));
  }
}
