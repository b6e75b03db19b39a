package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.jobs.cli.Trawl;
import dev.trawl.jobs.report.Cost;
import dev.trawl.jobs.report.PaidTime;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;

/**
 * What watching the machines costs, and what it shows (issue 23). One round of the same pages of a
 * loopback site, in local mode, in the same run:
 * <ul>
 *   <li>the overhead of the fetch tasks' resource sampling: rounds at delay 0 with sampling at its
 *       default (every 5 s), off, and every 0.1 s (50 times the default), alternated, medians;</li>
 *   <li>a delay-0 crawl against a politeness-bound one: the CPU share the round reports, pages per
 *       CPU-second, and cost per 1,000 pages as paid and without the time no fetch task ran.</li>
 * </ul>
 * Prints a table, then JSON.
 */
public final class MachinesBench {
  private static final int RUNS = Integer.getInteger("runs", 3);
  private static final double PRICE = 0.192;

  private MachinesBench() {}

  record Figures(String name, double roundSeconds, double cpuShare, double pagesPerCpuSecond, long pages,
                 double paidPerThousand, double fetchingPerThousand) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    try (LoopbackSite site = LoopbackSite.start(new SiteGraph.Shape(4, 150, 7), 0)) {
      Path many = seeds(work.resolve("many.txt"), site, 150);
      Path few = seeds(work.resolve("few.txt"), site, 40);
      Map<String, List<Figures>> runs = new LinkedHashMap<>();
      String[][] cases = {{"sampling every 5 s (default)", "5s"}, {"sampling off", "off"}, {"sampling every 0.1 s", "100ms"}};
      int n = 0;
      for (int run = 0; run < RUNS; run++) {
        for (String[] c : cases) {
          Path root = work.resolve("c" + n++);
          crawl(root, many, "0", c[1]);
          runs.computeIfAbsent(c[0], k -> new ArrayList<>()).add(figures(c[0], root));
        }
      }
      Path polite = work.resolve("polite");
      crawl(polite, few, "0.25", "5s");
      Figures bound = figures("politeness-bound (delay 0.25 s, 4 x 40 pages)", polite);

      double base = median(runs.get(cases[1][0]));
      System.out.printf(Locale.ROOT, "%-34s %9s %9s%n", "overhead (delay 0, 4 x 150 pages)", "round s", "vs off");
      for (String[] c : cases) {
        double s = median(runs.get(c[0]));
        System.out.printf(Locale.ROOT, "%-34s %9.2f %9.3f%n", c[0], s, s / base);
      }
      System.out.println();
      Figures fast = runs.get(cases[0][0]).get(RUNS - 1);
      System.out.printf(Locale.ROOT, "%-46s %7s %9s %8s %14s %14s%n", "crawl", "pages", "CPU share", "pages/CPU-s",
          "$/1k pages paid", "$/1k fetching");
      for (Figures f : List.of(fast, bound)) {
        System.out.printf(Locale.ROOT, "%-46s %7d %9.2f %8.1f %14.5f %14.5f%n", f.name(), f.pages(), f.cpuShare(),
            f.pagesPerCpuSecond(), f.paidPerThousand(), f.fetchingPerThousand());
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("runs", runs);
      json.put("politeness_bound", bound);
      System.out.println(new ObjectMapper().writeValueAsString(json));
    }
  }

  private static Path seeds(Path file, LoopbackSite site, int pagesPerHost) throws Exception {
    List<String> urls = new ArrayList<>();
    for (int h = 0; h < 4; h++) {
      for (int p = 0; p < pagesPerHost; p++) {
        urls.add(site.graph().url(h, "/page/" + p));
      }
    }
    Files.writeString(file, String.join("\n", urls) + "\n");
    return file;
  }

  private static void crawl(Path root, Path seeds, String delay, String sampling) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    // The bench's classpath has no Parquet runtime; the Parquet copy of the manifest is not what is measured.
    conf.set("trawl.manifest.parquet", "false");
    conf.set("trawl.resources.sample-interval", sampling);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String[] args = {"crawl", "--crawl", root.toUri().toString(), "--seeds", seeds.toString(), "--depth", "1", "--delay", delay,
        "--allow-private", "127.0.0.0/8"};
    int exit = ToolRunner.run(conf, new Trawl(new PrintStream(out, true, StandardCharsets.UTF_8)), args);
    if (exit != 0) {
      throw new IllegalStateException("trawl " + String.join(" ", args) + " failed:\n" + out.toString(StandardCharsets.UTF_8));
    }
  }

  private static Figures figures(String name, Path root) throws Exception {
    RoundSummary s = RoundSummary.parse(Files.readString(root.resolve(CrawlLayout.summaryName(1))));
    RoundResources.Usage fetch = s.resources().fetch();
    long pages = s.status(FetchStatus.fetched);
    PaidTime time = PaidTime.of(List.of(s));
    Cost cost = new Cost(PRICE, 1);
    return new Figures(name, s.seconds(), fetch.cpuShare(), pages / fetch.cpuSeconds(), pages,
        cost.perThousandPages(time.paidSeconds(), pages), cost.perThousandPages(time.fetchSeconds(), pages));
  }

  private static double median(List<Figures> figures) {
    List<Double> s = new ArrayList<>(figures.stream().map(Figures::roundSeconds).toList());
    s.sort(null);
    return s.get((s.size() - 1) / 2);
  }
}
