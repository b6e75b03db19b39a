package dev.trawl.jobs.emr;

import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.round.RoundSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.Cluster;
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
    for (StepSummary s : steps) {
      var t = s.status().timeline();
      out.printf("%-16s %-12s %-20s %-20s %s%n", s.id(), s.status().stateAsString(),
          time(t == null ? null : t.startDateTime()), time(t == null ? null : t.endDateTime()), s.name());
    }
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
        for (int r : rounds) {
          out.println(RoundTable.lists(crawl.summary(r)));
        }
      }
    }
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }
}
