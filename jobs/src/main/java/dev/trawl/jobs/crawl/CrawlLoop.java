package dev.trawl.jobs.crawl;

import dev.trawl.jobs.round.CrawlEnd;
import dev.trawl.jobs.round.RoundRunner;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.BlockedUrls;
import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Rounds until the crawl is done: the frontier holds nothing within the depth bound and no seeds are
 * pending, or a page bound is reached. Starts after the last finished round, so running it again
 * after a failure resumes where the crawl stopped.
 */
public final class CrawlLoop {
  private final CrawlRoot root;
  private final Configuration conf;
  private final RoundRunner runner;
  private final PrintStream out;

  public CrawlLoop(CrawlRoot root, Configuration conf, PrintStream out) {
    this.root = root;
    this.conf = conf;
    this.runner = new RoundRunner(root, conf, out);
    this.out = out;
  }

  /** The crawl's blocked URLs after round {@code last} and how to fetch them, in words; empty if none. */
  private String blocked(int last) throws IOException {
    return BlockedUrls.of(root.summariesBefore(last + 1)).explained(root.path().toString());
  }

  /** Runs rounds; returns those that ran now. */
  public List<RoundRunner.Outcome> run() throws IOException, InterruptedException {
    root.requireExisting();
    // Settings first: a run that would change the crawl's scope or bounds is refused before anything else.
    root.loadSettings(conf);
    TrawlSettings settings = TrawlSettings.from(conf);
    List<RoundRunner.Outcome> ran = new ArrayList<>();
    while (true) {
      int last = root.lastFinishedRound();
      if (CrawlEnd.reached(root, last, settings, RoundConf.scheduleNow(conf))) {
        long beyond = root.readSummary(last).counter(RoundCounter.FRONTIER_NEXT);
        BlockedUrls refused = BlockedUrls.of(root.summariesBefore(last + 1));
        String blocked = refused.explained(root.path().toString());
        out.println("crawl done after round " + last + ": nothing left to fetch" + (refused.blocked() > 0 ? " that the crawl's settings allow" : "")
            + (beyond > 0 ? " within the depth bound (" + beyond + " URLs wait beyond it)" : "")
            + (settings.refetch().on() ? "; refetching is on: run crawl again later and it refetches the pages that have come due" : "")
            + (blocked.isEmpty() ? "" : "\n" + blocked));
        return ran;
      }
      RoundRunner.Outcome outcome = runner.run(0, false);
      if (!outcome.ran()) {
        String blocked = blocked(outcome.round() - 1);
        out.println("crawl stopped before round " + outcome.round() + ": " + outcome.skipped() + (blocked.isEmpty() ? "" : "\n" + blocked));
        return ran;
      }
      if (ran.isEmpty()) {
        out.println(RoundTable.header());
      }
      ran.add(outcome);
      out.println(RoundTable.row(outcome.summary(), RoundTable.previous(root, outcome.round())));
    }
  }
}
