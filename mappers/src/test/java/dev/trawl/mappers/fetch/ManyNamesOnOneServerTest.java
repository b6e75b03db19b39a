package dev.trawl.mappers.fetch;

import static dev.trawl.mappers.fetch.FetchTaskTest.PAGE;
import static dev.trawl.mappers.fetch.FetchTaskTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestHost;
import dev.trawl.mappers.TestHosts;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.url.Urls;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many host names on one server, as shared hosting and subdomains have them: with politeness by
 * address or by registered domain, the server's own log shows one request at a time and the delay
 * between any two, whatever name they were for; by host name, the old behaviour, it does not.
 */
class ManyNamesOnOneServerTest {
  private static final int NAMES = 8;
  private static final long DELAY_MILLIS = 100;
  /** The server whose /0 takes 200 ms: long enough for requests to other names to overlap it. */
  private static final String SLOW = "127.0.0.4";

  @RegisterExtension
  final TestHosts hosts = new TestHosts();

  /** Every name given resolves to {@code ip}; the lookups are counted. Nothing asks a real resolver. */
  private static final class OneAddress implements DnsResolver {
    final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final String ip;

    OneAddress(String ip) {
      this.ip = ip;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
      if (host.endsWith(".test") || host.endsWith("example.org")) {
        return new InetAddress[] {InetAddress.getByName(ip)};
      }
      throw new UnknownHostException(host + ": Name or service not known");
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }

  private TaskHarness crawl(TestHost server, String politeness, String domain, OneAddress dns) throws Exception {
    int port = Integer.parseInt(server.url("/").replaceAll(".*:(\\d+)/$", "$1"));
    List<FrontierEntry> entries = new ArrayList<>();
    // The round's order: by URL, so name after name.
    for (int n = 0; n < NAMES; n++) {
      for (int p = 0; p < 2; p++) {
        // Under a registered domain, the first name is the domain itself (example.org beside www.example.org).
        String name = n == 0 && !domain.equals(".test") ? domain.substring(1) : "site" + n + domain;
        String url = Urls.normalise("http://" + name + ":" + port + "/" + p);
        entries.add(FrontierEntry.newBuilder().setUrl(url).setHost(Urls.host(url)).setDepth(0).build());
      }
    }
    return TaskHarness.run(settings("trawl.fetch.politeness", politeness, "trawl.fetch.delay", String.valueOf(DELAY_MILLIS / 1000.0),
        "trawl.fetch.threads", "8"), dns, OutputStream.nullOutputStream(), entries, 0, r -> { });
  }

  /**
   * One request as the server's handler saw it: when it came in, and when the server began to send
   * the answer. trawl cannot have read an answer's last byte before the server began to send it, so
   * the next request may come no sooner than the delay after that.
   */
  private record Served(String path, long arrivedNanos, long sendingNanos) {}

  private final List<Served> served = java.util.Collections.synchronizedList(new ArrayList<>());

  private TestHost server(String ip) throws Exception {
    TestHost h = hosts.start(ip);
    for (String path : List.of("/robots.txt", "/0", "/1")) {
      h.handle(path, e -> {
        long arrived = System.nanoTime();
        if (path.equals("/0") && ip.equals(SLOW)) {
          Thread.sleep(200);
        }
        served.add(new Served(path, arrived, System.nanoTime()));
        TestHost.reply(e, path.equals("/robots.txt") ? 404 : 200, "text/html", path.equals("/robots.txt") ? "" : PAGE);
      });
    }
    return h;
  }

  /** Requests in the order they came; fails naming two that came too close. */
  private void assertOneAtATimeWithTheDelay() {
    List<Served> all = new ArrayList<>(served);
    all.sort(Comparator.comparingLong(Served::arrivedNanos));
    assertEquals(NAMES * 3, all.size(), "each name's robots.txt and two pages: " + all);
    for (int i = 1; i < all.size(); i++) {
      long gap = TimeUnit.NANOSECONDS.toMillis(all.get(i).arrivedNanos() - all.get(i - 1).sendingNanos());
      assertTrue(gap >= DELAY_MILLIS, "request " + i + " (" + all.get(i).path() + ") came " + gap
          + " ms after the server began to answer the one before it; the delay is " + DELAY_MILLIS + " ms");
    }
  }

  private static int mostAtOnce(TestHost server) {
    int most = 0;
    for (TestHost.Hit a : server.hits()) {
      int atOnce = (int) server.hits().stream().filter(b -> b.startNanos() <= a.startNanos() && b.endNanos() > a.startNanos()).count();
      most = Math.max(most, atOnce);
    }
    return most;
  }

  @Test
  void byAddressNamesOfOneServerShareOneRequestAtATimeAndTheDelay() throws Exception {
    TestHost server = server("127.0.0.2");
    OneAddress dns = new OneAddress("127.0.0.2");
    TaskHarness run = crawl(server, "ip", ".test", dns);
    assertEquals(NAMES * 2, run.statuses.get(FetchStatus.fetched), "every page fetched");
    assertOneAtATimeWithTheDelay();
    for (int n = 0; n < NAMES; n++) {
      assertEquals(1, dns.lookups.get("site" + n + ".test").get(), "site" + n + ".test resolved once for the task");
    }
  }

  @Test
  void byDomainTheSubdomainsOfOneRegisteredDomainShareThem() throws Exception {
    TestHost server = server("127.0.0.3");
    TaskHarness run = crawl(server, "domain", ".example.org", new OneAddress("127.0.0.3"));
    assertEquals(NAMES * 2, run.statuses.get(FetchStatus.fetched));
    assertOneAtATimeWithTheDelay();
    assertEquals(NAMES, run.count(RoundCounter.ROBOTS_FETCHES), "each name's own robots.txt");
  }

  @Test
  void byHostNameEachNameIsPoliteAloneAndTheServerGetsThemAtOnce() throws Exception {
    TestHost server = server(SLOW);
    TaskHarness run = crawl(server, "host", ".test", new OneAddress("127.0.0.4"));
    assertEquals(NAMES * 2, run.statuses.get(FetchStatus.fetched));
    assertTrue(mostAtOnce(server) > 1, "several names' requests in flight at once: " + mostAtOnce(server));
  }
}
