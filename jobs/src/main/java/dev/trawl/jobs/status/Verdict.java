package dev.trawl.jobs.status;

import dev.trawl.jobs.summaries.BlockedUrls;
import dev.trawl.jobs.resources.AttemptWords;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundFailure;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The last line of {@code trawl status}: whether the crawl is finished and why, or what its next
 * round will fetch. The same judgement {@code crawl} makes before each round (CrawlRoot.ended,
 * RoundRunner's page bound and deadline), read from the round summaries and crawl.json.
 */
final class Verdict {
  private Verdict() {}

  static String of(String crawl, List<RoundSummary> rounds, CrawlStatus.Unfinished unfinished, List<CrawlStatus.SeedBatch> seeds,
                   Map<String, String> recorded, RoundFailure failure) {
    long seedUrls = seeds.stream().mapToLong(CrawlStatus.SeedBatch::urls).sum();
    if (unfinished != null && unfinished.running()) {
      return "round " + unfinished.round() + " is running now (see writer above)";
    }
    if (failure != null) {
      List<String> causes = AttemptWords.lines(failure.attempts());
      return "round " + failure.round() + " failed (" + (causes.isEmpty() ? failure.why() : causes.get(causes.size() - 1))
          + "); 'trawl crawl --crawl " + crawl + "' runs it again";
    }
    if (unfinished != null) {
      return "round " + unfinished.round() + " did not finish: 'trawl crawl --crawl " + crawl + "' runs it again";
    }
    if (rounds.isEmpty()) {
      return seedUrls > 0 ? "not started: " + seedUrls + " seed URLs wait; 'trawl crawl --crawl " + crawl + "' runs round 1"
          : "empty: no seeds yet; 'trawl inject --crawl " + crawl + " --seeds FILE' adds some";
    }
    Configuration conf = new Configuration(false);
    recorded.forEach(conf::set);
    TrawlSettings settings = TrawlSettings.from(conf);
    BlockedUrls refused = BlockedUrls.of(rounds);
    String blocked = refused.explained(crawl);
    blocked = blocked.isEmpty() ? "" : "; " + blocked;
    RoundSummary last = rounds.get(rounds.size() - 1);
    int round = last.round();
    long next = last.counter(RoundCounter.FRONTIER_NEXT);
    long inDepth = last.counter(RoundCounter.FRONTIER_NEXT_IN_DEPTH);
    long beyond = next - inDepth;
    long requests = rounds.stream().mapToLong(r -> r.counter(RoundCounter.REQUESTS)).sum();
    Integer ranWith = last.bounds().depth();
    boolean sameDepth = ranWith != null ? settings.depth().isPresent() && settings.depth().getAsInt() == ranWith
        : settings.depth().isEmpty();
    String waiting = beyond > 0 && settings.depth().isPresent() ? "; " + beyond + " URLs wait beyond the depth bound (" + Setting.DEPTH.key() + "="
        + settings.depth().getAsInt() + "; --depth " + (settings.depth().getAsInt() + 1) + " --change-settings goes deeper)" : "";
    if (settings.maxPages().isPresent() && requests >= settings.maxPages().getAsLong()) {
      return "finished after round " + round + ": max pages reached (" + requests + " of " + settings.maxPages().getAsLong()
          + " requests); " + next + " URLs wait in the frontier" + blocked;
    }
    if (settings.deadline() != null && Instant.now().isAfter(settings.deadline())) {
      return "finished after round " + round + ": the deadline " + settings.deadline() + " has passed; " + next
          + " URLs wait in the frontier" + blocked;
    }
    if (BlockedUrls.requeueDue(rounds, recorded.getOrDefault(Setting.FETCH_ALLOW_PRIVATE.key(), ""))) {
      return "not finished: " + Setting.FETCH_ALLOW_PRIVATE.key() + " changed since round " + round + "; round " + (round + 1)
          + " queues its " + refused.blocked() + " blocked URLs again, and 'trawl crawl --crawl " + crawl + "' fetches them";
    }
    if (!sameDepth) {
      return "not finished: the depth bound changed since round " + round + " ran; round " + (round + 1)
          + " fetches what the new bound allows of the " + next + " URLs in the frontier" + (seedUrls > 0 ? " and " + seedUrls + " seeds" : "");
    }
    if (inDepth == 0 && seedUrls == 0) {
      if (settings.refetch().on()) {
        // Not finished for good: the pages it holds come due for a refetch as time passes.
        return "up to date after round " + round + ": nothing new to fetch within the bounds and no page due for a refetch yet ("
            + Setting.REFETCH_AFTER.key() + "=" + recorded.getOrDefault(Setting.REFETCH_AFTER.key(), "") + ", adaptive); 'trawl crawl --crawl "
            + crawl + "' run later refreshes it" + waiting + blocked;
      }
      return "finished after round " + round + ": nothing left to fetch within the bounds"
          + (refused.blocked() > 0 ? " that the crawl's settings allow" : "") + waiting + blocked;
    }
    return "not finished: round " + (round + 1) + " will fetch up to " + (inDepth + seedUrls) + " URLs (" + inDepth
        + " in the frontier within the bounds" + (seedUrls > 0 ? ", " + seedUrls + " seeds" : "") + ")" + waiting + blocked;
  }
}
