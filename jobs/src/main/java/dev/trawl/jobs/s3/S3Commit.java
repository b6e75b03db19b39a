package dev.trawl.jobs.s3;

import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How a round commits to a crawl root on S3. Hadoop's default committer renames task output into
 * place, and on S3 a rename is a copy: slow, not atomic, and a killed job leaves half-copied files.
 * The S3A committers upload as multipart uploads that complete only at job commit, so nothing a
 * round writes (records, WARC files, activity logs) is visible before the job commits.
 */
public final class S3Commit {
  static final String S3A_FILESYSTEM = "org.apache.hadoop.fs.s3a.S3AFileSystem";
  private static final String S3A_COMMITTER_FACTORY = "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory";

  private S3Commit() {}

  /** True if the crawl root is served by S3A: s3a://, and s3:// on EMR 7.10+ (where S3A serves it). */
  public static boolean isS3A(FileSystem fs) {
    // By name: a cluster without hadoop-aws must still load this class for file:// and hdfs:// roots.
    for (Class<?> c = fs.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(S3A_FILESYSTEM)) {
        return true;
      }
    }
    return false;
  }

  /** Binds the round job's output to the S3A committer chosen by {@link Setting#S3_COMMITTER}. */
  public static void configure(Configuration job, FileSystem fs, TrawlSettings settings) {
    if (!isS3A(fs)) {
      return;
    }
    // Per scheme: Hadoop only binds s3a:// by default, and on EMR s3:// may be S3A too.
    job.set("mapreduce.outputcommitter.factory.scheme." + fs.getUri().getScheme(), S3A_COMMITTER_FACTORY);
    job.set("fs.s3a.committer.name", settings.s3Committer().hadoopName());
    job.setBoolean("fs.s3a.committer.magic.enabled", true);
    // The crawl root holds earlier rounds: the directory committer must add to it. Its "replace"
    // mode would delete the crawl, its "fail" mode would refuse every round after the first.
    job.set("fs.s3a.committer.staging.conflict-mode", "append");
    // File names are the contract (fetch list k is part-r-0000k.avro; the manifest points at WARC
    // files by name): the directory committer must not add its job id to them.
    job.setBoolean("fs.s3a.committer.staging.unique-filenames", false);
  }

  /**
   * Removes what a failed attempt's magic committer left at the crawl root ({@code __magic*}:
   * manifests of uploads never completed, invisible to readers). Only one round runs on a crawl
   * root at a time, so anything there is stale; the uploads themselves are aborted by the next job.
   */
  public static void clearLeftovers(FileSystem fs, Path root) throws IOException {
    if (!isS3A(fs)) {
      return;
    }
    FileStatus[] stale = fs.globStatus(new Path(root, "__magic*"));
    if (stale != null) {
      for (FileStatus f : stale) {
        fs.delete(f.getPath(), true);
      }
    }
  }
}
