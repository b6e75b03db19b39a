package dev.trawl.jobs.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.round.RoundResources;

/**
 * The fetch tasks' own measures of their JVMs (each task's {@code resources} in its stats file),
 * added up the way the JVMs were laid out: on YARN each task had a JVM of its own, so CPU and GC
 * time add up over tasks; in local mode one JVM ran them all, so the round's figure is that JVM's
 * over the window from the first task's start to the last one's end (adding would count twice).
 */
public final class TaskUsage {
  private static final double MB = 1 << 20;

  private int tasks;
  private long firstStart = Long.MAX_VALUE;
  private long lastEnd = Long.MIN_VALUE;
  private long wallSum;
  private long cpuFirst = Long.MAX_VALUE;
  private long cpuLast = Long.MIN_VALUE;
  private long cpuSum;
  private long gcFirst = Long.MAX_VALUE;
  private long gcLast = Long.MIN_VALUE;
  private long gcSum;
  private long peakResident;
  private long peakHeap;
  private long maxHeap;
  private long leastFree = Long.MAX_VALUE;
  private String leastFreeDir;
  private long bytes;

  /** Adds one task: its start and end (epoch millis), its stats file's {@code resources}, and its JVM's heap figures. */
  public void add(long started, long finished, JsonNode r, long peakHeapBytes, long maxHeapBytes) {
    tasks++;
    firstStart = Math.min(firstStart, started);
    lastEnd = Math.max(lastEnd, finished);
    wallSum += finished - started;
    long cpuStart = r.path("cpu_start_ms").asLong();
    long cpuEnd = r.path("cpu_end_ms").asLong();
    cpuFirst = Math.min(cpuFirst, cpuStart);
    cpuLast = Math.max(cpuLast, cpuEnd);
    cpuSum += cpuEnd - cpuStart;
    long gcStart = r.path("gc_start_ms").asLong();
    long gcEnd = r.path("gc_end_ms").asLong();
    gcFirst = Math.min(gcFirst, gcStart);
    gcLast = Math.max(gcLast, gcEnd);
    gcSum += gcEnd - gcStart;
    peakResident = Math.max(peakResident, r.path("peak_resident_bytes").asLong(0));
    peakHeap = Math.max(peakHeap, peakHeapBytes);
    maxHeap = Math.max(maxHeap, maxHeapBytes);
    if (r.hasNonNull("least_free_local_bytes") && r.path("least_free_local_bytes").asLong() < leastFree) {
      leastFree = r.path("least_free_local_bytes").asLong();
      leastFreeDir = r.path("least_free_local_dir").asText(null);
    }
    bytes += r.path("bytes_received").asLong();
  }

  /** True if no task measured its resources (rounds of older versions, or no fetch task ran). */
  public boolean empty() {
    return tasks == 0;
  }

  /**
   * The fetch side's usage.
   *
   * @param sharedJvm local mode: one JVM ran every task
   * @param cores the CPU a task held: vcores per container on YARN, the machine's cores in local mode
   * @param heldCpuSeconds CPU time held as YARN counted it (VCORES_MILLIS_MAPS), or null to reckon it from cores
   * @param memoryLimitMb the container's memory, or null (local mode)
   * @param localBytesWritten bytes the tasks wrote to local disk, or null
   */
  public RoundResources.Usage usage(boolean sharedJvm, int cores, Double heldCpuSeconds, Double memoryLimitMb, Long localBytesWritten) {
    if (empty()) {
      return null;
    }
    double wall = (sharedJvm ? lastEnd - firstStart : wallSum) / 1000.0;
    double cpu = (sharedJvm ? cpuLast - cpuFirst : cpuSum) / 1000.0;
    double gc = (sharedJvm ? gcLast - gcFirst : gcSum) / 1000.0;
    double held = heldCpuSeconds != null ? heldCpuSeconds : cores * wall;
    return new RoundResources.Usage(tasks, wall, cpu, held, peakResident > 0 ? mb(peakResident) : null, memoryLimitMb,
        mb(peakHeap), mb(maxHeap), gc, localBytesWritten, leastFreeDir == null ? null : mb(leastFree), leastFreeDir, bytes);
  }

  public static double mb(long bytes) {
    return Math.round(bytes / MB * 10) / 10.0;
  }
}
