package dev.trawl.jobs.urls;

import dev.trawl.jobs.store.CrawlRoot;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Streams the records of a folder of Avro files on the crawl root's file system, one at a time and
 * reusing one record object, so a crawl db of any size is read in constant memory.
 */
final class AvroFiles {
  private AvroFiles() {}

  /**
   * Calls {@code each} with every record of the committed folder's files, in file-name order, until it
   * returns false. A missing folder has no records.
   *
   * @return false if {@code each} stopped early
   */
  static <T> boolean stream(CrawlRoot root, Path dir, Class<T> type, Predicate<T> each) throws IOException {
    if (!root.fs().exists(dir)) {
      return true;
    }
    FileStatus[] files = root.fs().listStatus(dir, p -> p.getName().endsWith(".avro") && !p.getName().startsWith("_")
        && !p.getName().startsWith("."));
    Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus f : files) {
      try (DataFileReader<T> r = new DataFileReader<>(new FsInput(f.getPath(), root.fs().getConf()), new SpecificDatumReader<>(type))) {
        T record = null;
        while (r.hasNext()) {
          record = r.next(record);
          if (!each.test(record)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
