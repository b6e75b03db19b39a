package dev.trawl.mappers.fetch;

import static dev.trawl.mappers.fetch.FetchTaskTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.FetchErrors;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that breaks HTTP gets one request per URL and a permanent error naming the violation;
 * a connection that merely ends early is transient, as a reset is. Evidence from the server's own
 * log: bytes written raw to a socket, since no well-behaved HTTP server can send them.
 */
class ProtocolViolationsTest {
  private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

  static {
    ANSWERS.put("/robots.txt", "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    ANSWERS.put("/long-header", "HTTP/1.1 200 OK\r\nConnection: close\r\nX-Padding: " + "x".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nhi");
    ANSWERS.put("/many-headers", "HTTP/1.1 200 OK\r\nConnection: close\r\n" + "X-H: 1\r\n".repeat(300) + "Content-Length: 2\r\n\r\nhi");
    ANSWERS.put("/bad-chunk", "HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    ANSWERS.put("/not-http", "SSH-2.0-OpenSSH_9.2\r\n");
    ANSWERS.put("/bare-body", "<html><body>no status line, no headers</body></html>");
    ANSWERS.put("/status-999", "HTTP/1.1 999 Odd\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi");
    ANSWERS.put("/cut-short", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 100\r\n\r\nonly this");
    ANSWERS.put("/silent", "");
  }

  /** What this test's server answers instead of {@link #ANSWERS}. */
  private final Map<String, String> answersInstead = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<String> requested = Collections.synchronizedList(new ArrayList<>());
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aViolationIsRequestedOnceAndNeverRetriedWhileAConnectionCutShortIs() throws Exception {
    String base = serve();
    List<String> urls = ANSWERS.keySet().stream().filter(p -> !p.equals("/robots.txt")).map(p -> base + p).toList();
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> TaskHarness.run(
        settings("trawl.fetch.max-header-line", "8192", "trawl.fetch.max-headers", "200", "trawl.fetch.host-max-failures", "100"), urls));

    for (String path : List.of("/long-header", "/many-headers", "/bad-chunk", "/not-http", "/bare-body", "/status-999")) {
      ManifestRecord r = run.record(base + path);
      assertTrue(r.getError() != null && r.getError().startsWith(FetchErrors.PROTOCOL_PREFIX), path + ": " + r.getError());
      assertEquals(FetchErrors.PERMANENT, r.getErrorClass(), path + " is not retried");
      assertEquals(1, Collections.frequency(requested, path), path + " requested once: " + requested);
    }
    assertEquals(FetchStatus.http_error, run.record(base + "/status-999").getStatus(), "a response all the same, in the WARC");
    assertEquals(999, run.record(base + "/status-999").getHttpStatus());
    assertTrue(run.record(base + "/long-header").getError().contains("trawl.fetch.max-header-line"),
        "the cap is named, so a user can raise it");
    assertTrue(run.record(base + "/not-http").getError().contains("SSH-2.0"), "what the server said instead");

    for (String path : List.of("/cut-short", "/silent")) {
      ManifestRecord r = run.record(base + path);
      assertEquals(FetchStatus.error, r.getStatus(), path);
      assertEquals(FetchErrors.TRANSIENT, r.getErrorClass(), path + " may pass next time: " + r.getError());
    }
    assertEquals(6, run.count(RoundCounter.FAILURES_PERMANENT));
    assertEquals(2, run.count(RoundCounter.FAILURES_TRANSIENT));
  }

  @Test
  void anOriginThatDoesNotSpeakHttpIsAnErrorOnItsPagesNotARobotsDeferral() throws Exception {
    answersInstead.put("/robots.txt", "SSH-2.0-OpenSSH_9.2\r\n");
    String base = serve();
    TaskHarness run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> TaskHarness.run(settings(),
        List.of(base + "/cut-short", base + "/status-999")));
    for (String path : List.of("/cut-short", "/status-999")) {
      ManifestRecord r = run.record(base + path);
      assertEquals(FetchStatus.error, r.getStatus(), path);
      assertTrue(r.getError().startsWith(FetchErrors.PROTOCOL_PREFIX + "not an HTTP response"), r.getError());
      assertEquals(FetchErrors.PERMANENT, r.getErrorClass());
    }
    assertEquals(List.of("/robots.txt"), requested, "robots.txt once, and no page requested");
    assertTrue(run.carried.isEmpty(), "not deferred to later rounds as an unreachable robots.txt");
    assertTrue(run.robots.isEmpty(), "nothing learned of its robots.txt to keep");
  }

  /** Answers each request with the raw bytes for its path, then closes the connection. */
  private String serve() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
          String path = line == null ? "" : line.split(" ")[1];
          requested.add(path);
          OutputStream out = s.getOutputStream();
          out.write(answersInstead.getOrDefault(path, ANSWERS.getOrDefault(path, "")).getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        } catch (IOException | RuntimeException e) {
          // The next connection, or the server was closed.
        }
      }
    }, "raw-server");
    t.setDaemon(true);
    t.start();
    return "http://127.0.0.2:" + server.getLocalPort();
  }
}
