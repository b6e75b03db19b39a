package dev.trawl.jobs.round;

import dev.trawl.jobs.fetchlist.FetchListPlanner;
import dev.trawl.jobs.resources.FailedAttempts;
import dev.trawl.jobs.resources.RoundUsage;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Finishes a round whose job succeeded: removes WARC files of fetch task attempts no record points
 * into, publishes the next frontier's layout, marks each of the round's folders committed, and writes its summary last, so that the round is finished exactly when
 * {@code rounds/NNNN.json} exists. Each step checks first that this command still holds the writer lease.
 */
final class RoundCommit {
  private RoundCommit() {}

  static RoundSummary commit(CrawlRoot root, Configuration conf, TrawlSettings settings, RoundPlan plan, Job job, Instant start,
      PrintStream out) throws IOException, InterruptedException {
    int r = plan.round();
    for (String file : WarcAttempts.keepPointed(root, r)) {
      out.printf("round %d: removed %s, written by a fetch task attempt that no manifest record points into%n", r, file);
    }
    FetchListPlanner planner = new FetchListPlanner(root, conf);
    planner.publish(r, plan.nextLayout());
    for (Path dir : root.outputsOf(r)) {
      root.markCommitted(dir);
    }
    for (Path dir : root.copiesOf(r, settings::writes)) {
      root.markCommitted(dir);
    }
    Counters counters = job.getCounters();
    Map<String, Long> counted = new LinkedHashMap<>();
    for (RoundCounter c : RoundCounter.values()) {
      counted.put(c.name(), counters.findCounter(c).getValue());
    }
    long crawlRequests = RoundPlan.requestsBefore(root, r) + counted.get(RoundCounter.REQUESTS.name());
    long[] expected = planner.expectedMillis(r, settings, plan.layout());
    FetchTaskFigures tasks = FetchTaskFigures.read(root, r, start);
    Instant end = Instant.now();
    RoundSummary summary = new RoundSummary(r, start.toString(), end.toString(), Duration.between(start, end).toMillis() / 1000.0,
        plan.listSizes(), plan.pendingSeeds().stream().map(Path::getName).toList(), bounds(settings, plan.budget()), counted,
        group(counters, RoundConf.STATUS_COUNTERS), group(counters, RoundConf.BLOCKED_RANGES), TrawlSettings.effective(conf),
        RoundStop.of(counted, settings, crawlRequests, end), plan.refetchAsOf(), job.getJobID().toString(),
        plan.layout().lists(), plan.count().why(),
        // Beside each task's actual seconds: how even the lists were expected to be (pages x delay).
        expected == null ? null : Arrays.stream(expected).mapToObj(ms -> ms / 1000.0).toList(),
        tasks.startSkewSeconds(), tasks.tasks(), tasks.slowestHosts(), RoundUsage.of(job, tasks.usage()), FailedAttempts.of(job));
    root.writeSummary(summary);
    root.clearFailure(r);
    return summary;
  }

  private static RoundSummary.Bounds bounds(TrawlSettings settings, Long budget) {
    return new RoundSummary.Bounds(settings.depth().isPresent() ? settings.depth().getAsInt() : null,
        settings.maxPages().isPresent() ? settings.maxPages().getAsLong() : null, budget,
        settings.maxPerHost().isPresent() ? settings.maxPerHost().getAsInt() : null,
        settings.timeLimit() == null ? null : settings.timeLimit().toMillis() / 1000.0);
  }

  /** A counter group of the job (outcomes, blocked ranges) by counter name. */
  private static Map<String, Long> group(Counters counters, String name) {
    Map<String, Long> values = new TreeMap<>();
    for (Counter c : counters.getGroup(name)) {
      values.put(c.getName(), c.getValue());
    }
    return values;
  }
}
