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
 * ends within it, what follows the furthest pointer (the last request record) parses to the end, so
 * a file cut short after its last response is caught too, and the first and last records pointed to
 * carry the WARC-Record-ID the manifest says, so a file replaced after its round wrote the manifest
 * (another attempt's, or another round's) is caught as well. Two records a file: status stays quick
 * on S3, and a replaced file's random record IDs differ at any offset.
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
    /** The records pointed to first and last in the file, with the IDs the manifest gives them. */
    ManifestRecord first;
    ManifestRecord last;
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
      if (m.getWarcRecordId() != null) {
        if (use.first == null || m.getWarcOffset() < use.first.getWarcOffset()) {
          use.first = m;
        }
        if (use.last == null || m.getWarcOffset() > use.last.getWarcOffset()) {
          use.last = m;
        }
      }
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
      Mismatch replaced = use.furthestEnd > size ? null : mismatch(file, use);
      if (use.furthestEnd > size) {
        long past = use.ends.stream().filter(end -> end > size).count();
        problems.add(String.format("WARC file %s is truncated: %,d bytes, but %d of %s point past its end (the furthest to "
            + "byte %,d); %s", name, size, past, what, use.furthestEnd, fix));
      } else if (replaced != null) {
        ManifestRecord m = replaced.pointed();
        problems.add(String.format("WARC file %s does not hold what %s say: at byte %,d the manifest has %s (%s), the file %s; "
            + "the file was replaced after its round wrote the manifest (by another attempt of its fetch task?); %s", name, what,
            m.getWarcOffset(), m.getWarcRecordId(), m.getUrl(), replaced.found() == null ? "no WARC record" : replaced.found(), fix));
      } else if (!tailParses(file, use.furthestEnd)) {
        problems.add(String.format("WARC file %s is truncated: it ends in a partial record after byte %,d; %s",
            name, use.furthestEnd, fix));
      }
    }
  }

  /** A pointed record the file does not hold: what it holds there instead (null: no record starts there). */
  private record Mismatch(ManifestRecord pointed, String found) {}

  /** The first of the file's first and last pointed records whose ID the file does not hold there; null if both match. */
  private Mismatch mismatch(Path file, Use use) {
    // A file one record is pointed into is read once, not twice.
    for (ManifestRecord pointed : use.first == use.last ? new ManifestRecord[] {use.first} : new ManifestRecord[] {use.first, use.last}) {
      if (pointed != null) {
        String found = recordIdAt(file, pointed.getWarcOffset());
        if (!pointed.getWarcRecordId().equals(found)) {
          return new Mismatch(pointed, found);
        }
      }
    }
    return null;
  }

  /** The WARC-Record-ID of the record at {@code offset}, as the manifest writes it ({@code <urn:uuid:...>}); null if none starts there. */
  private String recordIdAt(Path file, long offset) {
    try (FSDataInputStream in = root.fs().open(file)) {
      in.seek(offset);
      try (WarcReader reader = new WarcReader((InputStream) in)) {
        return reader.next().map(r -> "<" + r.id() + ">").orElse(null);
      }
    } catch (IOException | RuntimeException notARecord) {
      return null;
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
