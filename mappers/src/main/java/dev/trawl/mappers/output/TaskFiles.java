package dev.trawl.mappers.output;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;

/**
 * Files a task writes beside its records (WARC, activity log). They go to the task's work folder,
 * so the job's committer publishes them under the crawl root only when the task commits: a failed
 * or killed attempt leaves nothing visible, and S3A committers work unchanged.
 */
public final class TaskFiles {
  private TaskFiles() {}

  /** Creates {@code relative} (e.g. warc/round=0001/fetch-00000.warc.gz) in the task's work folder. */
  public static FSDataOutputStream create(TaskInputOutputContext<?, ?, ?, ?> context, String relative) throws IOException {
    Path file = new Path(workDir(context), relative);
    return file.getFileSystem(context.getConfiguration()).create(file, true);
  }

  private static Path workDir(TaskInputOutputContext<?, ?, ?, ?> context) throws IOException {
    OutputCommitter committer = context.getOutputCommitter();
    if (committer instanceof PathOutputCommitter pathCommitter && pathCommitter.getWorkPath() != null) {
      return pathCommitter.getWorkPath();
    }
    // Outside a real job (unit tests drive the mapper directly) write to the output folder itself.
    Path out = FileOutputFormat.getOutputPath(context);
    if (out == null) {
      throw new IOException("the job has no output folder (mapreduce.output.fileoutputformat.outputdir)");
    }
    return out;
  }
}
