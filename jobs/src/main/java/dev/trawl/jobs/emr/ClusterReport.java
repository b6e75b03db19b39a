package dev.trawl.jobs.emr;

import dev.trawl.jobs.resources.ResourceLines;
import dev.trawl.jobs.resources.ResourceWarnings;
import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.round.RoundSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.AutoTerminationPolicy;
import software.amazon.awssdk.services.emr.model.Cluster;
import software.amazon.awssdk.services.emr.model.Instance;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.StepSummary;

/** {@code emr status}: the cluster, its steps with state and times, and the crawl's finished rounds. */
public final class ClusterReport {
  private final EmrClient emr;
  private final PrintStream out;

  public ClusterReport(EmrClient emr, PrintStream out) {
    this.emr = emr;
    this.out = out;
  }

  public void print(String clusterId, CrawlSummaries crawl, String crawlUri) throws IOException {
    Cluster c = emr.describeCluster(b -> b.clusterId(clusterId)).cluster();
    String reason = c.status().stateChangeReason() == null ? null : c.status().stateChangeReason().message();
    out.printf("cluster %s \"%s\": %s%s, %s%n", c.id(), c.name(), c.status().stateAsString(),
        reason == null || reason.isEmpty() ? "" : " (" + reason + ")", c.releaseLabel());
    List<StepSummary> steps = new ArrayList<>();
    emr.listStepsPaginator(b -> b.clusterId(clusterId)).steps().forEach(steps::add);
    // EMR lists the newest step first; a crawl reads best in the order it ran.
    Collections.reverse(steps);
    out.printf("%-16s %-12s %-20s %-20s %s%n", "step", "state", "started", "ended", "name");
    Instant lastStepEnd = null;
    boolean stepRunning = false;
    for (StepSummary s : steps) {
      var t = s.status().timeline();
      out.printf("%-16s %-12s %-20s %-20s %s%n", s.id(), s.status().stateAsString(),
          time(t == null ? null : t.startDateTime()), time(t == null ? null : t.endDateTime()), s.name());
      if (t != null && t.endDateTime() != null && (lastStepEnd == null || t.endDateTime().isAfter(lastStepEnd))) {
        lastStepEnd = t.endDateTime();
      }
      stepRunning |= "RUNNING".equals(s.status().stateAsString()) || "PENDING".equals(s.status().stateAsString());
    }
    Duration idleTimeout = idleTimeout(clusterId);
    out.println(idleTimeout == null ? "idle timeout: none: the cluster waits for steps until it is terminated"
        : "idle timeout: " + hours(idleTimeout) + " h: EMR ends the cluster after that long with no step");
    instanceHours(clusterId, c, stepRunning ? null : lastStepEnd, idleTimeout);
    if (crawl != null) {
      List<Integer> rounds = crawl.finishedRounds();
      out.println();
      out.println(rounds.isEmpty() ? "no finished rounds in " + crawlUri : "finished rounds of " + crawlUri + ":");
      if (!rounds.isEmpty()) {
        out.println(RoundTable.header());
        RoundSummary previous = null;
        for (int r : rounds) {
          RoundSummary summary = crawl.summary(r);
          out.println(RoundTable.row(summary, previous != null && previous.round() == r - 1 ? previous : null));
          previous = summary;
        }
        out.println(RoundTable.LISTS_HEADING);
        List<RoundSummary> summaries = new ArrayList<>();
        for (int r : rounds) {
          summaries.add(crawl.summary(r));
          out.println(RoundTable.lists(summaries.get(summaries.size() - 1)));
        }
        out.println(ResourceLines.HEADING);
        ResourceLines.of(summaries).forEach(out::println);
        ResourceWarnings.of(summaries).forEach(w -> out.println("warning: " + w));
      }
    }
  }

  /**
   * The machines the cluster has held, from EMR's own instance list rather than a guess: instance-hours
   * so far, and (a cluster waiting with no step to run) how long it has been idle and what that holds.
   */
  /** The cluster's auto-termination policy: how long it may wait with no step; null if it has none. */
  private Duration idleTimeout(String clusterId) {
    AutoTerminationPolicy policy = emr.getAutoTerminationPolicy(b -> b.clusterId(clusterId)).autoTerminationPolicy();
    return policy == null || policy.idleTimeout() == null ? null : Duration.ofSeconds(policy.idleTimeout());
  }

  private static String hours(Duration d) {
    return String.format(Locale.ROOT, "%.2f", d.toMillis() / 3_600_000.0);
  }

  private void instanceHours(String clusterId, Cluster c, Instant idleSince, Duration idleTimeout) {
    Instant now = Instant.now();
    double hours = 0;
    int running = 0;
    int spot = 0;
    int instances = 0;
    for (Instance i : emr.listInstancesPaginator(b -> b.clusterId(clusterId)).instances()) {
      var t = i.status() == null ? null : i.status().timeline();
      if (t == null || t.creationDateTime() == null) {
        continue;
      }
      instances++;
      Instant end = t.endDateTime() != null ? t.endDateTime() : now;
      hours += Duration.between(t.creationDateTime(), end).toMillis() / 3_600_000.0;
      if (t.endDateTime() == null) {
        running++;
        if (i.market() == MarketType.SPOT) {
          spot++;
        }
      }
    }
    out.printf(Locale.ROOT, "machines: %d instance%s running%s, %.2f instance-hours held so far by %d instance%s "
            + "(from EMR's instance list)%s%n", running, running == 1 ? "" : "s", spot == 0 ? "" : " (" + spot + " on spot)",
        hours, instances, instances == 1 ? "" : "s",
        c.normalizedInstanceHours() == null ? "" : "; EMR's normalized instance-hours: " + c.normalizedInstanceHours());
    if (idleSince != null && "WAITING".equals(c.status().stateAsString())) {
      double idle = Duration.between(idleSince, now).toMillis() / 3_600_000.0;
      out.printf(Locale.ROOT, "idle: no step has run since %s (%.2f h): %.2f instance-hours held with nothing running; %s%n",
          time(idleSince), idle, idle * running, idleTimeout != null
              ? "EMR ends the cluster at " + time(idleSince.plus(idleTimeout)) + " unless a step comes"
              : "terminate the cluster when the crawl is done ('aws emr terminate-clusters --cluster-ids " + clusterId + "')");
    }
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
