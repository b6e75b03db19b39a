package dev.trawl.jobs;

import dev.trawl.jobs.cli.Trawl;
import dev.trawl.testsupport.LoopbackS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.util.ToolRunner;

/**
 * Test fixture: runs trawl commands in Hadoop's local mode against a crawl root on the loopback S3
 * endpoint, and reads what they wrote back through S3 (never through the endpoint's data folder).
 */
public final class CrawlOnS3 implements CrawlFiles {
  private final LoopbackS3 s3;
  private final Path tmp;
  private final String uri;
  private final Map<String, String> extra = new TreeMap<>();

  public CrawlOnS3(LoopbackS3 s3, Path tmp, String uri) {
    this.s3 = s3;
    this.tmp = tmp;
    this.uri = uri;
  }

  public String uri() {
    return uri;
  }

  /** Adds a Hadoop setting to every command this fixture runs, as `-D` would. */
  public CrawlOnS3 with(String key, String value) {
    extra.put(key, value);
    return this;
  }

  public Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    s3Settings().forEach(conf::set);
    return conf;
  }

  /** What points S3A at the loopback endpoint, and this fixture's extra settings. */
  private Map<String, String> s3Settings() {
    Map<String, String> s = new TreeMap<>(s3.s3aSettings());
    s.put("fs.s3a.committer.staging.tmp.path", tmp.resolve("staging").toString());
    // S3A retries an unreachable endpoint for about a minute by default; a test need not wait that long.
    s.put("fs.s3a.retry.limit", "2");
    s.put("fs.s3a.retry.interval", "100ms");
    s.put("fs.s3a.attempts.maximum", "2");
    s.putAll(extra);
    return s;
  }

  /** The same settings as {@code -D key=value} options, for trawl in a JVM of its own ({@link ChildTrawl}). */
  public List<String> genericOptions() {
    List<String> options = new ArrayList<>();
    s3Settings().forEach((k, v) -> options.addAll(List.of("-D", k + "=" + v)));
    return options;
  }

  public LocalCrawl.Run trawl(String... args) throws Exception {
    // Each command as if in a new process: no file system instance (and pooled connection) carries over.
    FileSystem.closeAll();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    int exit;
    long start = System.nanoTime();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      exit = ToolRunner.run(conf(), new Trawl(o), args);
    } finally {
      System.setErr(oldErr);
    }
    LocalCrawl.Run run = new LocalCrawl.Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    System.out.print(run.out());
    System.out.print(run.err());
    System.out.printf("[%s: %.1f s]%n", args[0], (System.nanoTime() - start) / 1e9);
    return run;
  }

  private FileSystem fs() throws IOException {
    return new org.apache.hadoop.fs.Path(uri).getFileSystem(conf());
  }

  private org.apache.hadoop.fs.Path path(String relative) {
    return new org.apache.hadoop.fs.Path(uri + "/" + relative);
  }

  public boolean exists(String relative) throws IOException {
    return fs().exists(path(relative));
  }

  /** Every object under the crawl root, relative names, with sizes. */
  public Map<String, Long> objects() throws IOException {
    Map<String, Long> objects = new TreeMap<>();
    org.apache.hadoop.fs.Path root = fs().makeQualified(path(""));
    RemoteIterator<LocatedFileStatus> it = fs().listFiles(root, true);
    while (it.hasNext()) {
      FileStatus f = it.next();
      objects.put(f.getPath().toString().substring(root.toString().length() + 1), f.getLen());
    }
    return objects;
  }

  /** Every record of every Avro file in a folder of the crawl root, read through S3. */
  @Override
  public <T> List<T> read(String folder, Class<T> type) throws IOException {
    List<T> records = new ArrayList<>();
    if (!exists(folder)) {
      return records;
    }
    List<org.apache.hadoop.fs.Path> files = new ArrayList<>();
    for (FileStatus f : fs().listStatus(path(folder))) {
      if (f.getPath().getName().endsWith(".avro")) {
        files.add(f.getPath());
      }
    }
    files.sort(null);
    for (org.apache.hadoop.fs.Path f : files) {
      try (DataFileReader<T> r = new DataFileReader<>(new FsInput(f, conf()), new SpecificDatumReader<>(type))) {
        r.forEach(records::add);
      }
    }
    return records;
  }

  @Override
  public byte[] slice(String relative, long offset, int length) throws IOException {
    byte[] bytes = new byte[length];
    try (FSDataInputStream in = fs().open(path(relative))) {
      in.readFully(offset, bytes);
    }
    return bytes;
  }

  public String readString(String relative) throws IOException {
    try (FSDataInputStream in = fs().open(path(relative))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
