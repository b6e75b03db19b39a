package dev.trawl.jobs.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.jobs.resources.TaskUsage;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundSummary;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * What the fetch tasks measured themselves (logs/round=NNNN/fetch-NNNNN.stats.json), gathered for
 * rounds/NNNN.json: each task's time and JVM peak heap, and the hosts that kept the round busy
 * longest. Counters cannot carry these: Hadoop adds counters up, and a peak or a per-host figure
 * does not add.
 */
final class FetchTaskFigures {
  /** Hosts listed in a round's summary, slowest first. */
  static final int SLOWEST_HOSTS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<RoundSummary.Task> tasks = new ArrayList<>();
  private final List<RoundSummary.Host> hosts = new ArrayList<>();
  private final TaskUsage usage = new TaskUsage();

  private final long roundStart;
  private long firstStart = Long.MAX_VALUE;
  private long lastStart = Long.MIN_VALUE;

  private FetchTaskFigures(Instant roundStart) {
    this.roundStart = roundStart.toEpochMilli();
  }

  /** Reads every task's figures of a round, which started at {@code start}, from its logs folder. */
  static FetchTaskFigures read(CrawlRoot root, int round, Instant start) throws IOException {
    FetchTaskFigures f = new FetchTaskFigures(start);
    Path dir = root.logs(round);
    if (!root.fs().exists(dir)) {
      return f;
    }
    for (FileStatus file : root.fs().listStatus(dir)) {
      if (file.getPath().getName().endsWith(CrawlLayout.TASK_FIGURES_SUFFIX)) {
        try (InputStream in = root.fs().open(file.getPath())) {
          f.add(JSON.readTree(in));
        }
      }
    }
    f.tasks.sort(Comparator.comparing(RoundSummary.Task::task));
    f.hosts.sort(Comparator.comparingDouble(RoundSummary.Host::busySeconds).reversed().thenComparing(RoundSummary.Host::host));
    return f;
  }

  private void add(JsonNode t) {
    String task = t.path("task").asText();
    long requests = 0;
    for (JsonNode h : t.path("hosts")) {
      requests += h.path("requests").asLong();
      long first = h.path("first_request").asLong(0);
      long last = h.path("last_request_end").asLong(0);
      long n = h.path("requests").asLong();
      RoundSummary.Host host = new RoundSummary.Host(h.path("host").asText(), task, first > 0 ? (last - first) / 1000.0 : 0.0,
          h.path("urls").asLong(), n, h.path("pages").asLong(), h.path("errors").asLong(), h.path("throttled").asLong(),
          h.path("timeouts").asLong(), n == 0 ? 0 : h.path("fetch_ms").asLong() / n, h.path("carried_over").asLong(),
          h.path("backoffs").asLong(), h.path("backoff_ms").asLong() / 1000.0);
      hosts.add(host);
    }
    long started = t.path("started").asLong();
    firstStart = Math.min(firstStart, started);
    lastStart = Math.max(lastStart, started);
    // started_after: from the round's start to the task's: container, JVM start and setup, all fetch time lost.
    JsonNode r = t.path("resources");
    boolean measured = r.has("cpu_end_ms");
    if (measured) {
      usage.add(started, t.path("finished").asLong(), r, t.path("peak_heap_bytes").asLong(), t.path("max_heap_bytes").asLong());
    }
    tasks.add(new RoundSummary.Task(task, (started - roundStart) / 1000.0,
        (t.path("finished").asLong() - t.path("started").asLong()) / 1000.0, t.path("hosts").size(), requests,
        t.path("fetching_ms").asLong() / 1000.0, t.path("politeness_wait_ms").asLong() / 1000.0,
        TaskUsage.mb(t.path("peak_heap_bytes").asLong()), TaskUsage.mb(t.path("max_heap_bytes").asLong()),
        measured ? (r.path("cpu_end_ms").asLong() - r.path("cpu_start_ms").asLong()) / 1000.0 : null,
        measured && r.hasNonNull("peak_resident_bytes") ? TaskUsage.mb(r.path("peak_resident_bytes").asLong()) : null,
        measured ? (r.path("gc_end_ms").asLong() - r.path("gc_start_ms").asLong()) / 1000.0 : null,
        measured && r.hasNonNull("least_free_local_bytes") ? TaskUsage.mb(r.path("least_free_local_bytes").asLong()) : null,
        measured ? r.path("bytes_received").asLong() : null,
        measured ? samples(r.path("samples")) : null));
  }

  private static List<List<Double>> samples(JsonNode samples) {
    List<List<Double>> list = new ArrayList<>();
    for (JsonNode s : samples) {
      List<Double> values = new ArrayList<>();
      s.forEach(v -> values.add(v.asDouble()));
      list.add(values);
    }
    return list;
  }

  /** What the fetch tasks measured of their JVMs, for the round's {@code resources}. */
  TaskUsage usage() {
    return usage;
  }

  /** Seconds between the first and the last fetch task's start: time the late lists did not fetch. */
  double startSkewSeconds() {
    return tasks.isEmpty() ? 0 : (lastStart - firstStart) / 1000.0;
  }

  /** One entry per fetch task, by name. */
  List<RoundSummary.Task> tasks() {
    return tasks;
  }

  /** The hosts that were busy longest (first request to the end of the last), slowest first. */
  List<RoundSummary.Host> slowestHosts() {
    return hosts.subList(0, Math.min(SLOWEST_HOSTS, hosts.size()));
  }
}
