package dev.trawl.jobs.round;

import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Shows a running round: map and reduce progress, pages fetched, errors and throttling answers so
 * far, and the current rate. One updating line on a terminal; a plain line every ten seconds
 * otherwise (logs, EMR step output).
 */
final class RoundProgress {
  private static final long PLAIN_EVERY_MILLIS = 10_000;
  private static final long RATE_WINDOW_MILLIS = 5_000;

  private final Job job;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;

  RoundProgress(Job job, PrintStream out) {
    this.job = job;
    this.out = out;
  }

  /** The figures the line shows, read from the job's counters. */
  private record Tally(long requests, long pages, long errors, long throttled, long bytes) {
    static final Tally NONE = new Tally(0, 0, 0, 0, 0);

    static Tally of(Counters c) {
      long errors = 0;
      for (FetchStatus s : new FetchStatus[] {FetchStatus.http_error, FetchStatus.timeout, FetchStatus.error}) {
        errors += c.findCounter(RoundConf.STATUS_COUNTERS, s.name()).getValue();
      }
      return new Tally(c.findCounter(RoundCounter.REQUESTS).getValue(),
          c.findCounter(RoundConf.STATUS_COUNTERS, FetchStatus.fetched.name()).getValue(), errors,
          c.findCounter(RoundCounter.HTTP_429).getValue() + c.findCounter(RoundCounter.HTTP_503).getValue(),
          c.findCounter(RoundCounter.BYTES).getValue());
    }
  }

  /** Follows the job to its end, or kills it as soon as {@code abandon} says so. */
  void follow(java.util.function.BooleanSupplier abandon) throws IOException, InterruptedException {
    long start = System.currentTimeMillis();
    long lastPrint = start;
    long lastPages = 0;
    long lastTime = start;
    double rate = 0;
    while (!job.isComplete()) {
      Thread.sleep(250);
      if (abandon.getAsBoolean()) {
        job.killJob();
        break;
      }
      long now = System.currentTimeMillis();
      Tally t = tally();
      if (now - lastTime >= RATE_WINDOW_MILLIS) {
        rate = (t.pages() - lastPages) * 60_000.0 / (now - lastTime);
        lastPages = t.pages();
        lastTime = now;
      }
      if (terminal) {
        // Pad so a shorter line wipes the end of a longer one.
        out.print("\r" + running(t, rate, now - start) + "   ");
      } else if (now - lastPrint >= PLAIN_EVERY_MILLIS) {
        out.println(running(t, rate, now - start));
        lastPrint = now;
      }
    }
    // The last figures, whatever the last tick showed: what a log reader wants to see.
    long millis = System.currentTimeMillis() - start;
    Tally t = tally();
    out.println((terminal ? "\r" : "") + line(t, millis == 0 ? 0 : t.pages() * 60_000.0 / millis, millis));
  }

  /**
   * The line while the job runs. Fetch tasks report their counters with their heartbeats, and in
   * local mode the first arrive only seconds into fetching: until then "0 requests" would be untrue.
   */
  private String running(Tally t, double rate, long millis) {
    double map = progress(true);
    if (t.equals(Tally.NONE) && map < 100) {
      return String.format("  map %3.0f%% reduce %3.0f%%  fetching; the fetch tasks have not reported their counts yet  %ds",
          map, progress(false), millis / 1000);
    }
    return line(t, rate, millis);
  }

  private String line(Tally t, double rate, long millis) {
    return String.format("  map %3.0f%% reduce %3.0f%%  %d requests: %d pages, %d errors (%d answered 429/503)  %.0f pages/min  %.1f MB  %ds",
        progress(true), progress(false), t.requests(), t.pages(), t.errors(), t.throttled(), rate, t.bytes() / 1e6, millis / 1000);
  }

  private double progress(boolean map) {
    try {
      return (map ? job.mapProgress() : job.reduceProgress()) * 100;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private Tally tally() {
    try {
      Counters c = job.getCounters();
      return c == null ? Tally.NONE : Tally.of(c);
    } catch (IOException | RuntimeException e) {
      // Counters are not always available while the job starts or retires; the next tick has them.
      return Tally.NONE;
    }
  }
}
