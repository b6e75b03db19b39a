package dev.trawl.jobs.round;

import dev.trawl.round.RoundCounter;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.mapreduce.Job;

/**
 * Shows a running round: map and reduce progress, pages fetched and the current rate. One updating
 * line on a terminal; a plain line every ten seconds otherwise (logs, EMR step output).
 */
final class RoundProgress {
  private static final long PLAIN_EVERY_MILLIS = 10_000;

  private final Job job;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;

  RoundProgress(Job job, PrintStream out) {
    this.job = job;
    this.out = out;
  }

  void follow() throws IOException, InterruptedException {
    long start = System.currentTimeMillis();
    long lastPrint = 0;
    long lastPages = 0;
    long lastTime = start;
    double rate = 0;
    while (!job.isComplete()) {
      Thread.sleep(250);
      long now = System.currentTimeMillis();
      long pages = requests();
      if (now - lastTime >= 5_000) {
        rate = (pages - lastPages) * 60_000.0 / (now - lastTime);
        lastPages = pages;
        lastTime = now;
      }
      String line = String.format("  map %3.0f%% reduce %3.0f%%  %d pages fetched  %.0f pages/min  %ds",
          job.mapProgress() * 100, job.reduceProgress() * 100, pages, rate, (now - start) / 1000);
      if (terminal) {
        out.print("\r" + line);
      } else if (now - lastPrint >= PLAIN_EVERY_MILLIS) {
        out.println(line);
        lastPrint = now;
      }
    }
    if (terminal) {
      out.println();
    }
  }

  private long requests() {
    try {
      return job.getCounters().findCounter(RoundCounter.REQUESTS).getValue();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
