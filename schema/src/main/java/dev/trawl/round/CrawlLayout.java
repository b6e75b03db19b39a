package dev.trawl.round;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Every folder and file name of a crawl root (DESIGN.md's layout), in one place: the driver, the
 * fetch tasks, the reducers, {@code status} and the inspection commands all ask it, so that a name
 * is written once. Tasks write relative to their job's output folder, so the names come both as
 * paths under a root and as relative strings.
 *
 * <pre>
 * crawl.json  seeds/batch=.../{part-NNNNN.avro, hosts.txt, _fetch-lists.json, for-round=NNNN/}
 * crawldb/ frontier/ manifest/ manifest-parquet/ warc/ wet/ logs/ robots/ digests/ cdxj/  each round=NNNN/
 * rounds/NNNN.json  lease/NNNNNNNNNN.json  _staging/
 * </pre>
 */
public final class CrawlLayout {
  /** A round's folders: {@code <kind>/round=NNNN}. */
  public enum RoundFolder {
    CRAWL_DB("crawldb"), FRONTIER("frontier"), MANIFEST("manifest"), MANIFEST_PARQUET("manifest-parquet"),
    WARC("warc"), LOGS("logs"), ROBOTS("robots"), DIGESTS("digests"), CDXJ("cdxj"), WET("wet");

    private final String top;

    RoundFolder(String top) {
      this.top = top;
    }

    /** The top-level folder's name ({@code crawldb}). */
    public String top() {
      return top;
    }

    /** {@code crawldb/round=0003}, relative to the crawl root. */
    public String of(int round) {
      return top + "/" + roundFolder(round);
    }

    /**
     * The round that writes folder {@code round} of this kind: itself, except the frontier of round N,
     * which round N-1 writes.
     */
    public int writtenBy(int round) {
      return this == FRONTIER ? round - 1 : round;
    }
  }

  /** A folder's mark that its round's job committed it; a folder without one does not exist for readers. */
  public static final String SUCCESS = "_SUCCESS";
  /** The crawl's settings, written when the crawl is created. */
  public static final String CRAWL_JSON = "crawl.json";
  /** A seed batch's host names, one a line: what scope "host" follows. */
  public static final String SEED_HOSTS = "hosts.txt";
  /** In a frontier folder: its pages per host, for the next round's placement (hidden from input formats). */
  public static final String FRONTIER_HOSTS = "_hosts";
  /** In a frontier or seed batch folder: which fetch list each host was placed in. */
  public static final String FETCH_LISTS = "_fetch-lists.json";
  /** The prefix of a seed batch folder's name ({@code batch=<time>-<hash>}). */
  public static final String SEED_BATCH_PREFIX = "batch=";
  /** Where Hadoop's file output committer keeps a running (or killed) job's task output. */
  public static final String JOB_LEFTOVERS = "_temporary";
  /** The folder of the round summaries. */
  public static final String SUMMARIES = "rounds";
  /** The folder of files handed to jobs. */
  public static final String STAGING = "_staging";

  private static final Pattern ROUND_FOLDER = Pattern.compile("round=(\\d+)");
  private static final Pattern SUMMARY = Pattern.compile("(\\d{4,})\\.json");
  /** The fetch list number in a list file's name: part-r-00003.avro (a round's) or part-00003.avro (a seed batch's). */
  private static final Pattern LIST_NUMBER = Pattern.compile("(\\d+)\\.avro$");

  private final Path root;

  public CrawlLayout(Path root) {
    this.root = root;
  }

  public Path root() { return root; }

  public Path crawlJson() { return new Path(root, CRAWL_JSON); }

  public Path folder(RoundFolder kind, int round) { return new Path(root, kind.of(round)); }

  public Path top(RoundFolder kind) { return new Path(root, kind.top()); }

  /** The summary of a finished round: its presence is what makes the round finished. */
  public Path summary(int round) { return new Path(root, summaryName(round)); }

  public Path summaries() { return new Path(root, SUMMARIES); }

  /** Why the last attempt of an unfinished round failed ({@link RoundFailure}); removed when the round finishes. */
  public Path failure(int round) { return new Path(root, String.format("%s/%04d.failed.json", SUMMARIES, round)); }

  public Path seeds() { return new Path(root, "seeds"); }

  /** The writer lease's generation files. */
  public Path lease() { return new Path(root, "lease"); }

  /** Files handed to jobs, named by content: job jars and seed lists of {@code emr submit}, fetch-list layouts. */
  public Path staging() { return new Path(root, STAGING); }

  /** Where a running job's output committer keeps its task output. */
  public Path jobLeftovers() { return new Path(root, JOB_LEFTOVERS); }

  /** A frontier's copy in {@code lists} fetch lists, for a round with another count than the one that wrote it. */
  public static Path frontierCopy(Path frontier, int lists) { return new Path(frontier, "_lists=" + lists); }

  /** A seed batch's copy in round {@code round}'s layout. */
  public static Path seedBatchCopy(Path batch, int round) { return new Path(batch, "for-" + roundFolder(round)); }

  /** The folder name of a round, e.g. {@code round=0003}: Hive's partition naming. */
  public static String roundFolder(int round) {
    return String.format("round=%04d", round);
  }

  /** The round a {@code round=NNNN} folder name names, if it is one. */
  public static OptionalInt roundOf(String folderName) {
    Matcher m = ROUND_FOLDER.matcher(folderName);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** A round's summary relative to the crawl root: {@code rounds/0003.json}. */
  public static String summaryName(int round) {
    return String.format("%s/%04d.json", SUMMARIES, round);
  }

  /** The round a summary's file name ({@code 0003.json}) is of, if it is one. */
  public static OptionalInt summaryRound(String fileName) {
    Matcher m = SUMMARY.matcher(fileName);
    return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Reduce task k's Avro file in each round folder: {@code part-r-0000k.avro}, so frontier file k is fetch list k. */
  public static String reducerFile(int task) {
    return String.format("part-r-%05d.avro", task);
  }

  /** Reduce task k's Parquet copy of its manifest records. */
  public static String reducerCdxjFile(int task) {
    return String.format("part-r-%05d.cdxj", task);
  }

  public static String reducerParquetFile(int task) {
    return String.format("part-r-%05d.parquet", task);
  }

  /** Reduce task k's digest index part, a Hadoop MapFile folder. */
  public static String reducerMapFile(int task) {
    return String.format("part-r-%05d", task);
  }

  /** Fetch list k's file in a seed batch (or a copy laid out for a round). */
  public static String listFile(int list) {
    return String.format("part-%05d.avro", list);
  }

  /** The fetch list a list file holds, by its name; empty for other files. */
  public static OptionalInt listNumber(String fileName) {
    Matcher m = LIST_NUMBER.matcher(fileName);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Fetch task k's name, which its WARC file, activity log and figures carry: {@code fetch-0000k}. */
  public static String fetchTask(int list) {
    return String.format("fetch-%05d", list);
  }

  /** Fetch task k's WARC file of round {@code round}, relative to the crawl root: what manifest records point at. */
  public static String warcFile(int round, int list) {
    return warcFile(round, list, 0);
  }

  /**
   * The WARC file of attempt {@code attempt} of fetch task k. An attempt run again (its node lost,
   * its container killed) writes a file of its own beside the first's: reducers that had already
   * copied the first attempt's output point into the first file, the rest into the new one, and the
   * round's commit keeps exactly the files pointed into ({@link #WARC_POINTED}).
   */
  public static String warcFile(int round, int list, int attempt) {
    return RoundFolder.WARC.of(round) + "/" + fetchTask(list) + (attempt == 0 ? "" : ".attempt" + attempt) + ".warc.gz";
  }

  /**
   * The WET file (main texts, as WARC conversion records) of attempt {@code attempt} of fetch task k:
   * named as its WARC file is, so that the round keeps or removes the two together.
   */
  public static String wetFile(int round, int list, int attempt) {
    return RoundFolder.WET.of(round) + "/" + fetchTask(list) + (attempt == 0 ? "" : ".attempt" + attempt) + ".warc.wet.gz";
  }

  /**
   * Inside a round's warc folder while the round runs: each reducer's list of the WARC files its
   * manifest records point into, one path (relative to the crawl root) a line. The round's commit
   * reads them to remove the files of attempts no record points into, then removes them.
   */
  public static final String WARC_POINTED = "_pointed";

  /** Fetch task k's activity log, relative to the crawl root. */
  public static String activityLog(int round, int list) {
    return RoundFolder.LOGS.of(round) + "/" + fetchTask(list) + ".log";
  }

  /** The suffix of a fetch task's own figures beside its activity log. */
  public static final String TASK_FIGURES_SUFFIX = ".stats.json";

  /** Fetch task k's figures (per host, peak heap), relative to the crawl root. */
  public static String taskFigures(int round, int list) {
    return RoundFolder.LOGS.of(round) + "/" + fetchTask(list) + TASK_FIGURES_SUFFIX;
  }

  /**
   * The seed hosts of the given seed batches (their {@link #SEED_HOSTS} files): what scope "host"
   * follows. A batch without the file (none of this crawl's, but a hand-made one) adds no host.
   */
  public static Set<String> seedHosts(Iterable<Path> batches, Configuration conf) throws IOException {
    Set<String> hosts = new TreeSet<>();
    for (Path batch : batches) {
      Path file = new Path(batch, SEED_HOSTS);
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        continue;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        r.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(hosts::add);
      }
    }
    return hosts;
  }
}
