package dev.trawl.bench.urls;

import dev.trawl.round.CrawlLayout;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.UrlState;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The listing benchmark's two halves, run by bench/urls.sh: {@code generate N ROOT} writes a crawl root
 * whose crawl db after round 1 holds N URLs (two files, as two reducers write them);
 * {@code read ROOT} is the baseline, the plainest Avro read of those files printing the same TSV lines
 * {@code trawl urls} prints, to set its time against.
 */
public final class UrlsBench {
  private static final UrlState[] STATES = UrlState.values();

  private UrlsBench() {}

  public static void main(String[] args) throws IOException {
    switch (args[0]) {
      case "generate" -> generate(Long.parseLong(args[1]), Path.of(args[2]));
      case "read" -> read(Path.of(args[1]));
      default -> throw new IllegalArgumentException("generate N ROOT | read ROOT");
    }
  }

  static String url(long i) {
    return "http://host" + (i % 10_000) + ".example/page/" + i;
  }

  private static void generate(long n, Path root) throws IOException {
    Path db = root.resolve(CrawlLayout.RoundFolder.CRAWL_DB.of(1));
    Files.createDirectories(db);
    Files.createDirectories(root.resolve(CrawlLayout.SUMMARIES));
    Files.writeString(root.resolve(CrawlLayout.CRAWL_JSON), "{\"settings\": {\"trawl.bounds.depth\": \"3\"}}");
    // The smallest summary a round leaves: round 1 finished (older summaries had no more).
    Files.writeString(root.resolve(CrawlLayout.summaryName(1)), "{\"round\": 1, \"counters\": {}}");
    for (int part = 0; part < 2; part++) {
      try (DataFileWriter<CrawlDbEntry> w = new DataFileWriter<>(new SpecificDatumWriter<>(CrawlDbEntry.class))) {
        w.setCodec(CodecFactory.deflateCodec(1));
        w.create(CrawlDbEntry.getClassSchema(), db.resolve(CrawlLayout.reducerFile(part)).toFile());
        for (long i = part; i < n; i += 2) {
          w.append(CrawlDbEntry.newBuilder().setUrl(url(i)).setHost("host" + (i % 10_000) + ".example").setDepth((int) (i % 4))
              .setState(STATES[(int) (i % STATES.length)]).setFirstRound(1).setRetries(0)
              .setSource(i % 4 == 0 ? null : url(i / 2)).setLastFetchRound(i % 3 == 0 ? 1 : null)
              .setHttpStatus(i % 3 == 0 ? 200 : null).build());
        }
      }
    }
    Files.createFile(db.resolve(CrawlLayout.SUCCESS));
  }

  private static void read(Path root) throws IOException {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    File[] files = root.resolve(CrawlLayout.RoundFolder.CRAWL_DB.of(1)).toFile().listFiles((d, name) -> name.endsWith(".avro"));
    java.util.Arrays.sort(files);
    out.println("url\tstatus\thttp_status\tdepth\tfirst_round\tlast_fetch_round\tsource");
    for (File f : files) {
      try (DataFileReader<CrawlDbEntry> r = new DataFileReader<>(f, new SpecificDatumReader<>(CrawlDbEntry.class))) {
        CrawlDbEntry e = null;
        while (r.hasNext()) {
          e = r.next(e);
          out.println(e.getUrl() + "\t" + (e.getState() == UrlState.queued ? "pending" : e.getState()) + "\t"
              + (e.getHttpStatus() == null ? "" : e.getHttpStatus()) + "\t" + e.getDepth() + "\t" + e.getFirstRound() + "\t"
              + (e.getLastFetchRound() == null ? "" : e.getLastFetchRound()) + "\t" + (e.getSource() == null ? "" : e.getSource()));
        }
      }
    }
    out.flush();
  }
}
