package dev.trawl.mappers.fetch;

import static dev.trawl.mappers.fetch.FetchTaskTest.PAGE;
import static dev.trawl.mappers.fetch.FetchTaskTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestHost;
import dev.trawl.mappers.TestHosts;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.url.Urls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whatever a site or the machine does, a fetch task ends, and every URL it was given ends with a
 * manifest record or carried over: the cases that once hung a round, dropped a URL or blamed a site
 * for a full disk. Evidence from the servers' own logs.
 */
class EveryUrlGetsAnOutcomeTest {
  @RegisterExtension
  final TestHosts hosts = new TestHosts();

  /** Every name under .test (and the same with a trailing dot, and its punycode) is the one test host. */
  private static DnsResolver namesTo(String ip) {
    return new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.matches("[0-9.]+")) {
          return new InetAddress[] {InetAddress.getByName(host)};
        }
        if (host.endsWith(".test") || host.endsWith(".test.")) {
          return new InetAddress[] {InetAddress.getByName(ip)};
        }
        throw new UnknownHostException(host);
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
  }

  private static List<FrontierEntry> entries(List<String> urls) {
    List<FrontierEntry> entries = new ArrayList<>();
    for (String url : urls) {
      String u = Urls.normalise(url);
      entries.add(FrontierEntry.newBuilder().setUrl(u).setHost(Urls.host(u)).setDepth(0).build());
    }
    return entries;
  }

  private static long requests(TestHost h, String path) {
    return h.paths().stream().filter(path::equals).count();
  }

  @Test
  void hostNamesAsTheWebHasThemAreFetchedEachOnce() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/p", 200, "text/html", PAGE);
    int port = Integer.parseInt(h.url("/").replaceAll(".*:(\\d+)/.*", "$1"));
    List<String> names = List.of("a_b.test", "UPPER.test", "trailing.test.", "bücher.test", "x".repeat(63) + ".test");
    List<String> urls = names.stream().map(n -> "http://" + n + ":" + port + "/p").toList();
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> TaskHarness.run(settings(), namesTo("127.0.0.2"), OutputStream.nullOutputStream(), entries(urls), 0, r -> { }));
    Set<String> normalised = new HashSet<>();
    for (String url : urls) {
      ManifestRecord r = run.record(url);
      assertEquals(FetchStatus.fetched, r.getStatus(), url + ": " + r.getError());
      normalised.add(Urls.normalise(url));
    }
    assertEquals(normalised.size(), requests(h, "/p"), "each host's page once: " + h.paths());
    assertEquals(normalised.size(), requests(h, "/robots.txt"), "each origin's robots.txt once: " + h.paths());
    assertTrue(run.carried.isEmpty());
  }

  @Test
  void anUnreachableHostNameWithAnUnderscoreIsDeferredOnceNotRetriedForever() throws Exception {
    // The case that hung a round: robots.txt unreachable (nothing listens there), and a host java.net.URI does not see.
    String url = "http://a_b.test:18099/index.html";
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> TaskHarness.run(settings(), namesTo("127.0.0.2"), OutputStream.nullOutputStream(), entries(List.of(url)), 0, r -> { }));
    assertEquals(List.of(Urls.normalise(url)), run.carried.stream().map(FrontierEntry::getUrl).toList(),
        "carried to the next round, as RFC 9309 says of an unreachable robots.txt");
    assertEquals(1, run.robots.size(), "one attempt, remembered so the next round counts it");
    assertEquals("a_b.test", run.robots.get(0).getHost());
    assertEquals(1, run.robots.get(0).getFailures());
    assertTrue(run.log().contains("robots.txt unreachable"), run.log());
  }

  @Test
  void anUnresolvableHostNameWithAnUnderscoreIsADnsErrorOnceNotADeferral() throws Exception {
    String url = "http://a_b.invalid:18099/index.html";
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> TaskHarness.run(settings(), namesTo("127.0.0.2"), OutputStream.nullOutputStream(), entries(List.of(url)), 0, r -> { }));
    ManifestRecord r = run.record(Urls.normalise(url));
    assertEquals(FetchStatus.error, r.getStatus());
    assertTrue(r.getError().startsWith("DNS: no such host (a_b.invalid"), r.getError());
    assertTrue(run.carried.isEmpty(), "no robots.txt decision to wait for: the name does not exist");
    assertTrue(run.robots.isEmpty(), "nothing learned about its robots.txt to keep");
  }

  @Test
  void robotsTxtRedirectsThatLeadNowhereCostOneAttemptAndDisallowTheHost() throws Exception {
    TestHost malformed = hosts.start("127.0.0.3");
    malformed.on("/robots.txt", 301, "text/plain", "", "Location", "http://bad host/%%%zz");
    TestHost loop = hosts.start("127.0.0.4");
    loop.on("/robots.txt", 302, "text/plain", "", "Location", "/robots.txt");
    TestHost relative = hosts.start("127.0.0.5");
    relative.on("/robots.txt", 301, "text/plain", "", "Location", "real-robots.txt");
    relative.on("/real-robots.txt", 200, "text/plain", "User-agent: *\nDisallow: /2\n");
    List<String> urls = new ArrayList<>();
    for (TestHost h : List.of(malformed, loop, relative)) {
      h.on("/1", 200, "text/html", PAGE);
      h.on("/2", 200, "text/html", PAGE);
      urls.add(h.url("/1"));
      urls.add(h.url("/2"));
    }
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> TaskHarness.run(settings("trawl.fetch.delay", "0.1"), urls));

    assertEquals(List.of("/robots.txt"), malformed.paths(), "one request, no page, no loop");
    assertEquals(FetchStatus.robots_denied, run.record(malformed.url("/1")).getStatus());
    assertEquals(FetchStatus.robots_denied, run.record(malformed.url("/2")).getStatus());
    assertTrue(run.log().contains("unusable Location"), run.log());

    assertEquals(6, loop.hits().size(), "robots.txt and five redirect hops, then no more: " + loop.paths());
    assertEquals(0, requests(loop, "/1") + requests(loop, "/2"));
    assertEquals(FetchStatus.robots_denied, run.record(loop.url("/1")).getStatus());

    assertEquals(List.of("/robots.txt", "/real-robots.txt", "/1"), relative.paths(), "a relative Location is followed");
    assertEquals(FetchStatus.fetched, run.record(relative.url("/1")).getStatus());
    assertEquals(FetchStatus.robots_denied, run.record(relative.url("/2")).getStatus());
  }

  @Test
  void aRobotsTxtLargerThanTheRfcLimitIsObeyedToItsFirst500KiB() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    StringBuilder robots = new StringBuilder("User-agent: *\nDisallow: /early\n");
    while (robots.length() < 600 * 1024) {
      robots.append("# padding of a generous robots.txt, the kind some sites really serve\n");
    }
    robots.append("Disallow: /late\n");
    h.on("/robots.txt", 200, "text/plain", robots.toString());
    for (String p : List.of("/early", "/late", "/ok")) {
      h.on(p, 200, "text/html", PAGE);
    }
    TaskHarness run = TaskHarness.run(settings(), List.of(h.url("/early"), h.url("/late"), h.url("/ok")));
    assertEquals(1, requests(h, "/robots.txt"));
    assertEquals(FetchStatus.robots_denied, run.record(h.url("/early")).getStatus());
    assertEquals(FetchStatus.fetched, run.record(h.url("/late")).getStatus(), "a rule past 500 KiB is not read");
    assertEquals(FetchStatus.fetched, run.record(h.url("/ok")).getStatus());
    assertEquals(500 * 1024, run.robots.get(0).getContent().remaining(), "the store keeps what was read");
  }

  @Test
  void aPageRedirectToAnUnusableLocationIsRecordedOnce() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/r", 301, "text/html", "", "Location", "http://bad host/%%%zz");
    TaskHarness run = TaskHarness.run(settings(), List.of(h.url("/r")));
    ManifestRecord r = run.record(h.url("/r"));
    assertEquals(FetchStatus.redirect, r.getStatus());
    assertTrue(r.getError().contains("unusable Location"), r.getError());
    assertNull(r.getRedirectTo());
    assertTrue(run.discovered.isEmpty());
    assertEquals(1, requests(h, "/r"));
  }

  @Test
  void aWarcThatCannotBeWrittenFailsTheTaskAndBlamesNoSite() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    List<String> urls = FetchTaskTest.pages(h, 8);
    // A disk that fills up after a few records.
    OutputStream full = new OutputStream() {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 3000) {
          throw new IOException("No space left on device");
        }
      }
    };
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> TaskHarness.runAllowingFailure(
        settings("trawl.fetch.threads", "1"), SystemDefaultDnsResolver.INSTANCE, full, entries(urls), 0, r -> { }));
    assertNotNull(run.failure, "the task must fail, so Hadoop runs the attempt again");
    assertTrue(run.failure.getMessage().contains("cannot write the WARC file"), run.failure.getMessage());
    assertTrue(run.failure.getMessage().contains("No space left on device"), run.failure.getMessage());
    assertTrue(run.fetched.stream().noneMatch(r -> r.getStatus() == FetchStatus.error), "no URL blamed: " + run.fetched);
    assertFalse(run.log().contains("GIVE_UP"), run.log());
    assertTrue(h.hits().size() < 8, "the task stopped at the fault: " + h.paths());
  }

  @Test
  void aTurnThatNeverEndsFailsTheTaskNamingItsHost() throws Exception {
    TestHost h = hosts.start("127.0.0.2");
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/hang", 200, "text/html", PAGE);
    List<String> urls = new ArrayList<>(List.of(h.url("/hang")));
    CountDownLatch never = new CountDownLatch(1);
    try {
      // Something other than the site hangs (say, the task's output): no request timeout can end it.
      TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> TaskHarness.runAllowingFailure(
          settings("trawl.fetch.request-timeout", "1", "trawl.fetch.stall-timeout", "2"),
          SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(), entries(urls), 0, r -> {
            if (r.getUrl().endsWith("/hang")) {
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }));
      assertNotNull(run.failure, "a stalled task fails loudly");
      assertTrue(run.failure.getMessage().contains("127.0.0.2") && run.failure.getMessage().contains("stall-timeout"),
          run.failure.getMessage());
      assertTrue(run.log().contains("FAILED"), run.log());
    } finally {
      never.countDown();
    }
  }

  @Test
  void aListFarBeyondTheHeapBudgetWithAHostBackedOffServesEveryHostAndAccountsForEveryUrl() throws Exception {
    TestHost throttled = hosts.start("127.0.0.2");
    throttled.on("/robots.txt", 404, "text/plain", "");
    TestHost busy = hosts.start("127.0.0.3");
    busy.on("/robots.txt", 404, "text/plain", "");
    TestHost last = hosts.start("127.0.0.4");
    last.on("/robots.txt", 404, "text/plain", "");
    List<String> urls = new ArrayList<>();
    // The round's order: by URL, so host after host; the last host's URLs come after 60,000 others.
    for (TestHost h : List.of(throttled, busy)) {
      for (int i = 0; i < 30_000; i++) {
        String path = String.format("/%05d", i);
        if (h == throttled) {
          h.on(path, 429, "text/plain", "slow down", "Retry-After", "2");
        }
        urls.add(h.url(path));
      }
    }
    for (int i = 0; i < 20; i++) {
      String path = String.format("/%05d", i);
      last.on(path, 200, "text/html", PAGE);
      urls.add(last.url(path));
    }
    List<FrontierEntry> entries = entries(urls);
    Collections.sort(entries, (a, b) -> a.getUrl().compareTo(b.getUrl()));
    long deadline = System.currentTimeMillis() + 4000;
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TaskHarness.run(
        settings("trawl.fetch.delay", "0.1"), SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(),
        entries, deadline, r -> { }));
    assertEquals(20, last.paths().stream().filter(p -> !p.equals("/robots.txt")).count(),
        "every page of the list's last host, within the time limit: " + last.paths());
    assertTrue(throttled.hits().size() <= 4, "a throttled host is backed off, not hammered: " + throttled.hits().size());
    Set<String> outcomes = new HashSet<>();
    Stream.concat(run.fetched.stream().map(ManifestRecord::getUrl), run.carried.stream().map(FrontierEntry::getUrl))
        .forEach(u -> assertTrue(outcomes.add(u), "two outcomes for " + u));
    assertEquals(entries.size(), outcomes.size(), "every URL has an outcome: a record or carried over");
  }
}
