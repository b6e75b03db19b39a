package dev.trawl.jobs.report;

import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.round.CrawlLayout;
import dev.trawl.jobs.round.RoundStop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Warnings about a round, each with its likely cause: throughput that decayed towards the end, a
 * host that spent most of the round backed off, a round held up by one host, a task short of heap.
 * What people renting machines would otherwise find out from the bill.
 */
final class Diagnosis {
  /** A round's fetching is cut into this many equal slices to compare its end with its peak. */
  static final int SLICES = 10;
  /** The last part of a round: its last two slices (a fifth). */
  static final int LAST_SLICES = 2;
  /** Rounds with fewer requests are too small to judge: a few requests make any shape. */
  static final int MIN_REQUESTS = 40;
  /** A cause is named when at least this share of the last part's requests shows it. */
  static final double CAUSE_SHARE = 0.2;
  /** A task whose heap peaked above this share of its maximum is warned about. */
  static final double HEAP_SHARE = 0.9;

  private Diagnosis() {}

  static List<String> of(RoundActivity round) {
    List<String> warnings = new ArrayList<>();
    if (round.requests().size() >= MIN_REQUESTS && round.spanMillis() > 0) {
      decline(round, warnings);
      straggler(round, warnings);
    }
    String cut = RoundStop.timeLimitWarning(round.summary());
    if (cut != null) {
      warnings.add(cut);
    }
    backedOff(round, warnings);
    threads(round, warnings);
    heap(round, warnings);
    return warnings;
  }

  /**
   * Hosts were due a request but waited for a free fetch thread, on average more than one at any
   * moment of fetching: the round was bounded by trawl, not by the sites' politeness.
   */
  private static void threads(RoundActivity round, List<String> warnings) {
    long turnWait = round.summary().counter(RoundCounter.TURN_WAIT_MILLIS);
    long fetching = round.summary().counter(RoundCounter.TASK_FETCHING_MILLIS);
    if (fetching > 0 && turnWait > fetching) {
      warnings.add(String.format("round %d: hosts waited %.0f host-seconds for a free fetch thread while they were due a request "
              + "(%.1f hosts at a time, on average), the fetch tasks spent %.0f thread-seconds parsing; likely cause: the fetch "
              + "threads, not the sites, were the limit: raise --threads, or run more fetch lists (more machines) if the tasks' "
              + "CPU is busy", round.round(), turnWait / 1000.0, (double) turnWait / fetching, round.summary().counter(RoundCounter.PARSE_MILLIS) / 1000.0));
    }
  }

  private static void decline(RoundActivity round, List<String> warnings) {
    long start = round.firstStart();
    double width = (double) round.spanMillis() / SLICES;
    long[] pages = new long[SLICES];
    List<Set<String>> hosts = new ArrayList<>();
    for (int i = 0; i < SLICES; i++) {
      hosts.add(new LinkedHashSet<>());
    }
    for (RoundActivity.Request r : round.requests()) {
      int i = Math.min(SLICES - 1, (int) ((r.time() - start) / width));
      hosts.get(i).add(r.host());
      if (r.outcome() == RoundActivity.Outcome.PAGE) {
        pages[i]++;
      }
    }
    int peakSlice = 0;
    for (int i = 1; i < SLICES; i++) {
      if (pages[i] > pages[peakSlice]) {
        peakSlice = i;
      }
    }
    double last = 0;
    for (int i = SLICES - LAST_SLICES; i < SLICES; i++) {
      last += pages[i];
    }
    last /= LAST_SLICES;
    if (last >= pages[peakSlice] / 2.0) {
      return;
    }
    long lastStart = start + (long) Math.ceil(width * (SLICES - LAST_SLICES));
    List<RoundActivity.Request> tail = round.requests().stream().filter(r -> r.time() >= lastStart).toList();
    List<String> causes = new ArrayList<>();
    List<RoundActivity.Request> throttled = tail.stream().filter(RoundActivity.Request::throttled).toList();
    if (!tail.isEmpty() && throttled.size() >= CAUSE_SHARE * tail.size()) {
      causes.add(throttled.size() + " of its " + tail.size() + " requests were answered 429/503 (the server asked to slow down: "
          + hosts(throttled) + ")");
    }
    List<RoundActivity.Request> timeouts = tail.stream().filter(r -> r.outcome() == RoundActivity.Outcome.TIMEOUT).toList();
    if (!tail.isEmpty() && timeouts.size() >= CAUSE_SHARE * tail.size()) {
      causes.add(timeouts.size() + " of its " + tail.size() + " requests timed out (" + hosts(timeouts) + ")");
    }
    Set<String> tailHosts = tail.stream().map(RoundActivity.Request::host).collect(Collectors.toCollection(LinkedHashSet::new));
    if (tailHosts.size() == 1 && hosts.get(peakSlice).size() > 1) {
      causes.add("only " + tailHosts.iterator().next() + " was left to fetch, one request at a time with the politeness delay between");
    }
    for (RoundSummary.Host h : round.summary().slowestHosts()) {
      if (h.backoffs() > 0 && tailHosts.contains(h.host())) {
        causes.add(h.host() + " was backed off " + h.backoffs() + " times");
      }
    }
    if (causes.isEmpty()) {
      causes.add("nothing in the manifest explains it: look at the activity logs (logs/" + folder(round) + ") and at the machines (swapping, full disks, network)");
    }
    warnings.add(String.format("round %d: throughput in the last fifth of its fetching fell to %s, below half its peak of %s; likely cause: %s",
        round.round(), rate(last, width), rate(pages[peakSlice], width), String.join("; ", causes)));
  }

