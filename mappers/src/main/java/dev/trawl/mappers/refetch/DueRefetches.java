package dev.trawl.mappers.refetch;

import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.LastCapture;
import dev.trawl.schema.UrlState;

/**
 * Picks, from the previous crawl db as it streams into the round, the known URLs due for a refetch,
 * as next-frontier entries carrying their last capture (for the conditional request and the revisit
 * record). A URL is checked against the crawl's scope as it is now: one that a changed scope or
 * pattern has left out is not refetched, and counted. When the crawl's allowed private ranges
 * changed, the URLs the address guard refused (blocked_address) are due too: the guard judges them
 * again with the new ranges, and without this no round would ever look at them again.
 */
public final class DueRefetches {
  private final RefetchSchedule schedule;
  private final ScopeFilter scope;
  private final long asOf;
  private final boolean requeueBlocked;

  public DueRefetches(RefetchSchedule schedule, ScopeFilter scope, long asOf) {
    this(schedule, scope, asOf, false);
  }

  /** @param requeueBlocked blocked_address URLs are due (trawl.fetch.allow-private changed since the last round) */
  public DueRefetches(RefetchSchedule schedule, ScopeFilter scope, long asOf, boolean requeueBlocked) {
    this.schedule = schedule;
    this.scope = scope;
    this.asOf = asOf;
    this.requeueBlocked = requeueBlocked;
  }

  /** The entry to refetch {@code known} with, or null if it is not due; {@code counted} hears why not, if out of scope. */
  public FrontierEntry of(CrawlDbEntry known, java.util.function.Consumer<RoundCounter> counted) {
    boolean blocked = requeueBlocked && known.getState() == UrlState.blocked_address;
    if (!blocked && !schedule.due(known, asOf) && !listedAsChanged(known)) {
      return null;
    }
    ScopeFilter.Verdict v = scope.check(known.getUrl());
    if (!v.followed()) {
      counted.accept(RoundCounter.REFETCH_OUT_OF_SCOPE);
      return null;
    }
    if (blocked) {
      counted.accept(RoundCounter.BLOCKED_REQUEUED);
    }
    // Refetched URLs keep the depth they were found at: a refetch is not a step further from the seeds.
    return FrontierEntry.newBuilder().setUrl(known.getUrl()).setHost(known.getHost()).setDepth(known.getDepth())
        .setRetries(0).setSource(known.getSource()).setRedirects(known.getRedirects()).setPrevious(blocked ? known.getLastCapture() : capture(known))
        .setFoundBy(known.getFoundBy()).setSitemapLastmod(known.getSitemapLastmod()).setSitemapLevel(known.getSitemapLevel())
        .build();
  }

  /**
   * True if a sitemap has since dated the page later than its last fetch: the site says it changed,
   * so it is due now, whatever its interval (with refetching on; the page is fetched at most once a round).
   */
  private boolean listedAsChanged(CrawlDbEntry known) {
    return schedule.on() && known.getSitemapLastmod() != null && known.getLastFetchTime() != null
        && known.getSitemapLastmod() > known.getLastFetchTime() && known.getSitemapLastmod() <= asOf;
  }

  /**
   * The last capture; for a crawl db written before trawl kept one, what the entry itself knows of its
   * last fetch (digest, Last-Modified), so even those refetches can be conditional.
   */
  static LastCapture capture(CrawlDbEntry known) {
    if (known.getLastCapture() != null) {
      return known.getLastCapture();
    }
    return LastCapture.newBuilder().setFetchTime(known.getLastFetchTime())
        .setRound(known.getLastFetchRound() == null ? 0 : known.getLastFetchRound())
        .setDigest(known.getDigest()).setLastModified(known.getLastModified()).build();
  }
}
