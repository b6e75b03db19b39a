package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.reducers.index.CdxjLine;
import dev.trawl.reducers.index.SortedLines;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;

/**
 * What the CDXJ index costs (issue 26): one round of the same loopback pages at delay 0, in local
 * mode, with trawl.index.cdxj on and off, alternated, medians of the round's seconds; the index's
 * CPU per page (its lines made and sorted from the round's own manifest records, as the reducers do)
 * against the fetch tasks' CPU per page; and bytes stored per page for the WARC files, the manifest
 * and the index. Prints a table, then JSON.
 */
public final class IndexBench {
  private static final int RUNS = Integer.getInteger("runs", 3);
  private static final int HOSTS = 4;
  private static final int PAGES = Integer.getInteger("pages", 400);

  private IndexBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    try (LoopbackSite site = LoopbackSite.start(new SiteGraph.Shape(HOSTS, PAGES, 11), 0)) {
      List<String> urls = new ArrayList<>();
      for (int h = 0; h < HOSTS; h++) {
        for (int p = 0; p < PAGES; p++) {
          urls.add(site.graph().url(h, "/page/" + p));
        }
      }
      Path seeds = Files.writeString(work.resolve("seeds.txt"), String.join("\n", urls) + "\n");
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      Path indexed = null;
      int n = 0;
      for (int run = 0; run < RUNS; run++) {
        for (boolean on : new boolean[] {true, false}) {
          Path root = work.resolve("c" + n++);
          LocalCrawls.crawl(root, seeds, Map.of("trawl.index.cdxj", Boolean.toString(on)), "--delay", "0");
          RoundSummary s = RoundSummary.parse(Files.readString(root.resolve(CrawlLayout.summaryName(1))));
          seconds.computeIfAbsent(on ? "index on" : "index off", k -> new ArrayList<>()).add(s.seconds());
          if (on) {
            indexed = root;
          }
        }
      }
      RoundSummary s = RoundSummary.parse(Files.readString(indexed.resolve(CrawlLayout.summaryName(1))));
      long pages = s.status(FetchStatus.fetched);
      double fetchCpuPerPage = s.resources().fetch().cpuSeconds() / pages;
      List<ManifestRecord> records = manifest(indexed.resolve("manifest/round=0001"));
      // Warm the code, then time it on the round's own records, many times over for a measurable figure.
      indexSeconds(records, work, 3);
      int reps = 20;
      double indexCpuPerRecord = indexSeconds(records, work, reps) / (reps * (double) records.size());

      Map<String, Double> bytesPerPage = new LinkedHashMap<>();
      for (String folder : List.of("warc", "manifest", "cdxj")) {
        bytesPerPage.put(folder, LocalCrawls.bytes(indexed.resolve(folder + "/round=0001")) / (double) pages);
      }
      double on = LocalCrawls.median(seconds.get("index on"));
      double off = LocalCrawls.median(seconds.get("index off"));
      System.out.printf(Locale.ROOT, "one round, %d hosts x %d pages at delay 0, local mode, %d runs each, medians%n", HOSTS, PAGES, RUNS);
      System.out.printf(Locale.ROOT, "%-34s %9.2f%n%-34s %9.2f%n%-34s %9.3f%n", "round s, index on", on, "round s, index off", off,
          "on / off", on / off);
      System.out.printf(Locale.ROOT, "%-34s %9.1f%n%-34s %9.1f%n%-34s %9.4f%n", "index CPU per page (us)", indexCpuPerRecord * 1e6,
          "fetch tasks' CPU per page (us)", fetchCpuPerPage * 1e6, "index / fetch CPU", indexCpuPerRecord / fetchCpuPerPage);
      bytesPerPage.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-34s %9.0f%n", "bytes per page, " + k, v));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("round_seconds", seconds);
      json.put("index_cpu_us_per_page", indexCpuPerRecord * 1e6);
      json.put("fetch_cpu_us_per_page", fetchCpuPerPage * 1e6);
      json.put("bytes_per_page", bytesPerPage);
      System.out.println(new ObjectMapper().writeValueAsString(json));
    }
  }

  /** CPU seconds of this thread to make and sort the records' lines {@code reps} times. */
  private static double indexSeconds(List<ManifestRecord> records, Path work, int reps) throws IOException {
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    long start = bean.getCurrentThreadCpuTime();
    for (int i = 0; i < reps; i++) {
      try (SortedLines lines = new SortedLines(new Configuration(), work)) {
        for (ManifestRecord m : records) {
          String line = CdxjLine.of(m);
          if (line != null) {
            lines.add(line);
          }
        }
        lines.writeTo(OutputStream.nullOutputStream());
      }
    }
    return (bean.getCurrentThreadCpuTime() - start) / 1e9;
  }

  private static List<ManifestRecord> manifest(Path folder) throws IOException {
    List<ManifestRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".avro")).toList()) {
        try (DataFileReader<ManifestRecord> r = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(ManifestRecord.class))) {
          r.forEach(records::add);
        }
      }
    }
    return records;
  }
}
