package dev.trawl.jobs.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.jobs.lease.WriterLease;
import dev.trawl.jobs.s3.S3Commit;
import dev.trawl.jobs.s3.S3RootCheck;
import dev.trawl.round.CrawlLayout.RoundFolder;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundFailure;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.FetchLists;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/**
 * The crawl root's layout (DESIGN.md) and what can be read off it: which rounds finished, which
 * seed batches are pending, the crawl's settings. A folder without its {@code _SUCCESS} does not
 * exist for anyone reading the crawl.
 */
public final class CrawlRoot {
  /** Set by --change-settings: this run may change the crawl's scope and bounds in crawl.json. */
  public static final String CHANGE_SETTINGS = "trawl.internal.change-settings";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final CrawlLayout layout;
  private final FileSystem fs;
  private final Configuration conf;
  private WriterLease lease;

  /**
   * Opens the crawl root and, on S3, proves it usable (bucket, credentials) so that a wrong root
   * fails here, before anything is written or a job submitted.
   */
  public CrawlRoot(String uri, Configuration conf) throws IOException {
    Path p = new Path(uri);
    String scheme = p.toUri().getScheme();
    boolean s3 = "s3a".equals(scheme) || "s3".equals(scheme);
    if (s3 && (p.toUri().getAuthority() == null || p.toUri().getAuthority().isEmpty())) {
      throw new IllegalArgumentException("crawl root " + uri + " names no bucket: write " + scheme + "://BUCKET/prefix");
    }
    if ("s3n".equals(scheme)) {
      throw new IllegalArgumentException(unknownScheme(uri, scheme));
    }
    try {
      this.fs = p.getFileSystem(conf);
    } catch (UnsupportedFileSystemException e) {
      throw new IllegalArgumentException(unknownScheme(uri, scheme), e);
    }
    this.root = fs.makeQualified(p);
    this.layout = new CrawlLayout(root);
    this.conf = conf;
    if (s3 && !S3Commit.isS3A(fs)) {
      // EMRFS (s3:// before EMR 7.10) has no committer that keeps a failed task's files out of sight.
      throw new IllegalArgumentException("crawl root " + uri + " is served by " + fs.getClass().getName()
          + ", not S3A: use s3a://" + p.toUri().getAuthority() + p.toUri().getPath() + " (S3A is on every EMR 7 cluster)");
    }
    checkStore();
  }

  /**
   * On S3, proves the bucket is there and the credentials work, or throws an
   * {@link IllegalArgumentException} saying what is wrong. Other file systems fail clearly enough.
   */
  public void checkStore() throws IOException {
    if (S3Commit.isS3A(fs)) {
      S3RootCheck.probe(root, conf);
    }
  }

  private static String unknownScheme(String uri, String scheme) {
    String hint = switch (scheme) {
      case "s3" -> "s3:// is served by EMR's S3A (EMR 7.10+); elsewhere write s3a://";
      case "s3n" -> "s3n:// was removed from Hadoop; write s3a://";
      default -> {
        for (String known : List.of("s3a", "hdfs", "file")) {
          if (typoDistance(scheme.toLowerCase(java.util.Locale.ROOT), known) <= 2) {
            yield "did you mean " + known + "://?";
          }
        }
        yield "use a local path, file://, hdfs:// or s3a://";
      }
    };
    return "crawl root " + uri + ": no Hadoop FileSystem serves the scheme '" + scheme + "' here: " + hint;
  }

  private static int typoDistance(String a, String b) {
    return dev.trawl.jobs.options.NearestName.distance(a, b);
  }

  public Path path() { return root; }

  public FileSystem fs() { return fs; }

  /** Every folder and file name of the crawl root. */
  public CrawlLayout layout() { return layout; }

  public Path crawlJson() { return layout.crawlJson(); }
  public Path crawlDb(int round) { return layout.folder(RoundFolder.CRAWL_DB, round); }
  public Path frontier(int round) { return layout.folder(RoundFolder.FRONTIER, round); }
  public Path manifest(int round) { return layout.folder(RoundFolder.MANIFEST, round); }
  /** The manifest's Parquet copy of a round; rounds written before it existed, or with it off, have none. */
  public Path manifestParquet(int round) { return layout.folder(RoundFolder.MANIFEST_PARQUET, round); }
  public Path warc(int round) { return layout.folder(RoundFolder.WARC, round); }
  public Path digests(int round) { return layout.folder(RoundFolder.DIGESTS, round); }
  public Path logs(int round) { return layout.folder(RoundFolder.LOGS, round); }
  public Path robots(int round) { return layout.folder(RoundFolder.ROBOTS, round); }
  public Path summary(int round) { return layout.summary(round); }
  public Path seeds() { return layout.seeds(); }

