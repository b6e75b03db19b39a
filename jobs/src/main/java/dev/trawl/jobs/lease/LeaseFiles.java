package dev.trawl.jobs.lease;

import dev.trawl.jobs.s3.S3Commit;
import dev.trawl.jobs.s3.S3ConditionalPut;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lease's generation files and the one primitive the lease rests on: create a file only if none
 * is there, atomically, so that of two processes taking the next generation exactly one succeeds.
 * Each store offers it differently:
 * <ul>
 *   <li>file://: a hard link from a fully written temporary file (link(2) fails if the name exists),
 *       so the file appears whole; Hadoop's local create checks and then opens, which two processes
 *       can both pass;
 *   <li>s3a://: a PUT with If-None-Match ({@link S3ConditionalPut});
 *   <li>hdfs:// and the rest: {@code create(path, false)}, which the NameNode decides atomically.
 * </ul>
 */
final class LeaseFiles {
  private static final Pattern GENERATION = Pattern.compile("(\\d{10})\\.json");

  private final FileSystem fs;
  private final Path dir;
  private final Kind kind;

  private enum Kind { LOCAL, S3, HADOOP }

  LeaseFiles(FileSystem fs, Path dir) {
    // Local files are written and read without Hadoop's .crc side files: a lease file is rewritten in place.
    this.fs = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    this.dir = dir;
    this.kind = fs instanceof LocalFileSystem ? Kind.LOCAL : S3Commit.isS3A(fs) ? Kind.S3 : Kind.HADOOP;
  }

  Path dir() {
    return dir;
  }

  Path file(long generation) {
    return new Path(dir, String.format("%010d.json", generation));
  }

  /** Generation number to file, ascending; empty if no lease was ever taken. */
  TreeMap<Long, Path> generations() throws IOException {
    TreeMap<Long, Path> files = new TreeMap<>();
    FileStatus[] listing;
    try {
      listing = fs.listStatus(dir);
    } catch (FileNotFoundException none) {
      return files;
    }
    for (FileStatus f : listing) {
      Matcher m = GENERATION.matcher(f.getPath().getName());
      if (m.matches()) {
        files.put(Long.parseLong(m.group(1)), f.getPath());
      }
    }
    return files;
  }

  /** The newest generation's record, or null if there is none. */
  LeaseRecord newest() throws IOException {
    Map.Entry<Long, Path> last = generations().lastEntry();
    return last == null ? null : read(last.getValue());
  }

  /**
   * Reads a lease file. One caught while its holder rewrites it (HDFS truncates, then writes) is read
   * again after a moment; null if it has gone (pruned by a later holder).
   */
  LeaseRecord read(Path file) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try (InputStream in = fs.open(file)) {
        return LeaseRecord.parse(in.readAllBytes());
      } catch (FileNotFoundException gone) {
        return null;
      } catch (IOException partial) {
        last = partial;
      }
      pause(100);
    }
    throw new IOException("lease file " + file + " cannot be read (" + last.getMessage() + "); if no trawl command "
        + "is writing this crawl, 'trawl lease --crawl ... --break' writes a fresh one", last);
  }

  /** Writes a new generation file; false if that generation exists already (another process took it). */
  boolean createIfAbsent(long generation, byte[] bytes) throws IOException {
    Path file = file(generation);
    switch (kind) {
      case LOCAL -> {
        File target = local(file);
        Files.createDirectories(target.toPath().getParent());
        java.nio.file.Path written = Files.createTempFile(target.toPath().getParent(), ".lease-", ".partial");
        try {
          Files.write(written, bytes);
          Files.createLink(target.toPath(), written);
          return true;
        } catch (FileAlreadyExistsException taken) {
          return false;
        } finally {
          Files.deleteIfExists(written);
        }
      }
      case S3 -> {
        return S3ConditionalPut.createIfAbsent(fs, file, bytes);
      }
      default -> {
        try (OutputStream out = fs.create(file, false)) {
          out.write(bytes);
          return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException taken) {
          return false;
        }
      }
    }
  }

  /** Rewrites a generation file its holder owns (a heartbeat, the release), whole or not at all where the store allows. */
  void replace(long generation, byte[] bytes) throws IOException {
    Path file = file(generation);
    switch (kind) {
      case LOCAL -> {
        File target = local(file);
        java.nio.file.Path written = Files.createTempFile(target.toPath().getParent(), ".lease-", ".partial");
        Files.write(written, bytes);
        Files.move(written, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      case S3 -> S3ConditionalPut.replace(fs, file, bytes);
      default -> {
        try (OutputStream out = fs.create(file, true)) {
          out.write(bytes);
        }
      }
    }
  }

  boolean fileSystemExists(Path file) throws IOException {
    return fs.exists(file);
  }

  void delete(Path file) throws IOException {
    fs.delete(file, false);
  }

  /** Removes a folder if nothing is left in it (local and HDFS keep empty folders; S3 has none). */
  void deleteIfEmpty(Path dir) throws IOException {
    try {
      if (fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (FileNotFoundException gone) {
      // nothing to remove
    }
  }

  private File local(Path file) {
    return new File(fs.makeQualified(file).toUri());
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading the writer lease");
    }
  }
}
