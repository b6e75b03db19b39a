package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.mappers.fetch.FetchTask;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.Selection;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/**
 * Per-server politeness (issue 25): 1,000 host names spread over 20 addresses (shared hosting: fifty
 * names a server), each name a subdomain of its server's registered domain, names resolved by the
 * JVM's hosts file (the one the script writes; no resolver is asked). One fetch task per politeness
 * mode, the same URLs in the round's order (by URL, so name after name), the robots.txt rules read
 * back from the store as a later round has them, delay 1 s, for a fixed time each. Prints pages/s
 * against the per-server limit (20 addresses at one request a second: 20/s), and each address's
 * most requests at once and shortest gap (from its beginning to answer one request to the next
 * request's arrival) from its own request log. Then JSON.
 */
public final class PolitenessBench {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int ADDRESSES = 20;
  private static final int NAMES = 1000;
  private static final int PAGES_PER_NAME = 50;
  private static final byte[] PAGE = ("<html><head><title>p</title></head><body>" + "text ".repeat(400) + "</body></html>")
      .getBytes(StandardCharsets.UTF_8);

  /**
   * One request as its server saw it: when it came in, when the server began to send the answer (trawl
   * cannot have read its last byte sooner: the delay counts from at least then) and when it was done.
   */
  private record Hit(int address, long startNanos, long sendingNanos, long endNanos) {}

  public static void main(String[] args) throws Exception {
    long seconds = Long.parseLong(System.getProperty("seconds", "20"));
    List<Hit> hits = Collections.synchronizedList(new ArrayList<>());
    List<HttpServer> servers = new ArrayList<>();
    int port = 0;
    for (int a = 0; a < ADDRESSES; a++) {
      int address = a;
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip(a)), port), 64);
      s.setExecutor(Executors.newCachedThreadPool());
      s.createContext("/", e -> {
        long start = System.nanoTime();
        long sending;
        try (e) {
          sending = System.nanoTime();
          e.getResponseHeaders().set("Content-Type", "text/html");
          e.sendResponseHeaders(200, PAGE.length);
          e.getResponseBody().write(PAGE);
        }
        hits.add(new Hit(address, start, sending, System.nanoTime()));
      });
      s.start();
      port = s.getAddress().getPort();
      servers.add(s);
    }
    System.out.printf("politeness benchmark: %d names over %d addresses, delay 1 s, %d s per mode, %d cores%n",
        NAMES, ADDRESSES, seconds, Runtime.getRuntime().availableProcessors());
    Map<String, Object> results = new LinkedHashMap<>();
    try {
      for (String mode : List.of("host", "domain", "ip")) {
        hits.clear();
        Map<String, Object> r = run(mode, port, seconds, hits);
        results.put(mode, r);
        System.out.printf("  %-6s %7.1f pages/s  (per-server limit %d/s)  most requests at once to one address: %s,"
            + " shortest gap between two: %s ms; %s lookups, %s ms resolving%n", mode, (double) r.get("pages_per_s"), ADDRESSES,
            r.get("most_at_once_per_address"), r.get("shortest_gap_ms"), r.get("dns_lookups"), r.get("dns_ms"));
      }
    } finally {
      servers.forEach(s -> s.stop(0));
    }
    results.put("per_server_limit_pages_per_s", ADDRESSES);
    System.out.println(JSON.writeValueAsString(results));
  }

  static String ip(int address) {
    return "127.0.1." + (address + 1);
  }

  /** Name n: a subdomain of its address's registered domain, as the hosts file maps it. */
  static String name(int n) {
    return "n" + n + ".server" + (n % ADDRESSES) + ".com";
  }

  private static Map<String, Object> run(String mode, int port, long seconds, List<Hit> hits) throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("trawl.fetch.delay", "1");
    conf.set("trawl.fetch.threads", "50");
    conf.set("trawl.fetch.politeness", mode);
    conf.set("trawl.fetch.allow-private", "127.0.0.0/8");
    conf.set("trawl.scope", "any");
    TrawlSettings settings = TrawlSettings.from(conf);
    CountingSink sink = new CountingSink();
    List<FrontierEntry> entries = new ArrayList<>();
    for (int n = 0; n < NAMES; n++) {
      for (int p = 0; p < PAGES_PER_NAME; p++) {
        String url = Urls.normalise("http://" + name(n) + ":" + port + "/p/" + p);
        entries.add(FrontierEntry.newBuilder().setUrl(url).setHost(Urls.host(url)).setDepth(0).build());
      }
    }
    entries.sort((a, b) -> a.getUrl().compareTo(b.getUrl()));
    long start = System.nanoTime();
    Map<String, Object> r = new LinkedHashMap<>();
    try (HttpFetcher fetcher = new HttpFetcher(settings);
         WarcOutput out = new WarcOutput(OutputStream.nullOutputStream(), "warc/bench.warc.gz", Map.of());
         ActivityLog log = new ActivityLog(OutputStream.nullOutputStream())) {
      FetchTask task = new FetchTask(settings, fetcher, new ScopeFilter(settings, Set.of()), out, log, sink, Selection.ALL,
          System.currentTimeMillis() + seconds * 1000, Files.createTempDirectory("politeness-bench"));
      for (int n = 0; n < NAMES; n++) {
        // robots.txt as a later round reads it back from the store: every request is a page.
        task.remember(RobotsEntry.newBuilder().setOrigin("http://" + name(n) + ":" + port).setHost(name(n))
            .setFetchTime(System.currentTimeMillis()).setHttpStatus(404).setFailures(0).build());
      }
      task.start();
      for (FrontierEntry e : entries) {
        task.add(e);
      }
      task.finish(() -> { });
      task.close();
      r.put("dns_lookups", fetcher.addresses().lookups());
      r.put("dns_ms", fetcher.addresses().millis());
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    r.put("pages", sink.fetched());
    r.put("seconds", Math.round(elapsed * 10) / 10.0);
    r.put("pages_per_s", Math.round(sink.fetched() / elapsed * 10) / 10.0);
    int mostAtOnce = 0;
    long shortestGap = Long.MAX_VALUE;
    List<Hit> all = new ArrayList<>(hits);
    for (int a = 0; a < ADDRESSES; a++) {
      int address = a;
      List<Hit> mine = all.stream().filter(h -> h.address() == address).sorted((x, y) -> Long.compare(x.startNanos(), y.startNanos())).toList();
      for (int i = 0; i < mine.size(); i++) {
        Hit h = mine.get(i);
        mostAtOnce = Math.max(mostAtOnce, (int) mine.stream().filter(o -> o.startNanos() <= h.startNanos() && o.endNanos() > h.startNanos()).count());
        if (i > 0) {
          shortestGap = Math.min(shortestGap, TimeUnit.NANOSECONDS.toMillis(h.startNanos() - mine.get(i - 1).sendingNanos()));
        }
      }
    }
    r.put("most_at_once_per_address", mostAtOnce);
    r.put("shortest_gap_ms", shortestGap == Long.MAX_VALUE ? null : shortestGap);
    return r;
  }
}
