package dev.trawl.mappers.log;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import dev.trawl.mappers.output.StorageFault;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A fetch task's activity log (logs/round=NNNN/): one event a line, {@code <UTC time> <EVENT> <details>}.
 * The task's own file, so no two writers ever share one.
 */
public final class ActivityLog implements Closeable {
  private final BufferedWriter out;

  public ActivityLog(OutputStream stream) {
    this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
  }

  public synchronized void event(String event, String details) {
    try {
      out.write(Instant.now().toString());
      out.write(' ');
      out.write(event);
      if (details != null && !details.isEmpty()) {
        out.write(' ');
        out.write(details.replace('\n', ' '));
      }
      out.write('\n');
    } catch (IOException e) {
      throw new StorageFault("cannot write the activity log", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
