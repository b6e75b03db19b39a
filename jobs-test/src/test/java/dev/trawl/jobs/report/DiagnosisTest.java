package dev.trawl.jobs.report;

import dev.trawl.round.RoundSummary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Warnings worked out from a round's records and summary, without a crawl. */
class DiagnosisTest {

  /** A steady round: {@code hosts} hosts, a page each every 100 ms for 10 s. */
  private static RoundActivity steadyRound(String summary, int hosts) throws Exception {
    RoundActivity round = new RoundActivity(4, RoundSummary.parse(summary));
    for (int i = 0; i < 100; i++) {
      for (int h = 0; h < hosts; h++) {
        round.add(ManifestRecord.newBuilder().setUrl("http://h" + h + ".example/" + i).setHost("h" + h + ".example").setDepth(1)
            .setFetchTime(1_000_000L + i * 100L).setFetchMs(20).setStatus(FetchStatus.fetched).setHttpStatus(200).build());
      }
    }
    return round;
  }

  @Test
  void aSteadyRoundHasNoWarnings() throws Exception {
    assertEquals(List.of(), Diagnosis.of(steadyRound("{\"seconds\": 12}", 3)));
  }

  @Test
  void aHostBackedOffForMostOfTheRoundIsNamed() throws Exception {
    String summary = "{\"seconds\": 100, \"slowest_hosts\": [{\"host\": \"h1.example\", \"backoffs\": 7, \"backoff_seconds\": 64.0},"
        + " {\"host\": \"h2.example\", \"backoffs\": 1, \"backoff_seconds\": 5.0}]}";
    List<String> warnings = Diagnosis.of(steadyRound(summary, 3));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("h1.example spent 64% of the round backed off (7 back-offs"), warnings.get(0));
  }

  @Test
  void hostsWaitingForAFreeThreadNameTheTaskAsTheLimit() throws Exception {
    String summary = "{\"seconds\": 12, \"counters\": {\"TASK_FETCHING_MILLIS\": 10000, \"POLITENESS_WAIT_MILLIS\": 0, "
        + "\"TURN_WAIT_MILLIS\": 35000, \"PARSE_MILLIS\": 18000}}";
    List<String> warnings = Diagnosis.of(steadyRound(summary, 3));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("hosts waited 35 host-seconds for a free fetch thread") && warnings.get(0).contains("3.5 hosts")
        && warnings.get(0).contains("18 thread-seconds parsing") && warnings.get(0).contains("raise --threads"), warnings.get(0));
    String polite = "{\"seconds\": 12, \"counters\": {\"TASK_FETCHING_MILLIS\": 10000, \"POLITENESS_WAIT_MILLIS\": 9000, "
        + "\"TURN_WAIT_MILLIS\": 400}}";
    assertEquals(List.of(), Diagnosis.of(steadyRound(polite, 3)), "a few due hosts now and then are no warning");
  }

  @Test
  void aTaskNearItsHeapLimitIsNamed() throws Exception {
    String summary = "{\"seconds\": 12, \"tasks\": [{\"task\": \"fetch-00001\", \"peak_heap_mb\": 980, \"max_heap_mb\": 1024},"
        + " {\"task\": \"fetch-00000\", \"peak_heap_mb\": 300, \"max_heap_mb\": 1024}]}";
    List<String> warnings = Diagnosis.of(steadyRound(summary, 3));
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("fetch task fetch-00001 used 980 of its 1024 MB heap"), warnings.get(0));
  }

  @Test
  void aDeclineWithNoVisibleCauseSaysWhereToLook() throws Exception {
    RoundActivity round = steadyRound("{\"seconds\": 12}", 2);
    // The same two hosts go on, but far less often: nothing in the records says why.
    for (int i = 0; i < 5; i++) {
      for (int h = 0; h < 2; h++) {
        round.add(ManifestRecord.newBuilder().setUrl("http://h" + h + ".example/late" + i).setHost("h" + h + ".example").setDepth(1)
            .setFetchTime(1_010_000L + i * 800L).setFetchMs(20).setStatus(FetchStatus.fetched).setHttpStatus(200).build());
      }
    }
    List<String> warnings = Diagnosis.of(round);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("round 4: throughput in the last fifth") && warnings.get(0).contains("logs/round=0004"), warnings.get(0));
  }
}
