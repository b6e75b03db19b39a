package dev.trawl.jobs.resources;

import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each round used of the CPUs, memory and disks it held, as lines for {@code status} and
 * {@code report}: the fetch tasks and the reducers apart, then every attempt that failed or was killed.
 */
public final class ResourceLines {
  public static final String HEADING = "machines (what each round used of what it held):";

  private ResourceLines() {}

  /** The lines of every round, then how they were measured and what could not be, once. */
  public static List<String> of(List<RoundSummary> rounds) {
    List<String> lines = new ArrayList<>();
    java.util.Set<String> notes = new java.util.LinkedHashSet<>();
    for (RoundSummary r : rounds) {
      lines.addAll(of(r));
      if (r.resources() != null) {
        notes.add("  (" + r.resources().measured() + (r.resources().unmeasured().isEmpty() ? "" : "; "
            + String.join("; ", r.resources().unmeasured())) + ")");
      }
    }
    lines.addAll(notes);
    return lines;
  }

  /** The lines of one round, each indented; one line saying so for rounds from before resources were recorded. */
  static List<String> of(RoundSummary r) {
    List<String> lines = new ArrayList<>();
    RoundResources res = r.resources();
    if (res == null) {
      lines.add("  round " + r.round() + ": not recorded (an older trawl ran it)");
      return lines;
    }
    if (res.fetch() != null) {
      lines.add("  round " + r.round() + ": fetch tasks " + usage(res.fetch()));
    } else {
      lines.add("  round " + r.round() + ": fetch tasks not measured");
    }
    if (res.reduce() != null) {
      lines.add("  round " + r.round() + ": reducers " + usage(res.reduce()));
    }
    AttemptWords.lines(r.attempts()).forEach(a -> lines.add("  round " + r.round() + ": " + a));
    return lines;
  }

  /** One side's figures in words: CPU used of held, memory of the limit, heap, GC, local disk, bytes from the sites. */
  static String usage(RoundResources.Usage u) {
    List<String> parts = new ArrayList<>();
    Double share = u.cpuShare();
    if (share != null) {
      parts.add(String.format(Locale.ROOT, "used %.0f%% of the CPU they held (%.1f of %.1f CPU-seconds)", 100 * share, u.cpuSeconds(),
          u.heldCpuSeconds()));
    }
    if (u.peakMemoryMb() != null) {
      parts.add(u.memoryLimitMb() != null
          ? String.format(Locale.ROOT, "peak memory %.0f of %.0f MB (%.0f%%)", u.peakMemoryMb(), u.memoryLimitMb(), 100 * u.memoryShare())
          : String.format(Locale.ROOT, "peak memory %.0f MB", u.peakMemoryMb()));
    }
    if (u.peakHeapMb() != null && u.maxHeapMb() != null) {
      parts.add(String.format(Locale.ROOT, "heap %.0f of %.0f MB", u.peakHeapMb(), u.maxHeapMb()));
    }
    if (u.gcSeconds() != null) {
      parts.add(String.format(Locale.ROOT, "GC %.1f s", u.gcSeconds()));
    }
    if (u.localBytesWritten() != null) {
      parts.add("local disk written " + bytes(u.localBytesWritten())
          + (u.leastFreeLocalMb() != null ? String.format(Locale.ROOT, ", least free %.1f GB", u.leastFreeLocalMb() / 1024) : ""));
    }
    if (u.bytesReceived() != null && u.bytesPerSecond() != null) {
      parts.add("received " + bytes(u.bytesReceived()) + " from the sites (" + bytes(Math.round(u.bytesPerSecond())) + "/s)");
    }
    return String.join(", ", parts);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    if (n < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MB", n / (double) (1 << 20));
    }
    return String.format(Locale.ROOT, "%.2f GB", n / (double) (1L << 30));
  }
}
