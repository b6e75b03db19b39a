package dev.trawl.reducers;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.reducers.dedup.DigestGroup;
import dev.trawl.reducers.frontier.FrontierHosts;
import dev.trawl.reducers.manifest.UrlColumns;
import dev.trawl.reducers.merge.UrlMerge;
import dev.trawl.reducers.refetch.CaptureHistory;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.HostLoad;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The reduce side of a round, one URL at a time: merges what the round learned into the URL's new
 * crawl db entry, its manifest record (if fetched) and its next frontier entry (if it is to be
 * fetched). Digest keys group a body's captures instead: they get their duplicate_of and the body its
 * digest index entry. Robots.txt records, keyed by their URL, pass through to the robots store.
 * Last, the next frontier's per-host counts go beside it, for the next round's fetch list layout.
 * {@link dev.trawl.reducers.output.RoundOutputFormat} files each record in its folder.
 */
public class RoundReducer extends Reducer<Text, AvroValue<UrlUpdate>, AvroKey<Object>, NullWritable> {
  private int round;
  private int maxRetries;
  private int maxDepth;
  private CaptureHistory history;
  private int goneAfter;
  private final AvroKey<Object> out = new AvroKey<>();
  private final FrontierHosts hosts = new FrontierHosts();

  @Override
  protected void setup(Context context) {
    round = RoundConf.round(context.getConfiguration());
    TrawlSettings settings = TrawlSettings.from(context.getConfiguration());
    maxRetries = settings.maxRetries();
    maxDepth = settings.depth().orElse(Integer.MAX_VALUE);
    goneAfter = settings.refetch().goneAfter();
    history = new CaptureHistory(new RefetchSchedule(settings.refetch()), settings.refetch().goneAfter(),
        RoundConf.refetchAsOf(context.getConfiguration()));
  }

  @Override
  protected void reduce(Text url, Iterable<AvroValue<UrlUpdate>> values, Context context) throws IOException, InterruptedException {
    if (DigestKeys.isDigestKey(url.toString())) {
      reduceDigest(DigestKeys.digestOf(url.toString()), values, context);
      return;
    }
    UrlMerge merge = new UrlMerge(round, maxRetries, history);
    RobotsEntry robots = null;
    for (AvroValue<UrlUpdate> v : values) {
      RobotsEntry r = v.datum().getRobots();
      if (r == null) {
        merge.add(v.datum());
      } else if (robots == null || r.getFetchTime() > robots.getFetchTime()) {
        // The newest word on an origin's robots.txt wins: this round's fetch over the last round's.
        robots = RobotsEntry.newBuilder(r).build();
      }
    }
    if (robots != null) {
      write(robots, context);
      hosts.robots(robots);
    }
    if (merge.isEmpty()) {
      return;
    }
    UrlMerge.Result r = merge.result();
    write(r.crawlDb(), context);
    context.getCounter(RoundCounter.CRAWLDB_URLS).increment(1);
    if (r.crawlDb().getState() == UrlState.blocked_address) {
      context.getCounter(RoundCounter.CRAWLDB_BLOCKED).increment(1);
    } else if (r.crawlDb().getState() == UrlState.robots_denied) {
      context.getCounter(RoundCounter.CRAWLDB_ROBOTS_DENIED).increment(1);
    }
    if (r.isNew()) {
      context.getCounter(RoundCounter.URLS_NEW).increment(1);
    }
    if (r.refetch()) {
      context.getCounter(RoundCounter.REFETCH_SCHEDULED).increment(1);
    }
    if (r.manifest() != null && r.crawlDb().getState() == UrlState.gone && r.crawlDb().getGoneStrikes() == goneAfter) {
      context.getCounter(RoundCounter.URLS_GONE).increment(1);
    }
    if (r.manifest() != null && !DigestKeys.dedupes(r.manifest())) {
      // Captures with a body are written by their digest group, which knows their duplicate_of.
      write(UrlColumns.fill(r.manifest()), context);
    }
    if (r.nextFrontier() != null) {
      write(r.nextFrontier(), context);
      context.getCounter(RoundCounter.FRONTIER_NEXT).increment(1);
      if (r.nextFrontier().getDepth() < maxDepth) {
        context.getCounter(RoundCounter.FRONTIER_NEXT_IN_DEPTH).increment(1);
        hosts.page(r.nextFrontier().getHost());
      }
      if (r.manifest() != null) {
        context.getCounter(RoundCounter.RETRIES_QUEUED).increment(1);
      }
    }
  }

  /** The next frontier's hosts, for the next round to balance its fetch lists by. */
  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    for (HostLoad load : hosts.loads()) {
      write(load, context);
    }
  }

  /** One body digest: its captures' manifest records, with duplicate_of, and its digest index entry. */
  private void reduceDigest(String digest, Iterable<AvroValue<UrlUpdate>> values, Context context) throws IOException, InterruptedException {
    DigestGroup group = new DigestGroup(digest);
    for (AvroValue<UrlUpdate> v : values) {
      ManifestRecord m = group.add(v.datum());
      if (m != null) {
        write(UrlColumns.fill(m), context);
      }
    }
    write(group.entry(), context);
    context.getCounter(RoundCounter.DUPLICATES).increment(group.duplicates());
  }

  private void write(Object record, Context context) throws IOException, InterruptedException {
    out.datum(record);
    context.write(out, NullWritable.get());
  }
}
