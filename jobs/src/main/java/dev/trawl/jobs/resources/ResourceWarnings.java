package dev.trawl.jobs.resources;

import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Warnings that name the waste and the fix, from the rounds' resources: CPU held and left idle while
 * the sites' politeness bounded the fetch tasks, memory near the container's limit, local disk
 * nearly full, attempts killed for memory, and a crawl whose rate decays from round to round.
 */
public final class ResourceWarnings {
  /** Fetch tasks using less than this share of the CPU they held are worth a smaller machine. */
  static final double IDLE_CPU_SHARE = 0.25;
  /** ...when at least this share of their time every host was waiting out its delay. */
  static final double POLITENESS_BOUND = 0.5;
  /** Peak resident memory above this share of the container's is near a kill. */
  static final double MEMORY_SHARE = 0.85;
  /** Less free space than this on a task's local directories fails the next larger round. */
  static final double LOW_DISK_MB = 2048;
  /** Rounds with fewer requests say nothing about a rate. */
  static final long MIN_REQUESTS = 40;
  /** The last rounds' rate below this share of the best earlier round's is a decay. */
  static final double DECAY_SHARE = 0.5;

  private ResourceWarnings() {}

  public static List<String> of(List<RoundSummary> rounds) {
    List<String> warnings = new ArrayList<>();
    idleCpu(rounds, warnings);
    for (RoundSummary r : rounds) {
      of(r, warnings);
    }
    decay(rounds, warnings);
    return warnings;
  }

  private static void of(RoundSummary r, List<String> warnings) {
    RoundResources res = r.resources();
    if (res != null && res.fetch() != null) {
      memory(r.round(), "fetch tasks", "mapreduce.map.memory.mb", res.fetch(), warnings);
      disk(r.round(), "fetch tasks", res.fetch(), warnings);
    }
    if (res != null && res.reduce() != null) {
      memory(r.round(), "reducers", "mapreduce.reduce.memory.mb", res.reduce(), warnings);
      disk(r.round(), "reducers", res.reduce(), warnings);
    }
    List<RoundResources.Attempt> forMemory = r.attempts().stream().filter(RoundResources.Attempt::forMemory).toList();
    if (!forMemory.isEmpty()) {
      long killed = forMemory.size();
      RoundResources.Attempt first = forMemory.get(0);
      warnings.add(String.format(Locale.ROOT, "round %d: %d task attempt%s %s; %s", r.round(), killed, killed == 1 ? " was" : "s were",
          first.words(), first.fix()));
    }
  }

  /** One warning for every round whose fetch tasks held CPU they left idle while politeness bounded them. */
  private static void idleCpu(List<RoundSummary> rounds, List<String> warnings) {
    List<Integer> idle = new ArrayList<>();
    double cpu = 0;
    double held = 0;
    double waiting = 0;
    double time = 0;
    boolean local = false;
    for (RoundSummary r : rounds) {
      RoundResources.Usage fetch = r.resources() == null ? null : r.resources().fetch();
      Double share = fetch == null ? null : fetch.cpuShare();
      double taskSeconds = r.tasks().stream().mapToDouble(RoundSummary.Task::seconds).sum();
      double politeness = r.tasks().stream().mapToDouble(RoundSummary.Task::politenessWaitSeconds).sum();
      if (share != null && taskSeconds > 0 && share < IDLE_CPU_SHARE && politeness >= POLITENESS_BOUND * taskSeconds) {
        idle.add(r.round());
        cpu += fetch.cpuSeconds();
        held += fetch.heldCpuSeconds();
        waiting += politeness;
        time += taskSeconds;
        local = r.resources().sharedJvm();
      }
    }
    if (idle.isEmpty()) {
      return;
    }
    warnings.add(String.format(Locale.ROOT, "%s: the fetch tasks used %.0f%% of the CPU they held (%.1f of %.1f CPU-seconds) while "
            + "the sites' politeness bounded them (every host waiting out its delay %.0f%% of their time): the same pages need "
            + "fewer cores: %s", idle.size() == 1 ? "round " + idle.get(0) : "rounds " + ranges(idle), 100 * cpu / held, cpu,
        held, 100 * waiting / time, local ? "a smaller machine would do, or crawl more hosts at once (more seeds)"
            : "use smaller instances, run more fetch lists per node (--fetch-lists), or fewer nodes"));
  }

  private static void memory(int round, String side, String key, RoundResources.Usage u, List<String> warnings) {
    Double share = u.memoryShare();
    if (share != null && share >= MEMORY_SHARE) {
      warnings.add(String.format(Locale.ROOT, "round %d: the %s' memory peaked at %.0f of the %.0f MB container (%.0f%%): YARN kills "
              + "a container that goes over; raise %s%s", round, side, u.peakMemoryMb(), u.memoryLimitMb(), 100 * share, key,
          side.startsWith("fetch") ? " or lower trawl.fetch.threads" : ""));
    }
  }

  private static void disk(int round, String side, RoundResources.Usage u, List<String> warnings) {
    if (u.leastFreeLocalMb() != null && u.leastFreeLocalMb() < LOW_DISK_MB) {
      warnings.add(String.format(Locale.ROOT, "round %d: the %s' local disk was nearly full (%.0f MB free on %s): map output and "
              + "the frontier's spill file go there, and a full disk fails the task; give the nodes larger disks "
              + "(EBS volumes on EMR) or run more, smaller fetch lists", round, side, u.leastFreeLocalMb(), u.leastFreeLocalDir()));
    }
  }

  /**
   * Requests per second of fetch-task time per host fetched, round against round: a crawl that does the
   * same kind of work ever more slowly (a site throttling, a machine swapping) shows here long before the bill.
   */
  private static void decay(List<RoundSummary> rounds, List<String> warnings) {
    List<RoundSummary> judged = rounds.stream().filter(r -> rate(r) > 0).toList();
    if (judged.size() < 3) {
      return;
    }
    RoundSummary best = judged.get(0);
    for (RoundSummary r : judged.subList(0, judged.size() - 1)) {
      if (rate(r) > rate(best)) {
        best = r;
      }
    }
    RoundSummary last = judged.get(judged.size() - 1);
    if (rate(last) < DECAY_SHARE * rate(best)) {
      warnings.add(String.format(Locale.ROOT, "throughput decays across the crawl: round %d made %.2f requests per second per host "
              + "fetched, round %d %.2f (%.0f%% less); likely cause: sites slowing down or throttling (see the slowest hosts and "
              + "429/503 answers), or machines short of memory (see the memory figures above)", best.round(), rate(best),
          last.round(), rate(last), 100 * (1 - rate(last) / rate(best))));
    }
  }

  /** Requests per second of fetch-task time per host with requests; 0 if the round is too small to judge. */
  static double rate(RoundSummary r) {
    long requests = r.counter(RoundCounter.REQUESTS);
    double seconds = r.tasks().stream().mapToDouble(RoundSummary.Task::seconds).sum();
    long hosts = r.tasks().stream().mapToLong(RoundSummary.Task::hosts).sum();
    return requests < MIN_REQUESTS || seconds <= 0 || hosts == 0 ? 0 : requests / seconds / hosts;
  }

  /** Round numbers as ranges: 1-3, 5. */
  static String ranges(List<Integer> rounds) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    while (i < rounds.size()) {
      int j = i;
      while (j + 1 < rounds.size() && rounds.get(j + 1) == rounds.get(j) + 1) {
        j++;
      }
      parts.add(i == j ? Integer.toString(rounds.get(i)) : rounds.get(i) + "-" + rounds.get(j));
      i = j + 1;
    }
    return String.join(", ", parts);
  }
}
