package dev.trawl.mappers.sitemap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sitemap fetches per host per round (trawl.sitemaps.max-per-host): a site with hundreds of
 * sitemaps must not spend its whole round on lists before any page of it is fetched.
 */
public final class SitemapQuota {
  private final int perHost;
  private final Map<String, Integer> taken = new ConcurrentHashMap<>();

  public SitemapQuota(int perHost) {
    this.perHost = perHost;
  }

  /** True, counting it, if {@code host} may have one more sitemap fetch this round; false: carry it over. */
  public boolean take(String host) {
    boolean[] granted = {false};
    taken.compute(host, (h, n) -> {
      int used = n == null ? 0 : n;
      granted[0] = used < perHost;
      return granted[0] ? used + 1 : used;
    });
    return granted[0];
  }
}
