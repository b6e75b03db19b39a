package dev.trawl.jobs.urls;

import dev.trawl.jobs.store.CrawlRoot;
import java.io.IOException;
import java.util.List;

/** Which crawl db a reading command reads: a finished round's, the latest by default. */
final class CrawlDbRound {
  private CrawlDbRound() {}

  /**
   * @param round a round asked for, or 0 for the latest finished round
   * @return the round, or 0 if the crawl has no finished round yet
   */
  static int of(CrawlRoot root, int round) throws IOException {
    root.requireExisting();
    List<Integer> finished = root.finishedRounds();
    if (round > 0) {
      if (!finished.contains(round)) {
        throw new IllegalArgumentException("round " + round + " has not finished in " + root.path() + " (finished: "
            + (finished.isEmpty() ? "none" : finished) + ")");
      }
      return round;
    }
    return finished.isEmpty() ? 0 : finished.get(finished.size() - 1);
  }
}
