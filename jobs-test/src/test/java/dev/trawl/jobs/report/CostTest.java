package dev.trawl.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.RoundSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cost split into time with fetch tasks running and time held with none, on rounds of known durations. */
class CostTest {

  /** A round of {@code seconds} from {@code started}, whose two fetch tasks ran from {@code from} to {@code to} seconds in. */
  private static RoundSummary round(int n, String started, String finished, double seconds, double from, double to) {
    return new RoundSummary(n, started, finished, seconds, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, List.of(task(from, to - from), task(from + 1, to - from - 1)), null, null, null);
  }

  private static RoundSummary.Task task(double startedAfter, double seconds) {
    return new RoundSummary.Task("fetch-00000", startedAfter, seconds, 1, 1, 0, 0, 0, 0, null, null, null, null, null, null);
  }

  @Test
  void theIdleShareIsJobStartReducersCommitAndTheGapsBetweenRounds() {
    // Round 1: 100 s, fetching from 10 s to 70 s in; then a 20 s gap; round 2: 50 s, fetching from 5 s to 35 s in.
    List<RoundSummary> rounds = List.of(
        round(1, "2026-12-01T10:00:00Z", "2026-12-01T10:01:40Z", 100, 10, 70),
        round(2, "2026-12-01T10:02:00Z", "2026-12-01T10:02:50Z", 50, 5, 35));
    PaidTime time = PaidTime.of(rounds);
    assertEquals(150, time.roundSeconds(), 1e-9);
    assertEquals(20, time.gapSeconds(), 1e-9);
    assertEquals(60 + 30, time.fetchSeconds(), 1e-9);
    assertEquals(170, time.paidSeconds(), 1e-9);
    assertEquals(80, time.idleSeconds(), 1e-9);

    // $3.60 an instance-hour x 2 instances: $0.002 a second.
    Cost cost = new Cost(3.6, 2);
    String line = cost.split(time, 1000);
    assertTrue(line.contains("$0.3400 paid over 170.0 s (150.0 s of rounds, 20.0 s between them)"), line);
    assertTrue(line.contains("$0.1800 (53%) while fetch tasks ran, $0.1600 (47%) while none did"), line);
    assertTrue(line.contains("per 1,000 pages $0.3400 as paid, $0.1800 without the idle share"), line);
  }

  @Test
  void roundsThatAreNotConsecutiveHaveNoGapCounted() {
    List<RoundSummary> rounds = List.of(
        round(1, "2026-12-01T10:00:00Z", "2026-12-01T10:01:40Z", 100, 10, 70),
        round(3, "2026-12-02T10:00:00Z", "2026-12-02T10:00:50Z", 50, 5, 35));
    assertEquals(0, PaidTime.of(rounds).gapSeconds(), 1e-9, "round 2's summary is missing: its time is not known");
  }
}
