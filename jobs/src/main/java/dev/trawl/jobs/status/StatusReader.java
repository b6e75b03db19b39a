package dev.trawl.jobs.status;

import dev.trawl.jobs.changes.ChangeCounts;
import dev.trawl.jobs.lease.LeaseReport;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.CrawlLayout.RoundFolder;
import dev.trawl.round.CrawlLayout;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundFailure;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Reads a crawl root into a {@link CrawlStatus}: the finished rounds' summaries, the round left
 * unfinished, pending seeds, per-host counts from the latest crawl db and frontier, and a cross-check
 * of the manifests against the WARC files present.
 *
 * <p>Everything is read here, in the driver, one record at a time: fine for the crawls trawl is
 * run for (millions of URLs take a minute or two), and it needs no cluster. The memory held grows with
 * the URLs queued in the latest crawl db and those that failed transiently; a crawl of hundreds of
 * millions of URLs would want this as a MapReduce job instead.
 */
public final class StatusReader {
  private final CrawlRoot root;
  private final Configuration conf;

  public StatusReader(CrawlRoot root, Configuration conf) {
    this.root = root;
    this.conf = conf;
  }

  public CrawlStatus read() throws IOException {
    List<String> problems = new ArrayList<>();
    List<RoundSummary> rounds = new ArrayList<>();
    Set<Integer> finished = new LinkedHashSet<>();
    for (int r : root.finishedRounds()) {
      try {
        RoundSummary summary = root.readSummary(r);
        if (summary.round() != r) {
          throw new IOException("it is empty or not the summary of round " + r);
        }
        rounds.add(summary);
        finished.add(r);
      } catch (IOException e) {
        problems.add(String.format("%s cannot be read (%s): if round %d is the last round, delete the file and "
            + "run 'trawl crawl --crawl %s' again to run the round again; otherwise restore it from a backup",
            CrawlLayout.summaryName(r), e.getMessage(), r, root.path()));
      }
    }
    int last = finished.stream().mapToInt(Integer::intValue).max().orElse(0);
    // A round that a live writer is running is work in progress, not a problem to report.
    String writer = new LeaseReport(root.fs(), root.path()).liveWriter().orElse(null);
    CrawlStatus.Unfinished unfinished = new RoundLayout(root).check(finished, problems, writer != null);

    List<CrawlStatus.SeedBatch> seeds = new ArrayList<>();
    for (Path batch : root.pendingSeedBatches(-1)) {
      long[] urls = {0};
      readAll(batch, FrontierEntry.class, e -> urls[0]++, problems);
      seeds.add(new CrawlStatus.SeedBatch(batch.getName(), urls[0]));
    }

    // Manifests of finished rounds: WARC pointers, duplicates, and how given-up URLs last failed.
    WarcCheck warcs = new WarcCheck(root);
    Map<String, FetchStatus> lastFailure = new HashMap<>();
    ChangeCounts changes = new ChangeCounts();
    long manifestRecords = 0;
    for (int r : finished) {
      if (!root.committed(root.manifest(r))) {
        continue;
      }
      int round = r;
      Map<String, Integer> attempts = new HashMap<>();
      long[] n = {0};
      readAll(root.manifest(r), ManifestRecord.class, m -> {
        n[0]++;
        attempts.merge(m.getUrl(), 1, Integer::sum);
        warcs.add(round, m);
        changes.add(round, m);
        if (m.getStatus() == FetchStatus.timeout || m.getStatus() == FetchStatus.error) {
          lastFailure.put(m.getUrl(), m.getStatus());
        }
      }, problems);
      manifestRecords += n[0];
      List<String> twice = attempts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
      if (!twice.isEmpty()) {
        problems.add(String.format("%s has more than one record for %d URLs (e.g. %s): a round fetches a "
            + "URL once, so a file was copied in or a job's output was published twice", RoundFolder.MANIFEST.of(r),
            twice.size(), twice.get(0)));
      }
    }
    warcs.check(problems);

    // Counts per host: the latest crawl db says what became of each URL, the latest frontier what waits.
    Map<String, HostCounts> hosts = new TreeMap<>();
    Set<String> queued = new HashSet<>();
    long[] foundBySitemap = {0};
    int crawlDbRound = last > 0 && root.committed(root.crawlDb(last)) ? last : 0;
    if (crawlDbRound > 0) {
      readAll(root.crawlDb(crawlDbRound), CrawlDbEntry.class, e -> {
        hosts.computeIfAbsent(e.getHost(), HostCounts::new).addUrl(UrlClass.of(e, lastFailure.get(e.getUrl())));
        if (e.getState() == UrlState.queued) {
          queued.add(e.getUrl());
        }
        if (e.getFoundBy() == FoundBy.sitemap) {
          foundBySitemap[0]++;
        }
      }, problems);
    }
    if (last > 0 && root.committed(root.frontier(last + 1))) {
      Set<String> unknown = new HashSet<>();
      readAll(root.frontier(last + 1), FrontierEntry.class, f -> {
        hosts.computeIfAbsent(f.getHost(), HostCounts::new).addPending();
        if (!queued.remove(f.getUrl())) {
          unknown.add(f.getUrl());
        }
      }, problems);
      if (crawlDbRound > 0) {
        frontierMismatch(last, queued, unknown, problems);
      }
    }
    List<HostCounts> byUrls = hosts.values().stream()
        .sorted(Comparator.comparingLong((HostCounts h) -> h.urls() + h.count(UrlClass.pending)).reversed()
            .thenComparing(HostCounts::host))
        .toList();
    HostCounts total = new HostCounts("all");
    byUrls.forEach(total::addAll);

    Map<String, Long> outOfScope = new TreeMap<>();
    for (RoundSummary summary : rounds) {
      summary.counters().forEach((name, n) -> {
        if (name.startsWith("DROPPED_")) {
          outOfScope.merge(name, n, Long::sum);
        }
      });
    }

    CrawlStatus.Sitemaps sitemaps = new CrawlStatus.Sitemaps(sum(rounds, RoundCounter.SITEMAP_FETCHES),
        sum(rounds, RoundCounter.SITEMAP_URLS), sum(rounds, RoundCounter.SKIPPED_BY_LASTMOD), foundBySitemap[0]);
    Map<String, String> settings = root.recordedSettings();
    RoundFailure failure = writer == null ? root.readFailure(last + 1).orElse(null) : null;
    String verdict = Verdict.of(root.path().toString(), rounds, unfinished, seeds, settings, failure);
    return new CrawlStatus(root.path().toString(), rounds, unfinished, seeds, crawlDbRound, byUrls, total, outOfScope,
        new CrawlStatus.Checked(manifestRecords, warcs.pointers(), warcs.files()), problems, settings, verdict, sitemaps, changes,
        writer, failure);
  }

