package dev.trawl.mappers.fetch;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.mappers.dedup.DigestIndex;
import dev.trawl.mappers.dedup.DuplicateFilter;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.input.FetchListInputFormat.FetchListSplit;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.resources.TaskResources;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.mappers.output.TaskFiles;
import dev.trawl.mappers.parse.ParserWarmup;
import dev.trawl.mappers.refetch.DueRefetches;
import dev.trawl.mappers.robots.RobotsStore;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.stores.StoreCarrier;
import dev.trawl.mappers.stores.StoreFile;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.Selection;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * The fetch side of a round: one task per fetch list (whole hosts), which it fetches politely with
 * a {@link FetchTask}. Emits, keyed by URL, each fetch attempt, each in-scope discovery and each
 * entry carried over; writes its own WARC file and activity log.
 */
public class FetchMapper extends Mapper<AvroKey<FrontierEntry>, NullWritable, Text, AvroValue<UrlUpdate>> {
  private TrawlSettings settings;
  private int round;
  private HttpFetcher fetcher;
  private FetchTask task;
  private WarcOutput warc;
  /** The task's WET file (main texts), or null when trawl.text is off. */
  private WarcOutput wet;
  private ActivityLog log;
  private Context context;
  private long started;
  private String name;
  private int list;
  private DigestIndex digests;
  private final ContextSink sink = new ContextSink();
  private StoreCarrier carrier;
  private long carriedRecords;
  private TaskResources resources;

  @Override
  protected void setup(Context context) throws IOException {
    this.context = context;
    this.settings = TrawlSettings.from(context.getConfiguration());
    this.round = RoundConf.round(context.getConfiguration());
    this.fetcher = new HttpFetcher(settings);
    this.started = System.currentTimeMillis();
    ParserWarmup.start();
    FetchListSplit split = (FetchListSplit) context.getInputSplit();
    start(split.list());
    RefetchSchedule schedule = new RefetchSchedule(settings.refetch());
    boolean requeueBlocked = context.getConfiguration().getBoolean(RoundConf.REQUEUE_BLOCKED, false);
    DueRefetches due = schedule.on() || requeueBlocked ? new DueRefetches(schedule, new ScopeFilter(settings,
        seedHosts(context.getConfiguration())), RoundConf.refetchAsOf(context.getConfiguration()), requeueBlocked) : null;
    carrier = new StoreCarrier(split.stores(), context.getConfiguration(), due, new StoreCarrier.Sink() {
      @Override
      public void write(String key, UrlUpdate update) {
        sink.write(key, update);
        if (++carriedRecords % 10_000 == 0) {
          context.progress();
        }
      }

      @Override
      public void count(RoundCounter counter) {
        sink.count(counter, 1);
      }
    });
    carrier.start();
  }

  @Override
  protected void map(AvroKey<FrontierEntry> key, NullWritable value, Context context) throws IOException, InterruptedException {
    context.getCounter(RoundCounter.FETCH_LIST_ENTRIES).increment(1);
    task.add(key.datum());
  }

