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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  static TaskHarness run(TrawlSettings settings, List<String> urls) throws Exception {
    return run(settings, SystemDefaultDnsResolver.INSTANCE, OutputStream.nullOutputStream(), urls, 0);
  }

  static TaskHarness run(TrawlSettings settings, DnsResolver dns, OutputStream warcFile, List<String> urls,
                         int redirects) throws Exception {
    TaskHarness h = new TaskHarness();
    try (HttpFetcher fetcher = new HttpFetcher(settings, dns);
         WarcOutput warc = new WarcOutput(warcFile, "warc/test.warc.gz", Map.of());
         ActivityLog log = new ActivityLog(h.log)) {
      FetchTask task = new FetchTask(settings, fetcher, new ScopeFilter(settings, Set.of()), warc, log, h.sink(), Selection.ALL, 0,
          java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
      task.start();
      for (String url : urls) {
        String u = Urls.normalise(url);
        task.add(FrontierEntry.newBuilder().setUrl(u).setHost(Urls.host(u)).setDepth(0).setRedirects(redirects).build());
      }
      task.finish(() -> { });
      task.close();
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
      public synchronized void fetched(ManifestRecord record, List<FrontierEntry> links) {
        fetched.add(record);
        discovered.addAll(links);
      }

      @Override
      public synchronized void carried(FrontierEntry entry) {
        carried.add(entry);
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
