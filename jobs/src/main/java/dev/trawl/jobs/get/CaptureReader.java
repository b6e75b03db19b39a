package dev.trawl.jobs.get;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.schema.ManifestRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * Reads one capture back: finds the URL's manifest record, then reads exactly the bytes of its WARC
 * response record (warc_offset, warc_length) with a positioned read. Only the manifest is scanned,
 * never a WARC file, so it costs one small ranged request on S3.
 */
public final class CaptureReader {
  /** The manifest columns a lookup needs; Avro skips the rest of each record unread. */
  private static final Schema POINTER = SchemaBuilder.record("ManifestRecord").namespace("dev.trawl.schema").fields()
      .requiredString("url")
      .name("status").type(ManifestRecord.getClassSchema().getField("status").schema()).noDefault()
      .optionalString("warc_file")
      .optionalLong("warc_offset")
      .optionalLong("warc_length")
      .optionalString("refers_to_warc_file")
      .optionalLong("refers_to_warc_offset")
      .optionalLong("refers_to_warc_length")
      .optionalString("wet_file")
      .optionalLong("wet_offset")
      .optionalLong("wet_length")
      .endRecord();

  private final CrawlRoot root;

  /**
   * Where a capture's record lies: a response, or for a not_modified capture a revisit record, with
   * {@code refersTo} the response it repeats (where the content is).
   */
  public record Pointer(int round, String url, String file, long offset, long length, Pointer refersTo) {
    public Pointer(int round, String url, String file, long offset, long length) {
      this(round, url, file, offset, length, null);
    }
  }

  public CaptureReader(CrawlRoot root) {
    this.root = root;
  }

