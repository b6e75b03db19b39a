package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.jobs.cli.Trawl;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * What a refresh of the demo crawl saves against crawling it again from scratch (issue 14). The demo's
 * site (4 hosts x 80 pages, three rounds) is crawled once with refetching on; then, on the same
 * unchanged site, (a) a full re-crawl into a new crawl root and (b) a refresh of the first crawl "a
 * month later" (the schedule's clock moved 31 days on). Figures are from the site's own request log
 * (requests it served, body bytes it sent) and from the crawl roots (WARC bytes stored), the baseline
 * measured in the same run. Prints a table, then JSON.
 */
public final class RefreshBench {
  private RefreshBench() {}

  record Figures(long pageRequests, long robotsRequests, long bodyBytesSent, long warcBytes, long notModified, int rounds) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    try (LoopbackSite site = LoopbackSite.start(new SiteGraph.Shape(4, 80, 7), 0)) {
      Path seeds = work.resolve("seeds.txt");
      Files.writeString(seeds, String.join("\n", site.graph().homePages()) + "\n");
      String first = work.resolve("first").toUri().toString();
      String again = work.resolve("again").toUri().toString();
      List<String> demo = List.of("--depth", "3", "--delay", "0.05", "--allow-private", "127.0.0.0/8", "--refetch-after", "30d");

      int before = site.requests().size();
      crawl(concat(List.of("crawl", "--crawl", first, "--seeds", seeds.toString()), demo));
      Figures initial = figures(site, before, work.resolve("first"), 1);

      before = site.requests().size();
      crawl(concat(List.of("crawl", "--crawl", again, "--seeds", seeds.toString()), demo));
      Figures full = figures(site, before, work.resolve("again"), 1);

      before = site.requests().size();
      int firstRefreshRound = initial.rounds() + 1;
      crawl(List.of("crawl", "--crawl", first, "-D", "trawl.internal.clock-offset=P31D"));
      Figures refresh = figures(site, before, work.resolve("first"), firstRefreshRound);

      System.out.printf(Locale.ROOT, "%-28s %14s %14s %10s%n", "demo crawl (4 hosts x 80)", "full re-crawl", "refresh", "refresh/full");
      row("page requests", full.pageRequests(), refresh.pageRequests());
      row("robots.txt requests", full.robotsRequests(), refresh.robotsRequests());
      row("body bytes sent by the site", full.bodyBytesSent(), refresh.bodyBytesSent());
      row("WARC bytes stored", full.warcBytes(), refresh.warcBytes());
      System.out.printf(Locale.ROOT, "%-28s %14d %14d%n", "not_modified captures", full.notModified(), refresh.notModified());
      System.out.printf(Locale.ROOT, "%-28s %14d %14d%n", "rounds", full.rounds(), refresh.rounds());
      ObjectMapper json = new ObjectMapper();
      System.out.println(json.writeValueAsString(java.util.Map.of("full_recrawl", full, "refresh", refresh)));
    }
  }

  private static void row(String what, long full, long refresh) {
    System.out.printf(Locale.ROOT, "%-28s %14d %14d %10.3f%n", what, full, refresh, full == 0 ? 0 : (double) refresh / full);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void crawl(List<String> args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    // The bench's classpath has no Parquet runtime; the Parquet copy of the manifest is not what is measured.
    conf.set("trawl.manifest.parquet", "false");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = ToolRunner.run(conf, new Trawl(new PrintStream(out, true, StandardCharsets.UTF_8)), args.toArray(new String[0]));
    if (exit != 0) {
      throw new IllegalStateException("trawl " + args + " failed:\n" + out.toString(StandardCharsets.UTF_8));
    }
  }

  /** The site's log since {@code from}, and the crawl root's rounds from {@code firstRound} on. */
  private static Figures figures(LoopbackSite site, int from, Path root, int firstRound) throws Exception {
    List<LoopbackSite.Request> served = site.requests().subList(from, site.requests().size());
    long robots = served.stream().filter(r -> r.path().equals("/robots.txt")).count();
    long bytes = served.stream().mapToLong(LoopbackSite.Request::bodyBytes).sum();
    long warc = 0;
    long notModified = 0;
    int rounds = 0;
    try (var summaries = Files.list(root.resolve(CrawlLayout.SUMMARIES))) {
      for (Path s : summaries.filter(p -> CrawlLayout.summaryRound(p.getFileName().toString()).isPresent()).toList()) {
        RoundSummary summary = RoundSummary.parse(Files.readString(s));
        int r = summary.round();
        if (r < firstRound) {
          continue;
        }
        rounds++;
        notModified += summary.status(FetchStatus.not_modified);
        Path dir = root.resolve(CrawlLayout.RoundFolder.WARC.of(r));
        if (Files.isDirectory(dir)) {
          try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".warc.gz")).toList()) {
              warc += Files.size(f);
            }
          }
        }
      }
    }
    return new Figures(served.size() - robots, robots, bytes, warc, notModified, rounds);
  }
}
