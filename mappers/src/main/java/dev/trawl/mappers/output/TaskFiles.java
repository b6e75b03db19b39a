package dev.trawl.mappers.output;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;

/**
 * Files a task writes beside its records (activity log, figures). They go to the task's work folder,
 * so the job's committer publishes them under the crawl root only when the task commits: a failed
 * or killed attempt leaves nothing visible, and S3A committers work unchanged. WARC and WET files are
 * the exception ({@link #createInRoot}).
 */
public final class TaskFiles {
  private TaskFiles() {}

  /** Creates {@code relative} (e.g. warc/round=0001/fetch-00000.warc.gz) in the task's work folder. */
  public static FSDataOutputStream create(TaskInputOutputContext<?, ?, ?, ?> context, String relative) throws IOException {
    Path file = new Path(workDir(context), relative);
    return file.getFileSystem(context.getConfiguration()).create(file, true);
  }

  /**
   * Creates {@code relative} under the crawl root itself, outside the committer, for a file whose name
   * is unique to the task attempt (a WARC or WET file). A committer publishes a task's files under the task's
   * name, so a second attempt's commit replaces the first's; but reducers that copied the first
   * attempt's map output keep it, and its WARC pointers, so the first file must survive. The round's
   * commit removes the files no manifest record points into, a killed attempt's partial one with them.
   */
  public static FSDataOutputStream createInRoot(TaskInputOutputContext<?, ?, ?, ?> context, String relative) throws IOException {
    Path file = new Path(outputDir(context), relative);
    return file.getFileSystem(context.getConfiguration()).create(file, true);
  }

  private static Path outputDir(TaskInputOutputContext<?, ?, ?, ?> context) throws IOException {
    Path out = FileOutputFormat.getOutputPath(context);
    if (out == null) {
      throw new IOException("the job has no output folder (mapreduce.output.fileoutputformat.outputdir)");
    }
    return out;
  }

  private static Path workDir(TaskInputOutputContext<?, ?, ?, ?> context) throws IOException {
    OutputCommitter committer = context.getOutputCommitter();
    if (committer instanceof PathOutputCommitter pathCommitter && pathCommitter.getWorkPath() != null) {
      return pathCommitter.getWorkPath();
    }
    // Outside a real job (unit tests drive the mapper directly) write to the output folder itself.
    return outputDir(context);
  }
}
