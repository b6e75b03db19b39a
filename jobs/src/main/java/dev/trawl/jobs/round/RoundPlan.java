package dev.trawl.jobs.round;

import dev.trawl.jobs.fetchlist.FetchListCount;
import dev.trawl.jobs.fetchlist.FetchListFiles;
import dev.trawl.jobs.fetchlist.FetchListPlanner;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.BlockedUrls;
import dev.trawl.mappers.sitemap.LastmodBound;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.Selection;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.FetchLists;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * What round {@code round} reads and under which bounds, worked out from the committed state before
 * its job starts: its fetch lists (the frontier and pending seed batches, in the round's layout),
 * the stores of the round before, the page budget and the selection it makes, and whether the round
 * only looks in the crawl db (a refetch check, or blocked URLs to queue again).
 *
 * @param layout how the round's fetch lists place hosts; {@code nextLayout} how it lays out the next frontier
 * @param robotsByList the robots store of the round before is laid out as this round (file k is list k's)
 * @param fetchLists folders of fetch lists the fetch tasks read
 * @param listSizes entries per fetch list number
 * @param pendingSeeds the seed batches the round fetches; {@code allSeeds} every batch (the scope's seed hosts)
 * @param crawlDb the crawl db of the round before, or null; {@code robots} its robots store, or null
 * @param budget the round's page budget (max pages per round, and what is left of max pages), or null
 * @param requeueBlocked the crawl's allowed ranges changed: the crawl db's blocked URLs go into the frontier again
 * @param refetchCheck nothing to fetch: the round looks in the crawl db for due pages or blocked URLs alone
 */
record RoundPlan(int round, FetchListCount count, FetchLists layout, FetchLists nextLayout, boolean robotsByList,
                 List<Path> fetchLists, Map<Integer, Long> listSizes, List<Path> pendingSeeds, List<Path> allSeeds,
                 Path crawlDb, Path robots, Long budget, Selection selection, boolean requeueBlocked, boolean refetchCheck,
                 long refetchAsOf) {

  /** A plan, or why the round has nothing to do. */
  record Or(RoundPlan plan, String skipped) {}

  long entries() {
    return listSizes.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Works out round {@code r}'s plan. A fetch task reads file k of every input: all must place hosts
   * alike. The round has as many lists as it is given or as fit where it runs (FetchListCount); an
   * input laid out otherwise (by a round or an inject that chose another count) is read from a copy in
   * the round's layout, written here, so one task still owns each host. Inputs are never rewritten.
   */
  static Or of(CrawlRoot root, Configuration conf, TrawlSettings settings, int r, long asOf) throws IOException {
    List<Path> seedBatches = root.pendingSeedBatches(r);
    boolean hasFrontier = root.committed(root.frontier(r));
    FetchLists frontierLayout = hasFrontier ? root.layoutOf(root.frontier(r)) : null;
    FetchListCount count = FetchListCount.choose(settings, conf, hostsToFetch(root, conf, r, seedBatches));
    FetchLists balanced = settings.balanceLists() ? new FetchListPlanner(root, conf).balance(r, settings, count.count()) : null;
    FetchLists layout = layout(root, count.count(), frontierLayout, balanced, seedBatches);
    List<Path> fetchLists = new ArrayList<>();
    for (Path batch : seedBatches) {
      fetchLists.add(root.layoutOf(batch).equals(layout) ? batch
          : FetchListFiles.copy(root.fs(), conf, batch, layout, CrawlLayout.seedBatchCopy(batch, r)));
    }
    if (hasFrontier) {
      fetchLists.add(frontierLayout.equals(layout) ? root.frontier(r)
          : FetchListFiles.copy(root.fs(), conf, root.frontier(r), layout, CrawlLayout.frontierCopy(root.frontier(r), layout.lists())));
    }
    Map<Integer, Long> listSizes = listSizes(root, conf, fetchLists);
    long entries = listSizes.values().stream().mapToLong(Long::longValue).sum();
    Path crawlDb = r > 1 && root.committed(root.crawlDb(r - 1)) ? root.crawlDb(r - 1) : null;
    // The crawl's allowed ranges changed since the last round: its blocked URLs are judged again.
    boolean requeueBlocked = crawlDb != null
        && BlockedUrls.requeueDue(root.summariesBefore(r), String.join(",", settings.allowPrivate()));
    boolean refetchCheck = entries == 0 && crawlDb != null && (settings.refetch().on() || requeueBlocked);
    if (entries == 0 && !refetchCheck) {
      return new Or(null, "nothing to fetch: the frontier of round " + r + " is empty and no seeds are pending");
    }
    if (settings.deadline() != null && Instant.now().isAfter(settings.deadline())) {
      return new Or(null, "the crawl's deadline " + settings.deadline() + " has passed; no round starts after it");
    }
    Long budget = settings.maxPagesPerRound().isPresent() ? settings.maxPagesPerRound().getAsLong() : null;
    if (settings.maxPages().isPresent()) {
      long left = Math.max(0, settings.maxPages().getAsLong() - requestsBefore(root, r));
      if (left == 0) {
        return new Or(null, "max pages reached: " + settings.maxPages().getAsLong() + " fetched");
      }
      budget = budget == null ? left : Math.min(budget, left);
    }
    Selection selection = budget == null ? Selection.ALL
        : PageSelection.of(root.fs(), conf, fetchLists, budget, settings.depth().orElse(Integer.MAX_VALUE),
            e -> LastmodBound.skips(settings, e));
    Path robots = r > 1 && root.committed(root.robots(r - 1)) ? root.robots(r - 1) : null;
    // The next frontier in as many lists: as long as the cluster keeps its size, no round copies.
    FetchLists nextLayout = balanced != null ? balanced : FetchLists.hashed(count.count());
    // The robots store of round r-1 is laid out as frontier r: file k is list k's only if the layouts agree.
    return new Or(new RoundPlan(r, count, layout, nextLayout, layout.equals(frontierLayout), fetchLists, listSizes, seedBatches,
        root.seedBatches(), crawlDb, robots, budget, selection, requeueBlocked, refetchCheck, asOf), null);
  }

  /**
   * The round's layout: its frontier's if that has the round's count of lists (no copy), else the
   * balanced one for that count, else (round 1) its first seed batch's, else by hash.
   */
  private static FetchLists layout(CrawlRoot root, int lists, FetchLists frontierLayout, FetchLists balanced,
                                   List<Path> seedBatches) throws IOException {
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
  private static long hostsToFetch(CrawlRoot root, Configuration conf, int round, List<Path> seedBatches) throws IOException {
    Path hosts = new Path(root.frontier(round), CrawlLayout.FRONTIER_HOSTS);
    if (root.committed(root.frontier(round)) && !root.fs().exists(hosts)) {
      return -1;
    }
    long n = root.fs().exists(hosts) ? listSizes(root, conf, List.of(hosts)).values().stream().mapToLong(Long::longValue).sum() : 0;
    for (Path batch : seedBatches) {
      if (!root.fs().exists(new Path(batch, CrawlLayout.SEED_HOSTS))) {
        return -1;
      }
      n += CrawlLayout.seedHosts(List.of(batch), conf).size();
    }
    return n;
  }

  /** Fetch requests made by finished rounds before {@code round}: what counts against max-pages. */
  static long requestsBefore(CrawlRoot root, int round) throws IOException {
    long total = 0;
    for (var summary : root.summariesBefore(round)) {
      total += summary.counter(RoundCounter.REQUESTS);
    }
    return total;
  }

  /** Entries per fetch list number, counted from Avro block headers without decoding records. */
  private static Map<Integer, Long> listSizes(CrawlRoot root, Configuration conf, List<Path> dirs) throws IOException {
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
}
