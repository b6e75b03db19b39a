package dev.trawl.jobs.status;

import java.util.EnumMap;
import java.util.Map;

/** URLs of one host (or of the whole crawl) known to the latest crawl db, by {@link UrlClass}. */
public final class HostCounts {
  private final String host;
  private long urls;
  private final Map<UrlClass, Long> byClass = new EnumMap<>(UrlClass.class);

  HostCounts(String host) {
    this.host = host;
    for (UrlClass c : UrlClass.values()) {
      byClass.put(c, 0L);
    }
  }

  public String host() {
    return host;
  }

  /** URLs the latest crawl db knows for the host. */
  public long urls() {
    return urls;
  }

  public long count(UrlClass c) {
    return byClass.get(c);
  }

  void addUrl(UrlClass c) {
    urls++;
    if (c != null) {
      byClass.merge(c, 1L, Long::sum);
    }
  }

  void addPending() {
    byClass.merge(UrlClass.pending, 1L, Long::sum);
  }

  void addAll(HostCounts other) {
    urls += other.urls;
    other.byClass.forEach((c, n) -> byClass.merge(c, n, Long::sum));
  }
}
