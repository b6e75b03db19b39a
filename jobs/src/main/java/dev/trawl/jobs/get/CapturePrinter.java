package dev.trawl.jobs.get;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

/** {@code trawl get}: a capture as the server sent it, or its payload alone into a file. */
public final class CapturePrinter {
  private final CaptureReader reader;
  private final PrintStream out;

  public CapturePrinter(CaptureReader reader, PrintStream out) {
    this.reader = reader;
    this.out = out;
  }

  /** Prints the URL's main text (or writes it to {@code file}), from the latest round that kept one, or round {@code round}. */
  public void printText(String url, int round, Path file) throws IOException {
    CaptureReader.Pointer p = reader.findText(url, round);
    String text = reader.readText(p);
    if (file != null) {
      writeBeside(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      System.err.printf("%s (round %d, %s at %d): %d characters of text to %s%n", url, p.round(), p.file(), p.offset(), text.length(), file);
      return;
    }
    out.println(text);
    out.flush();
  }

  /**
   * @param round 0 for the latest round that fetched the URL
   * @param file null to print the status line, headers and body; else where to write the payload
   */
  public void print(String url, int round, Path file) throws IOException {
    CaptureReader.Pointer p = reader.find(url, round);
    if (p.refersTo() != null) {
      // A revisit holds the headers of an answer that repeated an earlier capture: say so, then show that capture.
      WarcRevisit revisit = reader.readRevisit(p);
      System.err.printf("%s (round %d): not modified, a revisit record (%s) at %s offset %d; the content is the capture of %s "
              + "at %s offset %d length %d%n", url, p.round(), revisit.profile(), p.file(), p.offset(),
          revisit.refersToDate().map(Object::toString).orElse("an earlier round"), p.refersTo().file(), p.refersTo().offset(),
          p.refersTo().length());
      p = p.refersTo();
    }
    WarcResponse response = reader.read(p);
    if (file != null) {
      try (InputStream in = CaptureReader.payload(response)) {
        writeBeside(file, in);
      }
      System.err.printf("%s (round %d, %s at %d): %d bytes to %s%n", url, p.round(), p.file(), p.offset(), Files.size(file), file);
      return;
    }
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.http().status()).append(' ')
        .append(response.http().reason()).append("\r\n");
    for (Map.Entry<String, List<String>> h : response.http().headers().map().entrySet()) {
      for (String v : h.getValue()) {
        head.append(h.getKey()).append(": ").append(v).append("\r\n");
      }
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    try (InputStream in = CaptureReader.payload(response)) {
      // The last byte decides the closing newline: a terminal prompt must not land on the body's last line.
      byte[] buffer = new byte[8192];
      int last = '\n';
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        last = buffer[n - 1];
      }
      if (last != '\n') {
        out.write('\n');
      }
    }
    out.flush();
  }

  /** Writes beside the target, then moves: an interrupted get never leaves half a file under the name. */
  private static void writeBeside(Path file, InputStream in) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".trawl-get-", ".part");
    try {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
