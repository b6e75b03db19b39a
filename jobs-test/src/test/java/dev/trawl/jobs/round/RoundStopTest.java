package dev.trawl.jobs.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.TrawlSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** Why a round stopped, read off its counters: what cut it first wins, and the words give the numbers. */
class RoundStopTest {
  private static final Instant END = Instant.parse("2026-12-01T12:00:00Z");

  private static TrawlSettings settings(String... pairs) {
    Configuration conf = new Configuration(false);
    for (int i = 0; i < pairs.length; i += 2) {
      conf.set(pairs[i], pairs[i + 1]);
    }
    return TrawlSettings.from(conf);
  }

  private static Map<String, Long> counters(Object... namesAndValues) {
    Map<String, Long> m = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(((RoundCounter) namesAndValues[i]).name(), ((Number) namesAndValues[i + 1]).longValue());
    }
    return m;
  }

  @Test
  void eachBoundThatCutARoundIsNamed() {
    RoundSummary.Stop time = RoundStop.of(counters(RoundCounter.TIME_LIMIT_CARRIED, 12, RoundCounter.NOT_SELECTED, 3,
        RoundCounter.FRONTIER_NEXT_IN_DEPTH, 20, RoundCounter.FRONTIER_NEXT, 20), settings("trawl.round.time-limit", "90s"), 5, END);
    assertEquals("time_limit", time.code(), "the time limit cut it before the page bound mattered");
    assertTrue(time.words().contains("90 s") && time.words().contains("12 URLs carried over"), time.words());

    assertEquals("max_pages", RoundStop.of(counters(RoundCounter.NOT_SELECTED, 4, RoundCounter.FRONTIER_NEXT_IN_DEPTH, 4),
        settings("trawl.bounds.max-pages", "10"), 10, END).code());
    RoundSummary.Stop perRound = RoundStop.of(counters(RoundCounter.NOT_SELECTED, 4, RoundCounter.FRONTIER_NEXT_IN_DEPTH, 9),
        settings("trawl.bounds.max-pages-per-round", "5", "trawl.bounds.max-pages", "100"), 5, END);
    assertEquals("max_pages_per_round", perRound.code());
    assertTrue(perRound.words().contains("(5)") && perRound.words().contains("4 URLs carried over"), perRound.words());

    assertEquals("deadline", RoundStop.of(counters(RoundCounter.FRONTIER_NEXT_IN_DEPTH, 3, RoundCounter.FRONTIER_NEXT, 3),
        settings("trawl.bounds.deadline", "2026-12-01T11:59:00Z"), 5, END).code());
  }

  @Test
  void aRoundThatRanOutSaysWhetherTheDepthBoundOrTheFrontierEndedIt() {
    assertEquals("depth", RoundStop.of(counters(RoundCounter.FRONTIER_NEXT, 7), settings("trawl.bounds.depth", "2"), 5, END).code());
    assertEquals("frontier_empty", RoundStop.of(counters(), settings(), 5, END).code());
    RoundSummary.Stop more = RoundStop.of(counters(RoundCounter.FRONTIER_NEXT_IN_DEPTH, 6, RoundCounter.FRONTIER_NEXT, 6,
        RoundCounter.CARRIED_OVER, 2), settings(), 5, END);
    assertEquals("list_done", more.code());
    assertTrue(more.words().contains("6 URLs for the next round") && more.words().contains("2 URLs carried over"), more.words());
  }

  @Test
  void theSummaryKeepsItAndATimeLimitCutIsAWarningNamingThePoliteWait() throws Exception {
    RoundSummary summary = RoundSummary.parse("{\"round\": 4, \"counters\": {\"POLITENESS_WAIT_MILLIS\": 97000, "
        + "\"TASK_FETCHING_MILLIS\": 3000}, \"stopped_by\": {\"code\": \"time_limit\", \"words\": \"the time limit cut fetching\"}}");
    assertEquals("time_limit", summary.stoppedBy().code());
    String warning = RoundStop.timeLimitWarning(summary);
    assertTrue(warning.startsWith("round 4: the time limit cut fetching") && warning.contains("97 %"), warning);
    assertNull(RoundStop.timeLimitWarning(RoundSummary.parse("{\"round\": 1}")), "an older summary: nothing known");
  }
}
