package dev.trawl.jobs.inject;

import dev.trawl.jobs.fetchlist.FetchListCount;
import dev.trawl.jobs.fetchlist.FetchListFiles;
import dev.trawl.jobs.store.ContentHash;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.CrawlLayout;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.FetchLists;
import dev.trawl.url.Urls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Seeds a crawl. New URLs become a seed batch, {@code seeds/batch=<time>-<hash>/}, laid out as
 * fetch lists so the next round fetches them with the frontier. Batches are only ever added:
 * injecting never removes or rewrites anything, and injecting URLs already seeded adds nothing.
 */
public final class Injector {
  /** What an inject did. */
  public record Result(int accepted, int added, List<String> rejected, Path batch) {}

  private final CrawlRoot root;
  private final Configuration conf;

  public Injector(CrawlRoot root, Configuration conf) {
    this.root = root;
    this.conf = conf;
  }

  public Result inject(Path seedFile, PrintStream out) throws IOException {
    SeedList seeds;
    FileSystem seedFs = seedFile.getFileSystem(conf);
    if (!seedFs.exists(seedFile)) {
      // A path without a scheme is on the default file system, as in every Hadoop command: on a
      // cluster that is HDFS or S3, not the disk of the machine the command runs on.
      Path searched = seedFs.makeQualified(seedFile);
      throw new IllegalArgumentException("seed file " + seedFile + " does not exist on " + seedFs.getUri()
          + " (looked for " + searched + ")" + (seedFile.toUri().getScheme() == null && !"file".equals(seedFs.getScheme())
          ? "; a file on this machine's disk is file://" + new java.io.File(seedFile.toString()).getAbsolutePath() : ""));
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(seedFs.open(seedFile), StandardCharsets.UTF_8))) {
      seeds = SeedList.read(r);
    }
    for (String rejection : seeds.rejected()) {
      out.println("rejected " + seedFile.getName() + " " + rejection);
    }
    if (!seeds.metadataKeys().isEmpty()) {
      // Said once, so that a Nutch seed list's scores and intervals are not believed to count.
      out.println("note: " + seedFile.getName() + " carries Nutch seed metadata (" + String.join(", ", seeds.metadataKeys())
          + "): its URLs are seeded, the metadata is ignored (trawl has no per-URL score or fetch interval; "
          + "trawl.refetch.after sets refetching for the whole crawl)");
    }
    root.loadSettings(conf);
    Set<String> fresh = new TreeSet<>(seeds.urls());
    for (Path batch : root.seedBatches()) {
      fresh.removeAll(urlsOf(batch));
    }
    if (fresh.isEmpty()) {
      out.println("inject: " + seeds.urls().size() + " seed URLs, all already injected; nothing added");
      return new Result(seeds.urls().size(), 0, seeds.rejected(), null);
    }
    // The batch is laid out as the round that fetches it will be: as its frontier if one is written,
    // else (before round 1) in as many lists as that round would choose here.
    FetchLists layout = root.nextFetchLists().orElse(null);
    if (layout == null) {
      layout = FetchLists.hashed(FetchListCount.choose(TrawlSettings.from(conf), conf, fresh.stream().map(Urls::host).distinct().count()).count());
    }
    Path batch = write(fresh, layout);
    out.println("inject: " + fresh.size() + " new seed URLs (of " + seeds.urls().size() + " accepted, "
        + seeds.rejected().size() + " rejected) in " + batch);
    return new Result(seeds.urls().size(), fresh.size(), seeds.rejected(), batch);
  }

  /** Writes the batch as fetch lists in the layout of the round that will fetch it. */
  private Path write(Set<String> urls, FetchLists layout) throws IOException {
    String time = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
    Path batch = new Path(root.seeds(), "batch=" + time + "-" + hash(urls));
    FileSystem fs = root.fs();
    // A half-written batch (a crash) has no _SUCCESS: it is ignored, and replaced here.
    fs.delete(batch, true);
    Set<String> hosts = new TreeSet<>();
    try (FetchListFiles lists = new FetchListFiles(fs, batch, layout)) {
      for (String url : urls) {
        String host = Urls.host(url);
        hosts.add(host);
        lists.append(FrontierEntry.newBuilder().setUrl(url).setHost(host).setDepth(0).setRetries(0).setFoundBy(FoundBy.seed).build());
      }
    }
    try (OutputStream out = fs.create(new Path(batch, CrawlLayout.SEED_HOSTS), false)) {
      out.write((String.join("\n", hosts) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    root.markCommitted(batch);
    return batch;
  }

  private Set<String> urlsOf(Path batch) throws IOException {
    Set<String> urls = new TreeSet<>();
    FetchListFiles.forEach(root.fs(), conf, List.of(batch), e -> urls.add(e.getUrl()));
    return urls;
  }

  private static String hash(Set<String> urls) {
    MessageDigest sha = ContentHash.sha256();
    for (String u : urls) {
      sha.update(u.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return ContentHash.hex(sha, 12);
  }
}
