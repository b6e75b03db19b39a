package dev.trawl.bench.balance;

import dev.trawl.schema.HostLoad;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.FetchLists;
import dev.trawl.url.ListBalancer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Partition balance: a frontier whose pages follow Zipf's law over hosts (host r has pages in
 * proportion to 1 / r^s), placed in fetch lists by a hash of the host and by {@link ListBalancer},
 * each host's expected time reckoned as the round planner does ({@link ListBalancer#expectedMillis}:
 * pages times delay, at most max-per-host pages and the time limit). The figure is the slowest
 * list's expected time over the mean (1.0 is perfect); the bound is what no layout can beat, the
 * largest host alone over the mean (or 1).
 */
public final class BalanceBench {
  public record Result(int hosts, long pages, int lists, double zipf, String settings, double hash,
                       double balanced, double bound) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("hosts", hosts);
      m.put("pages", pages);
      m.put("lists", lists);
      m.put("zipf_s", zipf);
      m.put("settings", settings);
      m.put("slowest_over_mean_hash", hash);
      m.put("slowest_over_mean_balanced", balanced);
      m.put("slowest_over_mean_bound", bound);
      return m;
    }
  }

  private BalanceBench() {}

  /** @param settings the delay, max-per-host and time limit, as the planner reads them */
  public static Result run(int hosts, long pages, int lists, double s, TrawlSettings settings, String described) {
    double norm = 0;
    for (int r = 1; r <= hosts; r++) {
      norm += 1 / Math.pow(r, s);
    }
    long[] hashed = new long[lists];
    ListBalancer balancer = new ListBalancer(lists);
    long biggest = 0;
    long total = 0;
    long pagesTotal = 0;
    for (int r = 1; r <= hosts; r++) {
      long n = Math.max(1, Math.round(pages / Math.pow(r, s) / norm));
      pagesTotal += n;
      String host = "host" + r + ".example";
      long millis = ListBalancer.expectedMillis(HostLoad.newBuilder().setHost(host).setPages(n).build(), settings);
      hashed[FetchLists.hashed(lists).of(host)] += millis;
      balancer.add(host, millis);
      biggest = Math.max(biggest, millis);
      total += millis;
    }
    balancer.layout();
    double mean = total / (double) lists;
    return new Result(hosts, pagesTotal, lists, s, described, max(hashed) / mean, max(balancer.loads()) / mean,
        Math.max(1, biggest / mean));
  }

  private static long max(long[] a) {
    long m = 0;
    for (long x : a) {
      m = Math.max(m, x);
    }
    return m;
  }
}