  /**
   * The URL's capture in {@code round}, or in the latest finished round that fetched it (round 0).
   *
   * @throws IllegalArgumentException naming the rounds searched and what was found there
   */
  public Pointer find(String url, int round) throws IOException {
    root.requireExisting();
    List<Integer> rounds = new ArrayList<>(root.finishedRounds());
    if (round > 0) {
      if (!rounds.contains(round)) {
        throw new IllegalArgumentException("round " + round + " has not finished in " + root.path() + " (finished: " + rounds + ")");
      }
      rounds = List.of(round);
    }
    String without = null;
    for (int i = rounds.size() - 1; i >= 0; i--) {
      int r = rounds.get(i);
      GenericRecord m = manifestRecord(r, url);
      if (m == null) {
        continue;
      }
      if (m.get("warc_file") == null) {
        without = without != null ? without : "round " + r + " recorded it as " + m.get("status") + ", with no content stored";
        continue;
      }
      Pointer original = m.get("refers_to_warc_file") == null ? null : new Pointer(0, url, m.get("refers_to_warc_file").toString(),
          (Long) m.get("refers_to_warc_offset"), (Long) m.get("refers_to_warc_length"));
      return new Pointer(r, url, m.get("warc_file").toString(), (Long) m.get("warc_offset"), (Long) m.get("warc_length"), original);
    }
    if (without == null && url.endsWith("/robots.txt")) {
      // robots.txt fetches are in the WARC files but have no manifest record: look for them there.
      for (int i = rounds.size() - 1; i >= 0; i--) {
        Pointer p = scanWarcs(rounds.get(i), url);
        if (p != null) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(without != null ? url + ": " + without
        : "no capture of " + url + " in " + (round > 0 ? "round " + round : "rounds " + rounds) + " of " + root.path()
        + "; 'trawl url --crawl " + root.path() + " " + url + "' says why");
  }

  /**
   * Where the URL's main text is (its WET conversion record): in {@code round}, or in the latest
   * finished round that wrote one (a round that found the page not modified wrote none).
   *
   * @throws IllegalArgumentException naming the rounds searched
   */
  public Pointer findText(String url, int round) throws IOException {
    root.requireExisting();
    List<Integer> rounds = round > 0 ? List.of(round) : root.finishedRounds();
    for (int i = rounds.size() - 1; i >= 0; i--) {
      GenericRecord m = manifestRecord(rounds.get(i), url);
      if (m != null && m.get("wet_file") != null) {
        return new Pointer(rounds.get(i), url, m.get("wet_file").toString(), (Long) m.get("wet_offset"), (Long) m.get("wet_length"));
      }
    }
    throw new IllegalArgumentException("no text of " + url + " in " + (round > 0 ? "round " + round : "rounds " + rounds) + " of "
        + root.path() + ": texts are kept for HTML and plain-text pages with trawl.text on, when a main text was found");
  }

  /** The main text at a WET pointer. */
  public String readText(Pointer p) throws IOException {
    WarcRecord record = record(p);
    if (!(record instanceof WarcConversion conversion) || !p.url().equals(conversion.target())) {
      throw new IOException("the record at " + p.file() + " offset " + p.offset() + " is not the text of " + p.url());
    }
    return new String(conversion.body().stream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The response record of {@code url} in a round's WARC files, found by reading them in order: for
   * captures no manifest points at (robots.txt), which a fetch task writes before the host's pages.
   */
  private Pointer scanWarcs(int round, String url) throws IOException {
    Path dir = root.warc(round);
    if (!root.fs().exists(dir)) {
      return null;
    }
    for (FileStatus f : root.fs().listStatus(dir, p -> p.getName().endsWith(".warc.gz"))) {
      try (FSDataInputStream in = root.fs().open(f.getPath()); WarcReader reader = new WarcReader(in)) {
        long start = -1;
        for (WarcRecord record : reader) {
          if (start >= 0) {
            return new Pointer(round, url, root.path().toUri().relativize(f.getPath().toUri()).getPath(), start,
                reader.position() - start);
          }
          if (record instanceof WarcResponse response && url.equals(response.target())) {
            start = reader.position();
          }
        }
        if (start >= 0) {
          return new Pointer(round, url, root.path().toUri().relativize(f.getPath().toUri()).getPath(), start,
              f.getLen() - start);
        }
      }
    }
    return null;
  }

  /** The response record at the pointer, read with one positioned read of exactly its bytes. */
  public WarcResponse read(Pointer p) throws IOException {
    Path file = new Path(root.path(), p.file());
    WarcRecord record = record(p);
    if (!(record instanceof WarcResponse response)) {
      throw new IOException("the record at " + file + " offset " + p.offset() + " is a " + record.type() + ", not a response");
    }
    if (!p.url().equals(response.target())) {
      throw new IOException("the record at " + file + " offset " + p.offset() + " is of " + response.target() + ", not " + p.url());
    }
    return response;
  }

  /** The revisit record at a not_modified capture's pointer. */
  public WarcRevisit readRevisit(Pointer p) throws IOException {
    WarcRecord record = record(p);
    if (!(record instanceof WarcRevisit revisit) || !p.url().equals(revisit.target())) {
      throw new IOException("the record at " + p.file() + " offset " + p.offset() + " is not a revisit of " + p.url());
    }
    return revisit;
  }

  private WarcRecord record(Pointer p) throws IOException {
    Path file = new Path(root.path(), p.file());
    byte[] bytes = new byte[Math.toIntExact(p.length())];
    try (FSDataInputStream in = openForRandomRead(file)) {
      in.readFully(p.offset(), bytes);
    }
    WarcReader reader = new WarcReader(new ByteArrayInputStream(bytes));
    return reader.next().orElseThrow(() -> new IOException("no WARC record at " + file + " offset " + p.offset()));
  }

  private FSDataInputStream openForRandomRead(Path file) throws IOException {
    try {
      // On S3A "random" asks for just the range instead of streaming the object from the offset on.
      return root.fs().openFile(file).opt("fs.option.openfile.read.policy", "random").build().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted opening " + file, e);
    }
  }

  /** The URL's record in a round's manifest, or null; reads record by record, holding none. */
  private GenericRecord manifestRecord(int round, String url) throws IOException {
    Path dir = root.manifest(round);
    if (!root.fs().exists(dir)) {
      return null;
    }
    for (FileStatus f : root.fs().listStatus(dir, p -> p.getName().endsWith(".avro"))) {
      GenericDatumReader<GenericRecord> datum = new GenericDatumReader<>(null, POINTER);
      try (DataFileReader<GenericRecord> r = new DataFileReader<>(new FsInput(f.getPath(), root.fs().getConf()), datum)) {
        GenericRecord m = null;
        while (r.hasNext()) {
          m = r.next(m);
          if (url.equals(m.get("url").toString())) {
            return m;
          }
        }
      }
    }
    return null;
  }

  /** The payload, decoded of any transfer and content encoding. */
  public static InputStream payload(WarcResponse response) throws IOException {
    return response.http().bodyDecoded().stream();
  }
}
