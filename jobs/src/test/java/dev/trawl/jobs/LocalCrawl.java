package dev.trawl.jobs;

import dev.trawl.jobs.cli.Trawl;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.LastCapture;
import dev.trawl.schema.ManifestRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/** Test fixture: runs trawl commands in Hadoop's local mode against a crawl root in a temp folder. */
public final class LocalCrawl implements CrawlFiles {
  private final Path dir;

  /** What a command printed, and its exit code. */
  public record Run(int exit, String out, String err) {}

  public LocalCrawl(Path dir) {
    this.dir = dir;
  }

  public Path root() {
    return dir.resolve("crawl");
  }

  public String uri() {
    return root().toUri().toString();
  }

  /** The flag every loopback crawl needs: the test sites live on 127.0.0.0/8, which trawl refuses by default. */
  public static final List<String> LOOPBACK = List.of("--allow-private", "127.0.0.0/8");
  /** The politeness delay a test crawl uses unless it gives its own: short, and still a delay. */
  public static final String TEST_DELAY = "0.05";

  /**
   * {@code trawl crawl} of this crawl root from {@code seeds} on loopback, as a user runs it, and
   * that it succeeded: adds {@code --delay 0.05} unless {@code more} gives a delay, and
   * {@link #LOOPBACK} unless it allows ranges itself.
   */
  public Run crawl(Path seeds, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("crawl", "--crawl", uri(), "--seeds", seeds.toString()));
    args.addAll(List.of(more));
    if (!args.contains("--delay")) {
      args.addAll(List.of("--delay", TEST_DELAY));
    }
    if (!args.contains("--allow-private")) {
      args.addAll(LOOPBACK);
    }
    return ok(args.toArray(String[]::new));
  }

  /** Runs a trawl command and asserts it exited 0, showing what it printed if not. */
  public Run ok(String... args) throws Exception {
    Run run = trawl(args);
    if (run.exit() != 0) {
      throw new AssertionError("trawl " + String.join(" ", args) + " exited " + run.exit() + "\n" + run.err() + run.out());
    }
    return run;
  }

  public Run trawl(String... args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", dir.resolve("hadoop-tmp").toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      exit = ToolRunner.run(conf, new Trawl(o), args);
    } finally {
      System.setErr(oldErr);
    }
    Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.print(run.out());
    return run;
  }

  @Override
  public <T> List<T> read(String folder, Class<T> type) throws IOException {
    List<T> records = new ArrayList<>();
    Path d = root().resolve(folder);
    if (!Files.isDirectory(d)) {
      return records;
    }
    try (var files = Files.list(d)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileReader<T> r = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(type))) {
          r.forEach(records::add);
        }
      }
    }
    return records;
  }

  /**
   * Round {@code r}'s manifest, crawl db and next frontier as sorted text, without what differs
   * between two fetches of the same site (times, WARC positions, which fetch task wrote them).
   */
  public String records(int r) throws IOException {
    String round = String.format("round=%04d", r);
    Set<String> manifest = read("manifest/" + round, ManifestRecord.class).stream()
        .map(m -> ManifestRecord.newBuilder(sameInEveryRun(m)).setWarcFile(null).build().toString())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> db = read("crawldb/" + round, CrawlDbEntry.class).stream()
        .map(LocalCrawl::sameInEveryRun)
        .map(e -> e.getLastCapture() == null ? e : CrawlDbEntry.newBuilder(e)
            .setLastCapture(LastCapture.newBuilder(e.getLastCapture()).setWarcFile(null).build()).build())
        .map(Object::toString)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> frontier = read(String.format("frontier/round=%04d", r + 1), FrontierEntry.class).stream()
        .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
    if (manifest.isEmpty()) {
      throw new AssertionError("round " + r + " has no manifest records");
    }
    return manifest + "\n" + db + "\n" + frontier;
  }

  /**
   * A manifest record without what differs between two fetches of the same site: times, WARC
   * positions and record ids (random UUIDs).
   */
  public static ManifestRecord sameInEveryRun(ManifestRecord m) {
    return ManifestRecord.newBuilder(m).setFetchTime(0).setFetchMs(0).setWarcOffset(null).setWarcLength(null)
        .setWarcRecordId(null).build();
  }

  /** A crawl db entry without the times and WARC positions of its fetches. */
  public static CrawlDbEntry sameInEveryRun(CrawlDbEntry e) {
    return CrawlDbEntry.newBuilder(e).setLastFetchTime(null).setNextFetchTime(null)
        .setLastCapture(e.getLastCapture() == null ? null : LastCapture.newBuilder(e.getLastCapture()).setFetchTime(0)
            .setWarcRecordId(null).setWarcOffset(null).setWarcLength(null).build())
        .build();
  }

  @Override
  public byte[] slice(String relative, long offset, int length) throws IOException {
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(root().resolve(relative))) {
      ch.position(offset);
      return java.nio.channels.Channels.newInputStream(ch).readNBytes(length);
    }
  }

  public Path writeSeeds(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return f;
  }
}
