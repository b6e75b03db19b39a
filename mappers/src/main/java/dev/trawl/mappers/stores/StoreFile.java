package dev.trawl.mappers.stores;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.MapFile;
import org.apache.hadoop.io.Text;

/** One file of a store the previous round left (crawl db, robots store, digest index), to be carried into the round. */
public record StoreFile(Kind kind, Path path, long length) {
  /** The stores a round carries, and where their files are in a store's folder. */
  public enum Kind {
    /** crawldb/round=N-1: Avro CrawlDbEntry files. */
    CRAWL_DB,
    /** robots/round=N-1: Avro RobotsEntry files. */
    ROBOTS,
    /** digests/round=N-1: MapFile parts, of which the data file (digest to canonical URL) is read. */
    DIGESTS
  }

  /** The store's files in {@code dir}: its data, not Hadoop's markers or hidden files. */
  public static List<StoreFile> list(Kind kind, Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<StoreFile> files = new ArrayList<>();
    for (FileStatus f : fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))) {
      if (kind == Kind.DIGESTS && f.isDirectory()) {
        Path data = new Path(f.getPath(), MapFile.DATA_FILE_NAME);
        files.add(new StoreFile(kind, data, fs.getFileStatus(data).getLen()));
      } else if (kind != Kind.DIGESTS && f.isFile() && f.getPath().getName().endsWith(".avro")) {
        files.add(new StoreFile(kind, f.getPath(), f.getLen()));
      }
    }
    return files;
  }

  public void write(DataOutput out) throws IOException {
    out.writeByte(kind.ordinal());
    Text.writeString(out, path.toString());
    out.writeLong(length);
  }

  public static StoreFile read(DataInput in) throws IOException {
    Kind kind = Kind.values()[in.readByte()];
    return new StoreFile(kind, new Path(Text.readString(in)), in.readLong());
  }
}
