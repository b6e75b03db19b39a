package dev.trawl.jobs.round;

import java.util.OptionalInt;
import dev.trawl.round.CrawlLayout;
import dev.trawl.jobs.crawl.BlockedUrls;
import dev.trawl.jobs.crawl.CrawlRoot;
import dev.trawl.jobs.inject.FetchListFiles;
import dev.trawl.jobs.s3.S3Commit;
import dev.trawl.mappers.parse.ParserWarmup;
import dev.trawl.mappers.sitemap.LastmodBound;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.round.Selection;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.FetchLists;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs one round safely: works out its inputs from the committed state, clears what an unfinished
 * attempt of the same round left, runs {@link RoundJob}, marks each output folder committed and
 * writes rounds/NNNN.json last. A round is finished exactly when its summary exists.
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
    if (r > last && root.ended(last, settings, asOf)) {
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
    // The copy too, whether or not this attempt writes one: a copy must hold exactly its round's records.
    root.fs().delete(root.manifestParquet(r), true);
    S3Commit.clearLeftovers(root.fs(), root.path());

    // A fetch task reads file k of every input: all must place hosts alike. The round has as many
    // lists as it is given or as fit where it runs (FetchListCount); an input laid out otherwise (by a
    // round or an inject that chose another count) is read from a copy in the round's layout, so one
    // task still owns each host. Inputs themselves are never rewritten.
    List<Path> seedBatches = root.pendingSeedBatches(r);
    boolean hasFrontier = root.committed(root.frontier(r));
    FetchLists frontierLayout = hasFrontier ? root.layoutOf(root.frontier(r)) : null;
    FetchListCount count = FetchListCount.choose(settings, conf, hostsToFetch(r, seedBatches));
    FetchListPlanner planner = new FetchListPlanner(root, conf);
    FetchLists balanced = settings.balanceLists() ? planner.balance(r, settings, count.count()) : null;
    FetchLists layout = layout(count.count(), frontierLayout, balanced, seedBatches);
    List<Path> fetchLists = new ArrayList<>();
    for (Path batch : seedBatches) {
      fetchLists.add(root.layoutOf(batch).equals(layout) ? batch
          : FetchListFiles.copy(root.fs(), conf, batch, layout, CrawlLayout.seedBatchCopy(batch, r)));
    }
    if (hasFrontier) {
      fetchLists.add(frontierLayout.equals(layout) ? root.frontier(r)
          : FetchListFiles.copy(root.fs(), conf, root.frontier(r), layout, CrawlLayout.frontierCopy(root.frontier(r), layout.lists())));
    }
    Map<Integer, Long> listSizes = listSizes(fetchLists);
    long entries = listSizes.values().stream().mapToLong(Long::longValue).sum();
    Path crawlDb = r > 1 && root.committed(root.crawlDb(r - 1)) ? root.crawlDb(r - 1) : null;
    // The crawl's allowed ranges changed since the last round: its blocked URLs are judged again.
    boolean requeueBlocked = crawlDb != null
        && BlockedUrls.requeueDue(root.summariesBefore(r), String.join(",", settings.allowPrivate()));
    boolean refetchCheck = entries == 0 && crawlDb != null && (settings.refetch().on() || requeueBlocked);
    if (entries == 0 && !refetchCheck) {
      return new Outcome(r, null, "nothing to fetch: the frontier of round " + r + " is empty and no seeds are pending");
    }
    if (settings.deadline() != null && Instant.now().isAfter(settings.deadline())) {
      return new Outcome(r, null, "the crawl's deadline " + settings.deadline() + " has passed; no round starts after it");
    }
    Path robots = r > 1 && root.committed(root.robots(r - 1)) ? root.robots(r - 1) : null;

    Configuration jobConf = new Configuration(conf);
    jobConf.set(RoundConf.FETCH_LISTS, planner.stage(layout).toString());
    // The robots store of round r-1 is laid out as frontier r: file k is list k's only if the layouts agree.
    jobConf.setBoolean(RoundConf.ROBOTS_BY_LIST, layout.equals(frontierLayout));
    // The next frontier in as many lists: as long as the cluster keeps its size, no round copies.
    FetchLists nextLayout = balanced != null ? balanced : FetchLists.hashed(count.count());
    jobConf.set(RoundConf.NEXT_FETCH_LISTS, planner.stage(nextLayout).toString());
    List<String> allBatches = root.seedBatches().stream().map(Path::toString).toList();
    jobConf.setStrings(RoundConf.SEED_BATCHES, allBatches.toArray(new String[0]));
    Long budget = settings.maxPagesPerRound().isPresent() ? settings.maxPagesPerRound().getAsLong() : null;
    if (settings.maxPages().isPresent()) {
      long left = Math.max(0, settings.maxPages().getAsLong() - requestsBefore(r));
      if (left == 0) {
        return new Outcome(r, null, "max pages reached: " + settings.maxPages().getAsLong() + " fetched");
      }
      budget = budget == null ? left : Math.min(budget, left);
    }
    Selection selection = budget == null ? Selection.ALL
        : PageSelection.of(root.fs(), conf, fetchLists, budget, settings.depth().orElse(Integer.MAX_VALUE),
            e -> LastmodBound.skips(settings, e));
    selection.write(jobConf);
    Instant start = Instant.now();
    jobConf.setLong(RoundConf.REFETCH_AS_OF, asOf);
    jobConf.setBoolean(RoundConf.REQUEUE_BLOCKED, requeueBlocked);
    if (settings.timeLimit() != null) {
      jobConf.setLong(RoundConf.FETCH_DEADLINE, start.plus(settings.timeLimit()).toEpochMilli());
    }

    root.announce("round " + r);
    if (requeueBlocked) {
      out.printf("round %d: %s changed since round %d; the crawl db's blocked_address URLs go into the frontier of round %d again%n",
          r, Setting.FETCH_ALLOW_PRIVATE.key(), r - 1, r + 1);
    }
    if (refetchCheck) {
      out.printf("round %d: the frontier is empty; looking in the crawl db of round %d for %s%n", r, r - 1,
          requeueBlocked ? "blocked URLs to queue again" : "pages due for a refetch");
    } else {
      // Every list runs as a task, also those without URLs: say both, as status does.
      out.printf("round %d: %d URLs in %d fetch lists (%s%s)%s%n", r, entries, layout.lists(),
          listSizes.size() == layout.lists() ? "" : listSizes.size() + " with URLs; ", count.why(),
          crawlDb != null ? ", merging with crawl db of round " + (r - 1) : "");
    }
    if ("local".equals(jobConf.get("mapreduce.framework.name", "local"))) {
      ParserWarmup.start();
    }
    Job job = RoundJob.create(jobConf, root, r, layout.lists(), fetchLists, crawlDb, robots);
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
      throw new IOException("round " + r + " failed (" + whyFailed(job)
          + "); finished rounds are untouched, run the same command again to retry it");
    }
    planner.publish(r, nextLayout);
    for (Path dir : root.outputsOf(r)) {
      root.markCommitted(dir);
    }
    for (Path dir : root.copiesOf(r, settings.manifestParquet())) {
      root.markCommitted(dir);
    }
    Counters counters = job.getCounters();
    Map<String, Long> counted = new LinkedHashMap<>();
    for (RoundCounter c : RoundCounter.values()) {
      counted.put(c.name(), counters.findCounter(c).getValue());
    }
    long crawlRequests = requestsBefore(r) + counted.get(RoundCounter.REQUESTS.name());
    long[] expected = planner.expectedMillis(r, settings, layout);
    FetchTaskFigures tasks = FetchTaskFigures.read(root, r, start);
    Instant end = Instant.now();
    RoundSummary summary = new RoundSummary(r, start.toString(), end.toString(), Duration.between(start, end).toMillis() / 1000.0,
        listSizes, seedBatches.stream().map(Path::getName).toList(), bounds(settings, budget), counted,
        group(counters, RoundConf.STATUS_COUNTERS), group(counters, RoundConf.BLOCKED_RANGES), TrawlSettings.effective(conf),
        RoundStop.of(counted, settings, crawlRequests, end), asOf, job.getJobID().toString(), layout.lists(), count.why(),
        // Beside each task's actual seconds: how even the lists were expected to be (pages x delay).
        expected == null ? null : Arrays.stream(expected).mapToObj(ms -> ms / 1000.0).toList(),
        tasks.startSkewSeconds(), tasks.tasks(), tasks.slowestHosts());
    root.writeSummary(summary);
    return new Outcome(r, root.readSummary(r), null);
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

  /**
   * The round's layout: its frontier's if that has the round's count of lists (no copy), else the
   * balanced one for that count, else (round 1) its first seed batch's, else by hash.
   */
  private FetchLists layout(int lists, FetchLists frontierLayout, FetchLists balanced, List<Path> seedBatches) throws IOException {
    if (frontierLayout != null && frontierLayout.lists() == lists) {
      return frontierLayout;
    }
    if (balanced != null) {
      return balanced;
    }
    if (frontierLayout == null && !seedBatches.isEmpty() && root.layoutOf(seedBatches.get(0)).lists() == lists) {
      return root.layoutOf(seedBatches.get(0));
    }
    return FetchLists.hashed(lists);
  }

  /**
   * At most how many hosts the round fetches: those of its frontier (its per-host counts) and of
   * the pending seed batches, counted apart, so a host in both counts twice. -1 if not known.
   */
  private long hostsToFetch(int round, List<Path> seedBatches) throws IOException {
    Path hosts = new Path(root.frontier(round), CrawlLayout.FRONTIER_HOSTS);
    if (root.committed(root.frontier(round)) && !root.fs().exists(hosts)) {
      return -1;
    }
    long n = root.fs().exists(hosts) ? listSizes(List.of(hosts)).values().stream().mapToLong(Long::longValue).sum() : 0;
    for (Path batch : seedBatches) {
      if (!root.fs().exists(new Path(batch, CrawlLayout.SEED_HOSTS))) {
        return -1;
      }
      n += CrawlLayout.seedHosts(List.of(batch), conf).size();
    }
    return n;
  }

  /** Fetch requests made by finished rounds before {@code round}: what counts against max-pages. */
  private long requestsBefore(int round) throws IOException {
    long total = 0;
    for (int r : root.finishedRounds()) {
      if (r < round) {
        total += root.readSummary(r).counter(RoundCounter.REQUESTS);
      }
    }
    return total;
  }

  /** Entries per fetch list number, counted from Avro block headers without decoding records. */
  private Map<Integer, Long> listSizes(List<Path> dirs) throws IOException {
    Map<Integer, Long> sizes = new TreeMap<>();
    for (Path dir : dirs) {
      for (FileStatus f : root.fs().listStatus(dir)) {
        OptionalInt list = CrawlLayout.listNumber(f.getPath().getName());
        if (list.isEmpty() || f.getLen() == 0) {
          continue;
        }
        long n = 0;
        try (DataFileReader<Object> r = new DataFileReader<>(new FsInput(f.getPath(), conf), new GenericDatumReader<>())) {
          while (r.hasNext()) {
            n += r.getBlockCount();
            r.nextBlock();
          }
        }
        sizes.merge(list.getAsInt(), n, Long::sum);
      }
    }
    return sizes;
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
