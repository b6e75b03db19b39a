package dev.trawl.jobs.report;

import dev.trawl.jobs.crawl.CrawlRoot;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code trawl report}: what a crawl did, round by round and minute by minute, read from its
 * finished rounds' manifests and summaries. Prints a per-round table, throughput sparklines,
 * warnings with likely causes and the cost; writes the chart (SVG, PNG), its data (CSV) and an
 * HTML page to the output folder.
 */
public final class CrawlReport {
  /** Files written to the output folder. */
  public static final String PAGE = "report.html";
  public static final String SVG = "throughput.svg";
  public static final String PNG = "throughput.png";
  public static final String CSV = "throughput.csv";
  /** Sparklines are at most this wide; longer crawls put several minutes in a character. */
  static final int SPARKLINE_WIDTH = 72;
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private final CrawlRoot root;
  private final Configuration conf;
  private final PrintStream out;

  public CrawlReport(CrawlRoot root, Configuration conf, PrintStream out) {
    this.root = root;
    this.conf = conf;
    this.out = out;
  }

  /** Reports on every finished round and writes the files to {@code outDir} (any Hadoop file system). */
  public void run(Path outDir) throws IOException {
    root.requireExisting();
    root.loadSettings(conf);
    TrawlSettings settings = TrawlSettings.from(conf);
    Cost cost = settings.instancePrice().isPresent() ? new Cost(settings.instancePrice().getAsDouble(), settings.instances()) : null;
    List<Integer> finished = root.finishedRounds();
    if (finished.isEmpty()) {
      throw new IllegalArgumentException("no finished round in " + root.path() + " yet: run 'trawl round' or 'trawl crawl' first");
    }
    List<RoundActivity> rounds = new ArrayList<>();
    for (int r : finished) {
      rounds.add(read(r));
    }

    List<RoundRow> rows = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (RoundActivity r : rounds) {
      rows.add(RoundRow.of(r, cost));
      warnings.addAll(Diagnosis.of(r));
    }
    RoundRow total = RoundRow.total(rows, cost);
    Throughput throughput = Throughput.of(rounds);
    String costLine = cost == null
        ? "cost: not priced; give --instance-price USD_PER_HOUR [--instances N], or set trawl.cost.instance-price once in crawl.json"
        : cost.describe(total.seconds(), total.pages(), rows.size());

    out.println("crawl " + root.path() + ": " + rows.size() + " finished round" + (rows.size() == 1 ? "" : "s"));
    out.println();
    out.println(RoundRow.header(cost != null));
    rows.forEach(r -> out.println(r.line()));
    out.println(total.line());
    out.println();
    printSparklines(throughput);
    out.println();
    if (warnings.isEmpty()) {
      out.println("warnings: none");
    } else {
      out.println("warnings:");
      warnings.forEach(w -> out.println("  - " + w));
    }
    out.println();
    out.println(costLine);

    FileSystem fs = outDir.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      // Files for people to open: without the checksum-keeping local file system's .crc companions.
      fs = local.getRawFileSystem();
    }
    fs.mkdirs(outDir);
    ThroughputChart chart = new ThroughputChart(throughput, "trawl: throughput of " + root.path());
    try (OutputStream o = fs.create(new Path(outDir, SVG), true)) {
      chart.writeSvg(o);
    }
    try (OutputStream o = fs.create(new Path(outDir, PNG), true)) {
      chart.writePng(o);
    }
    write(fs, new Path(outDir, CSV), csv(throughput));
    write(fs, new Path(outDir, PAGE), ReportPage.html(root.path().toString(), SVG, rows, total, cost != null, warnings, costLine));
    out.println("wrote " + new Path(outDir, PAGE) + " with the chart " + SVG + " (also " + PNG + ") and its data " + CSV);
  }

  private RoundActivity read(int round) throws IOException {
    RoundActivity activity = new RoundActivity(round, root.readSummary(round));
    Path dir = root.manifest(round);
    for (FileStatus f : root.fs().listStatus(dir)) {
      if (!f.getPath().getName().endsWith(".avro") || f.getLen() == 0) {
        continue;
      }
      try (DataFileReader<ManifestRecord> in = new DataFileReader<>(new FsInput(f.getPath(), conf), new SpecificDatumReader<>(ManifestRecord.class))) {
        ManifestRecord record = null;
        while (in.hasNext()) {
          record = in.next(record);
          activity.add(record);
        }
      }
    }
    return activity;
  }

  private void printSparklines(Throughput t) {
    List<Throughput.Minute> minutes = t.minutes();
    if (minutes.isEmpty()) {
      out.println("throughput: no requests were made");
      return;
    }
    int per = Sparkline.pointsPerCharacter(minutes.size(), SPARKLINE_WIDTH);
    out.printf("throughput per minute, %s to %s UTC (%d minute%s; one character = %d minute%s):%n",
        MINUTE.format(Instant.ofEpochMilli(minutes.get(0).start())),
        MINUTE.format(Instant.ofEpochMilli(minutes.get(minutes.size() - 1).start())).substring(11),
        minutes.size(), minutes.size() == 1 ? "" : "s", per, per == 1 ? "" : "s");
    sparkline(ThroughputChart.PAGES, t.pages());
    sparkline(ThroughputChart.ERRORS, t.errors());
    sparkline(ThroughputChart.THROTTLED, t.throttled());
  }

  private void sparkline(String name, long[] values) {
    long peak = 0;
    for (long v : values) {
      peak = Math.max(peak, v);
    }
    out.printf(Locale.ROOT, "  %-20s %s  peak %d%n", name, Sparkline.of(values, SPARKLINE_WIDTH), peak);
  }

  private static String csv(Throughput t) {
    StringBuilder b = new StringBuilder("minute_utc,pages,failed_requests,answers_429_503\n");
    for (Throughput.Minute m : t.minutes()) {
      b.append(Instant.ofEpochMilli(m.start())).append(',').append(m.pages()).append(',').append(m.errors())
          .append(',').append(m.throttled()).append('\n');
    }
    return b.toString();
  }

  private static void write(FileSystem fs, Path file, String text) throws IOException {
    try (OutputStream o = fs.create(file, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
