package dev.trawl.jobs.round;

import dev.trawl.jobs.crawl.CrawlRoot;
import dev.trawl.jobs.s3.S3Commit;
import dev.trawl.mappers.crawldb.CrawlDbMapper;
import dev.trawl.mappers.crawldb.RobotsMapper;
import dev.trawl.mappers.dedup.DigestIndexMapper;
import dev.trawl.mappers.fetch.FetchMapper;
import dev.trawl.mappers.input.FetchListInputFormat;
import dev.trawl.reducers.RoundReducer;
import dev.trawl.reducers.dedup.DigestGrouping;
import dev.trawl.reducers.frontier.HostPartitioner;
import dev.trawl.reducers.merge.DiscoveryCombiner;
import dev.trawl.reducers.output.RoundOutputFormat;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/** The round as one MapReduce job: the whole data flow in {@link #create}. */
public final class RoundJob {
  private RoundJob() {}

  /**
   * @param fetchLists folders of fetch lists: the round's frontier and pending seed batches
   * @param crawlDb the previous round's crawl db, or null in the first round
   * @param robots the previous round's robots store, or null
   */
  public static Job create(Configuration conf, CrawlRoot root, int round, List<Path> fetchLists, Path crawlDb,
                           Path robots) throws IOException {
    Job job = Job.getInstance(conf, "trawl round " + round + " of " + root.path());
    job.setJarByClass(RoundJob.class);
    Configuration c = job.getConfiguration();
    c.setInt(RoundConf.ROUND, round);
    int lists = TrawlSettings.from(c).fetchLists();

    // Map: fetch lists -> fetching (one task per list); previous crawl db and robots store -> identity.
    for (Path dir : fetchLists) {
      MultipleInputs.addInputPath(job, dir, FetchListInputFormat.class, FetchMapper.class);
    }
    if (crawlDb != null) {
      MultipleInputs.addInputPath(job, crawlDb, AvroKeyInputFormat.class, CrawlDbMapper.class);
    }
    if (robots != null) {
      MultipleInputs.addInputPath(job, robots, AvroKeyInputFormat.class, RobotsMapper.class);
      // Fetch task k reads file k of the same store to reuse rules, without waiting for a fetch.
      c.set(RoundConf.ROBOTS, robots.toString());
    }
    // One reader schema serves both stores: Avro resolves each file's records to their branch.
    AvroJob.setInputKeySchema(job, Schema.createUnion(CrawlDbEntry.getClassSchema(), RobotsEntry.getClassSchema()));
    // Previous digest index -> identity, keyed by digest; fetch tasks also look bodies up in it.
    Path digests = root.digests(round - 1);
    if (round > 1 && root.committed(digests)) {
      MultipleInputs.addInputPath(job, digests, SequenceFileInputFormat.class, DigestIndexMapper.class);
      c.set(RoundConf.DIGEST_INDEX, digests.toString());
    }
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
    S3Commit.configure(c, root.fs(), TrawlSettings.from(c));
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