  private static long sum(List<RoundSummary> rounds, RoundCounter counter) {
    return rounds.stream().mapToLong(r -> r.counter(counter)).sum();
  }

  private static void frontierMismatch(int last, Set<String> queuedNotInFrontier, Set<String> notQueued, List<String> problems) {
    if (!queuedNotInFrontier.isEmpty()) {
      problems.add(String.format("%s has %d queued URLs that %s lacks (e.g. %s): they would "
          + "never be fetched; one of the two folders was replaced", RoundFolder.CRAWL_DB.of(last), queuedNotInFrontier.size(),
          RoundFolder.FRONTIER.of(last + 1),
          queuedNotInFrontier.stream().sorted().findFirst().orElseThrow()));
    }
    if (!notQueued.isEmpty()) {
      problems.add(String.format("%s has %d URLs that %s does not list as queued (e.g. %s): "
          + "one of the two folders was replaced", RoundFolder.FRONTIER.of(last + 1), notQueued.size(), RoundFolder.CRAWL_DB.of(last),
          notQueued.stream().sorted().findFirst().orElseThrow()));
    }
  }

  /** Every record of the Avro files in {@code dir}; a file that cannot be read becomes a problem. */
  private <T> void readAll(Path dir, Class<T> type, Consumer<T> each, List<String> problems) throws IOException {
    for (FileStatus f : root.fs().listStatus(dir)) {
      String name = f.getPath().getName();
      if (!f.isFile() || !name.endsWith(".avro") || name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      try (DataFileReader<T> reader = new DataFileReader<>(new FsInput(f.getPath(), conf), new SpecificDatumReader<>(type))) {
        reader.forEach(each);
      } catch (IOException | RuntimeException e) {
        problems.add(String.format("%s cannot be read as %s records (%s): the file is damaged; restore it from a backup",
            root.path().toUri().relativize(f.getPath().toUri()).getPath(), type.getSimpleName(), e.getMessage()));
      }
    }
  }
}
