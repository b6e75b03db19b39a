package dev.trawl.jobs.report;

import dev.trawl.round.RoundSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the time paid for went: while a fetch task ran (from the first task's start to the last
 * one's end, round by round), and while none did: job start and containers, the reducers and the
 * commit, and the gaps between consecutive rounds (an EMR step starting, a loop's pause), when the
 * machines were held all the same.
 *
 * @param roundSeconds the rounds' wall time, driver start to commit
 * @param fetchSeconds the part of it with at least one fetch task running
 * @param gapSeconds between one round's commit and the next round's start
 */
public record PaidTime(double roundSeconds, double fetchSeconds, double gapSeconds) {

  public static PaidTime of(List<RoundSummary> rounds) {
    double total = 0;
    double fetch = 0;
    double gaps = 0;
    RoundSummary before = null;
    for (RoundSummary r : rounds) {
      total += r.seconds();
      fetch += fetchWindow(r);
      if (before != null && before.round() == r.round() - 1 && before.finished() != null && r.started() != null) {
        gaps += Math.max(0, Duration.between(Instant.parse(before.finished()), Instant.parse(r.started())).toMillis() / 1000.0);
      }
      before = r;
    }
    return new PaidTime(total, fetch, gaps);
  }

  /** Seconds from the first fetch task's start to the last one's end; the round's whole time if the tasks were not recorded. */
  static double fetchWindow(RoundSummary r) {
    if (r.tasks().isEmpty()) {
      return r.seconds();
    }
    double first = r.tasks().stream().mapToDouble(RoundSummary.Task::startedAfterSeconds).min().orElse(0);
    double last = r.tasks().stream().mapToDouble(t -> t.startedAfterSeconds() + t.seconds()).max().orElse(0);
    return Math.min(r.seconds(), Math.max(0, last - first));
  }

  /** Everything the machines were held: the rounds and the gaps between them. */
  public double paidSeconds() {
    return roundSeconds + gapSeconds;
  }

  /** Held with no fetch task running. */
  public double idleSeconds() {
    return paidSeconds() - fetchSeconds;
  }
}
