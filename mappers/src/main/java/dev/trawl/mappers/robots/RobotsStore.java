package dev.trawl.mappers.robots;

import dev.trawl.mappers.stores.StoreFile;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.url.FetchLists;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The last round's robots store, as a fetch task reads it back: the robots.txt rules (and
 * Crawl-delay) its hosts had, so a later round neither asks for robots.txt again too soon nor
 * forgets a delay. When the store was written in the round's layout, fetch list k's hosts are all
 * in the store's file k; when the layouts differ, they may be in any file.
 */
public final class RobotsStore {
  private RobotsStore() {}

  /**
   * Hands {@code into} the stored entry of each host of fetch list {@code list}; returns how many.
   * Nothing when the round has no store (its first round).
   */
  public static int read(Configuration conf, int list, Consumer<RobotsEntry> into) throws IOException {
    String dir = conf.get(RoundConf.ROBOTS);
    if (dir == null) {
      return 0;
    }
    List<Path> files = new ArrayList<>();
    boolean byList = conf.getBoolean(RoundConf.ROBOTS_BY_LIST, true);
    if (byList) {
      files.add(new Path(dir, CrawlLayout.reducerFile(list)));
    } else {
      StoreFile.list(StoreFile.Kind.ROBOTS, new Path(dir), conf).forEach(f -> files.add(f.path()));
    }
    FetchLists layout = byList ? null : FetchLists.forJob(conf, RoundConf.FETCH_LISTS, 1);
    int n = 0;
    for (Path file : files) {
      if (!file.getFileSystem(conf).exists(file)) {
        continue; // a reducer that had no robots entries wrote no file
      }
      try (DataFileReader<RobotsEntry> r = new DataFileReader<>(new FsInput(file, conf), new SpecificDatumReader<>(RobotsEntry.class))) {
        for (RobotsEntry e : r) {
          if (byList || layout.of(e.getHost().toString()) == list) {
            into.accept(e);
            n++;
          }
        }
      }
    }
    return n;
  }
}
