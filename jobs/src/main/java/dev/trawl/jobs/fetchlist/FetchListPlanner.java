package dev.trawl.jobs.fetchlist;

import dev.trawl.jobs.store.ContentHash;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.CrawlLayout;
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
   * The layout that balances frontier {@code round}'s hosts over {@code lists} lists by their
   * expected fetch time; null if the frontier has no per-host counts (round 1). The round uses it
   * for the next frontier, and for its own lists when it has another count than its frontier.
   */
  public FetchLists balance(int round, TrawlSettings settings, int lists) throws IOException {
    ListBalancer balancer = new ListBalancer(lists);
    return eachHost(round, settings, balancer::add) ? balancer.layout() : null;
  }

  /** The expected fetch time of each list of {@code layout}, in milliseconds; null without per-host counts. */
  public long[] expectedMillis(int round, TrawlSettings settings, FetchLists layout) throws IOException {
    long[] expected = new long[layout.lists()];
    return eachHost(round, settings, (host, millis) -> expected[layout.of(host)] += millis) ? expected : null;
  }

  private interface HostVisitor {
    void visit(String host, long expectedMillis);
  }

  private boolean eachHost(int round, TrawlSettings settings, HostVisitor visitor) throws IOException {
    Path hosts = new Path(root.frontier(round), CrawlLayout.FRONTIER_HOSTS);
    if (!root.fs().exists(hosts)) {
      return false;
    }
    for (FileStatus f : root.fs().listStatus(hosts, p -> p.getName().endsWith(".avro"))) {
      try (DataFileReader<HostLoad> r = new DataFileReader<>(new FsInput(f.getPath(), conf), new SpecificDatumReader<>(HostLoad.class))) {
        for (HostLoad h : r) {
          visitor.visit(h.getHost(), ListBalancer.expectedMillis(h, settings));
        }
      }
    }
    return true;
  }

  /** Writes the layout where the round's tasks read it, and returns that file. */
  public Path stage(FetchLists layout) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    layout.write(bytes);
    MessageDigest sha = ContentHash.sha256();
    sha.update(bytes.toByteArray());
    String name = ContentHash.hex(sha, 16);
    Path file = new Path(root.layout().staging(), "fetch-lists/" + name + ".json");
    try (OutputStream out = root.fs().create(file, true)) {
      out.write(bytes.toByteArray());
    }
    return file;
  }

  /** Writes the layout beside frontier {@code round + 1}, once round {@code round} has committed it. */
  public void publish(int round, FetchLists layout) throws IOException {
    try (OutputStream out = root.fs().create(new Path(root.frontier(round + 1), CrawlLayout.FETCH_LISTS), true)) {
      layout.write(out);
    }
  }
}
