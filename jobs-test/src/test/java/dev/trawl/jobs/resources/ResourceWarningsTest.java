package dev.trawl.jobs.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warnings a person paying for the machines gets, from rounds whose figures are known. */
class ResourceWarningsTest {

  private static RoundResources.Usage usage(double cpu, double held, Double peakMb, Double limitMb, Double freeMb) {
    return new RoundResources.Usage(1, 100.0, cpu, held, peakMb, limitMb, 100.0, 360.0, 1.0, 1000L, freeMb, "/mnt/yarn", 1000L);
  }

  /** A round of one fetch task of {@code seconds} over {@code hosts} hosts that made {@code requests} requests. */
  private static RoundSummary round(int n, long requests, double seconds, int hosts, double politeness, RoundResources.Usage fetch,
                                    List<RoundResources.Attempt> attempts) {
    RoundSummary.Task task = new RoundSummary.Task("fetch-00000", 1, seconds, hosts, requests, seconds - politeness, politeness,
        100, 360, null, null, null, null, null, null);
    return new RoundSummary(n, null, null, seconds + 10, null, null, null, Map.of("REQUESTS", requests), null, null, null, null, null,
        null, null, null, null, null, List.of(task), null,
        new RoundResources("YARN: each task in a container of its own", fetch, null, null, null), attempts);
  }

  @Test
  void aHealthyCrawlHasNoWarning() {
    RoundResources.Usage busy = usage(80, 100, 300.0, 512.0, 50_000.0);
    assertEquals(List.of(), ResourceWarnings.of(List.of(round(1, 100, 50, 2, 5, busy, List.of()),
        round(2, 100, 50, 2, 5, busy, List.of()), round(3, 100, 55, 2, 5, busy, List.of()))));
  }

  @Test
  void idleCpuNearFullMemoryAFullDiskAndAKillAreEachNamedWithTheirFix() {
    RoundResources.Attempt killed = new RoundResources.Attempt("attempt_1_0001_m_000000_0", "map-00000", "n1", "FAILED",
        "physical_memory", "killed by YARN for exceeding its physical memory limit (530 MB of 512 MB physical memory used)",
        "raise mapreduce.map.memory.mb (now 512) and keep -Xmx in mapreduce.map.java.opts at about 80% of it");
    List<String> w = ResourceWarnings.of(List.of(
        round(1, 100, 50, 2, 45, usage(5, 100, 480.0, 512.0, 900.0), List.of(killed)),
        round(2, 100, 50, 2, 40, usage(10, 100, 300.0, 512.0, 50_000.0), List.of())));
    assertTrue(w.get(0).startsWith("rounds 1-2: the fetch tasks used 8% of the CPU they held (15.0 of 200.0 CPU-seconds) while the "
        + "sites' politeness bounded them (every host waiting out its delay 85% of their time)"), w.toString());
    assertTrue(w.get(0).endsWith("use smaller instances, run more fetch lists per node (--fetch-lists), or fewer nodes"), w.get(0));
    assertTrue(w.stream().anyMatch(s -> s.startsWith("round 1: the fetch tasks' memory peaked at 480 of the 512 MB container (94%)")
        && s.contains("raise mapreduce.map.memory.mb or lower trawl.fetch.threads")), w.toString());
    assertTrue(w.stream().anyMatch(s -> s.startsWith("round 1: the fetch tasks' local disk was nearly full (900 MB free on /mnt/yarn)")),
        w.toString());
    assertTrue(w.stream().anyMatch(s -> s.equals("round 1: 1 task attempt was killed by YARN for exceeding its physical memory limit "
        + "(530 MB of 512 MB physical memory used); raise mapreduce.map.memory.mb (now 512) and keep -Xmx in mapreduce.map.java.opts "
        + "at about 80% of it")), w.toString());
    assertEquals(4, w.size(), w.toString());
  }

  @Test
  void throughputThatDecaysFromRoundToRoundIsNamed() {
    RoundResources.Usage busy = usage(80, 100, 300.0, 512.0, 50_000.0);
    // Two requests per host per second, then one, then under a half: the same work ever more slowly.
    List<String> w = ResourceWarnings.of(List.of(round(1, 400, 50, 4, 0, busy, List.of()), round(2, 200, 50, 4, 0, busy, List.of()),
        round(3, 80, 50, 4, 0, busy, List.of())));
    assertEquals(List.of("throughput decays across the crawl: round 1 made 2.00 requests per second per host fetched, round 3 0.40 "
        + "(80% less); likely cause: sites slowing down or throttling (see the slowest hosts and 429/503 answers), or machines short "
        + "of memory (see the memory figures above)"), w);
    // Rounds too small to judge are left out: a few requests make any rate.
    assertEquals(List.of(), ResourceWarnings.of(List.of(round(1, 400, 50, 4, 0, busy, List.of()), round(2, 200, 50, 4, 0, busy, List.of()),
        round(3, 10, 50, 4, 0, busy, List.of()))));
  }
}
