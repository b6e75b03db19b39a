package dev.trawl.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback website whose pages change between two crawls of it, each page answering conditional
 * requests its own way, as servers in the wild do: some honour If-Modified-Since, some only
 * If-None-Match, some ignore both and send the same bytes again; pages get new bodies, disappear (404,
 * 410) or appear. It logs every request with the conditional headers it carried and the status and
 * body bytes it got: the server's own evidence of what a re-crawl asked for.
 */
public final class ChangingSite implements AutoCloseable {
  /** How a page answers a conditional request. */
  public enum Validators {
    /** Sends Last-Modified; answers If-Modified-Since with 304 when not modified since. */
    LAST_MODIFIED,
    /** Sends an ETag only; answers a matching If-None-Match with 304. */
    ETAG,
    /** Sends both, honours neither: always 200 and the whole body. */
    IGNORED
  }

  /** One version of a page: status 200 with a body, or 404/410 (gone). */
  public record Page(int status, String body, Instant lastModified, String etag, Validators validators) {
    public static Page of(String body, Instant lastModified, Validators validators) {
      return new Page(200, body, lastModified, "\"" + Integer.toHexString(body.hashCode()) + "\"", validators);
    }

    public static Page gone(int status) {
      return new Page(status, "gone", null, null, Validators.IGNORED);
    }
  }

  /** A request as the server saw it. */
  public record Request(String path, String ifModifiedSince, String ifNoneMatch, int status, int bodyBytes) {}

  /** RFC 9110's IMF-fixdate, the form servers send and conditional requests carry (two-digit day). */
  public static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "changing-site");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Page> pages = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private ChangingSite(String ip) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), 0), 64);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts an empty site on {@code ip} (a 127.0.0.0/8 address), on a free port. */
  public static ChangingSite start(String ip) throws IOException {
    return new ChangingSite(ip);
  }

  /** Sets (or replaces) what {@code path} serves; a path never set answers 404. */
  public void put(String path, Page page) {
    pages.put(path, page);
  }

  public String url(String path) {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path;
  }

  /** Every request so far, robots.txt included, in arrival order. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** Forgets the requests so far: the next crawl's are what a test checks. */
  public void clearLog() {
    requests.clear();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
    String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
    Page page = path.equals("/robots.txt") ? new Page(200, "User-agent: *\nAllow: /\n", null, null, Validators.IGNORED)
        : pages.getOrDefault(path, Page.gone(404));
    int status = page.status();
    byte[] body = page.body().getBytes(StandardCharsets.UTF_8);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", path.equals("/robots.txt") ? "text/plain" : "text/html; charset=utf-8");
      if (status == 200 && page.validators() != Validators.ETAG && page.lastModified() != null) {
        exchange.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(page.lastModified()));
      }
      if (status == 200 && page.validators() != Validators.LAST_MODIFIED && page.etag() != null) {
        exchange.getResponseHeaders().set("ETag", page.etag());
      }
      if (status == 200 && notModified(page, ims, inm)) {
        status = 304;
        body = new byte[0];
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    requests.add(new Request(path, ims, inm, status, body.length));
  }

  private static boolean notModified(Page page, String ims, String inm) {
    return switch (page.validators()) {
      case ETAG -> inm != null && inm.equals(page.etag());
      case LAST_MODIFIED -> ims != null && page.lastModified() != null && notAfter(page.lastModified(), ims);
      case IGNORED -> false;
    };
  }

  private static boolean notAfter(Instant lastModified, String ims) {
    try {
      Instant since = ZonedDateTime.parse(ims, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return !lastModified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
