package dev.trawl.mappers.dedup;

import dev.trawl.dedup.DigestKeys;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.MapFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.output.MapFileOutputFormat;

/**
 * Read access to a round's digest index (digests/round=N: one MapFile part per reducer, a digest in
 * the part its partition number names). A lookup reads one index block of one part: the index is
 * never loaded whole, however large the crawl.
 */
public final class DigestIndex implements Closeable {
  private final MapFile.Reader[] parts;

  private DigestIndex(MapFile.Reader[] parts) {
    this.parts = parts;
  }

  public static DigestIndex open(Path dir, Configuration conf) throws IOException {
    // getReaders sorts the parts by name, so part k is reader k.
    return new DigestIndex(MapFileOutputFormat.getReaders(dir, conf));
  }

  /** The canonical URL of a body digest, or null if no earlier round had the body. */
  public String canonical(String digest) throws IOException {
    if (parts.length == 0) {
      return null;
    }
    Text url = new Text();
    // MapFile.Reader.get is synchronized: fetch threads may share the index.
    return parts[DigestKeys.partition(digest, parts.length)].get(new Text(digest), url) == null ? null : url.toString();
  }

  @Override
  public void close() throws IOException {
    for (MapFile.Reader r : parts) {
      r.close();
    }
  }
}
