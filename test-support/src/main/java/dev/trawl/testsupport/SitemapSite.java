package dev.trawl.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback site (127.0.0.2) that publishes sitemaps as real sites do, for the sitemap tests: a
 * robots.txt whose {@code Sitemap:} line names an index, which nests a gzip sitemap of old posts
 * (lastmod before {@link #BOUND}), a plain one of new posts (after it, plus one URL out of scope,
 * one on a robots.txt-disallowed path and one on a private address), a 60,000-URL sitemap (all after
 * the bound) and a gzip bomb. The home page links to a few pages only, so a crawl without sitemaps
 * finds those alone. Every request is logged as the server saw it; a tripwire on 127.0.0.3 counts
 * connections, which the address guard must never let happen.
 */
public final class SitemapSite implements AutoCloseable {
  /** The date bound the test crawls with: lastmod dates lie on both sides of it. */
  public static final String BOUND = "2011-05-01";
  public static final int OLD_POSTS = 4;
  public static final int NEW_POSTS = 5;
  public static final int BIG_SITEMAP_URLS = 60_000;
  /** Pages the home page links to: what a crawl by links alone finds. */
  public static final List<String> LINKED = List.of("/about", "/post/old-1");

  private static final Instant OLD = Instant.parse("2010-03-01T10:00:00Z");
  private static final Instant NEW = Instant.parse("2012-06-01T10:00:00Z");

  private final HttpServer server;
  private final ServerSocket tripwire;
  private final AtomicInteger tripwireConnections = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> bodies = new LinkedHashMap<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sitemap-site");
    t.setDaemon(true);
    return t;
  });

  private SitemapSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 64);
    tripwire = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.3"));
    Thread watcher = new Thread(() -> {
      while (!tripwire.isClosed()) {
        try (Socket s = tripwire.accept()) {
          tripwireConnections.incrementAndGet();
        } catch (IOException e) {
          return;
        }
      }
    }, "sitemap-site-tripwire");
    watcher.setDaemon(true);
    watcher.start();
    build();
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  public static SitemapSite start() throws IOException {
    return new SitemapSite();
  }

  public String url(String path) {
    return "http://127.0.0.2:" + server.getAddress().getPort() + path;
  }

  /** The URL on a private address (the tripwire) that the plain sitemap lists. */
  public String privateUrl() {
    return "http://127.0.0.3:" + tripwire.getLocalPort() + "/guarded";
  }

  /** Paths requested, in arrival order. */
  public List<String> requests() {
    return Collections.unmodifiableList(new ArrayList<>(requests));
  }

  public int tripwireConnections() {
    return tripwireConnections.get();
  }

  /** Posts dated after the bound by their sitemap, which a crawl with --published-before must never request. */
  public List<String> newPosts() {
    List<String> paths = new ArrayList<>();
    for (int i = 1; i <= NEW_POSTS; i++) {
      paths.add("/post/new-" + i);
    }
    return paths;
  }

  /** Posts dated before the bound by their sitemap, all fetched. */
  public List<String> oldPosts() {
    List<String> paths = new ArrayList<>();
    for (int i = 1; i <= OLD_POSTS; i++) {
      paths.add("/post/old-" + i);
    }
    return paths;
  }

  /** The post whose sitemap lastmod is before the bound but whose own metadata dates it after. */
  public static final String MISDATED = "/post/misdated";

  public static String bigSitemapPath(int i) {
    return String.format("/archive/%05d", i);
  }

  private void build() throws IOException {
    String robots = "User-agent: *\nDisallow: /private/\nSitemap: " + url("/sitemap-index.xml") + "\n";
    put("/robots.txt", "text/plain", robots);
    put("/", "text/html", page("Home", OLD, LINKED));
    put("/about", "text/html", page("About", OLD, List.of("/")));
    for (String p : oldPosts()) {
      put(p, "text/html", page(p, OLD, List.of("/")));
    }
    for (String p : newPosts()) {
      put(p, "text/html", page(p, NEW, List.of("/")));
    }
    put(MISDATED, "text/html", page(MISDATED, NEW, List.of("/")));
    put("/private/secret", "text/html", page("secret", OLD, List.of()));
    put("/outside/page", "text/html", page("outside", OLD, List.of()));

    put("/sitemap-index.xml", "application/xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>%s</loc></sitemap>
          <sitemap><loc>%s</loc></sitemap>
          <sitemap><loc>%s</loc></sitemap>
          <sitemap><loc>%s</loc></sitemap>
        </sitemapindex>
        """.formatted(url("/sitemap-old.xml.gz"), url("/sitemap-new.xml"), url("/sitemap-archive.xml"), url("/bomb.xml.gz")));

    List<String> old = new ArrayList<>(oldPosts());
    old.add(MISDATED);
    bodies.put("/sitemap-old.xml.gz", gzip(urlset(old.stream().map(p -> entry(url(p), OLD)).toList()).getBytes(StandardCharsets.UTF_8)));
    types.put("/sitemap-old.xml.gz", "application/x-gzip");

    List<String> fresh = new ArrayList<>();
    newPosts().forEach(p -> fresh.add(entry(url(p), NEW)));
    fresh.add(entry(url("/outside/page"), OLD));
    fresh.add(entry(url("/private/secret"), OLD));
    fresh.add(entry(privateUrl(), OLD));
    put("/sitemap-new.xml", "application/xml", urlset(fresh));

    StringBuilder big = new StringBuilder();
    for (int i = 0; i < BIG_SITEMAP_URLS; i++) {
      big.append(entry(url(bigSitemapPath(i)), NEW));
    }
    put("/sitemap-archive.xml", "application/xml", urlset(List.of(big.toString())));

    // 64 MiB of whitespace inside a urlset: about 64 KiB gzipped, past the protocol's 50 MB.
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
      gz.write(("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
          + entry(url("/from-the-bomb"), OLD)).getBytes(StandardCharsets.UTF_8));
      byte[] spaces = new byte[1 << 20];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 64; i++) {
        gz.write(spaces);
      }
      gz.write("</urlset>".getBytes(StandardCharsets.UTF_8));
    }
    bodies.put("/bomb.xml.gz", bomb.toByteArray());
    types.put("/bomb.xml.gz", "application/x-gzip");
  }

  private void put(String path, String type, String body) {
    bodies.put(path, body.getBytes(StandardCharsets.UTF_8));
    types.put(path, type);
  }

  private String page(String title, Instant published, List<String> links) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><title>").append(title).append("</title>")
        .append("<meta property=\"article:published_time\" content=\"").append(published).append("\"></head><body>");
    links.forEach(l -> b.append("<a href=\"").append(l).append("\">").append(l).append("</a> "));
    return b.append("</body></html>").toString();
  }

  private static String entry(String loc, Instant lastmod) {
    return "<url><loc>" + loc + "</loc><lastmod>" + lastmod + "</lastmod></url>\n";
  }

  private static String urlset(List<String> entries) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        + String.join("", entries) + "</urlset>\n";
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    requests.add(path);
    try (exchange) {
      byte[] body = bodies.get(path);
      int status = 200;
      String type = types.get(path);
      if (body == null) {
        body = "no such page".getBytes(StandardCharsets.UTF_8);
        status = 404;
        type = "text/plain";
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // The crawler hung up (a body cap): what the bomb test wants.
    }
  }

  /** Distinct paths requested. */
  public TreeSet<String> requestedPaths() {
    return new TreeSet<>(requests);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      tripwire.close();
    } catch (IOException e) {
      // Closing a listening socket on loopback does not fail in practice; nothing to do if it does.
    }
  }
}
