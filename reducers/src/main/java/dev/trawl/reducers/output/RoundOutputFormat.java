package dev.trawl.reducers.output;

import dev.trawl.round.CrawlLayout.RoundFolder;
import dev.trawl.round.CrawlLayout;
import dev.trawl.reducers.index.CdxjLine;
import dev.trawl.reducers.index.SortedLines;
import dev.trawl.reducers.manifest.ParquetManifest;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.DigestEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.HostLoad;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.MapFile;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Files each record the round reducer emits into the crawl root's layout: crawl db entries under
 * crawldb/round=N, manifest records under manifest/round=N, frontier entries under
 * frontier/round=N+1 (with the frontier's per-host counts in its _hosts folder), robots.txt records
 * under robots/round=N. Reducer k writes part-r-0000k.avro in each, so frontier file k is fetch list k.
 * Manifest records also go to manifest-parquet/round=N/part-r-0000k.parquet, the same records as
 * Parquet, unless trawl.manifest.parquet is false. Each reducer also lists the WARC files its manifest
 * records point into under warc/round=N/_pointed, for the round's commit to keep exactly those, and,
 * unless trawl.index.cdxj is false, the CDXJ index of those records in cdxj/round=N/part-r-0000k.cdxj,
 * sorted by SURT key.
 * Digest index entries go to digests/round=N/part-r-0000k, a Hadoop MapFile (sorted, with an index),
 * so fetch tasks can look a digest up without reading the whole index; every reducer writes its
 * part, even an empty one, because a lookup finds the part by the digest's partition number.
 * Files are created in the task's work folder and published by the job's committer.
 */
public class RoundOutputFormat extends FileOutputFormat<AvroKey<Object>, NullWritable> {
  /** The union schema of what the round reducer writes: its output key schema. */
  public static final Schema RECORDS = Schema.createUnion(List.of(
      CrawlDbEntry.getClassSchema(), ManifestRecord.getClassSchema(), FrontierEntry.getClassSchema(),
      RobotsEntry.getClassSchema(), DigestEntry.getClassSchema(), HostLoad.getClassSchema()));


  @Override
  public RecordWriter<AvroKey<Object>, NullWritable> getRecordWriter(TaskAttemptContext context) throws IOException {
    int round = RoundConf.round(context.getConfiguration());
    Path work = ((PathOutputCommitter) getOutputCommitter(context)).getWorkPath();
    int task = context.getTaskAttemptID().getTaskID().getId();
    String part = CrawlLayout.reducerFile(task);
    Map<Class<?>, Path> files = Map.of(
        CrawlDbEntry.class, new Path(work, RoundFolder.CRAWL_DB.of(round) + "/" + part),
        ManifestRecord.class, new Path(work, RoundFolder.MANIFEST.of(round) + "/" + part),
        FrontierEntry.class, new Path(work, RoundFolder.FRONTIER.of(round + 1) + "/" + part),
        RobotsEntry.class, new Path(work, RoundFolder.ROBOTS.of(round) + "/" + part),
        HostLoad.class, new Path(work, RoundFolder.FRONTIER.of(round + 1) + "/" + CrawlLayout.FRONTIER_HOSTS + "/" + part));
    MapFile.Writer digests = new MapFile.Writer(context.getConfiguration(), new Path(work, RoundFolder.DIGESTS.of(round) + "/" + CrawlLayout.reducerMapFile(task)),
        MapFile.Writer.keyClass(Text.class), MapFile.Writer.valueClass(Text.class),
        MapFile.Writer.compression(SequenceFile.CompressionType.BLOCK));
    Path parquet = TrawlSettings.from(context.getConfiguration()).manifestParquet()
        ? new Path(work, RoundFolder.MANIFEST_PARQUET.of(round) + "/" + CrawlLayout.reducerParquetFile(task)) : null;
    Path pointed = new Path(work, RoundFolder.WARC.of(round) + "/" + CrawlLayout.WARC_POINTED + "/" + part.replace(".avro", ".txt"));
    Path cdxj = TrawlSettings.from(context.getConfiguration()).indexCdxj()
        ? new Path(work, RoundFolder.CDXJ.of(round) + "/" + CrawlLayout.reducerCdxjFile(task)) : null;
    return new Router(files, digests, parquet, pointed, cdxj, context);
  }

  /** The crawl root exists and holds earlier rounds: that is expected, not an error. */
  @Override
  public void checkOutputSpecs(JobContext job) throws IOException {
    if (getOutputPath(job) == null) {
      throw new IOException("the round job has no output folder (the crawl root)");
    }
  }

  private static final class Router extends RecordWriter<AvroKey<Object>, NullWritable> {
    private final Map<Class<?>, Path> files;
    private final TaskAttemptContext context;
    private final Map<Class<?>, DataFileWriter<Object>> writers = new HashMap<>();
    private final MapFile.Writer digests;
    private final Text digest = new Text();
    private final Text url = new Text();
    /** The Parquet copy's file, or null when there is none; opened with the first manifest record. */
    private final Path parquetFile;
    private ParquetWriter<ManifestRecord> parquet;
    /** The WARC files this reducer's manifest records point into, and where it lists them. */
    private final Set<String> warcFiles = new TreeSet<>();
    private final Path pointedFile;

    /** The CDXJ index's file, or null when there is none; its lines wait in a local sort until the reducer ends. */
    private final Path cdxjFile;
    private final SortedLines cdxj;

    Router(Map<Class<?>, Path> files, MapFile.Writer digests, Path parquetFile, Path pointedFile, Path cdxjFile,
           TaskAttemptContext context) throws IOException {
      this.files = files;
      this.digests = digests;
      this.parquetFile = parquetFile;
      this.pointedFile = pointedFile;
      this.cdxjFile = cdxjFile;
      this.cdxj = cdxjFile == null ? null : new SortedLines(context.getConfiguration(), java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
      this.context = context;
    }

    @Override
    public void write(AvroKey<Object> key, NullWritable value) throws IOException {
      Object record = key.datum();
      if (record instanceof DigestEntry e) {
        // The reducer meets digests in sorted order, as a MapFile requires.
        digest.set(e.getDigest());
        url.set(e.getUrl());
        digests.append(digest, url);
        return;
      }
      DataFileWriter<Object> w = writers.get(record.getClass());
      if (w == null) {
        w = open(record.getClass());
        writers.put(record.getClass(), w);
      }
      w.append(record);
      if (record instanceof ManifestRecord m && m.getWarcFile() != null) {
        warcFiles.add(m.getWarcFile());
        if (cdxj != null) {
          for (String line : new String[] {CdxjLine.of(m), CdxjLine.ofText(m)}) {
            if (line != null) {
              cdxj.add(line);
            }
          }
        }
      }
      if (record instanceof ManifestRecord m && parquetFile != null) {
        if (parquet == null) {
          parquet = ParquetManifest.create(parquetFile, context.getConfiguration());
        }
        parquet.write(m);
      }
    }

    private DataFileWriter<Object> open(Class<?> type) throws IOException {
      Path file = files.get(type);
      if (file == null) {
        throw new IOException("the round writes no " + type.getSimpleName() + " records");
      }
      Schema schema = SpecificData.get().getSchema(type);
      DataFileWriter<Object> w = new DataFileWriter<>(new SpecificDatumWriter<>(schema));
      // deflate: readable by every engine that reads Avro (Hive 3 on EMR, Athena, Spark) with no native codec.
      w.setCodec(CodecFactory.deflateCodec(6));
      w.create(schema, file.getFileSystem(context.getConfiguration()).create(file, false));
      return w;
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException {
      digests.close();
      for (DataFileWriter<Object> w : writers.values()) {
        w.close();
      }
      if (parquet != null) {
        parquet.close();
      }
      try (Writer w = new OutputStreamWriter(pointedFile.getFileSystem(context.getConfiguration()).create(pointedFile, false),
          StandardCharsets.UTF_8)) {
        for (String f : warcFiles) {
          w.write(f + "\n");
        }
      }
      if (cdxj != null) {
        try (cdxj; OutputStream out = cdxjFile.getFileSystem(context.getConfiguration()).create(cdxjFile, false)) {
          cdxj.writeTo(out);
        }
      }
    }
  }
}
