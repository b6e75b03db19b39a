package dev.trawl.jobs.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import java.io.IOException;
import java.io.PrintStream;

/** The per-round table users read after a crawl, from the rounds' summaries. */
public final class RoundTable {
  private static final String FORMAT = "%5s %8s %8s %9s %7s %7s %8s %9s %8s";

  private RoundTable() {}

  public static String header() {
    return String.format(FORMAT, "round", "requests", "fetched", "redirects", "denied", "failed", "new URLs", "next", "seconds");
  }

  /** One round's line of the table; also what {@code trawl status --json} gives per round. */
  public record Row(int round, long requests, long fetched, long redirects, long denied, long failed, long newUrls,
                    long nextFrontier, double seconds) {
    public static Row of(JsonNode summary) {
      JsonNode c = summary.path("counters");
      JsonNode s = summary.path("status");
      long failed = s.path(FetchStatus.http_error.name()).asLong() + s.path(FetchStatus.timeout.name()).asLong()
          + s.path(FetchStatus.error.name()).asLong() + s.path(FetchStatus.blocked_address.name()).asLong();
      return new Row(summary.path("round").asInt(), c.path(RoundCounter.REQUESTS.name()).asLong(),
          s.path(FetchStatus.fetched.name()).asLong(), s.path(FetchStatus.redirect.name()).asLong(),
          s.path(FetchStatus.robots_denied.name()).asLong(), failed, c.path(RoundCounter.URLS_NEW.name()).asLong(),
          c.path(RoundCounter.FRONTIER_NEXT.name()).asLong(), summary.path("seconds").asDouble());
    }
  }

  public static String row(JsonNode summary) {
    Row r = Row.of(summary);
    return String.format(FORMAT, r.round(), r.requests(), r.fetched(), r.redirects(), r.denied(), r.failed(), r.newUrls(),
        r.nextFrontier(), String.format("%.1f", r.seconds()));
  }

  /** Prints every finished round of the crawl. */
  public static void print(CrawlRoot root, PrintStream out) throws IOException {
    out.println(header());
    for (int r : root.finishedRounds()) {
      out.println(row(root.readSummary(r)));
    }
  }
}
