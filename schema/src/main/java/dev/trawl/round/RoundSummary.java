package dev.trawl.round;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.schema.FetchStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code rounds/NNNN.json}: what a finished round did, its shape declared once. The driver writes it
 * last, so a round is finished exactly when its summary exists; {@code status}, {@code report},
 * the crawl loop and {@code emr status} read it through this type. A field is only ever added:
 * summaries of older rounds read with the fields they lack empty (null, 0 or an empty collection),
 * and fields this version does not know are ignored.
 *
 * @param seconds the round's wall time, from the driver's start to its commit
 * @param fetchListSizes entries per fetch list number (lists without entries absent)
 * @param seedBatches the seed batches the round fetched (by folder name)
 * @param counters the job's trawl counters by {@link RoundCounter} name
 * @param status fetch outcomes by {@link FetchStatus} name
 * @param blockedRanges connections the address guard refused, by range (127.0.0.0/8, ...)
 * @param settings every trawl.* setting as the round ran
 * @param stoppedBy why fetching stopped; null in rounds from before it was recorded
 * @param refetchAsOf epoch millis the round's refetch schedule counted from
 * @param job the MapReduce job's id
 * @param fetchLists the fetch lists the round ran (tasks), with or without entries; null before it was recorded
 * @param fetchListsWhy why that many (auto: the cluster's containers; given)
 * @param fetchListExpectedSeconds each list's expected fetch time (pages x delay), beside the tasks' actual seconds
 * @param fetchStartSkewSeconds between the first and the last fetch task's start
 * @param tasks each fetch task's own figures
 * @param slowestHosts the hosts busy longest, slowest first
 * @param resources what the round used of the CPUs, memory and disks it held; null before it was recorded
 * @param attempts task attempts that failed or were killed, with the cause
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundSummary(
    int round, String started, String finished, double seconds,
    @JsonProperty("fetch_list_sizes") Map<Integer, Long> fetchListSizes,
    @JsonProperty("seed_batches") List<String> seedBatches,
    Bounds bounds,
    Map<String, Long> counters,
    Map<String, Long> status,
    @JsonProperty("blocked_ranges") Map<String, Long> blockedRanges,
    Map<String, String> settings,
    @JsonProperty("stopped_by") Stop stoppedBy,
    @JsonProperty("refetch_as_of") Long refetchAsOf,
    String job,
    @JsonProperty("fetch_lists") Integer fetchLists,
    @JsonProperty("fetch_lists_why") String fetchListsWhy,
    @JsonProperty("fetch_list_expected_seconds") List<Double> fetchListExpectedSeconds,
    @JsonProperty("fetch_start_skew_seconds") Double fetchStartSkewSeconds,
    List<Task> tasks,
    @JsonProperty("slowest_hosts") List<Host> slowestHosts,
    RoundResources resources,
    List<RoundResources.Attempt> attempts) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public RoundSummary {
    fetchListSizes = fetchListSizes == null ? Map.of() : fetchListSizes;
    seedBatches = seedBatches == null ? List.of() : seedBatches;
    bounds = bounds == null ? new Bounds(null, null, null, null, null) : bounds;
    counters = counters == null ? Map.of() : counters;
    status = status == null ? Map.of() : status;
    blockedRanges = blockedRanges == null ? Map.of() : blockedRanges;
    settings = settings == null ? Map.of() : settings;
    tasks = tasks == null ? List.of() : tasks;
    slowestHosts = slowestHosts == null ? List.of() : slowestHosts;
    attempts = attempts == null ? List.of() : attempts;
  }

  /** The bounds the round ran under; null where there was none. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Bounds(Integer depth, @JsonProperty("max_pages") Long maxPages,
                       @JsonProperty("max_pages_this_round") Long maxPagesThisRound,
                       @JsonProperty("max_per_host") Integer maxPerHost,
                       @JsonProperty("time_limit_seconds") Double timeLimitSeconds) {}

  /** Why fetching stopped: a code ({@code time_limit}, {@code depth}, ...) and the words for a person. */
  public record Stop(String code, String words) {}

  /**
   * One fetch task's figures (logs/round=NNNN/fetch-NNNNN.stats.json, gathered). Its resources are
   * its JVM's: its own on YARN, shared with everything else in local mode; null before they were recorded.
   *
   * @param samples the task's resources over time: [seconds since its start, CPU cores used, heap MB, resident MB]
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Task(String task, @JsonProperty("started_after_seconds") double startedAfterSeconds, double seconds,
                     int hosts, long requests, @JsonProperty("fetching_seconds") double fetchingSeconds,
                     @JsonProperty("politeness_wait_seconds") double politenessWaitSeconds,
                     @JsonProperty("peak_heap_mb") double peakHeapMb, @JsonProperty("max_heap_mb") double maxHeapMb,
                     @JsonProperty("cpu_seconds") Double cpuSeconds,
                     @JsonProperty("peak_resident_mb") Double peakResidentMb,
                     @JsonProperty("gc_seconds") Double gcSeconds,
                     @JsonProperty("least_free_local_mb") Double leastFreeLocalMb,
                     @JsonProperty("bytes_received") Long bytesReceived,
                     List<List<Double>> samples) {}

  /** One host's figures in the round, for the slowest hosts. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Host(String host, String task, @JsonProperty("busy_seconds") double busySeconds, long urls, long requests,
                     long pages, long errors, long throttled, long timeouts, @JsonProperty("avg_fetch_ms") long avgFetchMs,
                     @JsonProperty("carried_over") long carriedOver, long backoffs,
                     @JsonProperty("backoff_seconds") double backoffSeconds) {}

  /** A counter of the round's job; 0 if the round ran before the counter existed. */
  public long counter(RoundCounter c) {
    return counters.getOrDefault(c.name(), 0L);
  }

  /** True if the round's job had the counter at all (false in rounds from before it existed). */
  public boolean counted(RoundCounter c) {
    return counters.containsKey(c.name());
  }

  /** URLs that ended the round with this outcome. */
  public long status(FetchStatus s) {
    return status.getOrDefault(s.name(), 0L);
  }

  /** The setting's value as the round ran, or null if the round did not record it. */
  public String setting(String key) {
    return settings.get(key);
  }

  /** The fetch lists the round ran: as recorded, or (older rounds) those that held entries. */
  @JsonIgnore
  public int fetchListCount() {
    return fetchLists != null ? fetchLists : fetchListSizes.size();
  }

  public static RoundSummary read(InputStream in) throws IOException {
    RoundSummary s = JSON.readValue(in, RoundSummary.class);
    if (s == null) {
      throw new IOException("it is empty");
    }
    return s;
  }

  public static RoundSummary parse(String json) throws IOException {
    return JSON.readValue(json, RoundSummary.class);
  }

  public void write(OutputStream out) throws IOException {
    JSON.writeValue(out, this);
  }

}
