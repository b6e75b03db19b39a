package dev.trawl.jobs.status;

import dev.trawl.round.RoundSummary;
import java.util.List;
import java.util.Map;

/**
 * Where a crawl stands, read off its root by {@link StatusReader}.
 *
 * @param rounds summaries (rounds/NNNN.json) of the finished rounds, ascending
 * @param unfinished the round that started after the last finished one and has no summary, or null
 * @param pendingSeeds committed seed batches no finished round has fetched
 * @param crawlDbRound the round whose crawl db the counts come from (0: none yet)
 * @param hosts per-host counts, most URLs first
 * @param total the counts of all hosts together
 * @param outOfScope links dropped by scope and trap rules over all finished rounds, by counter name
 * @param checked what the cross-check looked at
 * @param problems every inconsistency found, each saying what is wrong and what to do; empty when consistent
 * @param settings the crawl's settings as crawl.json records them, key to value
 * @param verdict one line: finished and why, or what the next round will fetch
 * @param sitemaps what the sitemaps did over all finished rounds
 * @param changes new, changed, unchanged and gone pages per round and per host
 * @param writer the command that holds the crawl root's writer lease now, or null if none does
 * @param failure why the last run of the round after the last finished one failed, or null
 */
public record CrawlStatus(String crawl, List<RoundSummary> rounds, Unfinished unfinished, List<SeedBatch> pendingSeeds,
                          int crawlDbRound, List<HostCounts> hosts, HostCounts total, Map<String, Long> outOfScope,
                          Checked checked, List<String> problems, Map<String, String> settings, String verdict,
                          Sitemaps sitemaps, dev.trawl.jobs.changes.ChangeCounts changes, String writer,
                          dev.trawl.round.RoundFailure failure) {

  /**
   * Sitemap fetches, the page URLs they listed (in scope), the URLs recorded out_of_bounds by their
   * lastmod with no request, and the URLs of the latest crawl db first found by a sitemap.
   */
  public record Sitemaps(long fetched, long listed, long skippedByLastmod, long foundBySitemap) {}

  /**
   * A round that started and did not finish: interrupted, failed, or still running ({@code running}:
   * a live writer holds the crawl root, so its folders are work in progress, not a problem).
   */
  public record Unfinished(int round, List<String> committed, List<String> uncommitted, boolean jobLeftovers,
                           boolean running) {}

  /** A seed batch waiting for the next round, and how many URLs it holds. */
  public record SeedBatch(String name, long urls) {}

  /** Manifest records, WARC pointers and WARC files the cross-check read. */
  public record Checked(long manifestRecords, long warcPointers, int warcFiles) {}

  public boolean consistent() {
    return problems.isEmpty();
  }

  public long outOfScopeTotal() {
    return outOfScope.values().stream().mapToLong(Long::longValue).sum();
  }
}
