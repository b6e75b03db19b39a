package dev.trawl.reducers.frontier;

import dev.trawl.schema.HostLoad;
import dev.trawl.schema.RobotsEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-host counters of the next frontier one reducer writes: its pages per host and the hosts'
 * robots.txt Crawl-delay, what the next round needs to balance its fetch lists. Memory grows with
 * the reducer's hosts, never with their URLs.
 */
public final class FrontierHosts {
  private final Map<String, long[]> pages = new HashMap<>();
  private final Map<String, Long> crawlDelays = new HashMap<>();

  public void page(String host) {
    pages.computeIfAbsent(host, h -> new long[1])[0]++;
  }

  public void robots(RobotsEntry robots) {
    if (robots.getCrawlDelayMs() != null) {
      crawlDelays.put(robots.getHost(), robots.getCrawlDelayMs());
    }
  }

  /** One record per host with pages in the frontier, in host order. */
  public List<HostLoad> loads() {
    return pages.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> HostLoad.newBuilder().setHost(e.getKey()).setPages(e.getValue()[0])
            .setCrawlDelayMs(crawlDelays.get(e.getKey())).build())
        .toList();
  }
}
