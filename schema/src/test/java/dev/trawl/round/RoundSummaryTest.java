package dev.trawl.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.schema.FetchStatus;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rounds/NNNN.json as every reader sees it: older summaries read, the file's field names kept for jq and users. */
class RoundSummaryTest {
  /** What trawl wrote before the fetch list count, why a round stopped, blocked ranges and task figures existed. */
  private static final String OLDER = """
      {"round": 2, "started": "2026-10-01T10:00:00Z", "finished": "2026-10-01T10:00:09Z", "seconds": 9.0,
       "fetch_list_sizes": {"0": 12, "1": 30}, "seed_batches": [],
       "bounds": {"depth": 3, "max_pages": null, "max_pages_this_round": null, "max_per_host": 10000, "time_limit_seconds": null},
       "counters": {"REQUESTS": 42, "FRONTIER_NEXT": 7}, "status": {"fetched": 40, "http_error": 2},
       "settings": {"trawl.fetch.delay": "1"}, "a_field_from_a_later_trawl": {"x": 1}}
      """;

  @Test
  void anOlderSummaryReadsWithWhatItLacksEmpty() throws Exception {
    RoundSummary s = RoundSummary.parse(OLDER);
    assertEquals(2, s.round());
    assertEquals(42, s.counter(RoundCounter.REQUESTS));
    assertEquals(0, s.counter(RoundCounter.URLS_NEW), "a counter the round did not have counts 0");
    assertFalse(s.counted(RoundCounter.CRAWLDB_BLOCKED));
    assertEquals(40, s.status(FetchStatus.fetched));
    assertEquals(2, s.fetchListCount(), "the lists that held entries, for rounds that did not record the count");
    assertEquals(3, s.bounds().depth());
    assertNull(s.stoppedBy());
    assertNull(s.refetchAsOf());
    assertTrue(s.tasks().isEmpty() && s.slowestHosts().isEmpty() && s.blockedRanges().isEmpty());
    assertEquals("1", s.setting("trawl.fetch.delay"));
    assertNull(s.resources(), "rounds from before resources were recorded have none");
    assertTrue(s.attempts().isEmpty());
  }

  @Test
  void aSummaryIsWrittenWithTheFieldNamesUsersQuery() throws Exception {
    RoundSummary s = new RoundSummary(3, "2026-12-01T10:00:00Z", "2026-12-01T10:01:00Z", 60.0, Map.of(0, 5L), List.of("batch=1"),
        new RoundSummary.Bounds(2, null, 100L, 10000, 90.0), Map.of("REQUESTS", 5L), Map.of("fetched", 5L),
        Map.of("127.0.0.0/8", 1L), Map.of("trawl.bounds.depth", "2"), new RoundSummary.Stop("depth", "the depth bound"),
        1_700_000_000_000L, "job_1", 2, "given (--fetch-lists 2)", List.of(3.0, 2.0), 0.4,
        List.of(new RoundSummary.Task("fetch-00000", 1.5, 50.0, 2, 5, 10.0, 30.0, 80.0, 512.0, 4.5, 300.0, 0.2, 9000.0, 12345L,
            List.of(List.of(0.0, 0.1, 60.0, 280.0)))),
        List.of(new RoundSummary.Host("h.example", "fetch-00000", 40.0, 5, 5, 5, 0, 0, 0, 20, 0, 0, 0.0)),
        new RoundResources("YARN", new RoundResources.Usage(1, 50.0, 4.5, 50.0, 300.0, 1024.0, 80.0, 512.0, 0.2, 1000L, 9000.0,
            "/tmp", 12345L), null, List.of(), Map.of("CPU_MILLISECONDS", 4500L)),
        List.of(new RoundResources.Attempt("attempt_1_0001_m_000000_0", "map-00000", "node1", "FAILED", "physical_memory",
            "killed by YARN for exceeding its physical memory limit", "raise mapreduce.map.memory.mb")));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.write(bytes);
    JsonNode json = new ObjectMapper().readTree(bytes.toByteArray());
    for (String field : List.of("round", "started", "finished", "seconds", "fetch_list_sizes", "seed_batches", "bounds", "counters",
        "status", "blocked_ranges", "settings", "stopped_by", "refetch_as_of", "job", "fetch_lists", "fetch_lists_why",
        "fetch_list_expected_seconds", "fetch_start_skew_seconds", "tasks", "slowest_hosts", "resources", "attempts")) {
      assertTrue(json.has(field), field + " in " + json);
    }
    assertTrue(json.path("bounds").has("max_pages") && json.path("bounds").path("max_pages").isNull(), "a bound not set is null");
    assertEquals(80.0, json.path("tasks").get(0).path("peak_heap_mb").asDouble());
    assertEquals("depth", json.path("stopped_by").path("code").asText());
    assertEquals(4.5, json.path("resources").path("fetch").path("cpu_seconds").asDouble());
    assertEquals(1024.0, json.path("resources").path("fetch").path("memory_limit_mb").asDouble());
    assertEquals(4500, json.path("resources").path("hadoop_counters").path("CPU_MILLISECONDS").asLong());
    assertEquals("physical_memory", json.path("attempts").get(0).path("cause").asText());
    assertFalse(json.path("resources").path("fetch").has("cpu_share"), "derived figures are not written");
    assertFalse(json.has("fetch_list_count"), "derived figures are not written");
    assertEquals(s, RoundSummary.parse(bytes.toString()));
  }
}
