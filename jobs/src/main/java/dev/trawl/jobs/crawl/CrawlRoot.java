package dev.trawl.jobs.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.round.RoundConf;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The crawl root's layout (DESIGN.md) and what can be read off it: which rounds finished, which
 * seed batches are pending, the crawl's settings. A folder without its {@code _SUCCESS} does not
 * exist for anyone reading the crawl.
 */
public final class CrawlRoot {
  public static final String SUCCESS = "_SUCCESS";
  private static final Pattern SUMMARY = Pattern.compile("(\\d{4,})\\.json");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;
  private final FileSystem fs;

  public CrawlRoot(String uri, Configuration conf) throws IOException {
    Path p = new Path(uri);
    this.fs = p.getFileSystem(conf);
    this.root = fs.makeQualified(p);
  }

  public Path path() { return root; }

  public FileSystem fs() { return fs; }

  public Path crawlJson() { return new Path(root, "crawl.json"); }
  public Path crawlDb(int round) { return new Path(root, "crawldb/" + RoundConf.folder(round)); }
  public Path frontier(int round) { return new Path(root, "frontier/" + RoundConf.folder(round)); }
  public Path manifest(int round) { return new Path(root, "manifest/" + RoundConf.folder(round)); }
  public Path warc(int round) { return new Path(root, "warc/" + RoundConf.folder(round)); }
  public Path logs(int round) { return new Path(root, "logs/" + RoundConf.folder(round)); }
  public Path robots(int round) { return new Path(root, "robots/" + RoundConf.folder(round)); }
  public Path summary(int round) { return new Path(root, String.format("rounds/%04d.json", round)); }
  public Path seeds() { return new Path(root, "seeds"); }

  /** The folders round {@code round} writes, all of them its own. */
  public List<Path> outputsOf(int round) {
    return List.of(crawlDb(round), manifest(round), warc(round), logs(round), robots(round), frontier(round + 1));
  }

  /** True if the folder exists and was committed. */
  public boolean committed(Path dir) throws IOException {
    return fs.exists(new Path(dir, SUCCESS));
  }

  public void markCommitted(Path dir) throws IOException {
    fs.mkdirs(dir);
    fs.create(new Path(dir, SUCCESS), true).close();
  }

  /** Round numbers with a summary: the finished rounds, ascending. */
  public List<Integer> finishedRounds() throws IOException {
    List<Integer> rounds = new ArrayList<>();
    Path dir = new Path(root, "rounds");
    if (fs.exists(dir)) {
      for (FileStatus f : fs.listStatus(dir)) {
        Matcher m = SUMMARY.matcher(f.getPath().getName());
        if (m.matches()) {
          rounds.add(Integer.parseInt(m.group(1)));
        }
      }
    }
    rounds.sort(null);
    return rounds;
  }

  public int lastFinishedRound() throws IOException {
    List<Integer> rounds = finishedRounds();
    return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1);
  }

  public JsonNode readSummary(int round) throws IOException {
    try (InputStream in = fs.open(summary(round))) {
      return JSON.readTree(in);
    }
  }

  /** Committed seed batches, oldest first. */
  public List<Path> seedBatches() throws IOException {
    Map<String, Path> batches = new TreeMap<>();
    if (fs.exists(seeds())) {
      for (FileStatus f : fs.listStatus(seeds())) {
        if (f.isDirectory() && f.getPath().getName().startsWith("batch=") && committed(f.getPath())) {
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
        readSummary(r).path("seed_batches").forEach(n -> consumed.add(n.asText()));
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
    if (fs.exists(crawlJson())) {
      JsonNode settings;
      try (InputStream in = fs.open(crawlJson())) {
        settings = JSON.readTree(in).path("settings");
      }
      settings.fields().forEachRemaining(e -> {
        if (conf.get(e.getKey()) == null) {
          conf.set(e.getKey(), e.getValue().asText());
        }
      });
      String lists = settings.path(Setting.FETCH_LISTS.key()).asText(null);
      if (lists != null && !lists.equals(conf.get(Setting.FETCH_LISTS.key()))) {
        System.err.println("note: " + Setting.FETCH_LISTS.key() + " stays " + lists + " for this crawl (set when it was created)");
        conf.set(Setting.FETCH_LISTS.key(), lists);
      }
      TrawlSettings.from(conf);
      return;
    }
    TrawlSettings.from(conf);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("created", Instant.now().toString());
    doc.put("root", root.toString());
    doc.put("settings", TrawlSettings.effective(conf));
    fs.mkdirs(root);
    try (OutputStream out = fs.create(crawlJson(), false)) {
      JSON.writeValue(out, doc);
    }
  }

  /** Fails, saying what to do, if there is no crawl here yet (only seeding creates one). */
  public void requireExisting() throws IOException {
    if (!fs.exists(crawlJson())) {
      throw new IllegalArgumentException("no crawl at " + root + " (no crawl.json): seed it first with "
          + "'trawl inject --crawl " + root + " --seeds FILE' or 'trawl crawl ... --seeds FILE'");
    }
  }

  /**
   * Writes a JSON document (round summaries) so that it appears whole or not at all. A summary's
   * presence means its round finished, so a crawl killed while writing one must not leave it half
   * written (an empty rounds/NNNN.json read as a finished round with no frontier ended the crawl).
   * It is written under a name no reader matches, then renamed; an absent summary is always safe.
   */
  public void writeJson(Path file, Object doc) throws IOException {
    Path partial = new Path(file.getParent(), "." + file.getName() + ".partial");
    try (OutputStream out = fs.create(partial, true)) {
      JSON.writeValue(out, doc);
    }
    fs.delete(file, false);
    if (!fs.rename(partial, file)) {
      throw new IOException("could not rename " + partial + " to " + file + "; run the same command again");
    }
  }
}
