package dev.trawl.mappers.output;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The task's own storage failed: the WARC file, the map output, the activity log, the spill file or
 * the digest index. Never a site's fault, so never recorded against a URL or a host: it fails the
 * attempt, Hadoop runs it again (on another node, on a cluster), and the committer keeps the failed
 * attempt's files out of sight.
 */
public final class StorageFault extends UncheckedIOException {
  public StorageFault(String what, IOException cause) {
    super(what + ": " + cause.getMessage(), cause);
  }
}