  /**
   * Takes the crawl root's writer lease for a command that writes, or throws
   * {@link WriterLease.HeldException} naming the live writer. From then on every commit (a folder's
   * {@code _SUCCESS}, a summary, crawl.json) first checks that this process still holds it. A command
   * that creates no crawl (its crawl.json never written) leaves no lease file behind.
   */
  public WriterLease takeWriterLease(String command) throws IOException {
    lease = WriterLease.acquire(fs, root, command, TrawlSettings.from(conf).leaseExpiry(), crawlJson(), System.err);
    return lease;
  }

  /** Tells anyone the writer lease turns away what this command is doing now ("round 3"). */
  public void announce(String doing) {
    if (lease != null) {
      lease.doing(doing);
    }
  }

  /** True if this command held the writer lease and lost it (broken, or taken over as stale). */
  public boolean leaseLost() {
    return lease != null && lease.lost();
  }

  /** Throws {@link WriterLease.LostException} if this command held the writer lease and lost it. */
  public void checkLease() throws IOException {
    if (lease != null) {
      lease.check();
    }
  }

  /** The folders round {@code round} writes, all of them its own (and those a setting turns on: see {@link #copiesOf}). */
  public List<Path> outputsOf(int round) {
    return List.of(crawlDb(round), digests(round), manifest(round), warc(round), logs(round), robots(round),
        frontier(round + 1));
  }

  /** The folders a round writes only with a setting on, by the setting. */
  private static final Map<Setting, RoundFolder> COPIES = new java.util.EnumMap<>(Map.of(
      Setting.MANIFEST_PARQUET, RoundFolder.MANIFEST_PARQUET, Setting.INDEX_CDXJ, RoundFolder.CDXJ, Setting.TEXT, RoundFolder.WET));

  /**
   * The folders round {@code round} writes only with a setting on, for the settings {@code on} holds
   * (as the round ran): the Parquet copy of the manifest, the CDXJ index, the WET files.
   */
  public List<Path> copiesOf(int round, java.util.function.Predicate<Setting> on) {
    return COPIES.entrySet().stream().filter(e -> on.test(e.getKey())).map(e -> layout.folder(e.getValue(), round)).toList();
  }

  /** The folder {@code setting} has round {@code round} write. */
  public Path copyOf(int round, Setting setting) {
    return layout.folder(COPIES.get(setting), round);
  }

  /** Every folder round {@code round} may write with a setting on, for clearing a round about to run again. */
  public List<Path> allCopiesOf(int round) {
    return copiesOf(round, s -> true);
  }

  /** True if the folder exists and was committed. */
  public boolean committed(Path dir) throws IOException {
    return fs.exists(new Path(dir, CrawlLayout.SUCCESS));
  }

  public void markCommitted(Path dir) throws IOException {
    checkLease();
    fs.mkdirs(dir);
    fs.create(new Path(dir, CrawlLayout.SUCCESS), true).close();
  }

