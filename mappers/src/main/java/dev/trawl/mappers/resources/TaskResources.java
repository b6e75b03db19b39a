package dev.trawl.mappers.resources;

import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a fetch task used of the machine it held, sampled by a daemon thread while it runs: its JVM's
 * CPU time, heap, resident memory (the figure YARN's memory check kills for) and the free space of
 * its local directories (map output and the frontier's spill file go there), with the bytes it
 * received from the sites. The samples let {@code report} draw CPU and memory over time; the
 * peaks and the least free space go into the round's summary.
 *
 * <p>Memory stays bounded however long the task runs: when {@link #MAX_SAMPLES} are kept, every
 * other one is dropped and the interval doubles.
 *
 * <p>In a YARN container the JVM is the task's own. In Hadoop's local mode it is shared by the
 * driver and every task, which is why the figures say which JVM they measured ({@code shared_jvm}).
 */
public final class TaskResources implements AutoCloseable {
  static final int MAX_SAMPLES = 120;

  /** One moment of the task: seconds since its start, CPU cores used since the last sample, heap and resident MB. */
  public record Sample(double seconds, double cpuCores, double heapMb, double residentMb) {}

  private static final double MB = 1 << 20;

  private final List<File> localDirs;
  private final LongSupplier bytesReceived;
  private final long startMillis = System.currentTimeMillis();
  private final long startCpuNanos = processCpuNanos();
  private final long startGcMillis = gcMillis();
  private final List<Sample> samples = new ArrayList<>();
  private final Thread sampler;
  private long intervalMillis;
  private long lastCpuNanos = startCpuNanos;
  private long lastMillis = startMillis;
  private long peakResident;
  private long leastFreeLocal = Long.MAX_VALUE;
  private String leastFreeDir;
  private boolean closed;

  /**
   * Starts sampling.
   *
   * @param localDirs the task's local directories ({@code mapreduce.cluster.local.dir})
   * @param bytesReceived the bytes the task has received from the sites so far
   * @param intervalMillis the first interval between samples; 0: none between the start and the end
   */
  public TaskResources(List<String> localDirs, LongSupplier bytesReceived, long intervalMillis) {
    this.localDirs = localDirs.stream().map(File::new).toList();
    this.bytesReceived = bytesReceived;
    this.intervalMillis = Math.max(100, intervalMillis);
    sample();
    // 0: no sampling thread; the task's start and end are measured all the same.
    sampler = intervalMillis <= 0 ? null : new Thread(this::run, "trawl-task-resources");
    if (sampler != null) {
      sampler.setDaemon(true);
      sampler.start();
    }
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(interval());
        sample();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private synchronized long interval() {
    return intervalMillis;
  }

  /** Takes a sample now, besides the sampler's own (tests). */
  void sampleNow() {
    sample();
  }

  private synchronized void sample() {
    long now = System.currentTimeMillis();
    long cpu = processCpuNanos();
    long resident = residentBytes();
    peakResident = Math.max(peakResident, Math.max(resident, peakResidentBytes()));
    for (File dir : localDirs) {
      File existing = dir;
      while (existing != null && !existing.exists()) {
        existing = existing.getParentFile();
      }
      if (existing != null && existing.getUsableSpace() < leastFreeLocal) {
        leastFreeLocal = existing.getUsableSpace();
        leastFreeDir = dir.getPath();
      }
    }
    long wall = Math.max(1, now - lastMillis);
    double share = (cpu - lastCpuNanos) / 1e6 / wall;
    Runtime rt = Runtime.getRuntime();
    samples.add(new Sample((now - startMillis) / 1000.0, round(share, 3), round((rt.totalMemory() - rt.freeMemory()) / MB, 1),
        round(resident / MB, 1)));
    lastCpuNanos = cpu;
    lastMillis = now;
    if (samples.size() >= MAX_SAMPLES) {
      for (int i = samples.size() - 2; i > 0; i -= 2) {
        samples.remove(i);
      }
      intervalMillis *= 2;
    }
  }

  /** Stops sampling, after a last sample; closing again does nothing (the figures stay as they were). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (sampler != null) {
      sampler.interrupt();
      try {
        sampler.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sample();
  }

  /** The figures for the task's stats file. */
  public synchronized Map<String, Object> figures(boolean sharedJvm) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("shared_jvm", sharedJvm);
    // The JVM's totals at the task's start and end: in a shared JVM the driver takes the round's window from them.
    f.put("cpu_start_ms", startCpuNanos / 1_000_000);
    f.put("cpu_end_ms", lastCpuNanos / 1_000_000);
    f.put("gc_start_ms", startGcMillis);
    f.put("gc_end_ms", gcMillis());
    f.put("peak_resident_bytes", peakResident > 0 ? peakResident : null);
    f.put("least_free_local_bytes", leastFreeDir == null ? null : leastFreeLocal);
    f.put("least_free_local_dir", leastFreeDir);
    f.put("bytes_received", bytesReceived.getAsLong());
    f.put("samples", samples.stream().map(s -> List.of(s.seconds(), s.cpuCores(), s.heapMb(), s.residentMb())).toList());
    return f;
  }

  /** Sum of the peak use of every heap memory pool since the JVM started: its peak heap, near enough. */
  public static long peakHeapBytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  /** The JVM's CPU time, all threads, in nanoseconds; 0 where the platform does not say. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** The JVM's resident memory (Linux VmRSS): what YARN's physical-memory check measures; 0 elsewhere. */
  static long residentBytes() {
    return procStatus("VmRSS:");
  }

  /** The JVM's peak resident memory since it started (Linux VmHWM); 0 elsewhere. */
  static long peakResidentBytes() {
    return procStatus("VmHWM:");
  }

  private static long procStatus(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024; // kB
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs: resident memory is not measured
    }
    return 0;
  }

  private static double round(double v, int places) {
    double scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }
}
