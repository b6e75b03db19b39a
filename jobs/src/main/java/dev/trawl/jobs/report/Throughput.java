package dev.trawl.jobs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests per minute over the whole crawl, from the manifest's fetch times: one point for every
 * minute from the crawl's first request to its last, idle minutes between rounds included as zeros,
 * so a gap or a slow decline shows as what it is.
 */
final class Throughput {
  static final long MINUTE = 60_000;

  /** One minute (starting at {@code start}, UTC millis): pages, failed requests, 429/503 answers. */
  record Minute(long start, long pages, long errors, long throttled) {}

  private final List<Minute> minutes;

  private Throughput(List<Minute> minutes) {
    this.minutes = minutes;
  }

  static Throughput of(List<RoundActivity> rounds) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (RoundActivity r : rounds) {
      for (RoundActivity.Request q : r.requests()) {
        first = Math.min(first, q.time());
        last = Math.max(last, q.time());
      }
    }
    if (first == Long.MAX_VALUE) {
      return new Throughput(List.of());
    }
    long start = Math.floorDiv(first, MINUTE) * MINUTE;
    int n = (int) (Math.floorDiv(last, MINUTE) - start / MINUTE) + 1;
    long[] pages = new long[n];
    long[] errors = new long[n];
    long[] throttled = new long[n];
    for (RoundActivity r : rounds) {
      for (RoundActivity.Request q : r.requests()) {
        int i = (int) ((q.time() - start) / MINUTE);
        if (q.outcome() == RoundActivity.Outcome.PAGE) {
          pages[i]++;
        }
        if (q.outcome().failed()) {
          errors[i]++;
        }
        if (q.throttled()) {
          throttled[i]++;
        }
      }
    }
    List<Minute> minutes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      minutes.add(new Minute(start + i * MINUTE, pages[i], errors[i], throttled[i]));
    }
    return new Throughput(minutes);
  }

  List<Minute> minutes() {
    return minutes;
  }

  long[] pages() {
    return minutes.stream().mapToLong(Minute::pages).toArray();
  }

  long[] errors() {
    return minutes.stream().mapToLong(Minute::errors).toArray();
  }

  long[] throttled() {
    return minutes.stream().mapToLong(Minute::throttled).toArray();
  }
}
