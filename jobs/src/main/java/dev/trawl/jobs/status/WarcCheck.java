package dev.trawl.jobs.status;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.schema.ManifestRecord;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.netpreserve.jwarc.WarcReader;

/**
 * Manifest WARC pointers against the WARC files present: each file exists, every pointer into it
 * ends within it, and what follows the furthest pointer (the last request record) parses to the end,
 * so a file cut short after its last response is caught too.
 */
final class WarcCheck {
  private final CrawlRoot root;
  private final Map<String, Use> files = new TreeMap<>();
  private long pointers;

  /** How the manifests use one WARC file. */
  private static final class Use {
    final TreeSet<Integer> rounds = new TreeSet<>();
    long records;
    long furthestEnd;
    long badRecords;
    /** Where each pointer's record ends, to count those a short file cuts. */
    final List<Long> ends = new ArrayList<>();
  }

  WarcCheck(CrawlRoot root) {
    this.root = root;
  }

  void add(int round, ManifestRecord m) {
    if (m.getWarcFile() == null) {
      return;
    }
    pointers++;
    Use use = files.computeIfAbsent(m.getWarcFile(), f -> new Use());
    use.rounds.add(round);
    use.records++;
    if (m.getWarcOffset() == null || m.getWarcLength() == null || m.getWarcOffset() < 0 || m.getWarcLength() <= 0) {
      use.badRecords++;
    } else {
      long end = m.getWarcOffset() + m.getWarcLength();
      use.ends.add(end);
      use.furthestEnd = Math.max(use.furthestEnd, end);
    }
  }

  long pointers() {
    return pointers;
  }

  int files() {
    return files.size();
  }

  /** Adds a problem for each WARC file that is missing, too short, or ends in a partial record. */
  void check(List<String> problems) throws IOException {
    for (var e : files.entrySet()) {
      String name = e.getKey();
      Use use = e.getValue();
      String what = use.records + " manifest records of round" + (use.rounds.size() > 1 ? "s " : " ")
          + String.join(", ", use.rounds.stream().map(String::valueOf).toList());
      String fix = "the content of those fetches is lost or damaged: restore the file from a backup, or run the round again "
          + "if it is the last finished one ('trawl round --crawl " + root.path() + " --round " + use.rounds.last() + " --force')";
      Path file = new Path(root.path(), name);
      long size;
      try {
        size = root.fs().getFileStatus(file).getLen();
      } catch (FileNotFoundException missing) {
        problems.add(String.format("WARC file %s is missing; %s point into it: %s", name, what, fix));
        continue;
      }
      if (use.badRecords > 0) {
        problems.add(String.format("%d manifest records point into %s without a valid offset and length", use.badRecords, name));
      }
      if (use.furthestEnd > size) {
        long past = use.ends.stream().filter(end -> end > size).count();
        problems.add(String.format("WARC file %s is truncated: %,d bytes, but %d of %s point past its end (the furthest to "
            + "byte %,d); %s", name, size, past, what, use.furthestEnd, fix));
      } else if (!tailParses(file, use.furthestEnd)) {
        problems.add(String.format("WARC file %s is truncated: it ends in a partial record after byte %,d; %s",
            name, use.furthestEnd, fix));
      }
    }
  }

  /** Reads every record from {@code from} to the end of the file; false if the file ends inside one. */
  private boolean tailParses(Path file, long from) throws IOException {
    try (FSDataInputStream in = root.fs().open(file)) {
      in.seek(from);
      try (WarcReader reader = new WarcReader((InputStream) in)) {
        while (reader.next().isPresent()) {
          // next() reads past the previous record's body, so a cut record shows as an exception here.
        }
      }
      return true;
    } catch (IOException | RuntimeException partial) {
      return false;
    }
  }
}
