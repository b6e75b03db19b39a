package dev.trawl.jobs.crawl;

import dev.trawl.round.RoundSummary;
import dev.trawl.settings.TrawlSettings;

/**
 * When a crawl with refetching on, whose frontier ran empty, runs a round again to look for pages
 * that became due. Each round's reducers put every page due at the round's start into the next
 * frontier, so after a round there is nothing due until time passes; a crawl looks again once
 * {@code trawl.refetch.min-interval}, the shortest interval any page can have, has passed since the
 * last round's reference time.
 */
public final class RefetchCheck {
  private RefetchCheck() {}

  static boolean due(RoundSummary lastSummary, TrawlSettings.Refetch refetch, long now) {
    if (!refetch.on()) {
      return false;
    }
    Long asOf = lastSummary.refetchAsOf();
    // A round from before refetching was on has looked at nothing: look now.
    return asOf == null || now - asOf >= refetch.minInterval().toMillis();
  }
}
