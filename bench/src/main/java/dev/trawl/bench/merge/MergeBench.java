package dev.trawl.bench.merge;

import dev.trawl.bench.Peaks;
import dev.trawl.jobs.round.RoundJob;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.avro.mapreduce.AvroKeyOutputFormat;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

/**
 * Merge throughput: a generated crawl db and a round's generated fetch results (see
 * {@link SyntheticCrawl}) through the real round shuffle and reducer in local mode, with and
 * without the combiner, and, in the same run, an identity job over the same map output as the
 * floor MapReduce itself sets: it sorts, shuffles and writes every record and merges nothing.
 */
public final class MergeBench {
  /** One job's figures. */
  public record Figures(String name, double seconds, long inputUrls, long links, long mapOutputRecords,
                        long mapOutputBytes, long shuffleBytes, long combineIn, long combineOut, long reduceInputRecords,
                        long peakHeapBytes) {
    public double urlsPerSecond() {
      return inputUrls / seconds;
    }

    public double shuffleBytesPerLink() {
      return shuffleBytes / (double) links;
    }

    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("seconds", seconds);
      m.put("urls_per_s", urlsPerSecond());
      m.put("map_output_records", mapOutputRecords);
      m.put("map_output_bytes", mapOutputBytes);
      m.put("shuffle_bytes", shuffleBytes);
      m.put("shuffle_bytes_per_link", shuffleBytesPerLink());
      m.put("combine_input_records", combineIn);
      m.put("combine_output_records", combineOut);
      m.put("reduce_input_records", reduceInputRecords);
      m.put("peak_heap_bytes", peakHeapBytes);
      return m;
    }
  }

  private final SyntheticCrawl crawl;
  private final File work;

  public MergeBench(SyntheticCrawl crawl, File work) {
    this.crawl = crawl;
    this.work = work;
  }

  /** Generates the crawl db, then runs the floor and the round with and without its combiner. */
  public List<Figures> run() throws Exception {
    Path crawlDb = new Path(work.toURI().toString(), "crawldb");
    long start = System.nanoTime();
    writeCrawlDb(crawlDb);
    System.out.printf("merge: generated a crawl db of %,d URLs over %,d hosts in %.1f s%n", crawl.urls(), crawl.hosts(),
        (System.nanoTime() - start) / 1e9);
    List<Figures> figures = new ArrayList<>();
    figures.add(job("identity job (floor)", crawlDb, false, false));
    figures.add(job("round, no combiner", crawlDb, true, false));
    figures.add(job("round + combiner", crawlDb, true, true));
    return figures;
  }

  private void writeCrawlDb(Path dir) throws Exception {
    int files = 2;
    ExecutorService pool = Executors.newFixedThreadPool(files);
    List<Future<?>> done = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      int file = f;
      done.add(pool.submit(() -> {
        Path part = new Path(dir, String.format("part-r-%05d.avro", file));
        Configuration conf = new Configuration();
        try (DataFileWriter<CrawlDbEntry> w = new DataFileWriter<>(new SpecificDatumWriter<>(CrawlDbEntry.class))) {
          w.setCodec(CodecFactory.deflateCodec(6));
          w.create(CrawlDbEntry.getClassSchema(), part.getFileSystem(conf).create(part, true));
          for (long i = file; i < crawl.urls(); i += files) {
            w.append(crawl.known(i));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private Figures job(String name, Path crawlDb, boolean round, boolean combine) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", new File(work, "hadoop-tmp").getPath());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    // Local mode runs both reducers in this JVM, each sizing its shuffle buffer from the whole heap.
    conf.setFloat("mapreduce.reduce.shuffle.input.buffer.percent", 0.3f);
    conf.setBoolean("mapreduce.map.output.compress", true);
    conf.setInt(RoundConf.ROUND, 2);
    conf.setBoolean("trawl.round.combine", combine);
    crawl.to(conf);
    Job job = Job.getInstance(conf, "merge bench: " + name);
    MultipleInputs.addInputPath(job, crawlDb, AvroKeyInputFormat.class, KnownEntriesMapper.class);
    MultipleInputs.addInputPath(job, new Path(work.toURI().toString(), "no-input"), GeneratedPages.class, GeneratedFetchMapper.class);
    AvroJob.setInputKeySchema(job, CrawlDbEntry.getClassSchema());
    Path out = new Path(work.toURI().toString(), "out-" + name.replaceAll("[^a-z]+", "-"));
    if (round) {
      RoundJob.shuffleAndMerge(job, 2);
    } else {
      job.setMapOutputKeyClass(Text.class);
      AvroJob.setMapOutputValueSchema(job, UrlUpdate.getClassSchema());
      job.setNumReduceTasks(2);
      job.setReducerClass(IdentityWriter.class);
      job.setOutputFormatClass(AvroKeyOutputFormat.class);
      AvroJob.setOutputKeySchema(job, UrlUpdate.getClassSchema());
      job.setOutputValueClass(NullWritable.class);
    }
    FileOutputFormat.setOutputPath(job, out);
    Peaks.reset();
    long start = System.nanoTime();
    if (!job.waitForCompletion(false)) {
      throw new IOException(name + " failed: " + job.getStatus().getFailureInfo());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Counters c = job.getCounters();
    long links = c.findCounter(GeneratedFetchMapper.Generated.LINKS).getValue();
    long pages = c.findCounter(GeneratedFetchMapper.Generated.PAGES).getValue();
    Figures f = new Figures(name, seconds, crawl.urls() + pages + links, links,
        c.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue(), c.findCounter(TaskCounter.MAP_OUTPUT_BYTES).getValue(),
        c.findCounter(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES).getValue(),
        c.findCounter(TaskCounter.COMBINE_INPUT_RECORDS).getValue(), c.findCounter(TaskCounter.COMBINE_OUTPUT_RECORDS).getValue(),
        c.findCounter(TaskCounter.REDUCE_INPUT_RECORDS).getValue(), Peaks.heapBytes());
    System.out.printf("merge: %-22s %7.1f s  %,10.0f URLs/s  shuffle %,d bytes (%.1f per link)  peak heap %d MiB%n", name,
        f.seconds(), f.urlsPerSecond(), f.shuffleBytes(), f.shuffleBytesPerLink(), f.peakHeapBytes() >> 20);
    org.apache.hadoop.fs.FileUtil.fullyDelete(new File(out.toUri()));
    return f;
  }
}
