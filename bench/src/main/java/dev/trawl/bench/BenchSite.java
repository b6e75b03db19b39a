package dev.trawl.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback site for benchmarks: {@code hosts} hosts (127.0.0.2 up, one port), pages {@code /p/N}
 * of about {@code pageBytes} bytes with five links each, an optional latency per response and a
 * share of 503 answers. robots.txt allows everything.
 */
final class BenchSite implements AutoCloseable {
  private final List<HttpServer> servers = new ArrayList<>();
  private final ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
    Thread t = new Thread(r, "bench-site");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong served = new AtomicLong();
  private final int pageBytes;
  private final long latencyMillis;
  private final double errorShare;
  private int port;

  BenchSite(int hosts, int pageBytes, long latencyMillis, double errorShare) throws IOException {
    this.pageBytes = pageBytes;
    this.latencyMillis = latencyMillis;
    this.errorShare = errorShare;
    for (int attempt = 0; ; attempt++) {
      try {
        bind(hosts);
        return;
      } catch (BindException e) {
        close();
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }

  private void bind(int hosts) throws IOException {
    port = 0;
    for (int h = 0; h < hosts; h++) {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host(h)), port), 256);
      s.createContext("/", exchange -> {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
          if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
          }
          int status = 200;
          String body;
          if (path.equals("/robots.txt")) {
            body = "User-agent: *\nAllow: /\n";
          } else if (errorShare > 0 && (path.hashCode() & 0xffff) < errorShare * 0x10000) {
            status = 503;
            body = "busy";
          } else {
            body = page(path);
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", path.equals("/robots.txt") ? "text/plain" : "text/html; charset=utf-8");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
          served.incrementAndGet();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      s.setExecutor(executor);
      s.start();
      servers.add(s);
      port = s.getAddress().getPort();
    }
  }

  private String page(String path) {
    int n = path.startsWith("/p/") ? Integer.parseInt(path.substring(3)) : 0;
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><title>page ").append(n).append("</title></head><body>");
    for (int k = 1; k <= 5; k++) {
      b.append("<a href=\"/p/").append((n * 7 + k) % 100_000).append("\">link ").append(k).append("</a> ");
    }
    while (b.length() < pageBytes - 20) {
      b.append("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>");
    }
    return b.append("</body></html>").toString();
  }

  static String host(int h) {
    return "127.0.0." + (h + 2);
  }

  String url(int h, int page) {
    return "http://" + host(h) + ":" + port + "/p/" + page;
  }

  long served() {
    return served.get();
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
    servers.clear();
  }
}
