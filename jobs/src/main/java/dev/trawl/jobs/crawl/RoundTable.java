package dev.trawl.jobs.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.jobs.round.RoundStop;
import dev.trawl.round.RoundCounter;
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
    public static Row of(JsonNode summary, JsonNode previous) {
      JsonNode c = summary.path("counters");
      JsonNode s = summary.path("status");
      long failed = s.path(FetchStatus.http_error.name()).asLong() + s.path(FetchStatus.timeout.name()).asLong()
          + s.path(FetchStatus.error.name()).asLong() + s.path(FetchStatus.blocked_address.name()).asLong();
      int round = summary.path("round").asInt();
      long seeds = 0;
      if (round == 1 || previous != null) {
        long entries = 0;
        for (JsonNode n : summary.path("fetch_list_sizes")) {
          entries += n.asLong();
        }
        long frontier = previous == null ? 0 : previous.path("counters").path(RoundCounter.FRONTIER_NEXT.name()).asLong();
        seeds = Math.max(0, entries - frontier);
      }
      long newUrls = c.path(RoundCounter.URLS_NEW.name()).asLong();
      return new Row(round, c.path(RoundCounter.REQUESTS.name()).asLong(),
          s.path(FetchStatus.fetched.name()).asLong(), s.path(FetchStatus.redirect.name()).asLong(),
          s.path(FetchStatus.robots_denied.name()).asLong(), failed, seeds, Math.max(0, newUrls - seeds),
          c.path(RoundCounter.FRONTIER_NEXT.name()).asLong(), summary.path("seconds").asDouble(),
          // Rounds from before the count was recorded: one list per fetch list size entry.
          summary.path("fetch_lists").asInt(summary.path("fetch_list_sizes").size()),
          // Rounds from before trawl recorded why a round stopped: not known.
          RoundStop.of(summary) == null ? "-" : RoundStop.of(summary).code());
    }
  }

  public static String row(JsonNode summary, JsonNode previous) {
    Row r = Row.of(summary, previous);
    return String.format(FORMAT, r.round(), r.requests(), r.fetched(), r.redirect(), r.robotsDenied(), r.failed(), r.seeds(),
        r.discovered(), r.nextFrontier(), String.format("%.1f", r.seconds()), r.lists(), r.stoppedBy());
  }

  /** The heading of the lines {@link #lists} gives. */
  public static final String LISTS_HEADING = "fetch lists (one fetch task each; the count may change at any round):";

  /** How a round was split and why, and how far apart its fetch tasks started (time the late ones lost). */
  public static String lists(JsonNode summary) {
    int lists = Row.of(summary, null).lists();
    String why = summary.path("fetch_lists_why").asText("fixed when the crawl was created");
    String skew = summary.has("fetch_start_skew_seconds")
        ? String.format("; first to last started %.1f s apart", summary.path("fetch_start_skew_seconds").asDouble()) : "";
    return String.format("  round %d: %d fetch list%s, %s%s", summary.path("round").asInt(), lists, lists == 1 ? "" : "s", why, skew);
  }

  /** The heading of the lines {@link #stop} gives. */
  public static final String STOPS_HEADING = "why each round stopped:";

  /** Why the round's fetching ended, in words; null for a round from before trawl recorded it. */
  public static String stop(JsonNode summary) {
    RoundStop stop = RoundStop.of(summary);
    return stop == null ? null : String.format("  round %d: %s (%s)", summary.path("round").asInt(), stop.words(), stop.code());
  }

  /** The summary of the round before {@code round}, or null if there is none. */
  public static JsonNode previous(CrawlRoot root, int round) throws IOException {
    return round > 1 && root.fs().exists(root.summary(round - 1)) ? root.readSummary(round - 1) : null;
  }

  /** Prints every finished round of the crawl. */
  public static void print(CrawlRoot root, PrintStream out) throws IOException {
    out.println(header());
    JsonNode previous = null;
    for (int r : root.finishedRounds()) {
      JsonNode summary = root.readSummary(r);
      out.println(row(summary, previous != null && previous.path("round").asInt() == r - 1 ? previous : null));
      previous = summary;
    }
  }
}
