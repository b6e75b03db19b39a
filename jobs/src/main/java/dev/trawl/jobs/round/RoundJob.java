package dev.trawl.jobs.round;

import dev.trawl.jobs.fetchlist.FetchListPlanner;
import dev.trawl.jobs.s3.S3Commit;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.mappers.fetch.FetchMapper;
import dev.trawl.mappers.input.FetchListInputFormat;
import dev.trawl.reducers.RoundReducer;
import dev.trawl.reducers.dedup.DigestGrouping;
import dev.trawl.reducers.frontier.HostPartitioner;
import dev.trawl.reducers.merge.DiscoveryCombiner;
import dev.trawl.reducers.output.RoundOutputFormat;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/** The round as one MapReduce job: the whole data flow in {@link #create}. */
public final class RoundJob {
  private RoundJob() {}

  /**
   * The job of round {@code plan.round()}, every setting its tasks read included.
   *
   * @param start when the round started: its time limit counts from here
   */
  public static Job create(Configuration conf, CrawlRoot root, RoundPlan plan, Instant start) throws IOException {
    int round = plan.round();
    int lists = plan.layout().lists();
    Job job = Job.getInstance(conf, "trawl round " + round + " of " + root.path());
    job.setJarByClass(RoundJob.class);
    Configuration c = job.getConfiguration();
    TrawlSettings settings = TrawlSettings.from(c);
    c.setInt(RoundConf.ROUND, round);

    // Map: one fetch task per fetch list, and nothing else, so no fetch list waits for a container
    // behind another task. The fetch tasks also carry the previous round's stores (crawl db, robots
    // store, digest index) into the round, each store file by one task; the reducer of each record's
    // URL or digest gets it, whatever the layout of either round.
    job.setInputFormatClass(FetchListInputFormat.class);
    if (!plan.fetchLists().isEmpty()) {
      FileInputFormat.setInputPaths(job, plan.fetchLists().toArray(new Path[0]));
    }
    FetchListPlanner planner = new FetchListPlanner(root, c);
    c.set(RoundConf.FETCH_LISTS, planner.stage(plan.layout()).toString());
    job.setMapperClass(FetchMapper.class);
    c.setStrings(RoundConf.SEED_BATCHES, plan.allSeeds().stream().map(Path::toString).toArray(String[]::new));
    plan.selection().write(c);
    if (settings.timeLimit() != null) {
      c.setLong(RoundConf.FETCH_DEADLINE, start.plus(settings.timeLimit()).toEpochMilli());
    }
    c.setLong(RoundConf.REFETCH_AS_OF, plan.refetchAsOf());
    if (round > 1 && root.fs().exists(root.summary(round - 1))) {
      c.setLong(RoundConf.LAST_ROUND_END, Instant.parse(root.readSummary(round - 1).finished()).toEpochMilli());
    }
    c.setBoolean(RoundConf.REQUEUE_BLOCKED, plan.requeueBlocked());
    if (plan.crawlDb() != null) {
      c.set(RoundConf.CRAWL_DB, plan.crawlDb().toString());
    }
    if (plan.robots() != null) {
      c.set(RoundConf.ROBOTS, plan.robots().toString());
      c.setBoolean(RoundConf.ROBOTS_BY_LIST, plan.robotsByList());
    }
    // Fetch tasks also look bodies up in the previous digest index, which is keyed by digest.
    Path digests = root.digests(round - 1);
    if (round > 1 && root.committed(digests)) {
      c.set(RoundConf.DIGEST_INDEX, digests.toString());
    }
    c.set(RoundConf.NEXT_FETCH_LISTS, planner.stage(plan.nextLayout()).toString());
    shuffleAndMerge(job, lists);
    FileOutputFormat.setOutputPath(job, root.path());

    // A speculative duplicate of a fetch task would hit the same hosts twice.
    c.setBoolean("mapreduce.map.speculative", false);
    c.setBoolean("mapreduce.reduce.speculative", false);
    // The driver marks each round folder itself; a _SUCCESS at the crawl root would mean nothing.
    c.setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
    // Local mode runs one map task at a time unless told otherwise; fetch lists are meant to run together.
    c.setIfUnset("mapreduce.local.map.tasks.maximum", Integer.toString(lists));
    c.setIfUnset("mapreduce.local.reduce.tasks.maximum", Integer.toString(lists));
    // On S3, commit with an S3A committer: nothing visible before the job commits.
    S3Commit.configure(c, root.fs(), settings);
    return job;
  }

  /**
   * The round's shuffle and reduce, whatever its map side: URL and digest keys to the round reducer
   * through the round's output format. The benchmark drives the same with generated fetch results.
   */
  public static void shuffleAndMerge(Job job, int lists) throws IOException {
    job.setMapOutputKeyClass(Text.class);
    AvroJob.setMapOutputValueSchema(job, UrlUpdate.getClassSchema());
    // Map side: a URL linked from many of a task's pages is shuffled about once; intermediate data compressed.
    if (TrawlSettings.from(job.getConfiguration()).combine()) {
      job.setCombinerClass(DiscoveryCombiner.class);
    }
    job.getConfiguration().setBoolean("mapreduce.map.output.compress", true);

    // Shuffle: by host, so reducer k writes fetch list k of the next frontier (in the layout the
    // driver chose, see FetchListPlanner); keyed by URL, whose Text form sorts as raw bytes.
    // Digest keys group a body's captures, canonical first, to settle duplicate_of.
    job.setPartitionerClass(HostPartitioner.class);
    job.setGroupingComparatorClass(DigestGrouping.class);
    job.setNumReduceTasks(lists);

    // Reduce: merge per URL -> crawldb/round=N, manifest/round=N, frontier/round=N+1, robots/round=N;
    // per digest -> manifest/round=N (captures with a body), digests/round=N.
    job.setReducerClass(RoundReducer.class);
    job.setOutputFormatClass(RoundOutputFormat.class);
    AvroJob.setOutputKeySchema(job, RoundOutputFormat.RECORDS);
    job.setOutputValueClass(NullWritable.class);
  }
}
