package dev.trawl.bench;

import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundSummary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The round's fixed cost, from crawls of one URL that bench/round.sh ran with {@code trawl demo}:
 * the round's seconds (its summary) split where the fetch task's activity log starts and ends, into
 * job set-up before the task, the task, and shuffle, reduce and commit after it. Medians.
 */
public record FixedCost(double round, double beforeTask, double task, double afterTask, int runs) {

  /** @param crawls the demo's output folders, each holding crawl/ */
  public static FixedCost of(List<File> crawls) throws IOException {
    List<Double> round = new ArrayList<>();
    List<Double> before = new ArrayList<>();
    List<Double> task = new ArrayList<>();
    List<Double> after = new ArrayList<>();
    for (File dir : crawls) {
      Path crawl = dir.toPath().resolve("crawl");
      RoundSummary summary = RoundSummary.parse(Files.readString(crawl.resolve(CrawlLayout.summaryName(1))));
      Instant started = Instant.parse(summary.started());
      Instant finished = Instant.parse(summary.finished());
      Instant taskStart = null;
      Instant taskEnd = null;
      Path logFolder = crawl.resolve(CrawlLayout.RoundFolder.LOGS.of(1));
      try (Stream<Path> logs = Files.list(logFolder)) {
        for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
          for (String line : Files.readAllLines(log)) {
            String[] parts = line.split(" ", 3);
            if (parts[1].equals("START")) {
              taskStart = Instant.parse(parts[0]);
            } else if (parts[1].equals("END")) {
              taskEnd = Instant.parse(parts[0]);
            }
          }
        }
      }
      if (taskStart == null || taskEnd == null) {
        throw new IOException("no fetch task START and END in " + logFolder);
      }
      round.add(summary.seconds());
      before.add(seconds(started, taskStart));
      task.add(seconds(taskStart, taskEnd));
      after.add(seconds(taskEnd, finished));
    }
    return new FixedCost(median(round), median(before), median(task), median(after), crawls.size());
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runs", runs);
    m.put("round_seconds_median", round);
    m.put("before_fetch_task_seconds", beforeTask);
    m.put("fetch_task_seconds", task);
    m.put("after_fetch_task_seconds", afterTask);
    return m;
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toMillis() / 1000.0;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get((sorted.size() - 1) / 2);
  }
}
