package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.mappers.fetch.FetchTask;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.Selection;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.settings.TrawlSettings;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * A fetch task's memory over 100,000 pages of 8 KiB (issue 3). Politeness and throughput at scale,
 * against a server that is not the bottleneck, are {@code bench/scale.sh}'s. Prints a line and JSON.
 */
public final class FetchBench {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static void main(String[] args) throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    System.out.println("fetch task benchmark (loopback site, JDK HttpServer; " + Runtime.getRuntime().availableProcessors() + " cores)");

    try (BenchSite site = new BenchSite(100, 8192, 0, 0)) {
      Path warc = Files.createTempFile("bench", ".warc.gz");
      try {
        Peaks.reset();
        Run big;
        try (OutputStream out = Files.newOutputStream(warc)) {
          big = fetch(site, 100, 1000, 0, 50, out);
        }
        long heap = Peaks.heapBytes();
        long rss = Peaks.rssBytes();
        System.out.printf("memory: 100,000 pages of 8 KiB from 100 hosts, 50 threads: peak heap %d MiB, peak RSS %d MiB "
            + "(max heap %d MiB), %.0f pages/s, WARC %d MiB%n", heap >> 20, rss >> 20,
            Runtime.getRuntime().maxMemory() >> 20, big.pagesPerSecond(), Files.size(warc) >> 20);
        results.put("memory", Map.of("pages", big.pages(), "peak_heap_mib", heap >> 20, "peak_rss_mib", rss >> 20,
            "max_heap_mib", Runtime.getRuntime().maxMemory() >> 20, "pages_per_s", big.pagesPerSecond()));
      } finally {
        Files.deleteIfExists(warc);
      }
    }
    System.out.println(JSON.writeValueAsString(results));
  }

  /** @param requestMillis mean time from sending a request to the last body byte */
  record Run(long pages, double seconds, double requestMillis) {
    double pagesPerSecond() {
      return pages / seconds;
    }
  }

  /** One fetch task over hosts x pages; WARC to {@code warc}, or discarded. */
  static Run fetch(BenchSite site, int hosts, int pages, double delay, int threads, OutputStream warc) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("trawl.fetch.delay", Double.toString(delay));
    conf.set("trawl.fetch.threads", Integer.toString(threads));
    conf.set("trawl.fetch.allow-private", "127.0.0.0/8");
    conf.set("trawl.scope", "any");
    TrawlSettings settings = TrawlSettings.from(conf);
    CountingSink sink = new CountingSink();
    long start = System.nanoTime();
    try (HttpFetcher fetcher = new HttpFetcher(settings);
         WarcOutput out = new WarcOutput(warc == null ? OutputStream.nullOutputStream() : warc, "warc/bench.warc.gz", Map.of());
         ActivityLog log = new ActivityLog(OutputStream.nullOutputStream())) {
      FetchTask task = new FetchTask(settings, fetcher, new ScopeFilter(settings, Set.of()), out, log, sink, Selection.ALL, 0,
          Path.of(System.getProperty("java.io.tmpdir")));
      task.start();
      // Page-major order, as a fetch list sorted by URL would not be: the queues must interleave hosts either way.
      for (int p = 0; p < pages; p++) {
        for (int h = 0; h < hosts; h++) {
          String url = site.url(h, p);
          task.add(FrontierEntry.newBuilder().setUrl(url).setHost(BenchSite.host(h)).setDepth(0).build());
        }
      }
      task.finish(() -> { });
      task.close();
    }
    return new Run(sink.fetched(), (System.nanoTime() - start) / 1e9, sink.fetched() == 0 ? 0 : (double) sink.fetchMillis() / sink.fetched());
  }
}
