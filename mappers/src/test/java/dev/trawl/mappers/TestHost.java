package dev.trawl.mappers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * One loopback host (127.0.0.x, a free port) with a scripted handler per path and a server-side
 * log of every request with its times: the evidence for politeness and back-off tests.
 */
public final class TestHost implements AutoCloseable {
  /** A request as the server saw it; times are {@link System#nanoTime()}. */
  public record Hit(String path, long startNanos, long endNanos) {}

  /** Writes a whole response. */
  public interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final String ip;
  private final String scheme;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();

  private TestHost(String ip, SSLContext tls) throws IOException {
    this.ip = ip;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), 0);
    if (tls == null) {
      server = HttpServer.create(address, 64);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-host-" + ip);
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", exchange -> {
      long start = System.nanoTime();
      String path = exchange.getRequestURI().getRawPath();
      try (exchange) {
        handlers.getOrDefault(path, e -> reply(e, 404, "text/plain", "no such page")).handle(exchange);
      } catch (Exception e) {
        // The client went away (a cap or a deadline cut the response): that is what some tests want.
      }
      hits.add(new Hit(path, start, System.nanoTime()));
    });
    server.start();
  }

  public static TestHost start(String ip) throws IOException {
    return new TestHost(ip, null);
  }

  /** A host that speaks https only, with the certificate {@code tls} holds. */
  public static TestHost startTls(String ip, SSLContext tls) throws IOException {
    return new TestHost(ip, tls);
  }

  public TestHost handle(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  /** Answers {@code path} with a fixed response; {@code headers} are name, value pairs. */
  public TestHost on(String path, int status, String contentType, String body, String... headers) {
    return handle(path, e -> {
      for (int i = 0; i < headers.length; i += 2) {
        e.getResponseHeaders().set(headers[i], headers[i + 1]);
      }
      reply(e, status, contentType, body);
    });
  }

  public static void reply(HttpExchange e, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    e.getResponseHeaders().set("Content-Type", contentType);
    e.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(bytes);
    }
  }

  public String url(String path) {
    return scheme + "://" + host() + ":" + server.getAddress().getPort() + path;
  }

  /** The host as a URL has it: an IPv6 address in brackets. */
  public String host() {
    return ip.contains(":") ? "[" + ip + "]" : ip;
  }

  /** Requests served so far, in the order they finished. */
  public List<Hit> hits() {
    return List.copyOf(hits);
  }

  /** Paths requested, in the order they finished. */
  public List<String> paths() {
    return hits().stream().map(Hit::path).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
