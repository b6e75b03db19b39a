package dev.trawl.jobs.round;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.BlockedUrls;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;

/**
 * Whether a crawl has nothing left to do after its last finished round: the frontier holds nothing
 * within the depth bound, no seeds are pending, no blocked URLs wait for a range now allowed, and no
 * re-fetch is due. The crawl loop stops there, and a round step submitted beyond it (emr submit
 * queues rounds 1..N up front) does nothing.
 */
public final class CrawlEnd {
  private CrawlEnd() {}

  /**
   * @param now the settings in force; a depth other than the one round {@code last} ran with (going
   *     deeper) means the recorded in-depth count no longer tells
   * @param scheduleNow the time re-fetching is judged at ({@code RoundConf.scheduleNow})
   */
  public static boolean reached(CrawlRoot root, int last, TrawlSettings now, long scheduleNow) throws IOException {
    if (last == 0) {
      return false;
    }
    RoundSummary summary = root.readSummary(last);
    Integer recorded = summary.bounds().depth();
    boolean sameDepth = recorded != null ? now.depth().isPresent() && now.depth().getAsInt() == recorded
        : now.depth().isEmpty();
    if (!sameDepth) {
      return false;
    }
    if (BlockedUrls.requeueDue(root.summariesBefore(last + 1), String.join(",", now.allowPrivate()))) {
      return false;
    }
    return summary.counter(RoundCounter.FRONTIER_NEXT_IN_DEPTH) == 0
        && root.pendingSeedBatches(-1).isEmpty()
        && !refetchDue(summary, now.refetch(), scheduleNow);
  }

  /**
   * With refetching on, an empty frontier is not the end for good. Each round's reducers put every
   * page due at the round's start into the next frontier, so after a round nothing is due until time
   * passes; the crawl looks again once {@code trawl.refetch.min-interval}, the shortest interval any
   * page can have, has passed since the last round's reference time.
   */
  private static boolean refetchDue(RoundSummary lastSummary, TrawlSettings.Refetch refetch, long now) {
    if (!refetch.on()) {
      return false;
    }
    Long asOf = lastSummary.refetchAsOf();
    // A round from before refetching was on has looked at nothing: look now.
    return asOf == null || now - asOf >= refetch.minInterval().toMillis();
  }
}
