package dev.trawl.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.bench.balance.BalanceBench;
import dev.trawl.bench.merge.MergeBench;
import dev.trawl.bench.merge.SyntheticCrawl;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The round benchmark (issue 8): merge throughput against the identity job's floor, shuffle bytes
 * per discovered link with and without the combiner, and fetch list balance for a Zipf frontier
 * against the hash. bench/round.sh adds the round's fixed cost. Prints a table, then JSON.
 *
 * <p>Arguments: {@code urls hosts links-per-page work-dir [demo-output-folder ...]}.
 */
public final class RoundBench {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static void main(String[] args) throws Exception {
    SyntheticCrawl crawl = new SyntheticCrawl(Long.parseLong(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    File work = new File(args[3]);
    Map<String, Object> results = new LinkedHashMap<>();
    List<File> demos = java.util.Arrays.stream(args).skip(4).map(File::new).toList();
    FixedCost fixed = demos.isEmpty() ? null : FixedCost.of(demos);
    if (fixed != null) {
      results.put("fixed_cost", fixed.json());
    }

    List<BalanceBench.Result> balance = new ArrayList<>();
    Configuration defaults = new Configuration(false);
    Configuration unbounded = new Configuration(false);
    unbounded.set(Setting.MAX_PER_HOST.key(), "1000000000");
    Configuration timeLimited = new Configuration(unbounded);
    timeLimited.set(Setting.TIME_LIMIT.key(), "2h");
    for (int lists : new int[] {8, 32, 128}) {
      balance.add(BalanceBench.run(100_000, 10_000_000, lists, 1.0, TrawlSettings.from(defaults), "defaults: delay 1 s, max-per-host 10,000"));
    }
    balance.add(BalanceBench.run(100_000, 10_000_000, 32, 1.0, TrawlSettings.from(unbounded), "delay 1 s, no per-host bound"));
    balance.add(BalanceBench.run(100_000, 10_000_000, 32, 1.0, TrawlSettings.from(timeLimited), "delay 1 s, no per-host bound, time limit 2 h"));
    results.put("balance", balance.stream().map(BalanceBench.Result::json).toList());

    System.out.printf("merge: %,d known URLs over %,d hosts; %,d pages fetched, %d links each (%,d links); %d cores, heap %d MiB%n",
        crawl.urls(), crawl.hosts(), crawl.fetched(), crawl.links(), crawl.fetched() * crawl.links(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    List<MergeBench.Figures> merge = new MergeBench(crawl, work).run();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("known_urls", crawl.urls());
    m.put("hosts", crawl.hosts());
    m.put("pages_fetched", crawl.fetched());
    m.put("links", merge.get(0).links());
    merge.forEach(f -> m.put(f.name(), f.json()));
    results.put("merge", m);

    System.out.println();
    System.out.println("| measure | figure | baseline in the same run | ratio |");
    System.out.println("|---|---|---|---|");
    if (fixed != null) {
      System.out.printf("| round fixed cost, one URL, local mode (median of %d) | %.2f s: %.2f s job set-up, %.2f s fetch task, "
          + "%.2f s shuffle, reduce and commit | Nutch's 15-20 s (the issue's figure, not run here) | %.2f of 15 s |%n",
          fixed.runs(), fixed.round(), fixed.beforeTask(), fixed.task(), fixed.afterTask(), fixed.round() / 15);
    }
    MergeBench.Figures floor = merge.get(0);
    for (MergeBench.Figures f : merge) {
      System.out.printf("| merge: %s | %.1f s, %,.0f URLs/s, peak heap %d MiB | identity job %.1f s | %.2f |%n", f.name(), f.seconds(),
          f.urlsPerSecond(), f.peakHeapBytes() >> 20, floor.seconds(), f.seconds() / floor.seconds());
    }
    for (MergeBench.Figures f : merge.subList(1, merge.size())) {
      System.out.printf("| shuffle bytes per discovered link: %s | %.1f | round, no combiner: %.1f | %.2f |%n", f.name(),
          f.shuffleBytesPerLink(), merge.get(1).shuffleBytesPerLink(), f.shuffleBytesPerLink() / merge.get(1).shuffleBytesPerLink());
    }
    for (BalanceBench.Result b : balance) {
      System.out.printf("| slowest list / mean: Zipf s=%.1f, %,d hosts, %,d pages, %d lists, %s | balanced %.3f (bound %.3f) | hash %.3f | %.2f |%n",
          b.zipf(), b.hosts(), b.pages(), b.lists(), b.settings(), b.balanced(), b.bound(), b.hash(), b.balanced() / b.hash());
    }
    System.out.println();
    System.out.println(JSON.writeValueAsString(results));
  }
}
