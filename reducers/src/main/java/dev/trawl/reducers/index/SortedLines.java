package dev.trawl.reducers.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * Lines sorted by their bytes (what {@code LC_ALL=C sort} gives, and what pywb's binary search
 * expects), in bounded memory: lines go to a local file as they come and Hadoop's
 * {@link SequenceFile.Sorter} sorts it, merging runs on disk when they exceed its memory. A reducer
 * meets its records in URL order; a CDXJ index wants them in SURT order.
 */
public final class SortedLines implements Closeable {
  /** What the sort holds in memory at once; a reducer's heap holds this beside its other work. */
  static final int SORT_MEMORY = 16 << 20;

  private final Configuration conf;
  private final FileSystem local;
  private final Path dir;
  private final Path unsorted;
  private final SequenceFile.Writer writer;
  private final Text line = new Text();
  private long count;

  /** @param tmp a local folder the task owns (a YARN container's java.io.tmpdir is removed with it) */
  public SortedLines(Configuration conf, java.nio.file.Path tmp) throws IOException {
    this.conf = conf;
    this.local = FileSystem.getLocal(conf);
    this.dir = new Path(tmp.resolve("sorted-lines-" + UUID.randomUUID()).toUri());
    this.unsorted = new Path(dir, "unsorted");
    local.mkdirs(dir);
    this.writer = SequenceFile.createWriter(conf, SequenceFile.Writer.file(local.makeQualified(unsorted)),
        SequenceFile.Writer.keyClass(Text.class), SequenceFile.Writer.valueClass(NullWritable.class));
  }

  public void add(String text) throws IOException {
    line.set(text);
    writer.append(line, NullWritable.get());
    count++;
  }

  public long count() {
    return count;
  }

  /** Writes the lines in order, each ending in a newline. */
  public void writeTo(OutputStream out) throws IOException {
    writer.close();
    Path sorted = new Path(dir, "sorted");
    SequenceFile.Sorter sorter = new SequenceFile.Sorter(local, Text.class, NullWritable.class, conf);
    sorter.setMemory(SORT_MEMORY);
    sorter.sort(new Path[] {local.makeQualified(unsorted)}, local.makeQualified(sorted), true);
    try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(local.makeQualified(sorted)))) {
      Text next = new Text();
      while (in.next(next)) {
        out.write(next.getBytes(), 0, next.getLength());
        out.write('\n');
      }
    }
  }

  @Override
  public void close() throws IOException {
    writer.close();
    local.delete(dir, true);
  }
}
