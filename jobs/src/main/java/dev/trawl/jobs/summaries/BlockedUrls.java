package dev.trawl.jobs.summaries;

import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import dev.trawl.settings.Setting;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The URLs the crawl could not fetch by a rule, read from the round summaries: blocked_address (the
 * address guard refused a non-public address: trawl's setting, which the crawl can change) kept apart
 * from robots_denied (the site's own robots.txt: no setting of trawl's changes that). The crawl's end
 * line, {@code status} and {@code report} say it the same way, naming the flag that allows them.
 *
 * @param blocked URLs whose state in the crawl db is blocked_address after the last round
 * @param robotsDenied URLs whose state is robots_denied; -1 when the summaries do not tell
 * @param ranges the ranges (CIDR) of the addresses refused, in every round; empty if not recorded
 */
public record BlockedUrls(long blocked, long robotsDenied, Set<String> ranges) {
  /** What the finished rounds' summaries, oldest first, say is blocked now. */
  public static BlockedUrls of(List<RoundSummary> summaries) {
    if (summaries.isEmpty()) {
      return new BlockedUrls(0, 0, Set.of());
    }
    RoundSummary last = summaries.get(summaries.size() - 1);
    Set<String> ranges = new TreeSet<>();
    summaries.forEach(s -> ranges.addAll(s.blockedRanges().keySet()));
    // Rounds from before the crawl db's states were counted: each round's blocked fetches, an upper bound.
    long blocked = last.counted(RoundCounter.CRAWLDB_BLOCKED) ? last.counter(RoundCounter.CRAWLDB_BLOCKED)
        : summaries.stream().mapToLong(s -> s.status(FetchStatus.blocked_address)).sum();
    long denied = last.counted(RoundCounter.CRAWLDB_ROBOTS_DENIED) ? last.counter(RoundCounter.CRAWLDB_ROBOTS_DENIED) : -1;
    return new BlockedUrls(blocked, denied, ranges);
  }

  /**
   * True if the round after {@code summaries} must queue the crawl db's blocked_address URLs again:
   * the crawl's allowed ranges ({@code allowPrivate}, as crawl.json has them now) differ from those
   * the last round ran with, and that round left URLs blocked.
   */
  public static boolean requeueDue(List<RoundSummary> summaries, String allowPrivate) {
    if (summaries.isEmpty()) {
      return false;
    }
    String ranWith = summaries.get(summaries.size() - 1).setting(Setting.FETCH_ALLOW_PRIVATE.key());
    return ranWith != null
        && !Setting.FETCH_ALLOW_PRIVATE.normalized(ranWith).equals(Setting.FETCH_ALLOW_PRIVATE.normalized(allowPrivate))
        && of(summaries).blocked() > 0;
  }

  /** The ranges to name in --allow-private: those refused, or a placeholder when no round recorded them. */
  public String flagValue() {
    return ranges.isEmpty() ? "CIDR" : String.join(" --allow-private ", ranges);
  }

  /**
   * One sentence for a person: how many URLs are blocked and why, and the command that fetches them;
   * empty if none are. Then robots_denied, apart, when any: no flag of trawl's fetches those.
   */
  public String explained(String crawl) {
    if (blocked == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder().append(blocked).append(blocked == 1 ? " URL" : " URLs").append(" blocked (blocked_address): ")
        .append(blocked == 1 ? "its host resolves" : "their hosts resolve").append(" to non-public addresses")
        .append(ranges.isEmpty() ? "" : " in " + String.join(", ", ranges))
        .append(" that this crawl does not allow; 'trawl crawl --crawl ").append(crawl).append(" --allow-private ")
        .append(flagValue()).append(" --change-settings' allows them and fetches them");
    if (ranges.contains("169.254.0.0/16")) {
      b.append(" (169.254.0.0/16 holds the cloud metadata address: allow it only for a site you run there)");
    }
    if (robotsDenied > 0) {
      b.append("; ").append(robotsDenied).append(robotsDenied == 1 ? " URL" : " URLs")
          .append(" denied by the site's robots.txt (robots_denied: the site's rule, no setting of trawl's changes it)");
    }
    return b.toString();
  }
}
