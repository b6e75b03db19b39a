package dev.trawl.jobs.report;

import dev.trawl.jobs.resources.AttemptWords;
import dev.trawl.jobs.resources.ResourceLines;
import dev.trawl.jobs.resources.ResourceWarnings;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.BlockedUrls;
import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.round.RoundCounter;
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
  /** Sparklines are at most this wide: as many characters as the throughput has bins at most. */
  static final int SPARKLINE_WIDTH = Throughput.MAX_BINS;
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final CrawlRoot root;
  private final Configuration conf;
  private final PrintStream out;
  private final dev.trawl.jobs.changes.ChangeCounts changes = new dev.trawl.jobs.changes.ChangeCounts();

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
    for (int i = 0; i < rounds.size(); i++) {
      RoundActivity r = rounds.get(i);
      RoundActivity before = i > 0 && rounds.get(i - 1).round() == r.round() - 1 ? rounds.get(i - 1) : null;
      rows.add(RoundRow.of(r, before == null ? null : before.summary(), cost));
      warnings.addAll(Diagnosis.of(r));
    }
    String blocked = BlockedUrls.of(rounds.stream().map(RoundActivity::summary).toList()).explained(root.path().toString());
    if (!blocked.isEmpty()) {
      warnings.add(blocked);
    }
    List<String> stops = new ArrayList<>();
    for (RoundActivity r : rounds) {
      String stop = RoundTable.stop(r.summary());
      stops.add(stop == null ? "  round " + r.round() + ": not recorded (an older trawl ran it)" : stop);
    }
    RoundRow total = RoundRow.total(rows, cost);
    Throughput throughput = Throughput.of(rounds);
    List<dev.trawl.round.RoundSummary> summaries = rounds.stream().map(RoundActivity::summary).toList();
    warnings.addAll(ResourceWarnings.of(summaries));
    List<String> machines = ResourceLines.of(summaries);
    root.readFailure(finished.get(finished.size() - 1) + 1).ifPresent(f -> {
      // A round that failed has no summary: its attempts are the news.
      warnings.add("round " + f.round() + " failed at " + f.failed() + " (" + f.why() + ")");
      AttemptWords.lines(f.attempts()).forEach(a -> warnings.add("round " + f.round() + ": " + a));
    });
    String costLine = cost == null
        ? "cost: not priced; give --instance-price USD_PER_HOUR [--instances N], or set trawl.cost.instance-price once in crawl.json"
        : cost.describe(total.seconds(), total.pages(), rows.size()) + "\n" + cost.split(PaidTime.of(summaries), total.pages());

    out.println("crawl " + root.path() + ": " + rows.size() + " finished round" + (rows.size() == 1 ? "" : "s"));
    out.println();
    out.println(RoundRow.header(cost != null));
    rows.forEach(r -> out.println(r.line()));
    out.println(total.line());
    out.println(sitemapLine(rounds));
    out.println();
    printSparklines(throughput);
    out.println();
    out.println(RoundTable.STOPS_HEADING);
    stops.forEach(out::println);
    out.println();
    out.println(ResourceLines.HEADING);
    machines.forEach(out::println);
    out.println();
    if (warnings.isEmpty()) {
      out.println("warnings: none");
    } else {
      out.println("warnings:");
      warnings.forEach(w -> out.println("  - " + w));
    }
    out.println();
    if (changes.anyRefetch()) {
      out.print(changes.text(Integer.MAX_VALUE));
      out.println();
    }
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
    MachineChart machineChart = new MachineChart(summaries, "trawl: what the fetch tasks used of what they held");
    try (OutputStream o = fs.create(new Path(outDir, MachineChart.FILE), true)) {
      machineChart.writeSvg(o);
    }
    try (OutputStream o = fs.create(new Path(outDir, MachineChart.PNG), true)) {
      machineChart.writePng(o);
    }
    write(fs, new Path(outDir, PAGE), ReportPage.html(root.path().toString(), SVG, machineChart.points() > 0 ? MachineChart.FILE : null, rows, total,
        cost != null, stops, machines, warnings, costLine));
    out.println("wrote " + new Path(outDir, PAGE) + " with the chart " + SVG + " (also " + PNG + ") and its data " + CSV
        + ", and the machines' chart " + MachineChart.FILE + " (also " + MachineChart.PNG + ")");
  }

  /**
   * What sitemaps did, over the crawl and per round: fetches, the URLs they listed, and the URLs the
   * date bounds skipped by their lastmod with no request (each one a request saved).
   */
  static String sitemapLine(List<RoundActivity> rounds) {
    long fetched = 0;
    long listed = 0;
    long skipped = 0;
    List<String> perRound = new ArrayList<>();
    for (RoundActivity r : rounds) {
      long f = r.summary().counter(RoundCounter.SITEMAP_FETCHES);
      long l = r.summary().counter(RoundCounter.SITEMAP_URLS);
      long s = r.summary().counter(RoundCounter.SKIPPED_BY_LASTMOD);
      fetched += f;
      listed += l;
      skipped += s;
      if (f + l + s > 0) {
        perRound.add("round " + r.round() + ": " + f + " fetched, " + l + " listed, " + s + " skipped");
      }
    }
    return "sitemaps: " + fetched + " fetched, " + listed + " URLs listed, " + skipped + " skipped by lastmod (no request made)"
        + (perRound.isEmpty() ? "" : "; " + String.join("; ", perRound));
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
          changes.add(round, record);
        }
      }
    }
    return activity;
  }

  private void printSparklines(Throughput t) {
    List<Throughput.Bin> bins = t.bins();
    if (bins.isEmpty()) {
      out.println("throughput: no requests were made");
      return;
    }
    int per = Sparkline.pointsPerCharacter(bins.size(), SPARKLINE_WIDTH);
    DateTimeFormatter clock = t.binMillis() < 60_000 ? SECOND : MINUTE;
    Instant from = Instant.ofEpochMilli(bins.get(0).start());
    Instant to = Instant.ofEpochMilli(bins.get(bins.size() - 1).start() + t.binMillis());
    out.printf("throughput per %s, %s to %s UTC (%d bin%s of %s%s):%n", t.binName(), clock.format(from),
        clock.format(to).substring(11), bins.size(), bins.size() == 1 ? "" : "s", Throughput.length(t.binMillis()),
        per == 1 ? "" : "; one character = " + per + " bins");
    sparkline(ThroughputChart.PAGES + t.unit(), t.pages());
    sparkline(ThroughputChart.ERRORS + t.unit(), t.errors());
    sparkline(ThroughputChart.THROTTLED + t.unit(), t.throttled());
    out.printf(Locale.ROOT, "  %-20s %s%n", "rounds", roundMarks(t, per));
  }

  /** Under the sparklines: each round's number where its first request falls (a later one that would overlap is left out). */
  static String roundMarks(Throughput t, int perCharacter) {
    StringBuilder b = new StringBuilder();
    for (Throughput.RoundStart r : t.roundStarts()) {
      int at = t.binOf(r.time()) / perCharacter;
      String mark = Integer.toString(r.round());
      if (at >= b.length() + (b.isEmpty() ? 0 : 1)) {
        b.append(" ".repeat(at - b.length())).append(mark);
      }
    }
    return b.toString();
  }

  private void sparkline(String name, long[] values) {
    long peak = 0;
    for (long v : values) {
      peak = Math.max(peak, v);
    }
    out.printf(Locale.ROOT, "  %-20s %s  peak %d%n", name, Sparkline.of(values, SPARKLINE_WIDTH), peak);
  }

  private static String csv(Throughput t) {
    StringBuilder b = new StringBuilder("bin_start_utc,bin_seconds,pages,failed_requests,answers_429_503\n");
    for (Throughput.Bin m : t.bins()) {
      b.append(Instant.ofEpochMilli(m.start())).append(',').append(t.binMillis() / 1000).append(',').append(m.pages())
          .append(',').append(m.errors()).append(',').append(m.throttled()).append('\n');
    }
    return b.toString();
  }

  private static void write(FileSystem fs, Path file, String text) throws IOException {
    try (OutputStream o = fs.create(file, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
