package dev.trawl.mappers.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.io.ByteArrayOutputStream;
import dev.trawl.mappers.resources.TaskResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fetch task's per-host figures, as the round driver reads them back. */
class TaskStatsTest {
  private static ManifestRecord record(String host, long time, long ms, FetchStatus status, Integer http, Long length) {
    return ManifestRecord.newBuilder().setUrl("http://" + host + "/" + time).setHost(host).setDepth(0).setFetchTime(time)
        .setFetchMs(ms).setStatus(status).setHttpStatus(http).setContentLength(length).build();
  }

  @Test
  void figuresPerHostAddUpAndReadBack() throws Exception {
    TaskStats stats = new TaskStats();
    stats.queued("a.example");
    stats.queued("a.example");
    stats.queued("a.example");
    stats.queued("b.example");
    stats.requested(record("a.example", 1_000, 40, FetchStatus.fetched, 200, 100L));
    stats.requested(record("a.example", 2_000, 60, FetchStatus.http_error, 429, 9L));
    stats.requested(record("b.example", 1_500, 5_000, FetchStatus.timeout, null, null));
    stats.carried("a.example");
    stats.backedOff("a.example", 1_500);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Object> resources;
    try (TaskResources r = new TaskResources(List.of(System.getProperty("java.io.tmpdir")), stats::bytes, 1000)) {
      r.close();
      resources = r.figures(false);
    }
    stats.write(out, "fetch-00003", 500, 9_500, 4_000, 2_000, resources);
    JsonNode doc = new ObjectMapper().readTree(out.toByteArray());
    assertEquals("fetch-00003", doc.path("task").asText());
    assertEquals(2_000, doc.path("politeness_wait_ms").asLong());
    assertTrue(doc.path("peak_heap_bytes").asLong() > 0);
    assertEquals(109, doc.path("resources").path("bytes_received").asLong(), "the bodies received, from the figures per host");
    assertTrue(doc.path("resources").path("cpu_end_ms").asLong() >= doc.path("resources").path("cpu_start_ms").asLong());
    JsonNode a = doc.path("hosts").get(0);
    assertEquals("a.example", a.path("host").asText());
    assertEquals(3, a.path("urls").asLong());
    assertEquals(2, a.path("requests").asLong());
    assertEquals(1, a.path("pages").asLong());
    assertEquals(1, a.path("errors").asLong());
    assertEquals(1, a.path("throttled").asLong());
    assertEquals(100, a.path("fetch_ms").asLong());
    assertEquals(109, a.path("bytes").asLong());
    assertEquals(1, a.path("carried_over").asLong());
    assertEquals(1_500, a.path("backoff_ms").asLong());
    assertEquals(1_000, a.path("first_request").asLong());
    assertEquals(2_060, a.path("last_request_end").asLong());
    JsonNode b = doc.path("hosts").get(1);
    assertEquals(1, b.path("timeouts").asLong());
    assertEquals(6_500, b.path("last_request_end").asLong());
    assertEquals("1 pages, 2 errors (1 answers 429/503, 1 timeouts), 1 carried over, 109 bytes", stats.totals());
  }
}
