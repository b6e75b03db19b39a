package dev.trawl.bench.merge;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The numbers of the pages a round fetched, one split per "fetch task", each holding whole hosts
 * as real fetch lists do: page p is the fetch of the crawl's queued URL 10 p (see
 * {@link SyntheticCrawl}), and belongs to task (its host number mod tasks).
 */
public class GeneratedPages extends InputFormat<LongWritable, NullWritable> {
  static final String SPLITS = "trawl.bench.fetch-tasks";

  @Override
  public List<InputSplit> getSplits(JobContext job) {
    long pages = SyntheticCrawl.from(job.getConfiguration()).fetched();
    int tasks = job.getConfiguration().getInt(SPLITS, 2);
    List<InputSplit> splits = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      splits.add(new Task(t, tasks, pages, SyntheticCrawl.from(job.getConfiguration()).hosts()));
    }
    return splits;
  }

  @Override
  public RecordReader<LongWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<>() {
      private Task task;
      private final LongWritable page = new LongWritable();
      private long next;

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {
        task = (Task) s;
      }

      @Override
      public boolean nextKeyValue() {
        while (next < task.pages && (10 * next % task.hosts) % task.tasks != task.task) {
          next++;
        }
        if (next >= task.pages) {
          return false;
        }
        page.set(next++);
        return true;
      }

      @Override
      public LongWritable getCurrentKey() { return page; }

      @Override
      public NullWritable getCurrentValue() { return NullWritable.get(); }

      @Override
      public float getProgress() {
        return task.pages == 0 ? 1f : next / (float) task.pages;
      }

      @Override
      public void close() {}
    };
  }

  /** Task {@code task} of {@code tasks}: the pages of its hosts among the first {@code pages}. */
  public static class Task extends InputSplit implements Writable {
    int task;
    int tasks;
    long pages;
    int hosts;

    public Task() {}

    Task(int task, int tasks, long pages, int hosts) {
      this.task = task;
      this.tasks = tasks;
      this.pages = pages;
      this.hosts = hosts;
    }

    @Override
    public long getLength() { return pages / tasks; }

    @Override
    public String[] getLocations() { return new String[0]; }

    @Override
    public void write(DataOutput out) throws java.io.IOException {
      out.writeInt(task);
      out.writeInt(tasks);
      out.writeLong(pages);
      out.writeInt(hosts);
    }

    @Override
    public void readFields(DataInput in) throws java.io.IOException {
      task = in.readInt();
      tasks = in.readInt();
      pages = in.readLong();
      hosts = in.readInt();
    }
  }
}
