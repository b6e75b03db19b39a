package dev.trawl.jobs.round;

import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.TrawlSettings;
import java.time.Instant;
import java.util.Map;

/**
 * Why a round's fetching ended, recorded in its summary ({@link RoundSummary#stoppedBy}) as a code and words:
 * the time limit cut it, a page bound, the crawl's deadline, the depth bound, or it simply ran out of
 * URLs. Read off the fetch tasks' counters, so it says what happened, not what was configured. The
 * round table, {@code status} and {@code report} show it as recorded.
 *
 * Codes: time_limit, max_pages, max_pages_per_round, deadline, depth, frontier_empty, list_done.
 */
public final class RoundStop {
  private RoundStop() {}

  /**
   * @param counters the round's counters by name
   * @param crawlRequests fetch requests of the whole crawl, this round's included (what max-pages counts)
   * @param end when the round ended
   */
  static RoundSummary.Stop of(Map<String, Long> counters, TrawlSettings settings, long crawlRequests, Instant end) {
    long timeCut = counters.getOrDefault(RoundCounter.TIME_LIMIT_CARRIED.name(), 0L);
    long notSelected = counters.getOrDefault(RoundCounter.NOT_SELECTED.name(), 0L);
    long next = counters.getOrDefault(RoundCounter.FRONTIER_NEXT.name(), 0L);
    long inDepth = counters.getOrDefault(RoundCounter.FRONTIER_NEXT_IN_DEPTH.name(), 0L);
    long carried = counters.getOrDefault(RoundCounter.CARRIED_OVER.name(), 0L);
    if (timeCut > 0) {
      return new RoundSummary.Stop("time_limit", "the time limit (" + settings.timeLimit().toSeconds() + " s, --time-limit) cut fetching; "
          + timeCut + " URLs carried over to the next round");
    }
    if (settings.maxPages().isPresent() && crawlRequests >= settings.maxPages().getAsLong()) {
      return new RoundSummary.Stop("max_pages", "max pages reached (" + crawlRequests + " of " + settings.maxPages().getAsLong()
          + " requests for the crawl); " + inDepth + " URLs wait in the frontier");
    }
    if (notSelected > 0) {
      return new RoundSummary.Stop("max_pages_per_round", "max pages per round (" + settings.maxPagesPerRound().orElse(0)
          + ") reached; " + notSelected + " URLs carried over to the next round");
    }
    if (settings.deadline() != null && end.isAfter(settings.deadline()) && inDepth > 0) {
      return new RoundSummary.Stop("deadline", "the crawl's deadline " + settings.deadline() + " passed during the round; no round starts after it, "
          + inDepth + " URLs wait in the frontier");
    }
    if (inDepth == 0 && next > 0) {
      return new RoundSummary.Stop("depth", "fetched every URL within the depth bound; " + next + " URLs wait beyond it");
    }
    long requeued = counters.getOrDefault(RoundCounter.BLOCKED_REQUEUED.name(), 0L);
    String rest = (carried > 0 ? "; " + carried + " URLs carried over (hosts deferred, backed off or at the per-host cap)" : "")
        + (requeued > 0 ? "; " + requeued + " blocked URLs queued again (trawl.fetch.allow-private changed)" : "");
    if (inDepth == 0) {
      return new RoundSummary.Stop("frontier_empty", "the frontier ran out: nothing left to fetch" + rest);
    }
    return new RoundSummary.Stop("list_done", "fetched its whole fetch list; " + inDepth + " URLs for the next round" + rest);
  }

  /**
   * A warning for a round the time limit cut, null otherwise: the round did not fetch what it was
   * given, and the crawl takes rounds longer than it needs to.
   *
   */
  public static String timeLimitWarning(RoundSummary summary) {
    RoundSummary.Stop stop = summary.stoppedBy();
    if (stop == null || !stop.code().equals("time_limit")) {
      return null;
    }
    long wait = summary.counter(RoundCounter.POLITENESS_WAIT_MILLIS);
    long fetching = summary.counter(RoundCounter.TASK_FETCHING_MILLIS);
    double politeShare = wait + fetching == 0 ? 0 : (double) wait / (wait + fetching);
    String polite = politeShare >= 0.5 ? String.format(java.util.Locale.ROOT, "; every host was waiting out its politeness delay %.0f %% "
        + "of the fetching time, so the delay (robots.txt Crawl-delay or --delay), not the machines, held the round: a shorter "
        + "--delay where the sites allow it, or a longer --time-limit", politeShare * 100)
        : "; a longer --time-limit, or more fetch lists (hosts fetched in parallel), lets a round finish";
    return "round " + summary.round() + ": " + stop.words() + polite;
  }

}
