package dev.trawl.mappers.input;

import java.util.OptionalInt;
import dev.trawl.round.CrawlLayout;
import dev.trawl.mappers.stores.StoreCarrier;
import dev.trawl.mappers.stores.StoreFile;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.FrontierEntry;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * One split per fetch list: fetch list k is file k of every input folder (the frontier written by
 * the last round, and seed batches), because all of them place hosts by the same layout, that of
 * the round ({@link dev.trawl.url.FetchLists}). So one fetch task gets every URL of its hosts,
 * whatever their source, and owns those hosts' politeness. Each split also names the store files
 * (see {@link StoreCarrier}) its task carries into the round, spread so each task carries about as
 * many bytes.
 */
public class FetchListInputFormat extends InputFormat<AvroKey<FrontierEntry>, NullWritable> {

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Map<Integer, List<FileStatus>> lists = new TreeMap<>();
    for (Path dir : FileInputFormat.getInputPaths(job)) {
      FileSystem fs = dir.getFileSystem(job.getConfiguration());
      for (FileStatus f : fs.listStatus(dir)) {
        OptionalInt list = CrawlLayout.listNumber(f.getPath().getName());
        if (f.isFile() && list.isPresent() && f.getLen() > 0) {
          lists.computeIfAbsent(list.getAsInt(), k -> new ArrayList<>()).add(f);
        }
      }
    }
    List<FetchListSplit> splits = new ArrayList<>();
    lists.forEach((list, files) -> splits.add(new FetchListSplit(list, files.stream().map(FileStatus::getPath).toArray(Path[]::new),
        files.stream().mapToLong(FileStatus::getLen).toArray())));
    List<StoreFile> stores = storeFiles(job.getConfiguration());
    // A round with nothing to fetch (one that only looks for pages due for a refetch) still carries
    // the stores, or the next crawl db would lose them: fetch tasks with empty lists, as many as reducers.
    int emptyLists = splits.isEmpty() ? Math.min(stores.size(), Math.max(1, job.getNumReduceTasks())) : 0;
    for (int list = 0; list < emptyLists; list++) {
      splits.add(new FetchListSplit(list, new Path[0], new long[0]));
    }
    if (!splits.isEmpty()) {
      spread(stores, splits);
    }
    return new ArrayList<>(splits);
  }

  private static List<StoreFile> storeFiles(Configuration conf) throws IOException {
    List<StoreFile> files = new ArrayList<>();
    Map<StoreFile.Kind, String> stores = Map.of(StoreFile.Kind.CRAWL_DB, RoundConf.CRAWL_DB,
        StoreFile.Kind.ROBOTS, RoundConf.ROBOTS, StoreFile.Kind.DIGESTS, RoundConf.DIGEST_INDEX);
    for (StoreFile.Kind kind : StoreFile.Kind.values()) {
      String dir = conf.get(stores.get(kind));
      if (dir != null) {
        files.addAll(StoreFile.list(kind, new Path(dir), conf));
      }
    }
    return files;
  }

  /** Largest file first to the split carrying the fewest bytes so far (ties: the lowest list). */
  private static void spread(List<StoreFile> files, List<FetchListSplit> splits) {
    List<StoreFile> bySize = new ArrayList<>(files);
    bySize.sort(Comparator.comparingLong(StoreFile::length).reversed().thenComparing(f -> f.path().toString()));
    for (StoreFile f : bySize) {
      splits.stream().min(Comparator.comparingLong(FetchListSplit::storeBytes)).orElseThrow().stores.add(f);
    }
  }

  @Override
  public RecordReader<AvroKey<FrontierEntry>, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new FetchListReader();
  }

  /** The files of one fetch list, and the store files its task carries. Never split further: a host must stay in one task. */
  public static class FetchListSplit extends CombineFileSplit {
    private int list;
    private final List<StoreFile> stores = new ArrayList<>();

    public FetchListSplit() {}

    public FetchListSplit(int list, Path[] files, long[] lengths) {
      super(files, lengths);
      this.list = list;
    }

    /** The fetch list's number in the round's layout: the task's name, and which robots file is its. */
    public int list() {
      return list;
    }

    /** The store files this task carries into the round. */
    public List<StoreFile> stores() {
      return List.copyOf(stores);
    }

    long storeBytes() {
      return stores.stream().mapToLong(StoreFile::length).sum();
    }

    /** All the task reads: Hadoop starts the largest splits first. */
    @Override
    public long getLength() {
      return bytes() + storeBytes();
    }

    /** The bytes of the fetch list's files. */
    public long bytes() {
      return super.getLength();
    }

    @Override
    public void write(DataOutput out) throws IOException {
      super.write(out);
      out.writeInt(list);
      out.writeInt(stores.size());
      for (StoreFile f : stores) {
        f.write(out);
      }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      super.readFields(in);
      list = in.readInt();
      stores.clear();
      for (int n = in.readInt(); n > 0; n--) {
        stores.add(StoreFile.read(in));
      }
    }
  }

  /** Reads the split's Avro files one after the other. */
  static class FetchListReader extends RecordReader<AvroKey<FrontierEntry>, NullWritable> {
    private FetchListSplit split;
    private TaskAttemptContext context;
    private int fileIndex = -1;
    private DataFileReader<FrontierEntry> reader;
    private final AvroKey<FrontierEntry> key = new AvroKey<>();
    private long done;

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) {
      this.split = (FetchListSplit) split;
      this.context = context;
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      while (reader == null || !reader.hasNext()) {
        if (reader != null) {
          done += split.getLength(fileIndex);
          reader.close();
          reader = null;
        }
        if (++fileIndex >= split.getNumPaths()) {
          return false;
        }
        reader = new DataFileReader<>(new FsInput(split.getPath(fileIndex), context.getConfiguration()),
            new SpecificDatumReader<>(FrontierEntry.class));
      }
      // A fresh record each time, not one reused: the fetch task keeps them, and copying costs more.
      key.datum(reader.next());
      return true;
    }

    @Override
    public AvroKey<FrontierEntry> getCurrentKey() { return key; }

    @Override
    public NullWritable getCurrentValue() { return NullWritable.get(); }

    @Override
    public float getProgress() throws IOException {
      long total = split.bytes();
      if (total == 0) {
        return 1f;
      }
      long inFile = reader == null ? 0 : Math.min(reader.tell(), split.getLength(fileIndex));
      return Math.min(1f, (done + inFile) / (float) total);
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }
}
