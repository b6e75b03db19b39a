package dev.trawl.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.HostLoad;
import dev.trawl.settings.TrawlSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class ListBalancerTest {
  private static final int LISTS = 8;

  /** 20,000 hosts whose page counts follow Zipf's law (s = 1): host i has about 200,000 / i pages. */
  private static List<String> zipfHosts() {
    List<String> hosts = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) {
      hosts.add("h" + i + ".example");
    }
    return hosts;
  }

  private static long pages(String host) {
    return Math.max(1, 200_000 / Long.parseLong(host.substring(1, host.indexOf('.'))));
  }

  private static double slowestOverMean(long[] loads) {
    long max = 0;
    long sum = 0;
    for (long l : loads) {
      max = Math.max(max, l);
      sum += l;
    }
    return max / (sum / (double) loads.length);
  }

  @Test
  void balancesASkewedFrontierFarBetterThanTheHash() {
    ListBalancer balancer = new ListBalancer(LISTS);
    long[] hashed = new long[LISTS];
    long biggest = 0;
    long total = 0;
    for (String host : zipfHosts()) {
      balancer.add(host, pages(host) * 1000);
      hashed[FetchLists.hash(host, LISTS)] += pages(host) * 1000;
      biggest = Math.max(biggest, pages(host) * 1000);
      total += pages(host) * 1000;
    }
    FetchLists layout = balancer.layout();
    long[] loads = new long[LISTS];
    for (String host : zipfHosts()) {
      loads[layout.of(host)] += pages(host) * 1000;
    }
    // The balancer's own account of the loads is the layout's.
    assertEquals(List.of(toList(loads)), List.of(toList(balancer.loads())));
    assertEquals(LISTS * ListBalancer.PLACED_PER_LIST, layout.placed().size());
    // The largest host alone is more than a list's share: no layout can beat that bound.
    double bound = Math.max(1, biggest / (total / (double) LISTS));
    double balanced = slowestOverMean(loads);
    double hash = slowestOverMean(hashed);
    assertTrue(balanced <= bound * 1.02, "balanced " + balanced + " vs the bound " + bound);
    assertTrue(hash > balanced * 1.1, "hash " + hash + " vs balanced " + balanced);
  }

  @Test
  void givesTheSameLayoutWhateverTheOrderHostsCome() {
    List<String> hosts = zipfHosts();
    ListBalancer inOrder = new ListBalancer(LISTS, 50);
    hosts.forEach(h -> inOrder.add(h, pages(h) % 97));
    Collections.shuffle(hosts, new Random(7));
    ListBalancer shuffled = new ListBalancer(LISTS, 50);
    hosts.forEach(h -> shuffled.add(h, pages(h) % 97));
    assertEquals(inOrder.layout(), shuffled.layout());
  }

  @Test
  void withoutHostsItIsTheHash() {
    assertEquals(FetchLists.hashed(LISTS), new ListBalancer(LISTS).layout());
    for (String host : zipfHosts()) {
      assertEquals(FetchLists.hash(Urls.domainOrHost(host), LISTS), FetchLists.hashed(LISTS).of(host), host);
    }
  }

  @Test
  void expectsPagesTimesTheLongerDelayCappedByTheRound() {
    Configuration conf = new Configuration(false);
    conf.set("trawl.fetch.delay", "0.5");
    conf.set("trawl.round.time-limit", "10m");
    conf.set("trawl.bounds.max-per-host", "1000");
    TrawlSettings s = TrawlSettings.from(conf);
    assertEquals(10 * 500, ListBalancer.expectedMillis(load(10, null), s));
    assertEquals(10 * 2000, ListBalancer.expectedMillis(load(10, 2000L), s), "robots.txt asks for 2 s");
    assertEquals(0, ListBalancer.expectedMillis(load(10, 60_000L), s), "over the Crawl-delay cap: skipped");
    assertEquals(500 * 1000, ListBalancer.expectedMillis(load(5000, null), s), "at most max-per-host pages");
    assertEquals(600_000, ListBalancer.expectedMillis(load(900, 5000L), s), "at most the time limit");
  }

  private static HostLoad load(long pages, Long crawlDelay) {
    return HostLoad.newBuilder().setHost("h.example").setPages(pages).setCrawlDelayMs(crawlDelay).build();
  }

  private static List<Long> toList(long[] a) {
    List<Long> l = new ArrayList<>();
    for (long x : a) {
      l.add(x);
    }
    return l;
  }
}
