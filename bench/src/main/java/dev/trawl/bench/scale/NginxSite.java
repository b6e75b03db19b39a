package dev.trawl.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Many loopback hosts served by nginx (Debian's package), so that the server is never what bounds
 * a figure: one worker, one {@code listen} per address, every page the same small HTML page with
 * links, robots.txt allowing all, and an access log of the server's own times for politeness and
 * per-window figures. Hosts are 127.10.x.y, well away from the test site's 127.0.0.x.
 */
final class NginxSite implements AutoCloseable {
  static final String PAGE = "<!doctype html><html><head><title>page</title>"
      + "<meta name=\"date\" content=\"2011-04-01\"></head><body><h1>A page</h1>"
      + "<p>" + "Some words to parse on a page of ordinary size. ".repeat(40) + "</p>"
      + "<a href=\"/p/a\">a</a> <a href=\"/p/b\">b</a> <a href=\"/p/c\">c</a> <a href=\"/p/d\">d</a> <a href=\"/p/e\">e</a>"
      + "</body></html>";

  private final Path dir;
  private final List<String> hosts = new ArrayList<>();
  private final int port;
  private final Process nginx;

  /** One request as nginx logged it. */
  record Hit(String host, double seconds, String path) {}

  NginxSite(Path dir, int hostCount, int port) throws IOException, InterruptedException {
    this.dir = dir;
    this.port = port;
    for (int i = 0; i < hostCount; i++) {
      hosts.add("127.10." + (i / 250) + "." + (i % 250 + 1));
    }
    StringBuilder listen = new StringBuilder();
    for (String h : hosts) {
      listen.append("    listen ").append(h).append(':').append(port).append(";\n");
    }
    String conf = """
        worker_processes 1;
        worker_rlimit_nofile 200000;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 60000; multi_accept on; }
        http {
          log_format trawl '$server_addr $msec $status $request_uri';
          access_log %1$s/access.log trawl buffer=1m flush=2s;
          keepalive_requests 1000000;
          keepalive_timeout 120s;
          client_body_temp_path %1$s/tmp; proxy_temp_path %1$s/tmp; fastcgi_temp_path %1$s/tmp;
          uwsgi_temp_path %1$s/tmp; scgi_temp_path %1$s/tmp;
          server {
        %2$s
            location = /robots.txt { default_type text/plain; return 200 "User-agent: *\\nAllow: /\\n"; }
            location / { default_type "text/html; charset=utf-8"; return 200 '%3$s'; }
          }
        }
        """.formatted(dir, listen, PAGE);
    Files.createDirectories(dir.resolve("tmp"));
    // nginx's worker runs as an unprivileged user: it must be able to write the log here.
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(dir.resolve("nginx.conf"), conf, StandardCharsets.UTF_8);
    nginx = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    // Listening on thousands of addresses takes a moment: wait until the last one answers.
    for (int tries = 0; tries < 200; tries++) {
      if (!nginx.isAlive()) {
        throw new IOException("nginx exited: " + Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log")));
      }
      try (java.net.Socket s = new java.net.Socket(hosts.get(hosts.size() - 1), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nginx did not start listening on " + hosts.get(hosts.size() - 1) + ":" + port);
  }

  List<String> hosts() { return hosts; }

  String url(String host, String path) {
    return "http://" + host + ":" + port + path;
  }

  /** Forgets the requests so far (moves the log aside), so a run's figures are its own. */
  void clearLog() throws IOException, InterruptedException {
    Files.deleteIfExists(dir.resolve("access.log"));
    reopen();
  }

  /** The requests since the last {@link #clearLog}, once nginx has flushed its log buffer. */
  List<Hit> hits() throws IOException, InterruptedException {
    reopen();
    Path log = dir.resolve("access.log");
    List<Hit> hits = new ArrayList<>();
    if (!Files.exists(log)) {
      return hits;
    }
    for (String line : Files.readAllLines(log)) {
      String[] f = line.split(" ");
      if (f.length == 4) {
        hits.add(new Hit(f[0], Double.parseDouble(f[1]), f[3]));
      }
    }
    return hits;
  }

  /** Distinct hosts served in each full window of {@code seconds} from the first request on. */
  static List<Integer> hostsPerWindow(List<Hit> hits, double seconds) {
    if (hits.isEmpty()) {
      return List.of();
    }
    double start = hits.stream().mapToDouble(Hit::seconds).min().orElseThrow();
    double end = hits.stream().mapToDouble(Hit::seconds).max().orElseThrow();
    Map<Integer, Set<String>> windows = new HashMap<>();
    for (Hit h : hits) {
      windows.computeIfAbsent((int) ((h.seconds() - start) / seconds), w -> new HashSet<>()).add(h.host());
    }
    List<Integer> counts = new ArrayList<>();
    for (int w = 0; w < (int) ((end - start) / seconds); w++) {
      counts.add(windows.getOrDefault(w, Set.of()).size());
    }
    return counts;
  }

  /** Asks nginx to reopen its log (USR1), which also flushes what it buffered. */
  private void reopen() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(dir.resolve("nginx.pid")).strip());
    new ProcessBuilder("kill", "-USR1", Long.toString(pid)).start().waitFor(10, TimeUnit.SECONDS);
    Thread.sleep(300);
  }

  @Override
  public void close() throws InterruptedException {
    nginx.destroy();
    if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
      nginx.destroyForcibly();
    }
  }
}
