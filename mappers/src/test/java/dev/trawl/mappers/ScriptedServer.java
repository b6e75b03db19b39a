package dev.trawl.mappers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server (127.0.0.1, a free port) that answers each path with a fixed response, for
 * the cases the demo site does not serve: a robots.txt that is missing or failing, a huge body, a
 * chunked body. Unknown paths get a 404. Logs the paths asked for, and those whose body the client
 * did not read to the end.
 */
public final class ScriptedServer implements AutoCloseable {
  private record Reply(int status, String contentType, byte[] body, boolean chunked, Map<String, String> headers) {}

  private final HttpServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> abandoned = new CopyOnWriteArrayList<>();

  private ScriptedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getRawPath();
      requests.add(path);
      Reply r = replies.getOrDefault(path, new Reply(404, "text/plain", "no such path".getBytes(StandardCharsets.UTF_8), false, Map.of()));
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(r.status(), r.chunked() ? 0 : r.body().length == 0 ? -1 : r.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(r.body());
        }
      } catch (IOException e) {
        // The client hung up before the whole body was sent (a capped body).
        abandoned.add(path);
      }
    });
    server.start();
  }

  public static ScriptedServer start() throws IOException {
    return new ScriptedServer();
  }

  /** Answers {@code path} with {@code status} and {@code body} (sent with a Content-Length). */
  public ScriptedServer on(String path, int status, String contentType, String body) {
    return on(path, status, contentType, body.getBytes(StandardCharsets.UTF_8), false);
  }

  /** Answers {@code path} with {@code body}, chunked (no Content-Length) if {@code chunked}. */
  public ScriptedServer on(String path, int status, String contentType, byte[] body, boolean chunked) {
    replies.put(path, new Reply(status, contentType, body, chunked, Map.of()));
    return this;
  }

  /** Answers {@code path} with a redirect to {@code location}. */
  public ScriptedServer redirect(String path, int status, String location) {
    replies.put(path, new Reply(status, "text/html", new byte[0], false, Map.of("Location", location)));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Paths asked for, in arrival order. */
  public List<String> requests() {
    return new ArrayList<>(requests);
  }

  /** Paths whose response body the client stopped reading before the end. */
  public List<String> abandoned() {
    return new ArrayList<>(abandoned);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
