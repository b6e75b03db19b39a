package dev.trawl.jobs.round;

import dev.trawl.jobs.resources.AttemptWords;
import dev.trawl.jobs.resources.FailedAttempts;
import dev.trawl.jobs.s3.S3Commit;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.mappers.parse.ParserWarmup;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundFailure;
import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs one round safely, in the round's order: whether it runs at all (finished, {@code --force},
 * the crawl ended), clearing what an unfinished attempt of it left, its {@link RoundPlan}, its
 * {@link RoundJob}, and {@link RoundCommit}, which writes rounds/NNNN.json last. A round is finished
 * exactly when its summary exists.
 */
public final class RoundRunner {
  private final CrawlRoot root;
  private final Configuration conf;
  private final PrintStream out;

  /** Why a round did not run, or its summary. */
  public record Outcome(int round, RoundSummary summary, String skipped) {
    public boolean ran() {
      return summary != null && skipped == null;
    }
  }

  public RoundRunner(CrawlRoot root, Configuration conf, PrintStream out) {
    this.root = root;
    this.conf = conf;
    this.out = out;
  }

  /**
   * Runs round {@code round} (0: the round after the last finished one).
   *
   * @param force re-run the round even if it finished (only the last finished round can be redone)
   */
  public Outcome run(int round, boolean force) throws IOException, InterruptedException {
    root.requireExisting();
    root.loadSettings(conf);
    TrawlSettings settings = TrawlSettings.from(conf);
    int last = root.lastFinishedRound();
    int r = round > 0 ? round : last + 1;
    long asOf = RoundConf.scheduleNow(conf);
    // Steps for rounds 1..N are submitted up front (emr submit): when the crawl ends early, the
    // steps after its end have nothing to do, and that is no failure (nor a round of carrying over).
    if (r > last && CrawlEnd.reached(root, last, settings, asOf)) {
      return new Outcome(r, null, "nothing to fetch within the bounds: the crawl ended after round " + last);
    }
    if (r > last + 1) {
      throw new IllegalArgumentException("round " + r + " cannot run before round " + (last + 1) + " has finished");
    }
    if (r <= last) {
      if (!force) {
        return new Outcome(r, root.readSummary(r), "round " + r + " already finished (use --force to run it again)");
      }
      if (r < last) {
        throw new IllegalArgumentException("round " + r + " has later rounds built on it; only the last finished round ("
            + last + ") can be run again");
      }
      root.fs().delete(root.summary(r), false);
    }
    // Whatever an interrupted attempt of this round left is this round's own, and incomplete.
    for (Path dir : root.outputsOf(r)) {
      root.fs().delete(dir, true);
    }
    // The copies too, whether or not this attempt writes them: a copy must hold exactly its round's records.
    for (Path dir : root.allCopiesOf(r)) {
      root.fs().delete(dir, true);
    }
    S3Commit.clearLeftovers(root.fs(), root.path());

    RoundPlan.Or planned = RoundPlan.of(root, conf, settings, r, asOf);
    if (planned.plan() == null) {
      return new Outcome(r, null, planned.skipped());
    }
    RoundPlan plan = planned.plan();
    root.announce("round " + r);
    say(plan);
    if (RoundConf.localMode(conf)) {
      ParserWarmup.start();
    }
    Instant start = Instant.now();
    Job job = RoundJob.create(new Configuration(conf), root, plan, start);
    try {
      job.submit();
    } catch (ClassNotFoundException e) {
      throw new IOException("the job jar lacks " + e.getMessage(), e);
    }
    // A writer whose lease was broken stops its job at once: the new writer is about to clear this round's folders.
    new RoundProgress(job, out).follow(root::leaseLost);
    if (root.leaseLost()) {
      root.checkLease(); // says who broke or took over the lease, rather than "round failed (killed)"
    }
    if (!job.isSuccessful()) {
      String why = whyFailed(job);
      List<RoundResources.Attempt> attempts = FailedAttempts.of(job);
      try {
        root.writeFailure(new RoundFailure(r, job.getJobID().toString(), Instant.now().toString(), why, attempts));
      } catch (IOException | RuntimeException storeGone) {
        // The store may be what failed the round: the message below still says why.
      }
      throw new IOException("round " + r + " failed (" + why + ")" + AttemptWords.failed(attempts)
          + "; finished rounds are untouched, run the same command again to retry it");
    }
    return new Outcome(r, RoundCommit.commit(root, conf, settings, plan, job, start, out), null);
  }

  /** What the round is about to do, on the console. */
  private void say(RoundPlan plan) {
    int r = plan.round();
    if (plan.requeueBlocked()) {
      out.printf("round %d: %s changed since round %d; the crawl db's blocked_address URLs go into the frontier of round %d again%n",
          r, Setting.FETCH_ALLOW_PRIVATE.key(), r - 1, r + 1);
    }
    if (plan.refetchCheck()) {
      out.printf("round %d: the frontier is empty; looking in the crawl db of round %d for %s%n", r, r - 1,
          plan.requeueBlocked() ? "blocked URLs to queue again" : "pages due for a refetch");
    } else {
      // Every list runs as a task, also those without URLs: say both, as status does.
      int lists = plan.layout().lists();
      int withUrls = plan.listSizes().size();
      out.printf("round %d: %d URLs in %d fetch lists (%s%s)%s%n", r, plan.entries(), lists,
          withUrls == lists ? "" : withUrls + " with URLs; ", plan.count().why(),
          plan.crawlDb() != null ? ", merging with crawl db of round " + (r - 1) : "");
    }
  }

  /**
   * The job's own failure note, and if the crawl root's store no longer answers, that: in local
   * mode the note is often just "NA", and "S3 went away" is what the user needs to know.
   */
  private String whyFailed(Job job) throws IOException, InterruptedException {
    String info = job.getStatus().getFailureInfo();
    try {
      root.checkStore();
    } catch (IllegalArgumentException storeGone) {
      return storeGone.getMessage() + ("NA".equals(info) ? "" : "; " + info);
    }
    return info;
  }
}
