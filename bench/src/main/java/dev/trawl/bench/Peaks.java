package dev.trawl.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's peak memory since the last {@link #reset()}: heap, and on Linux the process's resident set. */
public final class Peaks {
  private Peaks() {}

  public static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    try {
      // Linux: writing 5 resets the process's peak RSS (VmHWM).
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (Exception ignored) {
      // not Linux, or not allowed: the peak then covers the whole run
    }
  }

  /** The heap pools' peaks summed: an upper bound, as it counts garbage not yet collected. */
  public static long heapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Peak resident set (VmHWM) in bytes, or -1 where /proc/self/status does not tell. */
  public static long rssBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }
}
