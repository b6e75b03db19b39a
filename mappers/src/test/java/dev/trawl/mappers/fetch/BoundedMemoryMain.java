package dev.trawl.mappers.fetch;

import dev.trawl.mappers.TestSettings;
import dev.trawl.schema.ManifestRecord;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Runs a fetch task over the URLs given, in a JVM started with a small heap by
 * {@link BoundedMemoryTest}, writing a real WARC file; prints one line per fetch.
 */
public final class BoundedMemoryMain {
  public static void main(String[] args) throws Exception {
    Path warc = Files.createTempFile("bounded", ".warc.gz");
    try (OutputStream out = Files.newOutputStream(warc)) {
      TaskHarness run = TaskHarness.run(TestSettings.of(
          "trawl.fetch.allow-private", TestSettings.LOOPBACK, "trawl.scope", "any", "trawl.fetch.delay", "0",
          "trawl.fetch.threads", "8", "trawl.fetch.max-body", Integer.toString(24 << 20),
          "trawl.fetch.max-decoded", Integer.toString(1 << 20)),
          SystemDefaultDnsResolver.INSTANCE, out, List.of(args), 0);
      for (ManifestRecord m : run.fetched) {
        System.out.println("RESULT " + m.getUrl() + " " + m.getStatus() + " " + m.getContentLength() + " "
            + m.getContentTruncated() + " " + m.getError());
      }
      System.out.println("WARC " + Files.size(warc));
    } finally {
      Files.deleteIfExists(warc);
    }
  }
}
