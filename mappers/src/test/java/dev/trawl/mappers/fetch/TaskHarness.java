package dev.trawl.mappers.fetch;

import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.Selection;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.nio.file.Path;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** Runs a {@link FetchTask} outside Hadoop, collecting what it emits. */
final class TaskHarness {
  final List<ManifestRecord> fetched = new ArrayList<>();
  final List<FrontierEntry> discovered = new ArrayList<>();
  final List<FrontierEntry> carried = new ArrayList<>();
  final List<RobotsEntry> robots = new ArrayList<>();
  final Map<RoundCounter, Long> counters = new EnumMap<>(RoundCounter.class);
  final Map<FetchStatus, Long> statuses = new ConcurrentHashMap<>();
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private Consumer<ManifestRecord> onRecord;
  /** What the task's finish threw, if it failed. */
  IOException failure;

  static TaskHarness run(TrawlSettings settings, List<String> urls) throws Exception {
    return run(settings, SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(), urls, 0);
  }

  static TaskHarness run(TrawlSettings settings, DnsResolver dns, OutputStream warcFile, List<String> urls,
                         int redirects) throws Exception {
    List<FrontierEntry> entries = new ArrayList<>();
    for (String url : urls) {
      String u = Urls.normalise(url);
      entries.add(FrontierEntry.newBuilder().setUrl(u).setHost(Urls.host(u)).setDepth(0).setRedirects(redirects).build());
    }
    return run(settings, dns, warcFile, entries, 0, record -> { });
  }

  /** Runs a task over {@code entries} in the order given; fails the test if the task failed. */
  static TaskHarness run(TrawlSettings settings, DnsResolver dns, OutputStream warcFile, List<FrontierEntry> entries,
                         long deadlineMillis, Consumer<ManifestRecord> onRecord) throws Exception {
    TaskHarness h = runAllowingFailure(settings, dns, warcFile, entries, deadlineMillis, onRecord);
    if (h.failure != null) {
      throw new AssertionError("the fetch task failed; its log:\n" + h.log(), h.failure);
    }
    return h;
  }

  /**
   * Runs a task over {@code entries} in the order given; what its finish threw, if it failed, is in {@link #failure}.
   *
   * @param deadlineMillis epoch millis when fetching stops; 0: none
   * @param onRecord called with each record before it is kept, on the fetch thread (a test may make it hang)
   */
  static TaskHarness runAllowingFailure(TrawlSettings settings, DnsResolver dns, OutputStream warcFile,
                                        List<FrontierEntry> entries, long deadlineMillis,
                                        Consumer<ManifestRecord> onRecord) throws Exception {
    return runAllowingFailure(settings, dns, warcFile, null, entries, deadlineMillis, onRecord);
  }

  /** A task that also writes its pages' main texts to {@code wetFile} (named wet/test.warc.wet.gz in pointers). */
  static TaskHarness runWithTexts(TrawlSettings settings, OutputStream warcFile, OutputStream wetFile, List<String> urls) throws Exception {
    List<FrontierEntry> entries = new ArrayList<>();
    for (String url : urls) {
      String u = Urls.normalise(url);
      entries.add(FrontierEntry.newBuilder().setUrl(u).setHost(Urls.host(u)).setDepth(0).build());
    }
    TaskHarness h = runAllowingFailure(settings, SystemDefaultDnsResolver.INSTANCE, warcFile, wetFile, entries, 0, record -> { });
    if (h.failure != null) {
      throw new AssertionError("the fetch task failed; its log:\n" + h.log(), h.failure);
    }
    return h;
  }

  private static TaskHarness runAllowingFailure(TrawlSettings settings, DnsResolver dns, OutputStream warcFile, OutputStream wetFile,
                                                List<FrontierEntry> entries, long deadlineMillis,
                                                Consumer<ManifestRecord> onRecord) throws Exception {
    TaskHarness h = new TaskHarness();
    h.onRecord = onRecord;
    try (HttpFetcher fetcher = new HttpFetcher(settings, dns);
         WarcOutput warc = new WarcOutput(warcFile, "warc/test.warc.gz", Map.of());
         WarcOutput wet = wetFile == null ? null : new WarcOutput(wetFile, "wet/test.warc.wet.gz", Map.of());
         ActivityLog log = new ActivityLog(h.log);
         FetchTask task = new FetchTask(settings, fetcher, new ScopeFilter(settings, Set.of()), warc, wet, log, h.sink(),
             Selection.ALL, deadlineMillis, Path.of(System.getProperty("java.io.tmpdir")))) {
      task.start();
      for (FrontierEntry e : entries) {
        task.add(e);
      }
      try {
        task.finish(() -> { });
      } catch (IOException e) {
        h.failure = e;
      }
    }
    return h;
  }

  ManifestRecord record(String url) {
    String u = Urls.normalise(url);
    return fetched.stream().filter(m -> m.getUrl().equals(u)).findFirst()
        .orElseThrow(() -> new AssertionError("no record of " + u + " in " + fetched));
  }

  long count(RoundCounter c) {
    return counters.getOrDefault(c, 0L);
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private FetchSink sink() {
    return new FetchSink() {
      @Override
      public void fetched(ManifestRecord record, List<FrontierEntry> links) {
        onRecord.accept(record);
        synchronized (TaskHarness.this) {
          fetched.add(record);
          discovered.addAll(links);
        }
      }

      @Override
      public void discovered(List<FrontierEntry> entries) {
        synchronized (TaskHarness.this) {
          discovered.addAll(entries);
        }
      }

      @Override
      public void carried(FrontierEntry entry) {
        synchronized (TaskHarness.this) {
          carried.add(entry);
        }
      }

      @Override
      public synchronized void robots(RobotsEntry entry) {
        robots.add(entry);
      }

      @Override
      public synchronized void count(RoundCounter counter, long amount) {
        counters.merge(counter, amount, Long::sum);
      }

      @Override
      public void count(FetchStatus status) {
        statuses.merge(status, 1L, Long::sum);
      }
    };
  }
}
