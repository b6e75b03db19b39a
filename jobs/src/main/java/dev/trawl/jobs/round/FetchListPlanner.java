package dev.trawl.jobs.round;

import dev.trawl.jobs.crawl.ContentHash;
import dev.trawl.jobs.crawl.CrawlRoot;
import dev.trawl.reducers.output.RoundOutputFormat;
import dev.trawl.schema.HostLoad;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.FetchLists;
import dev.trawl.url.ListBalancer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Chooses the layout round N writes the next frontier in, from the per-host counts of its own
 * frontier (frontier/round=N/_hosts): hosts keep roughly their size from one round to the next, so
 * the hosts that made this round's lists uneven are placed apart for the next. While the round runs,
 * its tasks read the layout from the crawl root's _staging/ (named by content, as nothing a round
 * writes may be visible before it commits); once it has, the layout goes beside the frontier it
 * lays out, where the next round and inject find it.
 */
public final class FetchListPlanner {
  private final CrawlRoot root;
  private final Configuration conf;

  public FetchListPlanner(CrawlRoot root, Configuration conf) {
    this.root = root;
    this.conf = conf;
  }

  /**
   * What frontier {@code round}'s per-host counts say: the layout for the next frontier, and the
   * expected fetch time of each of this round's lists, in milliseconds.
   */
  public record Plan(FetchLists next, long[] expectedMillis) {}

  /**
   * @param current the layout of frontier {@code round}
   * @return null if frontier {@code round} has no per-host counts (round 1)
   */
  public Plan plan(int round, TrawlSettings settings, FetchLists current) throws IOException {
    Path hosts = new Path(root.frontier(round), RoundOutputFormat.HOSTS);
    if (!root.fs().exists(hosts)) {
      return null;
    }
    ListBalancer balancer = new ListBalancer(settings.fetchLists());
    long[] expected = new long[current.lists()];
    for (FileStatus f : root.fs().listStatus(hosts, p -> p.getName().endsWith(".avro"))) {
      try (DataFileReader<HostLoad> r = new DataFileReader<>(new FsInput(f.getPath(), conf), new SpecificDatumReader<>(HostLoad.class))) {
        for (HostLoad h : r) {
          long millis = ListBalancer.expectedMillis(h, settings);
          balancer.add(h.getHost(), millis);
          expected[current.of(h.getHost())] += millis;
        }
      }
    }
    return new Plan(balancer.layout(), expected);
  }

  /** Writes the layout where the round's tasks read it, and returns that file. */
  public Path stage(FetchLists layout) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    layout.write(bytes);
    MessageDigest sha = ContentHash.sha256();
    sha.update(bytes.toByteArray());
    String name = ContentHash.hex(sha, 16);
    Path file = new Path(root.path(), "_staging/fetch-lists/" + name + ".json");
    try (OutputStream out = root.fs().create(file, true)) {
      out.write(bytes.toByteArray());
    }
    return file;
  }

  /** Writes the layout beside frontier {@code round + 1}, once round {@code round} has committed it. */
  public void publish(int round, FetchLists layout) throws IOException {
    try (OutputStream out = root.fs().create(new Path(root.frontier(round + 1), FetchLists.FILE), true)) {
      layout.write(out);
    }
  }
}
