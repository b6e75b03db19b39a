package dev.trawl.jobs.fetchlist;

import dev.trawl.round.CrawlLayout;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.url.FetchLists;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Fetch lists as files in a folder (a seed batch, a frontier). Written: an entry of host h into
 * part-k.avro for list k of the layout, and the layout beside them ({@link CrawlLayout#FETCH_LISTS}), so a
 * round can tell whether the folder's list k is its list k. Read: every entry of every list.
 */
public final class FetchListFiles implements Closeable {
  private final FileSystem fs;
  private final Path folder;
  private final FetchLists layout;
  private final Map<Integer, DataFileWriter<FrontierEntry>> writers = new HashMap<>();

  public FetchListFiles(FileSystem fs, Path folder, FetchLists layout) {
    this.fs = fs;
    this.folder = folder;
    this.layout = layout;
  }

  public void append(FrontierEntry entry) throws IOException {
    int list = layout.of(entry.getHost());
    DataFileWriter<FrontierEntry> w = writers.get(list);
    if (w == null) {
      w = new DataFileWriter<>(new SpecificDatumWriter<>(FrontierEntry.class));
      w.create(FrontierEntry.getClassSchema(), fs.create(new Path(folder, CrawlLayout.listFile(list)), false));
      writers.put(list, w);
    }
    w.append(entry);
  }

  @Override
  public void close() throws IOException {
    for (DataFileWriter<FrontierEntry> w : writers.values()) {
      w.close();
    }
    try (OutputStream out = fs.create(new Path(folder, CrawlLayout.FETCH_LISTS), true)) {
      layout.write(out);
    }
  }

  /**
   * A copy of a seed batch's entries laid out anew, in {@code copy} (replaced if there): for a round
   * whose fetch lists are laid out otherwise than the batch (injected for a later round, say, then
   * the last round was run again). The batch itself is never rewritten.
   */
  public static Path copy(FileSystem fs, Configuration conf, Path batch, FetchLists layout, Path copy) throws IOException {
    fs.delete(copy, true);
    try (FetchListFiles out = new FetchListFiles(fs, copy, layout)) {
      forEach(fs, conf, List.of(batch), e -> {
        try {
          out.append(e);
        } catch (IOException failed) {
          throw new UncheckedIOException(failed);
        }
      });
    }
    return copy;
  }

  /** Streams every entry of every fetch list file in the folders; the entry object is reused. */
  public static void forEach(FileSystem fs, Configuration conf, List<Path> dirs, Consumer<FrontierEntry> visit) throws IOException {
    for (Path dir : dirs) {
      for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".avro"))) {
        try (DataFileReader<FrontierEntry> r = new DataFileReader<>(new FsInput(f.getPath(), conf),
            new SpecificDatumReader<>(FrontierEntry.class))) {
          FrontierEntry reused = null;
          while (r.hasNext()) {
            reused = r.next(reused);
            visit.accept(reused);
          }
        }
      }
    }
  }
}
