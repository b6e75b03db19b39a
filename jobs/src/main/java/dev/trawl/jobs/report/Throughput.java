package dev.trawl.jobs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests over the whole crawl in equal bins, from the manifest's fetch times: one bin for every
 * interval from the crawl's first request to its last, idle ones between rounds included as zeros,
 * so a gap or a slow decline shows as what it is. The bin is scaled to the crawl: the shortest of
 * 1 s, 2 s, 5 s, ... 1 h, ... 1 day that draws the crawl in at most {@link #MAX_BINS} bins (seconds
 * for a one-minute crawl, minutes for hours, hours for days).
 */
final class Throughput {
  /** Bins at most: the width of a sparkline, one character each. */
  static final int MAX_BINS = 72;
  /** The bin sizes in milliseconds, each one a reader counts in (no 7-second bins). */
  static final long[] BINS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
      1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000};

  /** One bin (starting at {@code start}, UTC millis): pages, failed requests, 429/503 answers. */
  record Bin(long start, long pages, long errors, long throttled) {}

  /** A round's first request, to mark on the chart and under the sparklines. */
  record RoundStart(int round, long time) {}

  private final long binMillis;
  private final List<Bin> bins;
  private final List<RoundStart> roundStarts;

  private Throughput(long binMillis, List<Bin> bins, List<RoundStart> roundStarts) {
    this.binMillis = binMillis;
    this.bins = bins;
    this.roundStarts = roundStarts;
  }

  /** The shortest bin that draws {@code spanMillis} in at most {@link #MAX_BINS} bins, wherever the span starts. */
  static long binFor(long spanMillis) {
    for (long b : BINS) {
      // +1: a span that starts late in one bin and ends early in another touches one bin more.
      if (spanMillis / b + 1 <= MAX_BINS) {
        return b;
      }
    }
    return BINS[BINS.length - 1];
  }

  static Throughput of(List<RoundActivity> rounds) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    List<RoundStart> starts = new ArrayList<>();
    for (RoundActivity r : rounds) {
      for (RoundActivity.Request q : r.requests()) {
        first = Math.min(first, q.time());
        last = Math.max(last, q.time());
      }
      if (!r.requests().isEmpty()) {
        starts.add(new RoundStart(r.round(), r.firstStart()));
      }
    }
    if (first == Long.MAX_VALUE) {
      return new Throughput(BINS[0], List.of(), List.of());
    }
    long bin = binFor(last - first);
    long start = Math.floorDiv(first, bin) * bin;
    int n = (int) (Math.floorDiv(last, bin) - start / bin) + 1;
    long[] pages = new long[n];
    long[] errors = new long[n];
    long[] throttled = new long[n];
    for (RoundActivity r : rounds) {
      for (RoundActivity.Request q : r.requests()) {
        int i = (int) ((q.time() - start) / bin);
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
    List<Bin> bins = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      bins.add(new Bin(start + i * bin, pages[i], errors[i], throttled[i]));
    }
    return new Throughput(bin, bins, starts);
  }

  long binMillis() {
    return binMillis;
  }

  /** The bin in words: "second", "5 seconds", "minute", "2 hours". */
  String binName() {
    return name(binMillis);
  }

  /** The bin as a length: "1 second", "5 seconds", "1 minute", "2 hours". */
  static String length(long millis) {
    String n = name(millis);
    return Character.isDigit(n.charAt(0)) ? n : "1 " + n;
  }

  static String name(long millis) {
    long s = millis / 1000;
    if (s % 86_400 == 0) {
      return s == 86_400 ? "day" : s / 86_400 + " days";
    }
    if (s % 3600 == 0) {
      return s == 3600 ? "hour" : s / 3600 + " hours";
    }
    if (s % 60 == 0) {
      return s == 60 ? "minute" : s / 60 + " minutes";
    }
    return s == 1 ? "second" : s + " seconds";
  }

  /** The rate's unit as a column or series suffix: "/s", "/min", "/5 min", "/h", "/2 h". */
  String unit() {
    long s = binMillis / 1000;
    if (s % 3600 == 0) {
      return s == 3600 ? "/h" : "/" + s / 3600 + " h";
    }
    if (s % 60 == 0) {
      return s == 60 ? "/min" : "/" + s / 60 + " min";
    }
    return s == 1 ? "/s" : "/" + s + " s";
  }

  List<Bin> bins() {
    return bins;
  }

  List<RoundStart> roundStarts() {
    return roundStarts;
  }

  /** The index of the bin holding {@code time}. */
  int binOf(long time) {
    return bins.isEmpty() ? 0 : (int) ((time - bins.get(0).start()) / binMillis);
  }

  long[] pages() {
    return bins.stream().mapToLong(Bin::pages).toArray();
  }

  long[] errors() {
    return bins.stream().mapToLong(Bin::errors).toArray();
  }

  long[] throttled() {
    return bins.stream().mapToLong(Bin::throttled).toArray();
  }
}
