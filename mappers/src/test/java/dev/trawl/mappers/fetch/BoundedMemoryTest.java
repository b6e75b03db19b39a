package dev.trawl.mappers.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestHost;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A fetch task's heap does not grow with page sizes: four 32 MiB pages fetched at once (kept up to
 * the 24 MiB cap) and a gzip bomb (a small body that decodes to 256 MiB) go through a task whose
 * whole JVM has 64 MiB of heap. Holding the bodies in memory would need 96 MiB; decoding the bomb,
 * 256 MiB. What parsing holds is bounded apart: two pages at once, each decoded up to
 * trawl.fetch.max-decoded (1 MiB here; jsoup's tree of a page takes several times its size).
 */
class BoundedMemoryTest {
  private static final int PAGE_BYTES = 32 << 20;

  @Test
  void bigPagesAndAGzipBombFitInASmallHeap() throws Exception {
    byte[] page = new byte[PAGE_BYTES];
    Arrays.fill(page, (byte) 'a');
    byte[] bomb = gzipOfZeros(256 << 20);
    List<TestHost> hosts = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    try {
      for (int i = 2; i < 6; i++) {
        TestHost h = TestHost.start("127.0.0." + i);
        hosts.add(h);
        h.handle("/big", e -> {
          e.getResponseHeaders().set("Content-Type", "text/html");
          e.sendResponseHeaders(200, page.length);
          try (OutputStream out = e.getResponseBody()) {
            out.write(page);
          }
        });
        urls.add(h.url("/big"));
      }
      hosts.get(0).handle("/bomb", e -> {
        e.getResponseHeaders().set("Content-Type", "text/html");
        e.getResponseHeaders().set("Content-Encoding", "gzip");
        e.sendResponseHeaders(200, bomb.length);
        try (OutputStream out = e.getResponseBody()) {
          out.write(bomb);
        }
      });
      urls.add(hosts.get(0).url("/bomb"));

      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
          "-cp", System.getProperty("java.class.path"), BoundedMemoryMain.class.getName()));
      command.addAll(urls);
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      p.getInputStream().transferTo(output);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      String out = output.toString(StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      for (int i = 0; i < 4; i++) {
        assertTrue(out.contains("RESULT " + urls.get(i) + " fetched " + (24 << 20) + " true"), out);
      }
      assertTrue(out.contains("RESULT " + urls.get(4) + " fetched " + bomb.length + " true decoded content cut at "
          + (1 << 20) + " bytes"), out);
    } finally {
      hosts.forEach(TestHost::close);
    }
  }

  private static byte[] gzipOfZeros(int size) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < size; i += zeros.length) {
        gzip.write(zeros);
      }
    }
    return bytes.toByteArray();
  }
}
