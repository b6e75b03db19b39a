package dev.trawl.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An EMR endpoint on loopback that speaks the service's JSON protocol (POST /, X-Amz-Target,
 * application/x-amz-json-1.1), records every request, and answers each target as a test scripts it:
 * a standing answer, and answers for the next calls only (a throttling error, then success).
 */
public final class LoopbackEmr implements AutoCloseable {
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  /** One request as received. */
  public record Request(String method, String path, String target, String contentType, String body) {}

  private record Answer(int status, String body) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Answer> standing = new ConcurrentHashMap<>();
  private final Map<String, Deque<Answer>> next = new ConcurrentHashMap<>();

  private LoopbackEmr() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public static LoopbackEmr start() throws IOException {
    return new LoopbackEmr();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers every call of {@code target} (e.g. ElasticMapReduce.RunJobFlow) with this, unless a next answer is queued. */
  public void answer(String target, int status, String json) {
    standing.put(target, new Answer(status, json));
  }

  /** Answers the next call of {@code target} with this, once. */
  public void answerNext(String target, int status, String json) {
    next.computeIfAbsent(target, t -> new ArrayDeque<>()).add(new Answer(status, json));
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String target) {
    return requests.stream().filter(r -> r.target().equals(target)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), target,
        exchange.getRequestHeaders().getFirst("Content-Type"), body));
    Deque<Answer> queued = next.get(target);
    Answer answer;
    synchronized (this) {
      answer = queued != null && !queued.isEmpty() ? queued.poll() : standing.get(target);
    }
    if (answer == null) {
      answer = new Answer(400, "{\"__type\":\"UnknownOperationException\",\"message\":\"the test scripted no answer to " + target + "\"}");
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", "loopback-" + requests.size());
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
