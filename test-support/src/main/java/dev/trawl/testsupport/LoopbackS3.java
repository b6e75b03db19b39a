package dev.trawl.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An S3 endpoint on loopback: s3proxy over a folder, in a JVM of its own (its Jetty 12 cannot share
 * a JVM with Hadoop's Jetty 9.4). A bucket is a folder under the data folder. The server can be
 * killed and started again on the same port and data, to test what a crawl does when S3 goes away.
 */
public final class LoopbackS3 implements AutoCloseable {
  public static final String ACCESS_KEY = "trawl-test-access";
  public static final String SECRET_KEY = "trawl-test-secret";
  private static final long START_TIMEOUT_MS = 60_000;

  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private Process process;

  private LoopbackS3(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
    this.logFile = dataDir.resolveSibling(dataDir.getFileName() + "-s3proxy.log");
  }

  /** Starts an S3 endpoint whose buckets are folders under {@code dataDir} (created if missing). */
  public static LoopbackS3 start(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    LoopbackS3 s3 = new LoopbackS3(dataDir.toAbsolutePath(), freePort());
    s3.startProcess();
    return s3;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A bucket is a folder under the data folder, so creating one needs no request. */
  public void createBucket(String name) throws IOException {
    Files.createDirectories(dataDir.resolve(name));
  }

  /** The Hadoop settings that point S3A at this endpoint with its credentials (DEPENDENCIES.md). */
  public Map<String, String> s3aSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.endpoint", endpoint().toString());
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    return s;
  }

  /** Kills the server the way a crash or a network cut would: no goodbye to open connections. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the server again on the same port and data after {@link #kill}. */
  public void restart() throws IOException {
    if (process != null) {
      throw new IllegalStateException("the S3 server is running");
    }
    startProcess();
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  private void startProcess() throws IOException {
    Path properties = dataDir.resolveSibling(dataDir.getFileName() + "-s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=" + endpoint(),
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + dataDir) + "\n");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-DLOG_LEVEL=info");
    command.add("-cp");
    command.add(classpath());
    command.add("org.gaul.s3proxy.Main");
    command.add("--properties");
    command.add(properties.toString());
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
    // A test JVM that exits without closing this must not leave a server behind.
    Process started = process;
    Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-s3proxy"));
    awaitReady();
  }

  private void awaitReady() throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with " + process.exitValue() + " on start; see " + logFile);
      }
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        // Any S3 answer (403 to an anonymous request) means it is serving.
        if (c.getResponseCode() > 0) {
          c.disconnect();
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for s3proxy", e);
      }
    }
    process.destroyForcibly();
    throw new IOException("s3proxy did not answer on " + endpoint() + " within " + START_TIMEOUT_MS / 1000 + "s; see " + logFile);
  }

  /** s3proxy's own classpath, resolved by Maven when this module was built. */
  private static String classpath() {
    try (InputStream in = LoopbackS3.class.getResourceAsStream("s3proxy.classpath")) {
      if (in == null) {
        throw new IllegalStateException("s3proxy.classpath is missing: build the test-support module with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