  /** Round numbers with a summary: the finished rounds, ascending. */
  public List<Integer> finishedRounds() throws IOException {
    List<Integer> rounds = new ArrayList<>();
    Path dir = layout.summaries();
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        CrawlLayout.summaryRound(f.getPath().getName()).ifPresent(rounds::add);
      }
    }
    rounds.sort(null);
    return rounds;
  }

  public int lastFinishedRound() throws IOException {
    List<Integer> rounds = finishedRounds();
    return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1);
  }

  public RoundSummary readSummary(int round) throws IOException {
    try (InputStream in = fs.open(summary(round))) {
      return RoundSummary.read(in);
    }
  }

  /** Writes a finished round's summary, last: from then on the round is finished. */
  public void writeSummary(RoundSummary summary) throws IOException {
    writeJson(summary(summary.round()), summary);
  }

  /** Records why a round's job failed, for {@code status}; the round stays unfinished. */
  public void writeFailure(RoundFailure failure) throws IOException {
    writeJson(layout.failure(failure.round()), failure);
  }

  /** Why the last run of an unfinished round failed, if it did. */
  public java.util.Optional<RoundFailure> readFailure(int round) throws IOException {
    Path file = layout.failure(round);
    if (!fs.exists(file)) {
      return java.util.Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return java.util.Optional.of(RoundFailure.read(in));
    }
  }

  /** A round that finished no longer has a failure to tell. */
  public void clearFailure(int round) throws IOException {
    fs.delete(layout.failure(round), false);
  }

  /** The summaries of the finished rounds before {@code round}, oldest first. */
  public List<RoundSummary> summariesBefore(int round) throws IOException {
    List<RoundSummary> summaries = new ArrayList<>();
    for (int r : finishedRounds()) {
      if (r < round) {
        summaries.add(readSummary(r));
      }
    }
    return summaries;
  }

  /**
   * How the fetch lists in a folder (a frontier, a seed batch) place hosts: its {@link CrawlLayout#FETCH_LISTS},
   * or by hash if it has none (a frontier no round balanced).
   */
  public FetchLists layoutOf(Path folder) throws IOException {
    return FetchLists.read(fs, new Path(folder, CrawlLayout.FETCH_LISTS), legacyLists());
  }

  /**
   * The fetch list count of folders laid out before every folder recorded its layout: by hash over
   * the count crawl.json fixed when the crawl was created (2 unless given).
   */
  private int legacyLists() throws IOException {
    String recorded = recordedSettings().get(Setting.FETCH_LISTS.key());
    return recorded != null && recorded.matches("\\d+") ? Integer.parseInt(recorded) : 2;
  }

  /**
   * The layout of the next round's frontier if a finished round wrote it: seed batches injected now
   * use it, so that round reads them as they are. Empty before the first round.
   */
  public java.util.Optional<FetchLists> nextFetchLists() throws IOException {
    Path next = frontier(lastFinishedRound() + 1);
    return committed(next) ? java.util.Optional.of(layoutOf(next)) : java.util.Optional.empty();
  }

  private static boolean perRun(String key) {
    return java.util.Arrays.stream(Setting.values()).anyMatch(s -> s.key().equals(key) && s.perRun());
  }

  /** Committed seed batches, oldest first. */
  public List<Path> seedBatches() throws IOException {
    Map<String, Path> batches = new TreeMap<>();
    if (fs.exists(seeds())) {
      for (FileStatus f : fs.listStatus(seeds())) {
        if (f.isDirectory() && f.getPath().getName().startsWith(CrawlLayout.SEED_BATCH_PREFIX) && committed(f.getPath())) {
          batches.put(f.getPath().getName(), f.getPath());
        }
      }
    }
    return new ArrayList<>(batches.values());
  }

  /** Seed batches that no finished round other than {@code except} has fetched. */
  public List<Path> pendingSeedBatches(int except) throws IOException {
    Set<String> consumed = new HashSet<>();
    for (int r : finishedRounds()) {
      if (r != except) {
        consumed.addAll(readSummary(r).seedBatches());
      }
    }
    List<Path> pending = new ArrayList<>();
    for (Path b : seedBatches()) {
      if (!consumed.contains(b.getName())) {
        pending.add(b);
      }
    }
    return pending;
  }

  /**
   * Applies the crawl's recorded settings under the ones given now (flags and -D win for this run),
   * and records the settings on first use. The number of fetch lists is fixed by the first use:
   * seed batches and frontiers are laid out by it.
   */
  public void loadSettings(Configuration conf) throws IOException {
    recover(crawlJson());
    if (fs.exists(crawlJson())) {
      ObjectNode doc;
      try (InputStream in = fs.open(crawlJson())) {
        doc = (ObjectNode) JSON.readTree(in);
      }
      ObjectNode settings = (ObjectNode) doc.path("settings");
      List<String> changes = new ArrayList<>();
      for (Setting s : Setting.values()) {
        String given = conf.get(s.key());
        // A key an older crawl.json lacks held its default there: the crawl ran before the setting existed.
        String recorded = settings.path(s.key()).asText(s.defaultValue());
        if (s.definesCrawl() && given != null && !s.normalized(given).equals(s.normalized(recorded))) {
          changes.add(s.key() + ": crawl.json has '" + recorded + "', this run asks for '" + given.trim() + "'");
        }
      }
      if (!changes.isEmpty()) {
        if (!conf.getBoolean(CHANGE_SETTINGS, false)) {
          throw new IllegalArgumentException("this run would change what the crawl at " + root + " is:\n  "
              + String.join("\n  ", changes) + "\nrun it again with --change-settings to change them for this crawl"
              + " from now on (recorded in crawl.json" + (changes.stream().anyMatch(c -> c.startsWith(Setting.FETCH_ALLOW_PRIVATE.key()))
              ? "; the URLs the address guard blocked are then queued again" : "")
              + "), or leave them out to keep the crawl's settings");
        }
        recordChanges(doc, settings, conf, changes);
      }
      settings.fields().forEachRemaining(e -> {
        if (conf.get(e.getKey()) == null && !perRun(e.getKey())) {
          conf.set(e.getKey(), TrawlSettings.recordedValue(e.getKey(), e.getValue().asText()), "crawl.json");
        }
      });
      TrawlSettings.from(conf);
      return;
    }
    TrawlSettings.from(conf);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("created", Instant.now().toString());
    doc.put("root", root.toString());
    Map<String, String> recorded = TrawlSettings.effective(conf);
    recorded.keySet().removeIf(CrawlRoot::perRun);
    doc.put("settings", recorded);
    fs.mkdirs(root);
    writeJson(crawlJson(), doc);
  }

  /**
   * For commands that only read the crawl (url, links, parse): the crawl's recorded settings under any
   * given now, with nothing refused or written.
   */
  public void loadSettingsForReading(Configuration conf) throws IOException {
    recordedSettings().forEach((key, value) -> {
      if (conf.get(key) == null) {
        conf.set(key, value, "crawl.json");
      }
    });
  }

  /**
   * crawl.json's settings, key to value, as they are read ({@link TrawlSettings#recordedValue}: an older
   * crawl's bare-number durations in seconds); empty if there is no crawl.json.
   */
  public Map<String, String> recordedSettings() throws IOException {
    Map<String, String> settings = new TreeMap<>();
    if (fs.exists(crawlJson())) {
      try (InputStream in = fs.open(crawlJson())) {
        JSON.readTree(in).path("settings").fields().forEachRemaining(
            e -> settings.put(e.getKey(), TrawlSettings.recordedValue(e.getKey(), e.getValue().asText())));
      }
    }
    return settings;
  }

  /** The hosts of every seed batch: the scope "host" follows links to these only. */
  public Set<String> seedHosts() throws IOException {
    return CrawlLayout.seedHosts(seedBatches(), conf);
  }


  /** Rewrites crawl.json with the new scope and bounds, keeping a dated record of what changed. */
  private void recordChanges(ObjectNode doc, ObjectNode settings, Configuration conf, List<String> changes) throws IOException {
    TrawlSettings.from(conf);
    for (Setting s : Setting.values()) {
      if (s.definesCrawl() && conf.get(s.key()) != null) {
        settings.put(s.key(), conf.get(s.key()).trim());
      }
    }
    ArrayNode history = doc.has("changes") ? (ArrayNode) doc.get("changes") : doc.putArray("changes");
    ObjectNode change = history.addObject();
    change.put("at", Instant.now().toString());
    changes.forEach(change.putArray("settings")::add);
    writeJson(crawlJson(), doc);
  }

  /** Fails, saying what to do, if there is no crawl here yet (only seeding creates one). */
  public void requireExisting() throws IOException {
    recover(crawlJson());
    if (!fs.exists(crawlJson())) {
      throw new IllegalArgumentException("no crawl at " + root + " (no crawl.json): seed it first with "
          + "'trawl inject --crawl " + root + " --seeds FILE' or 'trawl crawl ... --seeds FILE'");
    }
  }

  /**
   * Writes a JSON document (crawl.json, round summaries) so that it appears whole or not at all, and
   * a document it replaces is never lost. A summary's presence means its round finished, so a crawl
   * killed while writing one must not leave it half written (an empty rounds/NNNN.json read as a
   * finished round with no frontier ended the crawl); a crawl.json lost between delete and rename
   * left a crawl that no command would touch. So: written under a name no reader matches, renamed to
   * {@code .name.next} once whole, then moved over the old one; {@link #recover} finishes that last
   * step if a kill interrupted it.
   */
  public void writeJson(Path file, Object doc) throws IOException {
    checkLease();
    Path partial = new Path(file.getParent(), "." + file.getName() + ".partial");
    Path next = next(file);
    try (OutputStream out = fs.create(partial, true)) {
      JSON.writeValue(out, doc);
    }
    fs.delete(next, false);
    if (!fs.rename(partial, next)) {
      throw new IOException("could not rename " + partial + " to " + next + "; run the same command again");
    }
    fs.delete(file, false);
    if (!fs.rename(next, file)) {
      throw new IOException("could not rename " + next + " to " + file + "; run the same command again");
    }
  }

  /** Finishes a {@link #writeJson} that was killed between removing the old document and renaming the new one. */
  void recover(Path file) throws IOException {
    Path next = next(file);
    if (!fs.exists(file) && fs.exists(next)) {
      if (!fs.rename(next, file)) {
        throw new IOException("could not rename " + next + " to " + file + " (an interrupted update); rename it by hand");
      }
      System.err.println("note: finished an interrupted update of " + file);
    }
  }

  private static Path next(Path file) {
    return new Path(file.getParent(), "." + file.getName() + ".next");
  }
}
