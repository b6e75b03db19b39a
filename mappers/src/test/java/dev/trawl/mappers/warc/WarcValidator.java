package dev.trawl.mappers.warc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.netpreserve.jwarc.WarcReader;

/**
 * Runs jwarc's own validator ({@code ValidateTool}: WARC 1.1 header rules, block and payload
 * digests, HTTP Content-Length against the payload) on a file. Its only public entry point is a
 * {@code main} that calls {@code System.exit}, so it runs in a child JVM.
 */
public final class WarcValidator {
  /** The validator's verdict and everything it printed. */
  public record Result(boolean valid, String output) {}

  private WarcValidator() {}

  public static Result validate(Path warc) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jwarcJar;
    try {
      jwarcJar = new File(WarcReader.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (java.net.URISyntaxException e) {
      throw new IOException("cannot locate the jwarc jar", e);
    }
    Process p = new ProcessBuilder(List.of(java, "-cp", jwarcJar, "org.netpreserve.jwarc.tools.ValidateTool", "-v", warc.toString()))
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jwarc's validator did not finish in 60s");
    }
    return new Result(p.exitValue() == 0, output);
  }
}
