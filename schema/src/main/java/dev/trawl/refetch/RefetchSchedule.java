package dev.trawl.refetch;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.UrlState;
import dev.trawl.settings.TrawlSettings;

/**
 * When a known page is fetched again: Nutch's adaptive schedule. A page starts at
 * {@code trawl.refetch.after}; each refetch that finds it unchanged stretches its interval by 1.4, each
 * that finds it changed shrinks it by 0.8, always within the minimum and maximum interval, so pages
 * that never change cost ever fewer requests and pages that do are seen soon after they do. A page
 * on its way to gone is checked again at the minimum, a gone page at the maximum.
 */
public final class RefetchSchedule {
  static final double UNCHANGED_FACTOR = 1.4;
  static final double CHANGED_FACTOR = 0.8;

  private final TrawlSettings.Refetch settings;

  public RefetchSchedule(TrawlSettings.Refetch settings) {
    this.settings = settings;
  }

  public boolean on() {
    return settings.on();
  }

  /**
   * The interval after a fetch that found {@code change} (null: another outcome, an error say), from
   * the page's interval so far (null: never scheduled). Null when refetching is off.
   */
  public Long interval(Long previous, Change change, UrlState state) {
    if (!settings.on()) {
      return previous;
    }
    long base = previous != null ? previous : settings.after().toMillis();
    double next;
    if (state == UrlState.gone) {
      next = settings.maxInterval().toMillis();
    } else if (change == null) {
      next = base;
    } else {
      next = switch (change) {
        case NEW -> settings.after().toMillis();
        case UNCHANGED -> base * UNCHANGED_FACTOR;
        case CHANGED -> base * CHANGED_FACTOR;
        // Not gone yet: confirm soon rather than leave a dead page for a whole interval.
        case GONE -> settings.minInterval().toMillis();
      };
    }
    return Math.max(settings.minInterval().toMillis(), Math.min(settings.maxInterval().toMillis(), Math.round(next)));
  }

  /**
   * Whether a known URL is due for a refetch at {@code asOf}: it has a page (or had one, for a URL
   * answering 404 on its way to gone) and its next fetch time has come. Entries written before the
   * schedule existed have no next fetch time: their last fetch plus {@code trawl.refetch.after}.
   */
  public boolean due(CrawlDbEntry e, long asOf) {
    if (!settings.on() || e.getLastFetchTime() == null || !refetchable(e)) {
      return false;
    }
    long next = e.getNextFetchTime() != null ? e.getNextFetchTime() : e.getLastFetchTime() + settings.after().toMillis();
    return next <= asOf;
  }

  /**
   * Pages, and the URLs that were pages (a refetch that answered 404, was denied by robots.txt or
   * failed keeps its last capture and is tried again on schedule): not redirects, or URLs that never
   * gave a page.
   */
  static boolean refetchable(CrawlDbEntry e) {
    return switch (e.getState()) {
      case fetched, not_modified, gone -> true;
      case http_error, robots_denied, blocked_address, failed -> e.getLastCapture() != null;
      default -> false;
    };
  }
}
