package dev.trawl.mappers.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.mappers.resources.TaskResources;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fetch task's figures per host, its JVM's peak heap and what it used of its machine, written at the end of the task beside
 * its activity log ({@code logs/round=NNNN/fetch-NNNNN.stats.json}). Hadoop counters only add up,
 * so per-host figures and a peak (a maximum) travel this way; the round driver gathers them into
 * rounds/NNNN.json. Called from every fetch thread.
 */
public final class TaskStats {

  private final Map<String, Host> hosts = new TreeMap<>();

  /** One host's figures in this task. */
  private static final class Host {
    long urls;
    long requests;
    long pages;
    long errors;
    long throttled;
    long timeouts;
    long fetchMillis;
    long bytes;
    long carried;
    long backoffs;
    long backoffMillis;
    long firstRequest = Long.MAX_VALUE;
    long lastRequestEnd;
  }

  /** A URL of {@code host} entered the task's queues. */
  public synchronized void queued(String host) {
    host(host).urls++;
  }

  /** A request was made: its manifest record. */
  public synchronized void requested(ManifestRecord r) {
    Host h = host(r.getHost());
    h.requests++;
    h.fetchMillis += r.getFetchMs();
    h.bytes += r.getContentLength() == null ? 0 : r.getContentLength();
    h.firstRequest = Math.min(h.firstRequest, r.getFetchTime());
    h.lastRequestEnd = Math.max(h.lastRequestEnd, r.getFetchTime() + r.getFetchMs());
    FetchStatus s = r.getStatus();
    if (s == FetchStatus.fetched) {
      h.pages++;
    } else if (s == FetchStatus.http_error || s == FetchStatus.timeout || s == FetchStatus.error) {
      h.errors++;
    }
    if (s == FetchStatus.timeout) {
      h.timeouts++;
    }
    Integer status = r.getHttpStatus();
    if (status != null && (status == 429 || status == 503)) {
      h.throttled++;
    }
  }

  /** A URL of {@code host} was carried over to the next round. */
  public synchronized void carried(String host) {
    host(host).carried++;
  }

  /** The host was backed off for {@code millis} (429/503 answers; the back-off rules call this). */
  public synchronized void backedOff(String host, long millis) {
    Host h = host(host);
    h.backoffs++;
    h.backoffMillis += millis;
  }

  /** URLs queued per host, in host order: the task's hosts. */
  public synchronized Map<String, Long> urlsPerHost() {
    Map<String, Long> urls = new LinkedHashMap<>();
    hosts.forEach((name, h) -> urls.put(name, h.urls));
    return urls;
  }

  /** The task's totals in words, for the activity log's END line. */
  public synchronized String totals() {
    long pages = 0, errors = 0, throttled = 0, timeouts = 0, carried = 0, bytes = 0;
    for (Host h : hosts.values()) {
      pages += h.pages;
      errors += h.errors;
      throttled += h.throttled;
      timeouts += h.timeouts;
      carried += h.carried;
      bytes += h.bytes;
    }
    return pages + " pages, " + errors + " errors (" + throttled + " answers 429/503, " + timeouts + " timeouts), "
        + carried + " carried over, " + bytes + " bytes";
  }

  /** The bytes received from every host so far. */
  public synchronized long bytes() {
    return hosts.values().stream().mapToLong(h -> h.bytes).sum();
  }

  /**
   * Writes the figures as JSON.
   *
   * @param task the task's name (fetch-NNNNN)
   * @param fetchingMillis wall-clock time with a request in flight
   * @param politenessWaitMillis wall-clock time with URLs queued and every host waiting out its delay
   * @param resources what the task used of its machine ({@code TaskResources})
   */
  public synchronized void write(OutputStream out, String task, long startMillis, long endMillis,
                                 long fetchingMillis, long politenessWaitMillis, Map<String, Object> resources)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("task", task);
    doc.put("started", startMillis);
    doc.put("finished", endMillis);
    doc.put("peak_heap_bytes", TaskResources.peakHeapBytes());
    doc.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    doc.put("fetching_ms", fetchingMillis);
    doc.put("politeness_wait_ms", politenessWaitMillis);
    List<Map<String, Object>> list = new ArrayList<>();
    hosts.forEach((name, h) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("host", name);
      m.put("urls", h.urls);
      m.put("requests", h.requests);
      m.put("pages", h.pages);
      m.put("errors", h.errors);
      m.put("throttled", h.throttled);
      m.put("timeouts", h.timeouts);
      m.put("fetch_ms", h.fetchMillis);
      m.put("bytes", h.bytes);
      m.put("carried_over", h.carried);
      m.put("backoffs", h.backoffs);
      m.put("backoff_ms", h.backoffMillis);
      m.put("first_request", h.requests == 0 ? null : h.firstRequest);
      m.put("last_request_end", h.requests == 0 ? null : h.lastRequestEnd);
      list.add(m);
    });
    doc.put("resources", resources);
    doc.put("hosts", list);
    new ObjectMapper().writeValue(out, doc);
  }

  private Host host(String name) {
    return hosts.computeIfAbsent(name, n -> new Host());
  }
}