  private static void straggler(RoundActivity round, List<String> warnings) {
    RoundActivity.Straggler s = round.straggler();
    if (s == null || s.aloneMillis() < 0.5 * round.spanMillis()) {
      return;
    }
    Map<String, List<RoundActivity.Request>> byHost = round.byHost();
    List<RoundActivity.Request> mine = byHost.get(s.host());
    List<RoundActivity.Request> others = byHost.entrySet().stream().filter(e -> !e.getKey().equals(s.host()))
        .flatMap(e -> e.getValue().stream()).toList();
    double myMs = mine.stream().mapToLong(RoundActivity.Request::millis).average().orElse(0);
    double otherMs = others.stream().mapToLong(RoundActivity.Request::millis).average().orElse(0);
    double otherCount = (double) others.size() / (byHost.size() - 1);
    List<String> causes = new ArrayList<>();
    if (myMs >= 3 * Math.max(1, otherMs)) {
      causes.add(String.format("it answered slowly, %.0f ms a request against %.0f ms for the other hosts", myMs, otherMs));
    }
    if (mine.size() >= 2 * otherCount) {
      causes.add(String.format("it had %d requests against %.0f for the other hosts on average (--max-per-host caps a host per round)",
          mine.size(), otherCount));
    }
    long throttled = mine.stream().filter(RoundActivity.Request::throttled).count();
    if (throttled > 0) {
      causes.add(throttled + " of its answers were 429/503");
    }
    if (causes.isEmpty()) {
      causes.add("it started late or waited on its politeness delay (robots.txt Crawl-delay?)");
    }
    warnings.add(String.format("round %d: one host dominated its fetch time: for %.0f%% of the round's fetching only %s was left (%.1f s alone); likely cause: %s",
        round.round(), 100.0 * s.aloneMillis() / round.spanMillis(), s.host(), s.aloneMillis() / 1000.0, String.join("; ", causes)));
  }

  private static void backedOff(RoundActivity round, List<String> warnings) {
    double seconds = round.seconds();
    for (RoundSummary.Host h : round.summary().slowestHosts()) {
      double backedOff = h.backoffSeconds();
      if (seconds > 0 && backedOff > 0.5 * seconds) {
        warnings.add(String.format("round %d: %s spent %.0f%% of the round backed off (%d back-offs after 429/503 answers); "
                + "likely cause: the site throttles this crawler: raise --delay for it or crawl it in fewer, slower rounds",
            round.round(), h.host(), 100 * backedOff / seconds, h.backoffs()));
      }
    }
  }

  private static void heap(RoundActivity round, List<String> warnings) {
    for (RoundSummary.Task t : round.summary().tasks()) {
      double peak = t.peakHeapMb();
      double max = t.maxHeapMb();
      if (max > 0 && peak >= HEAP_SHARE * max) {
        warnings.add(String.format("round %d: fetch task %s used %.0f of its %.0f MB heap at its peak; likely cause: too many "
                + "fetch threads for the task's memory (threads x trawl.fetch.max-body): lower --threads or raise mapreduce.map.memory.mb",
            round.round(), t.task(), peak, max));
      }
    }
  }

  /** The hosts of some requests, most frequent first, at most three named. */
  private static String hosts(List<RoundActivity.Request> requests) {
    Map<String, Long> counts = new TreeMap<>(requests.stream().collect(Collectors.groupingBy(RoundActivity.Request::host, Collectors.counting())));
    List<String> names = counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .map(Map.Entry::getKey).toList();
    String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
    return names.size() > 3 ? shown + " and " + (names.size() - 3) + " more hosts" : shown;
  }

  /** A slice's rate in the unit its length carries: per second for slices under a minute (no extrapolating a blink to a minute). */
  private static String rate(double pagesPerSlice, double sliceMillis) {
    return sliceMillis < 60_000 ? String.format(java.util.Locale.ROOT, "%.1f pages/s", pagesPerSlice * 1000 / sliceMillis)
        : String.format(java.util.Locale.ROOT, "%.0f pages/min", pagesPerSlice * 60_000 / sliceMillis);
  }

  private static String folder(RoundActivity round) {
    return CrawlLayout.roundFolder(round.round());
  }
}
