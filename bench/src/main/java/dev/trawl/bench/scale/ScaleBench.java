package dev.trawl.bench.scale;

import dev.trawl.bench.CountingSink;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.bench.CountingSink;
import dev.trawl.mappers.fetch.FetchTask;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.Selection;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.settings.TrawlSettings;
import java.io.InputStream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * The fetch task at crawl scale (issue 12): one fetch task fed a fetch list in the order a round
 * writes it (by URL, so host after host), against thousands of nginx hosts on loopback. Prints,
 * per case, pages/s against the politeness limit (hosts x 1/delay), the hosts nginx served in each
 * 10 s window, and the heap in use after a full GC once the whole list is read in; then the
 * 50-host case and delay 0 against a plain HTTP loop on the same server. A table, then JSON.
 */
public final class ScaleBench {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** How a fetch list is ordered: the round's own order, or page by page across hosts (the convenient one). */
  enum Order { ROUND, PAGE_MAJOR }

  record Result(String name, int hosts, int pagesPerHost, double delay, Order order, long fetched, double seconds,
                double limit, List<Integer> hostsPerWindow, long heapAfterGcMib, long requests, double readSeconds) {
    double pagesPerSecond() { return fetched / seconds; }

    /** Requests (robots.txt too: the politeness rule counts every request) per second of the limit. */
    double efficiency() { return requests / seconds / limit; }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("case", name);
      m.put("hosts", hosts);
      m.put("pages_per_host", pagesPerHost);
      m.put("urls", (long) hosts * pagesPerHost);
      m.put("delay_s", delay);
      m.put("order", order.name().toLowerCase());
      m.put("pages", fetched);
      m.put("seconds", seconds);
      m.put("pages_per_s", pagesPerSecond());
      m.put("requests", requests);
      m.put("requests_per_s", requests / seconds);
      m.put("politeness_limit_pages_per_s", limit);
      m.put("efficiency", efficiency());
      m.put("hosts_per_10s_window", hostsPerWindow);
      m.put("heap_after_gc_mib", heapAfterGcMib);
      m.put("list_read_s", readSeconds);
      return m;
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    Path dir = Files.createTempDirectory("trawl-scale-bench");
    List<Result> results = new ArrayList<>();
    System.out.printf("fetch task at scale: nginx on loopback, %d cores, max heap %d MiB, %d s per time-limited case%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, seconds);
    try (NginxSite site = new NginxSite(dir, 5000, 18000 + (int) (ProcessHandle.current().pid() % 1000))) {
      results.add(run(site, "200x1000 delay 1s", 200, 1000, 1, Order.ROUND, seconds));
      results.add(run(site, "200x1000 delay 1s", 200, 1000, 1, Order.PAGE_MAJOR, seconds));
      results.add(run(site, "5000x20 delay 10s", 5000, 20, 10, Order.ROUND, seconds));
      results.add(run(site, "5000x200 delay 10s", 5000, 200, 10, Order.ROUND, seconds));
      results.add(run(site, "50x100 delay 0.2s", 50, 100, 0.2, Order.ROUND, 0));
      Result fast = run(site, "50x100 delay 0", 50, 100, 0, Order.ROUND, 0);
      results.add(fast);
      double plain = plainLoop(site, 50, 100);
      System.out.println();
      System.out.printf("%-22s %-10s %9s %8s %8s %8s %6s %22s %9s%n", "case", "order", "URLs", "pages", "req/s",
          "limit/s", "eff.", "hosts per 10s min-max", "heap MiB");
      for (Result r : results) {
        IntSummaryStatistics w = r.hostsPerWindow().stream().mapToInt(Integer::intValue).summaryStatistics();
        System.out.printf("%-22s %-10s %9d %8d %8.1f %8s %6s %22s %9d%n", r.name(), r.order().name().toLowerCase(),
            (long) r.hosts() * r.pagesPerHost(), r.fetched(), r.requests() / r.seconds(),
            r.limit() > 0 ? String.format("%.0f", r.limit()) : "-", r.limit() > 0 ? String.format("%.3f", r.efficiency()) : "-",
            w.getCount() == 0 ? "-" : w.getMin() + "-" + w.getMax() + " of " + r.hosts(), r.heapAfterGcMib());
      }
      int cores = Runtime.getRuntime().availableProcessors();
      System.out.printf("delay 0: trawl %.0f pages/s (%.0f per core), plain HTTP loop %.0f pages/s (%.0f per core): ratio %.2f%n",
          fast.pagesPerSecond(), fast.pagesPerSecond() / cores, plain, plain / cores, fast.pagesPerSecond() / plain);
      System.out.printf("round order against page-major order (200x1000): %.3f; heap, 1,000,000 URLs against 100,000: %d MiB / %d MiB%n",
          results.get(0).efficiency() / results.get(1).efficiency(), results.get(3).heapAfterGcMib(), results.get(2).heapAfterGcMib());
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("cores", cores);
      json.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
      json.put("cases", results.stream().map(Result::json).toList());
      json.put("delay_0", Map.of("trawl_pages_per_s", fast.pagesPerSecond(), "plain_loop_pages_per_s", plain,
          "ratio", fast.pagesPerSecond() / plain));
      System.out.println(JSON.writeValueAsString(json));
    }
  }

  /**
   * Writes the fetch list of {@code hosts} x {@code pages} as an Avro file in the given order. In the
   * round's order it is what a round's reducer writes: sorted by URL, so by host name as text
   * (127.10.0.10 before 127.10.0.2), then by path. The entries are made one at a time, never held.
   */
  static Path writeList(NginxSite site, int hosts, int pages, Order order, Path dir) throws Exception {
    List<String> names = new ArrayList<>(site.hosts().subList(0, hosts));
    names.sort(Comparator.comparing(h -> site.url(h, "/")));
    Path file = dir.resolve("list-" + hosts + "x" + pages + "-" + order + ".avro");
    try (DataFileWriter<FrontierEntry> w = new DataFileWriter<>(new SpecificDatumWriter<>(FrontierEntry.class))) {
      w.setCodec(CodecFactory.deflateCodec(1));
      w.create(FrontierEntry.getClassSchema(), file.toFile());
      for (long i = 0; i < (long) hosts * pages; i++) {
        int h = (int) (order == Order.ROUND ? i / pages : i % hosts);
        int p = (int) (order == Order.ROUND ? i % pages : i / hosts);
        String host = names.get(h);
        w.append(FrontierEntry.newBuilder().setUrl(site.url(host, String.format("/p/%06d", p))).setHost(host).setDepth(1).setRetries(0).build());
      }
    }
    return file;
  }

  /** One fetch task over the list, stopped after {@code seconds} (0: until done). */
  static Result run(NginxSite site, String name, int hosts, int pages, double delay, Order order, int seconds) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("trawl.fetch.delay", Double.toString(delay));
    conf.set("trawl.fetch.allow-private", "127.0.0.0/8");
    conf.set("trawl.scope", "any");
    TrawlSettings settings = TrawlSettings.from(conf);
    CountingSink sink = new CountingSink();
    Path list = writeList(site, hosts, pages, order, Files.createTempDirectory("trawl-scale-list"));
    site.clearLog();
    System.gc();
    double readSeconds;
    long start = System.nanoTime();
    long deadline = seconds > 0 ? System.currentTimeMillis() + seconds * 1000L : 0;
    long heapAfterGc;
    Path spill = Files.createTempDirectory("trawl-scale-spill");
    try (HttpFetcher fetcher = new HttpFetcher(settings);
         WarcOutput warc = new WarcOutput(OutputStream.nullOutputStream(), "warc/bench.warc.gz", Map.of());
         ActivityLog log = new ActivityLog(OutputStream.nullOutputStream());
         FetchTask task = new FetchTask(settings, fetcher, new ScopeFilter(settings, Set.of()), warc, log, sink,
             Selection.ALL, deadline, spill)) {
      task.start();
      // Read as the fetch mapper's record reader reads a fetch list: a fresh record each.
      try (DataFileReader<FrontierEntry> in = new DataFileReader<>(list.toFile(), new SpecificDatumReader<>(FrontierEntry.class))) {
        while (in.hasNext()) {
          task.add(in.next());
        }
      }
      readSeconds = (System.nanoTime() - start) / 1e9;
      // The whole list is in the task now: what it holds on the heap for it, after a full collection.
      System.gc();
      heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
      task.finish(() -> { });
    } finally {
      try (var files = Files.list(spill)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.deleteIfExists(spill);
      Files.deleteIfExists(list);
      Files.deleteIfExists(list.getParent());
    }
    // A time-limited case is judged over its time limit; the carry-over after it is no fetching.
    double took = seconds > 0 ? seconds : (System.nanoTime() - start) / 1e9;
    List<NginxSite.Hit> hits = site.hits();
    double limit = delay > 0 ? hosts / delay : 0;
    Result r = new Result(name, hosts, pages, delay, order, sink.fetched(), took, limit,
        NginxSite.hostsPerWindow(hits, 10), heapAfterGc, hits.size(), readSeconds);
    System.out.printf("  %s, %s order: list read in %.1f s; %d pages, %d requests in %.1f s, %.1f requests/s%s%n", name,
        order.name().toLowerCase(), readSeconds, r.fetched(), r.requests(), took, r.requests() / took, limit > 0 ? String.format(" of %.0f (%.3f)", limit, r.efficiency()) : "");
    return r;
  }

  /** The floor: a thread per host GETting its pages back to back, bodies read, nothing else. */
  static double plainLoop(NginxSite site, int hosts, int pages) throws Exception {
    try (CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(hosts * 2).setMaxConnPerRoute(2).build())
        .build()) {
      AtomicLong done = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      for (int h = 0; h < hosts; h++) {
        String host = site.hosts().get(h);
        Thread t = new Thread(() -> {
          for (int p = 0; p < pages; p++) {
            try (ClassicHttpResponse r = client.executeOpen(null, new HttpGet(site.url(host, String.format("/p/%06d", p))), null);
                 InputStream in = r.getEntity().getContent()) {
              in.transferTo(OutputStream.nullOutputStream());
              done.incrementAndGet();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      return done.get() / ((System.nanoTime() - start) / 1e9);
    }
  }
}
