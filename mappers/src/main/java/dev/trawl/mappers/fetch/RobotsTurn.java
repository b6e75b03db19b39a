package dev.trawl.mappers.fetch;

import crawlercommons.robots.BaseRobotRules;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.mappers.queue.HostQueues;
import dev.trawl.mappers.robots.RobotsCache;
import dev.trawl.mappers.sitemap.SitemapLinks;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * robots.txt before any page of an origin, and the one place its rules meet the host's politeness:
 * Crawl-delay raises the host's delay; a Crawl-delay above the cap makes the origin's URLs
 * {@code robots_denied}, each record naming the Crawl-delay and the cap.
 * The rules apply in exactly the same way whether robots.txt was fetched this round or read back
 * from the robots store an earlier round wrote.
 */
final class RobotsTurn {
  private final TrawlSettings settings;
  private final RobotsCache robots;
  private final WarcOutput warc;
  private final ActivityLog log;
  private final FetchSink sink;
  private final CarryOver carry;
  private final SitemapLinks sitemaps;
  private final Map<String, Refusal> refused = new ConcurrentHashMap<>();

  /** What every URL of an origin that cannot be fetched at all is recorded as. */
  record Refusal(FetchStatus status, String error) {}

  /** @param sitemaps where the sitemaps a robots.txt names enter the crawl; null with sitemaps off */
  RobotsTurn(TrawlSettings settings, RobotsCache robots, WarcOutput warc, ActivityLog log, FetchSink sink, CarryOver carry,
             SitemapLinks sitemaps) {
    this.settings = settings;
    this.robots = robots;
    this.warc = warc;
    this.log = log;
    this.sink = sink;
    this.carry = carry;
    this.sitemaps = sitemaps;
  }

  /**
   * Why none of the origin's URLs can be fetched this round, or null: its address is refused by the
   * address guard (no request was ever made), or its TLS fails.
   */
  Refusal refusal(String origin) {
    return refused.get(origin);
  }

  /**
   * Fetches the robots.txt of {@code page}'s origin (one attempt: redirects followed, no retry) and
   * applies what it says to the host; returns the host's rest. The sitemaps it names are discovered
   * then, once per robots.txt fetch rather than every round: the crawl db remembers them.
   */
  Rest fetch(HostQueues.Host host, FrontierEntry page) {
    String url = page.getUrl();
    RobotsCache.Fetch f = robots.fetch(url, host.name());
    long ended = System.nanoTime();
    for (HttpFetcher.Response r : f.exchanges()) {
      try (r) {
        sink.count(RoundCounter.ROBOTS_FETCHES, 1);
        warc.write(r);
      } catch (IOException e) {
        throw new StorageFault("cannot write the WARC file", e);
      }
    }
    if (f.entry() != null) {
      sink.robots(f.entry());
    }
    String origin = RobotsCache.originOf(url);
    if (f.blocked()) {
      // The guard's own words: the address refused and the range that would allow it.
      refused.put(origin, new Refusal(FetchStatus.blocked_address, f.note()));
      log.event("ROBOTS", origin + " " + f.note());
      return Rest.NONE;
    }
    if (f.originError() != null) {
      refused.put(origin, new Refusal(FetchStatus.error, f.originError()));
      log.event("ROBOTS", origin + " " + f.note());
      return new Rest(ended, host.delayMillis());
    }
    if (f.deferred()) {
      sink.count(RoundCounter.HOSTS_DEFERRED_ROBOTS, 1);
      carry.host(host, "ROBOTS", f.note());
      return new Rest(ended, host.delayMillis());
    }
    host.firstSight(origin);
    apply(host, origin, f.rules(), f.note());
    if (sitemaps != null && refused.get(origin) == null) {
      sink.discovered(sitemaps.named(origin, f.rules().getSitemaps(), page));
    }
    return new Rest(ended, host.delayMillis());
  }

  /** Applies rules an earlier round stored, the first time the host meets them this round. */
  void applyRemembered(HostQueues.Host host, String origin, BaseRobotRules rules) {
    if (host.firstSight(origin)) {
      apply(host, origin, rules, "robots.txt from the robots store" + (rules.isAllowAll() ? ", allows all" : ""));
    }
  }

  private void apply(HostQueues.Host host, String origin, BaseRobotRules rules, String note) {
    long crawlDelay = rules.getCrawlDelay();
    if (crawlDelay > 0 && crawlDelay != BaseRobotRules.UNSET_CRAWL_DELAY) {
      if (crawlDelay > settings.maxCrawlDelayMillis()) {
        // The site asks for a slower pace than this crawl keeps: its URLs end here, each with a
        // record saying why, rather than carried round after round by a crawl that never ends.
        sink.count(RoundCounter.HOSTS_SKIPPED_CRAWL_DELAY, 1);
        String why = "robots.txt Crawl-delay " + crawlDelay / 1000.0 + "s is above the cap of "
            + settings.maxCrawlDelayMillis() / 1000.0 + "s (" + Setting.FETCH_MAX_CRAWL_DELAY.key() + ")";
        refused.put(origin, new Refusal(FetchStatus.robots_denied, why));
        log.event("ROBOTS", origin + " " + note + "; " + why + ", its URLs are not fetched");
        return;
      }
      host.delayMillis(Math.max(host.delayMillis(), crawlDelay));
    }
    log.event("ROBOTS", origin + " " + note + "; delay " + host.delayMillis() / 1000.0 + "s");
  }

}
