package dev.trawl.demosite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generated website served on several loopback hosts (127.0.0.2, 127.0.0.3, ... all on one port),
 * with a known link graph: what {@code trawl demo} crawls and what the tests check a crawl against.
 * It logs every request with server-side timestamps, so a test can see what was asked and when.
 */
public final class LoopbackSite implements AutoCloseable {
  private final SiteGraph graph;
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-site");
    t.setDaemon(true);
    return t;
  });
  private final long responseDelayMillis;
  // Trouble a test can give one host: what crawls meet in the wild.
  private final Map<String, Long> slowHosts = new ConcurrentHashMap<>();
  private final Map<String, Integer> throttledHosts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pagesServed = new ConcurrentHashMap<>();
  private final Map<String, String> robotsTxt = new ConcurrentHashMap<>();

  /** One request as the server saw it. Times are {@link System#nanoTime()}; {@code bodyBytes} the body it sent. */
  public record Request(String host, String path, String userAgent, int status, long startNanos, long endNanos, long bodyBytes) {}

  private LoopbackSite(SiteGraph.Shape shape, long responseDelayMillis) throws IOException {
    this.responseDelayMillis = responseDelayMillis;
    int port = bindAll(shape.hosts());
    this.graph = new SiteGraph(shape, port);
  }

  /**
   * Starts the site: {@code hosts} hosts from 127.0.0.2 up, {@code pagesPerHost} pages each, links
   * drawn from {@code seed} (the same seed gives the same site).
   */
  public static LoopbackSite start(int hosts, int pagesPerHost, long seed) throws IOException {
    return start(new SiteGraph.Shape(hosts, pagesPerHost, seed), 0);
  }

  public static LoopbackSite start(SiteGraph.Shape shape, long responseDelayMillis) throws IOException {
    return new LoopbackSite(shape, responseDelayMillis);
  }

  public SiteGraph graph() { return graph; }

  /** Makes host number {@code h} answer every request {@code millis} late: a slow server. */
  public void slowDown(int h, long millis) {
    slowHosts.put(SiteGraph.hostName(h), millis);
  }

  /**
   * Makes host number {@code h} answer 429 Too Many Requests (with Retry-After: 1) to every page
   * request after its first {@code pages}: a server that starts throttling the crawler. robots.txt
   * is still served.
   */
  public void throttleAfter(int h, int pages) {
    throttledHosts.put(SiteGraph.hostName(h), pages);
  }

  /** Makes host number {@code h} serve {@code text} as its robots.txt (a Crawl-delay, say). */
  public void robotsTxt(int h, String text) {
    robotsTxt.put(SiteGraph.hostName(h), text);
  }

  /** Every request served so far, in arrival order. */
  public List<Request> requests() { return Collections.unmodifiableList(new ArrayList<>(requests)); }

  private int bindAll(int hosts) throws IOException {
    IOException last = null;
    // All hosts share a port so URLs read naturally; another process may hold it on one of them.
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        int port = 0;
        for (int h = 0; h < hosts; h++) {
          InetAddress address = InetAddress.getByName(SiteGraph.hostName(h));
          HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
          server.createContext("/", this::serve);
          server.setExecutor(executor);
          server.start();
          servers.add(server);
          port = server.getAddress().getPort();
        }
        return port;
      } catch (BindException e) {
        last = e;
        stopServers();
      }
    }
    throw new IOException("could not bind " + hosts + " loopback hosts on one port", last);
  }

  private void serve(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String host = exchange.getLocalAddress().getAddress().getHostAddress();
    String path = exchange.getRequestURI().getRawPath();
    if (exchange.getRequestURI().getRawQuery() != null) {
      path += "?" + exchange.getRequestURI().getRawQuery();
    }
    int status;
    long sent = 0;
    try (exchange) {
      long delay = responseDelayMillis + slowHosts.getOrDefault(host, 0L);
      if (delay > 0) {
        Thread.sleep(delay);
      }
      SiteGraph.Response response = path.equals("/robots.txt") && robotsTxt.containsKey(host)
          ? new SiteGraph.Response(200, "text/plain", robotsTxt.get(host), null, null)
          : graph.respond(host, path);
      if (!path.equals("/robots.txt") && throttledHosts.containsKey(host)
          && pagesServed.computeIfAbsent(host, k -> new AtomicInteger()).incrementAndGet() > throttledHosts.get(host)) {
        response = new SiteGraph.Response(429, "text/plain", "slow down", null, null);
        exchange.getResponseHeaders().set("Retry-After", "1");
      }
      status = response.status();
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      if (response.location() != null) {
        exchange.getResponseHeaders().set("Location", response.location());
      }
      if (response.lastModified() != null) {
        exchange.getResponseHeaders().set("Last-Modified", httpDate(response.lastModified()));
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      if (status == 200 && notModifiedSince(response.lastModified(), exchange.getRequestHeaders().getFirst("If-Modified-Since"))) {
        // As a static file server does: the page has not changed since the date the client already has.
        status = 304;
        body = new byte[0];
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      sent = body.length;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 500;
    }
    requests.add(new Request(host, path, exchange.getRequestHeaders().getFirst("User-Agent"), status, start, System.nanoTime(), sent));
  }

  private static boolean notModifiedSince(Instant lastModified, String ifModifiedSince) {
    if (lastModified == null || ifModifiedSince == null) {
      return false;
    }
    try {
      return !lastModified.isAfter(java.time.ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static String httpDate(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
  }

  private void stopServers() {
    for (HttpServer s : servers) {
      s.stop(0);
    }
    servers.clear();
  }

  @Override
  public void close() {
    stopServers();
    executor.shutdownNow();
  }
}
