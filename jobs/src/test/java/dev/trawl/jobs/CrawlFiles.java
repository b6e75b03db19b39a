package dev.trawl.jobs;

import java.io.IOException;
import java.util.List;

/** A crawl root as a test reads it, wherever it lives (a local folder, a bucket). */
public interface CrawlFiles {
  /** Every record of every Avro file in a folder of the crawl root (e.g. manifest/round=0001). */
  <T> List<T> read(String folder, Class<T> type) throws IOException;

  /** {@code length} bytes at {@code offset} of a file under the crawl root: one WARC record, by its pointer. */
  byte[] slice(String relative, long offset, int length) throws IOException;
}
