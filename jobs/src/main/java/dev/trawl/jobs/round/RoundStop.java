package dev.trawl.jobs.round;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.round.RoundCounter;
import dev.trawl.settings.TrawlSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a round's fetching ended, recorded in its summary under {@link #FIELD} as a code and words:
 * the time limit cut it, a page bound, the crawl's deadline, the depth bound, or it simply ran out of
 * URLs. Read off the fetch tasks' counters, so it says what happened, not what was configured. The
 * round table, {@code status} and {@code report} show it as recorded.
 *
 * @param code one of time_limit, max_pages, max_pages_per_round, deadline, depth, frontier_empty, list_done
 */
public record RoundStop(String code, String words) {
  public static final String FIELD = "stopped_by";

  /**
   * @param counters the round's counters by name
   * @param crawlRequests fetch requests of the whole crawl, this round's included (what max-pages counts)
   * @param end when the round ended
   */
  static RoundStop of(Map<String, Long> counters, TrawlSettings settings, long crawlRequests, Instant end) {
    long timeCut = counters.getOrDefault(RoundCounter.TIME_LIMIT_CARRIED.name(), 0L);
    long notSelected = counters.getOrDefault(RoundCounter.NOT_SELECTED.name(), 0L);
    long next = counters.getOrDefault(RoundCounter.FRONTIER_NEXT.name(), 0L);
    long inDepth = counters.getOrDefault(RoundCounter.FRONTIER_NEXT_IN_DEPTH.name(), 0L);
    long carried = counters.getOrDefault(RoundCounter.CARRIED_OVER.name(), 0L);
    if (timeCut > 0) {
      return new RoundStop("time_limit", "the time limit (" + settings.timeLimit().toSeconds() + " s, --time-limit) cut fetching; "
          + timeCut + " URLs carried over to the next round");
    }
    if (settings.maxPages().isPresent() && crawlRequests >= settings.maxPages().getAsLong()) {
      return new RoundStop("max_pages", "max pages reached (" + crawlRequests + " of " + settings.maxPages().getAsLong()
          + " requests for the crawl); " + inDepth + " URLs wait in the frontier");
    }
    if (notSelected > 0) {
      return new RoundStop("max_pages_per_round", "max pages per round (" + settings.maxPagesPerRound().orElse(0)
          + ") reached; " + notSelected + " URLs carried over to the next round");
    }
    if (settings.deadline() != null && end.isAfter(settings.deadline()) && inDepth > 0) {
      return new RoundStop("deadline", "the crawl's deadline " + settings.deadline() + " passed during the round; no round starts after it, "
          + inDepth + " URLs wait in the frontier");
    }
    if (inDepth == 0 && next > 0) {
      return new RoundStop("depth", "fetched every URL within the depth bound; " + next + " URLs wait beyond it");
    }
    long requeued = counters.getOrDefault(RoundCounter.BLOCKED_REQUEUED.name(), 0L);
    String rest = (carried > 0 ? "; " + carried + " URLs carried over (hosts deferred, backed off or at the per-host cap)" : "")
        + (requeued > 0 ? "; " + requeued + " blocked URLs queued again (trawl.fetch.allow-private changed)" : "");
    if (inDepth == 0) {
      return new RoundStop("frontier_empty", "the frontier ran out: nothing left to fetch" + rest);
    }
    return new RoundStop("list_done", "fetched its whole fetch list; " + inDepth + " URLs for the next round" + rest);
  }

  Map<String, String> json() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("code", code);
    m.put("words", words);
    return m;
  }

  /**
   * A warning for a round the time limit cut, null otherwise: the round did not fetch what it was
   * given, and the crawl takes rounds longer than it needs to.
   *
   */
  public static String timeLimitWarning(JsonNode summary) {
    RoundStop stop = of(summary);
    if (stop == null || !stop.code().equals("time_limit")) {
      return null;
    }
    long wait = summary.path("counters").path(RoundCounter.POLITENESS_WAIT_MILLIS.name()).asLong();
    long fetching = summary.path("counters").path(RoundCounter.TASK_FETCHING_MILLIS.name()).asLong();
    double politeShare = wait + fetching == 0 ? 0 : (double) wait / (wait + fetching);
    String polite = politeShare >= 0.5 ? String.format(java.util.Locale.ROOT, "; every host was waiting out its politeness delay %.0f %% "
        + "of the fetching time, so the delay (robots.txt Crawl-delay or --delay), not the machines, held the round: a shorter "
        + "--delay where the sites allow it, or a longer --time-limit", politeShare * 100)
        : "; a longer --time-limit, or more fetch lists (hosts fetched in parallel), lets a round finish";
    return "round " + summary.path("round").asInt() + ": " + stop.words() + polite;
  }

  /** The stop a summary records; null for a round from before trawl recorded it. */
  public static RoundStop of(JsonNode summary) {
    JsonNode s = summary.path(FIELD);
    return s.isObject() ? new RoundStop(s.path("code").asText(), s.path("words").asText()) : null;
  }
}
