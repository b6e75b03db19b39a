package dev.trawl.mappers.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.stores.StoreFile;
import dev.trawl.schema.FrontierEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetchListInputFormatTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();
  private FileSystem fs;
  private org.apache.hadoop.fs.Path frontier;
  private org.apache.hadoop.fs.Path seeds;

  @BeforeEach
  void setUp() throws Exception {
    fs = FileSystem.getLocal(conf);
    frontier = new org.apache.hadoop.fs.Path(tmp.resolve("frontier/round=0002").toUri());
    seeds = new org.apache.hadoop.fs.Path(tmp.resolve("seeds/batch=20240101T000000-abc").toUri());
  }

  private static FrontierEntry entry(String host, String path, int depth) {
    return FrontierEntry.newBuilder().setUrl("http://" + host + path).setHost(host).setDepth(depth).setRetries(0).build();
  }

  /** Writes an Avro fetch list file the way the reducer and inject do, through Hadoop's file system. */
  private void write(org.apache.hadoop.fs.Path file, List<FrontierEntry> entries) throws Exception {
    try (FSDataOutputStream out = fs.create(file, false);
         DataFileWriter<FrontierEntry> w = new DataFileWriter<>(new SpecificDatumWriter<>(FrontierEntry.class))) {
      w.create(FrontierEntry.getClassSchema(), out);
      for (FrontierEntry e : entries) {
        w.append(e);
      }
    }
  }

  private void touch(org.apache.hadoop.fs.Path file, String text) throws Exception {
    try (FSDataOutputStream out = fs.create(file, false)) {
      out.writeBytes(text);
    }
  }

  private List<InputSplit> splits(org.apache.hadoop.fs.Path... dirs) throws Exception {
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, dirs);
    return new FetchListInputFormat().getSplits(job);
  }

  private static List<FrontierEntry> read(InputSplit split, Configuration conf) throws Exception {
    TaskAttemptContextImpl context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    List<FrontierEntry> all = new ArrayList<>();
    try (RecordReader<AvroKey<FrontierEntry>, NullWritable> reader = new FetchListInputFormat().createRecordReader(split, context)) {
      reader.initialize(split, context);
      assertEquals(0f, reader.getProgress());
      while (reader.nextKeyValue()) {
        // Copy: the reader may reuse the datum, as Hadoop readers do.
        all.add(FrontierEntry.newBuilder(reader.getCurrentKey().datum()).build());
        assertEquals(NullWritable.get(), reader.getCurrentValue());
      }
      assertEquals(1f, reader.getProgress());
    }
    return all;
  }

  private static Set<String> names(InputSplit split) {
    FetchListInputFormat.FetchListSplit s = (FetchListInputFormat.FetchListSplit) split;
    return Arrays.stream(s.getPaths()).map(org.apache.hadoop.fs.Path::getName).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void fileKOfEveryFolderMakesOneSplitForFetchListK() throws Exception {
    List<FrontierEntry> frontier0 = List.of(entry("a.example", "/1", 1), entry("a.example", "/2", 1));
    List<FrontierEntry> frontier1 = List.of(entry("b.example", "/1", 1), entry("b.example", "/2", 2), entry("c.example", "/", 1));
    List<FrontierEntry> seeds1 = List.of(entry("b.example", "/", 0), entry("d.example", "/", 0));
    write(new org.apache.hadoop.fs.Path(frontier, "part-r-00000.avro"), frontier0);
    write(new org.apache.hadoop.fs.Path(frontier, "part-r-00001.avro"), frontier1);
    touch(new org.apache.hadoop.fs.Path(frontier, "_SUCCESS"), "");
    write(new org.apache.hadoop.fs.Path(seeds, "part-00001.avro"), seeds1);
    touch(new org.apache.hadoop.fs.Path(seeds, "hosts.txt"), "b.example\nd.example\n");
    touch(new org.apache.hadoop.fs.Path(seeds, "_SUCCESS"), "");

    List<InputSplit> splits = splits(frontier, seeds);

    assertEquals(2, splits.size(), "one split per fetch list, not per file");
    assertEquals(Set.of("part-r-00000.avro"), names(splits.get(0)));
    assertEquals(Set.of("part-r-00001.avro", "part-00001.avro"), names(splits.get(1)));
    assertEquals(frontier0, read(splits.get(0), conf));
    List<FrontierEntry> list1 = read(splits.get(1), conf);
    assertEquals(5, list1.size());
    assertEquals(new TreeSet<>(List.of("http://b.example/1", "http://b.example/2", "http://c.example/",
        "http://b.example/", "http://d.example/")), list1.stream().map(FrontierEntry::getUrl).collect(Collectors.toCollection(TreeSet::new)),
        "the frontier's and the seed batch's entries for the same hosts reach the same task");
    assertTrue(list1.containsAll(seeds1) && list1.containsAll(frontier1));
  }

  @Test
  void emptyFilesAndOtherFilesAreNotSplits() throws Exception {
    write(new org.apache.hadoop.fs.Path(frontier, "part-r-00003.avro"), List.of(entry("a.example", "/", 1)));
    touch(new org.apache.hadoop.fs.Path(frontier, "part-r-00004.avro"), "");
    touch(new org.apache.hadoop.fs.Path(frontier, "notes.txt"), "part 5");
    fs.mkdirs(new org.apache.hadoop.fs.Path(frontier, "_temporary/0"));

    List<InputSplit> splits = splits(frontier);

    assertEquals(1, splits.size());
    assertEquals(Set.of("part-r-00003.avro"), names(splits.get(0)));
    assertEquals(1, read(splits.get(0), conf).size());
  }

  @Test
  void anAvroFileWithHeaderButNoRecordsReadsAsNothing() throws Exception {
    write(new org.apache.hadoop.fs.Path(frontier, "part-r-00000.avro"), List.of());
    write(new org.apache.hadoop.fs.Path(seeds, "part-00000.avro"), List.of(entry("a.example", "/", 0)));
    List<InputSplit> splits = splits(frontier, seeds);
    assertEquals(1, splits.size());
    assertEquals(List.of(entry("a.example", "/", 0)), read(splits.get(0), conf));
  }

  @Test
  void aSplitSurvivesTheTripToItsTask() throws Exception {
    write(new org.apache.hadoop.fs.Path(frontier, "part-r-00001.avro"), List.of(entry("b.example", "/1", 1)));
    write(new org.apache.hadoop.fs.Path(seeds, "part-00001.avro"), List.of(entry("b.example", "/", 0)));
    InputSplit split = splits(frontier, seeds).get(0);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ((FetchListInputFormat.FetchListSplit) split).write(new DataOutputStream(bytes));
    FetchListInputFormat.FetchListSplit copy = new FetchListInputFormat.FetchListSplit();
    copy.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertArrayEquals(((FetchListInputFormat.FetchListSplit) split).getPaths(), copy.getPaths());
    assertEquals(split.getLength(), copy.getLength());
    assertEquals(2, read(copy, conf).size());
  }

  @Test
  void eachStoreFileIsCarriedByOneTaskAndTheTasksCarryAboutAlike() throws Exception {
    for (int k = 0; k < 3; k++) {
      write(new org.apache.hadoop.fs.Path(frontier, String.format("part-r-%05d.avro", k)), List.of(entry("h" + k + ".example", "/", 1)));
    }
    org.apache.hadoop.fs.Path crawlDb = new org.apache.hadoop.fs.Path(tmp.resolve("crawldb/round=0001").toUri());
    org.apache.hadoop.fs.Path robots = new org.apache.hadoop.fs.Path(tmp.resolve("robots/round=0001").toUri());
    org.apache.hadoop.fs.Path digests = new org.apache.hadoop.fs.Path(tmp.resolve("digests/round=0001").toUri());
    // Sizes 6, 5, 4, 3 (crawl db), 2 (robots), 1 (a digest index part's data file), as a round leaves them.
    for (int k = 0; k < 4; k++) {
      touch(new org.apache.hadoop.fs.Path(crawlDb, String.format("part-r-%05d.avro", k)), "x".repeat(6000 - 1000 * k));
    }
    touch(new org.apache.hadoop.fs.Path(crawlDb, "_SUCCESS"), "");
    touch(new org.apache.hadoop.fs.Path(robots, "part-r-00000.avro"), "x".repeat(2000));
    touch(new org.apache.hadoop.fs.Path(digests, "part-r-00000/data"), "x".repeat(1000));
    touch(new org.apache.hadoop.fs.Path(digests, "part-r-00000/index"), "x");
    conf.set(dev.trawl.round.RoundConf.CRAWL_DB, crawlDb.toString());
    conf.set(dev.trawl.round.RoundConf.ROBOTS, robots.toString());
    conf.set(dev.trawl.round.RoundConf.DIGEST_INDEX, digests.toString());

    List<FetchListInputFormat.FetchListSplit> splits = splits(frontier).stream().map(s -> (FetchListInputFormat.FetchListSplit) s).toList();

    assertEquals(List.of(0, 1, 2), splits.stream().map(FetchListInputFormat.FetchListSplit::list).toList());
    List<String> carried = splits.stream().flatMap(s -> s.stores().stream()).map(f -> f.kind() + " " + f.path().getName()).sorted().toList();
    assertEquals(List.of("CRAWL_DB part-r-00000.avro", "CRAWL_DB part-r-00001.avro", "CRAWL_DB part-r-00002.avro",
        "CRAWL_DB part-r-00003.avro", "DIGESTS data", "ROBOTS part-r-00000.avro"), carried, "every store file once, markers and indexes not");
    // Largest first onto the least loaded: 6 | 5 | 4, then 3 -> the 4, 2 -> the 5, 1 -> the 6: 7 bytes each.
    assertEquals(List.of(7000L, 7000L, 7000L), splits.stream().map(s -> s.stores().stream().mapToLong(StoreFile::length).sum()).toList());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    splits.get(1).write(new DataOutputStream(bytes));
    FetchListInputFormat.FetchListSplit copy = new FetchListInputFormat.FetchListSplit();
    copy.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertEquals(splits.get(1).stores(), copy.stores(), "the stores to carry survive the trip to the task");
    assertEquals(1, copy.list());
  }

  @Test
  void aRoundWithNothingToFetchStillCarriesEveryStoreFile() throws Exception {
    org.apache.hadoop.fs.Path crawlDb = new org.apache.hadoop.fs.Path(tmp.resolve("crawldb/round=0003").toUri());
    for (int k = 0; k < 3; k++) {
      touch(new org.apache.hadoop.fs.Path(crawlDb, String.format("part-r-%05d.avro", k)), "x".repeat(100 + k));
    }
    conf.set(dev.trawl.round.RoundConf.CRAWL_DB, crawlDb.toString());
    Job job = Job.getInstance(conf);
    job.setNumReduceTasks(2);

    List<InputSplit> splits = new FetchListInputFormat().getSplits(job);

    assertEquals(2, splits.size(), "a task per reducer, each with an empty fetch list");
    assertEquals(3, splits.stream().mapToLong(s -> ((FetchListInputFormat.FetchListSplit) s).stores().size()).sum());
    assertEquals(0, ((FetchListInputFormat.FetchListSplit) splits.get(0)).bytes(), "nothing to fetch");
  }
}
