package dev.trawl.settings;

import java.util.Locale;

/** The S3A committers a round may use on S3: both publish files only when the job commits. */
public enum S3Committer {
  MAGIC,
  DIRECTORY;

  /** The value of Hadoop's {@code fs.s3a.committer.name} for this committer. */
  public String hadoopName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