  private void start(int list) throws IOException {
    this.list = list;
    Configuration conf = context.getConfiguration();
    name = CrawlLayout.fetchTask(list);
    int attempt = context.getTaskAttemptID() == null ? 0 : context.getTaskAttemptID().getId();
    String warcFile = CrawlLayout.warcFile(round, list, attempt);
    warc = new WarcOutput(TaskFiles.createInRoot(context, warcFile), warcFile, warcInfo());
    String wetFile = CrawlLayout.wetFile(round, list, attempt);
    wet = settings.text() ? new WarcOutput(TaskFiles.createInRoot(context, wetFile), wetFile, warcInfo()) : null;
    log = new ActivityLog(TaskFiles.create(context, CrawlLayout.activityLog(round, list)));
    Set<String> seedHosts = seedHosts(conf);
    Selection selection = Selection.read(conf);
    long deadline = conf.getLong(RoundConf.FETCH_DEADLINE, 0);
    log.event("START", "round " + round + ", fetch list " + list + ", " + settings.fetchThreads() + " threads, delay "
        + settings.delayMillis() / 1000.0 + "s" + (selection.equals(Selection.ALL) ? "" : ", a page bound fetches " + selection)
        + (deadline > 0 ? ", fetching until " + java.time.Instant.ofEpochMilli(deadline) : ""));
    FetchSink results = sink;
    if (conf.get(RoundConf.DIGEST_INDEX) != null) {
      digests = DigestIndex.open(new Path(conf.get(RoundConf.DIGEST_INDEX)), conf);
      results = new DuplicateFilter(sink, digests);
    }
    // In a YARN container java.io.tmpdir is the container's own folder, removed with it.
    task = new FetchTask(settings, fetcher, new ScopeFilter(settings, seedHosts), warc, wet, log, results, selection, deadline,
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
    long lastRoundEnd = conf.getLong(RoundConf.LAST_ROUND_END, 0);
    if (attempt > 0) {
      // An earlier attempt of this list (killed, failed, or lost with its node) may have asked any of its
      // hosts until it ended, which was before this one started: as far as this attempt knows, just now.
      lastRoundEnd = System.currentTimeMillis();
      context.getCounter(RoundCounter.FETCH_TASKS_RUN_AGAIN).increment(1);
      log.event("AGAIN", "attempt " + attempt + " of this fetch list, writing " + warcFile + ": an earlier one ended; every host waits its delay from now");
    }
    if (lastRoundEnd > 0) {
      task.lastRoundEnded(lastRoundEnd);
    }
    int remembered = RobotsStore.read(conf, list, task::remember);
    if (remembered > 0) {
      log.event("ROBOTS", remembered + " origins' robots.txt known from the last round");
    }
    // The task's local directories hold its map output and the frontier's spill file: a full disk fails the task.
    resources = new TaskResources(conf.getTrimmedStringCollection(MRConfig.LOCAL_DIR).stream().toList(), task.stats()::bytes,
        settings.resourceSampleMillis());
    task.start();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    try {
      task.finish(() -> {
        context.progress();
        context.setStatus(task.attempts() + " fetched, " + task.queued() + " queued");
      });
      carrier.finish();
      log.event("STORES", "carried into the round " + carrier.carried(StoreFile.Kind.CRAWL_DB) + " crawl db entries, "
          + carrier.carried(StoreFile.Kind.ROBOTS) + " robots entries and " + carrier.carried(StoreFile.Kind.DIGESTS)
          + " digest index entries in " + carrier.millis() / 1000.0 + "s");
      resources.close();
      long ended = System.currentTimeMillis();
      long fetching = task.fetchingMillis();
      long politeness = task.politenessWaitMillis();
      long turnWait = task.turnWaitMillis();
      context.getCounter(RoundCounter.TASK_FETCHING_MILLIS).increment(fetching);
      context.getCounter(RoundCounter.POLITENESS_WAIT_MILLIS).increment(politeness);
      context.getCounter(RoundCounter.TURN_WAIT_MILLIS).increment(turnWait);
      context.getCounter(RoundCounter.PARSE_MILLIS).increment(task.parseMillis());
      context.getCounter(RoundCounter.SPILLED_BYTES).increment(task.spilledBytes());
      context.getCounter(RoundCounter.DNS_LOOKUPS).increment(task.addresses().lookups());
      context.getCounter(RoundCounter.DNS_MILLIS).increment(task.addresses().millis());
      fetcher.refusedByRange().forEach((range, n) -> context.getCounter(RoundConf.BLOCKED_RANGES, range).increment(n));
      log.event("END", task.attempts() + " fetch attempts in " + (ended - started) / 1000.0 + "s: " + task.stats().totals()
          + "; requests in flight " + fetching / 1000.0 + "s, every host waiting out its delay " + politeness / 1000.0 + "s"
          + "; hosts due but no thread free " + turnWait / 1000.0 + " host-s, parsing " + task.parseMillis() / 1000.0 + " thread-s"
          + ", " + task.addresses().lookups() + " name lookups " + task.addresses().millis() / 1000.0 + " thread-s"
          + (task.spilledBytes() > 0 ? "; " + task.spilledBytes() / (1 << 20) + " MB of frontier spilled to local disk" : "")
          + "; peak heap " + TaskResources.peakHeapBytes() / (1 << 20) + " MB of " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
      String statsFile = CrawlLayout.taskFigures(round, list);
      try (java.io.OutputStream out = TaskFiles.create(context, statsFile)) {
        task.stats().write(out, name, started, ended, fetching, politeness,
            resources.figures(RoundConf.localMode(context.getConfiguration())));
      }
    } finally {
      if (resources != null) {
        resources.close();
      }
      task.close();
      fetcher.close();
      if (digests != null) {
        digests.close();
      }
      warc.close();
      if (wet != null) {
        wet.close();
      }
      log.close();
    }
  }

  private Map<String, List<String>> warcInfo() {
    Map<String, List<String>> info = new LinkedHashMap<>();
    info.put("software", List.of("trawl"));
    info.put("format", List.of("WARC File Format 1.1"));
    info.put("http-header-user-agent", List.of(settings.userAgent()));
    info.put("robots", List.of("obey"));
    return info;
  }

  /** The seed hosts of every batch injected so far: what scope host follows (the crawl db's refetches are checked against it too). */
  public static Set<String> seedHosts(Configuration conf) throws IOException {
    return CrawlLayout.seedHosts(conf.getTrimmedStringCollection(RoundConf.SEED_BATCHES).stream().map(Path::new).toList(), conf);
  }

  /** Writes results to the map output; Hadoop's context is not thread-safe, so one writer at a time. */
  private final class ContextSink implements FetchSink {
    @Override
    public void fetched(ManifestRecord record, List<FrontierEntry> discovered) {
      write(record.getUrl(), UrlUpdate.newBuilder().setFetched(record).build());
      if (DigestKeys.dedupes(record)) {
        // Also to the body's digest group, where duplicates across URLs meet.
        write(DigestKeys.captureKey(record.getDigest(), record.getUrl()), UrlUpdate.newBuilder().setFetched(record).build());
      }
      for (FrontierEntry link : discovered) {
        write(link.getUrl(), UrlUpdate.newBuilder().setLinked(link).build());
      }
    }

    @Override
    public void discovered(List<FrontierEntry> entries) {
      for (FrontierEntry e : entries) {
        write(e.getUrl(), UrlUpdate.newBuilder().setLinked(e).build());
      }
    }

    @Override
    public void carried(FrontierEntry entry) {
      write(entry.getUrl(), UrlUpdate.newBuilder().setCarried(entry).build());
    }

    @Override
    public void robots(RobotsEntry entry) {
      write(entry.getOrigin() + "/robots.txt", UrlUpdate.newBuilder().setRobots(entry).build());
    }

    @Override
    public void count(RoundCounter counter, long amount) {
      synchronized (context) {
        context.getCounter(counter).increment(amount);
      }
    }

    @Override
    public void count(FetchStatus status) {
      synchronized (context) {
        context.getCounter(RoundConf.STATUS_COUNTERS, status.name()).increment(1);
      }
    }

    void write(String url, UrlUpdate update) {
      synchronized (context) {
        try {
          context.write(new Text(url), new AvroValue<>(update));
        } catch (IOException e) {
          throw new StorageFault("cannot write the map output", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new StorageFault("cannot write the map output", new java.io.InterruptedIOException("interrupted"));
        }
      }
    }
  }
}
