package dev.trawl.reducers.output;

import static dev.trawl.reducers.TestRecords.URL;
import static dev.trawl.reducers.TestRecords.crawlDb;
import static dev.trawl.reducers.TestRecords.entry;
import static dev.trawl.reducers.TestRecords.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.RoundConf;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundOutputFormatTest {
  @TempDir
  Path crawl;

  private Configuration conf(int round) {
    Configuration conf = new Configuration();
    conf.setInt(RoundConf.ROUND, round);
    conf.set(FileOutputFormat.OUTDIR, crawl.toUri().toString());
    return conf;
  }

  /** One reduce task's life under the job's committer: setup, write, close, commit task, commit job. */
  private void runTask(Configuration conf, int reducer, List<Object> records) throws IOException, InterruptedException {
    JobID jobId = new JobID("trawl", 1);
    JobContext job = new JobContextImpl(conf, jobId);
    TaskAttemptContext task = new TaskAttemptContextImpl(conf, new TaskAttemptID("trawl", 1, TaskType.REDUCE, reducer, 0));
    RoundOutputFormat format = new RoundOutputFormat();
    format.checkOutputSpecs(job);
    OutputCommitter committer = format.getOutputCommitter(task);
    committer.setupJob(job);
    committer.setupTask(task);
    RecordWriter<AvroKey<Object>, NullWritable> writer = format.getRecordWriter(task);
    AvroKey<Object> key = new AvroKey<>();
    for (Object record : records) {
      key.datum(record);
      writer.write(key, NullWritable.get());
    }
    writer.close(task);
    if (committer.needsTaskCommit(task)) {
      committer.commitTask(task);
    }
    committer.commitJob(job);
  }

  private static <T> List<T> read(Path file, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    try (DataFileReader<T> r = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
      for (T t : r) {
        out.add(t);
      }
    }
    return out;
  }

  private List<String> avroFiles() throws IOException {
    try (Stream<Path> files = Files.walk(crawl)) {
      return files.filter(p -> p.toString().endsWith(".avro")).map(p -> crawl.relativize(p).toString().replace(File.separatorChar, '/'))
          .sorted().toList();
    }
  }

  @Test
  void filesEachRecordInItsRoundFolder() throws Exception {
    CrawlDbEntry db1 = crawlDb(URL, UrlState.fetched, 0, 2).build();
    CrawlDbEntry db2 = crawlDb("http://example.com/next", UrlState.queued, 1, 2).build();
    ManifestRecord page = ok(URL, 0);
    FrontierEntry next = entry("http://example.com/next", 1, 0, URL);

    runTask(conf(2), 0, List.of(db1, page, db2, next));

    assertEquals(List.of(
        "crawldb/round=0002/part-r-00000.avro",
        "frontier/round=0003/part-r-00000.avro",
        "manifest/round=0002/part-r-00000.avro"), avroFiles());
    assertEquals(List.of(db1, db2), read(crawl.resolve("crawldb/round=0002/part-r-00000.avro"), CrawlDbEntry.class));
    assertEquals(List.of(page), read(crawl.resolve("manifest/round=0002/part-r-00000.avro"), ManifestRecord.class));
    assertEquals(List.of(next), read(crawl.resolve("frontier/round=0003/part-r-00000.avro"), FrontierEntry.class));
    assertFalse(Files.exists(crawl.resolve("_temporary")), "the committer cleans up its work folders");
  }

  @Test
  void listsTheWarcFilesItsManifestRecordsPointInto() throws Exception {
    // Lists 0 and 1 of round 2; list 1's second attempt ran after its node was lost.
    ManifestRecord a = ok(URL, 0);
    a.setWarcFile("warc/round=0002/fetch-00001.attempt1.warc.gz");
    ManifestRecord b = ok("http://example.com/b", 0);
    b.setWarcFile("warc/round=0002/fetch-00000.warc.gz");
    ManifestRecord c = ok("http://example.com/c", 0);
    c.setWarcFile("warc/round=0002/fetch-00000.warc.gz");
    ManifestRecord failed = ok("http://example.com/d", 0);
    failed.setWarcFile(null);

    runTask(conf(2), 4, List.of(a, b, c, failed));

    assertEquals(List.of("warc/round=0002/fetch-00000.warc.gz", "warc/round=0002/fetch-00001.attempt1.warc.gz"),
        Files.readAllLines(crawl.resolve("warc/round=0002/_pointed/part-r-00004.txt")));
  }

  @Test
  void reducerKWritesPartK() throws Exception {
    FrontierEntry next = entry("http://example.com/x", 1, 0, URL);

    runTask(conf(7), 3, List.of(crawlDb(URL, UrlState.queued, 1, 7).build(), next));

    assertEquals(List.of("crawldb/round=0007/part-r-00003.avro", "frontier/round=0008/part-r-00003.avro"), avroFiles());
    assertEquals(List.of(next), read(crawl.resolve("frontier/round=0008/part-r-00003.avro"), FrontierEntry.class));
  }

  @Test
  void aTaskWithNothingOfATypeWritesNoFileForIt() throws Exception {
    runTask(conf(2), 1, List.of(crawlDb(URL, UrlState.fetched, 0, 1).build()));

    assertEquals(List.of("crawldb/round=0002/part-r-00001.avro"), avroFiles());
  }

  @Test
  void earlierRoundsInTheCrawlRootAreLeftAlone() throws Exception {
    Path earlier = crawl.resolve("crawldb/round=0001/part-r-00000.avro");
    Files.createDirectories(earlier.getParent());
    Files.writeString(earlier, "round 1");

    runTask(conf(2), 0, List.of(crawlDb(URL, UrlState.fetched, 0, 1).build()));

    assertEquals("round 1", Files.readString(earlier));
    assertTrue(Files.exists(crawl.resolve("crawldb/round=0002/part-r-00000.avro")));
  }

  @Test
  void filesAreDeflateCompressedAvro() throws Exception {
    runTask(conf(2), 0, List.of(ok(URL, 0)));

    try (DataFileReader<ManifestRecord> r = new DataFileReader<>(
        crawl.resolve("manifest/round=0002/part-r-00000.avro").toFile(), new SpecificDatumReader<>(ManifestRecord.class))) {
      assertEquals("deflate", r.getMetaString("avro.codec"));
      assertEquals(ManifestRecord.getClassSchema(), r.getSchema());
    }
  }

  @Test
  void aRecordOfAnotherTypeIsRefusedWithItsName() throws Exception {
    Configuration conf = conf(2);
    TaskAttemptContext task = new TaskAttemptContextImpl(conf, new TaskAttemptID("trawl", 1, TaskType.REDUCE, 0, 0));
    RoundOutputFormat format = new RoundOutputFormat();
    format.getOutputCommitter(task).setupTask(task);
    RecordWriter<AvroKey<Object>, NullWritable> writer = format.getRecordWriter(task);

    IOException e = assertThrows(IOException.class,
        () -> writer.write(new AvroKey<>(UrlUpdate.newBuilder().build()), NullWritable.get()));
    assertTrue(e.getMessage().contains("UrlUpdate"), e.getMessage());
    writer.close(task);
  }

  @Test
  void anExistingCrawlRootIsNotAnError() throws Exception {
    Files.createDirectories(crawl.resolve("crawldb/round=0001"));
    new RoundOutputFormat().checkOutputSpecs(new JobContextImpl(conf(2), new JobID("trawl", 1)));
  }

  @Test
  void aJobWithoutCrawlRootIsRefused() {
    Configuration conf = new Configuration();
    conf.setInt(RoundConf.ROUND, 2);
    IOException e = assertThrows(IOException.class,
        () -> new RoundOutputFormat().checkOutputSpecs(new JobContextImpl(conf, new JobID("trawl", 1))));
    assertTrue(e.getMessage().contains("crawl root"), e.getMessage());
  }
}
