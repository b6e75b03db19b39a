package dev.trawl.jobs.summaries;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The per-round table users read after a crawl, from the rounds' summaries. Its columns are named as
 * the manifest names outcomes (fetched, redirect, robots_denied); {@code failed} sums http_error,
 * timeout, error and blocked_address; {@code seeds} are the round's seed URLs and {@code discovered}
 * the URLs it saw first by following links and redirects; {@code lists} its fetch lists (fetch tasks).
 */
public final class RoundTable {
  private static final String FORMAT = "%5s %8s %8s %8s %13s %6s %6s %10s %13s %8s %5s  %s";

  private RoundTable() {}

  public static String header() {
    return String.format(FORMAT, "round", "requests", "fetched", "redirect", "robots_denied", "failed", "seeds", "discovered",
        "next_frontier", "seconds", "lists", "stopped_by");
  }

  /** One round's line of the table; also what {@code trawl status --json} gives per round. */
  public record Row(int round, long requests, long fetched, long redirect, long robotsDenied, long failed, long seeds,
                    long discovered, long nextFrontier, double seconds, int lists, String stoppedBy) {
    /**
     * @param previous the summary of the round before, whose next frontier this round read beside its
     *     seeds; null for round 1 (or when it cannot be read: then every new URL counts as discovered)
     */
    public static Row of(RoundSummary summary, RoundSummary previous) {
      long failed = summary.status(FetchStatus.http_error) + summary.status(FetchStatus.timeout)
          + summary.status(FetchStatus.error) + summary.status(FetchStatus.blocked_address);
      long seeds = 0;
      if (summary.round() == 1 || previous != null) {
        long entries = summary.fetchListSizes().values().stream().mapToLong(Long::longValue).sum();
        long frontier = previous == null ? 0 : previous.counter(RoundCounter.FRONTIER_NEXT);
        seeds = Math.max(0, entries - frontier);
      }
      return new Row(summary.round(), summary.counter(RoundCounter.REQUESTS), summary.status(FetchStatus.fetched),
          summary.status(FetchStatus.redirect), summary.status(FetchStatus.robots_denied), failed, seeds,
          Math.max(0, summary.counter(RoundCounter.URLS_NEW) - seeds), summary.counter(RoundCounter.FRONTIER_NEXT),
          summary.seconds(), summary.fetchListCount(),
          // Rounds from before trawl recorded why a round stopped: not known.
          summary.stoppedBy() == null ? "-" : summary.stoppedBy().code());
    }
  }

  public static String row(RoundSummary summary, RoundSummary previous) {
    Row r = Row.of(summary, previous);
    return String.format(FORMAT, r.round(), r.requests(), r.fetched(), r.redirect(), r.robotsDenied(), r.failed(), r.seeds(),
        r.discovered(), r.nextFrontier(), String.format("%.1f", r.seconds()), r.lists(), r.stoppedBy());
  }

  /** The heading of the lines {@link #lists} gives. */
  public static final String LISTS_HEADING = "fetch lists (one fetch task each; the count may change at any round):";

  /** How a round was split and why, and how far apart its fetch tasks started (time the late ones lost). */
  public static String lists(RoundSummary summary) {
    int lists = summary.fetchListCount();
    String why = summary.fetchListsWhy() == null ? "fixed when the crawl was created" : summary.fetchListsWhy();
    String skew = summary.fetchStartSkewSeconds() != null
        ? String.format("; first to last started %.1f s apart", summary.fetchStartSkewSeconds()) : "";
    return String.format("  round %d: %d fetch list%s, %s%s", summary.round(), lists, lists == 1 ? "" : "s", why, skew);
  }

  /** The heading of the lines {@link #stop} gives. */
  public static final String STOPS_HEADING = "why each round stopped:";

  /** Why the round's fetching ended, in words; null for a round from before trawl recorded it. */
  public static String stop(RoundSummary summary) {
    RoundSummary.Stop stop = summary.stoppedBy();
    return stop == null ? null : String.format("  round %d: %s (%s)", summary.round(), stop.words(), stop.code());
  }

  /** The summary of the round before {@code round}, or null if there is none. */
  public static RoundSummary previous(CrawlRoot root, int round) throws IOException {
    return round > 1 && root.fs().exists(root.summary(round - 1)) ? root.readSummary(round - 1) : null;
  }

  /** Prints every finished round of the crawl. */
  public static void print(CrawlRoot root, PrintStream out) throws IOException {
    out.println(header());
    RoundSummary previous = null;
    for (int r : root.finishedRounds()) {
      RoundSummary summary = root.readSummary(r);
      out.println(row(summary, previous != null && previous.round() == r - 1 ? previous : null));
      previous = summary;
    }
  }
}
