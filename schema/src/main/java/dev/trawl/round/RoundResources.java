package dev.trawl.round;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What a round used of the machines it held, in its summary ({@code resources} in rounds/NNNN.json):
 * the fetch tasks and the reducers apart, because they are bound by different things (the sites'
 * politeness, the shuffle), and Hadoop's own task counters as the job reported them.
 *
 * @param measured how the figures were taken, in words: per YARN container, or one JVM shared by everything in local mode
 * @param fetch the fetch tasks (map side)
 * @param reduce the reducers; null where they cannot be told apart (local mode)
 * @param unmeasured what could not be measured here, in words
 * @param hadoopCounters Hadoop's task and job counters ({@code CPU_MILLISECONDS}, {@code GC_TIME_MILLIS},
 *     {@code VCORES_MILLIS_MAPS}, {@code FILE_BYTES_WRITTEN}, ...) as the job reported them, by name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundResources(String measured, Usage fetch, Usage reduce, List<String> unmeasured,
                             @JsonProperty("hadoop_counters") Map<String, Long> hadoopCounters) {

  /** How {@code measured} starts for a round run in Hadoop's local mode, where one JVM ran everything. */
  public static final String LOCAL_MODE = "local mode: ";

  public RoundResources {
    unmeasured = unmeasured == null ? List.of() : unmeasured;
    hadoopCounters = hadoopCounters == null ? Map.of() : hadoopCounters;
  }

  /** True if one JVM ran the driver and every task (local mode): its figures are that JVM's, not a task's. */
  @JsonIgnore
  public boolean sharedJvm() {
    return measured != null && measured.startsWith(LOCAL_MODE);
  }

  /** A Hadoop counter of the round's job; 0 if it was not reported. */
  public long hadoop(String name) {
    return hadoopCounters.getOrDefault(name, 0L);
  }

  /**
   * One side's use of what it held; null fields were not measured.
   *
   * @param tasks the tasks measured
   * @param wallSeconds the tasks' time: summed over containers on YARN, the window from the first task's start to the last one's end in local mode
   * @param cpuSeconds CPU time the tasks' JVMs used
   * @param heldCpuSeconds CPU time held: vcores x container time on YARN, the machine's cores x the window in local mode
   * @param peakMemoryMb the largest resident memory (what YARN's memory check measures) of any task's JVM
   * @param memoryLimitMb the container's memory ({@code mapreduce.map.memory.mb}); null in local mode
   * @param peakHeapMb the largest heap any task's JVM used
   * @param maxHeapMb the JVM's -Xmx
   * @param gcSeconds time the JVMs spent collecting garbage
   * @param localBytesWritten bytes written to the machines' local disks (map output, spills)
   * @param leastFreeLocalMb the least free space any task saw on its local directories
   * @param leastFreeLocalDir the directory it was seen on
   * @param bytesReceived bytes received from the sites (bodies)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Usage(int tasks, @JsonProperty("wall_seconds") Double wallSeconds,
                      @JsonProperty("cpu_seconds") Double cpuSeconds,
                      @JsonProperty("held_cpu_seconds") Double heldCpuSeconds,
                      @JsonProperty("peak_memory_mb") Double peakMemoryMb,
                      @JsonProperty("memory_limit_mb") Double memoryLimitMb,
                      @JsonProperty("peak_heap_mb") Double peakHeapMb,
                      @JsonProperty("max_heap_mb") Double maxHeapMb,
                      @JsonProperty("gc_seconds") Double gcSeconds,
                      @JsonProperty("local_bytes_written") Long localBytesWritten,
                      @JsonProperty("least_free_local_mb") Double leastFreeLocalMb,
                      @JsonProperty("least_free_local_dir") String leastFreeLocalDir,
                      @JsonProperty("bytes_received") Long bytesReceived) {

    /** CPU used of CPU held, 0..1 (more when a local JVM also runs other work); null if either is unknown. */
    @JsonIgnore
    public Double cpuShare() {
      return cpuSeconds == null || heldCpuSeconds == null || heldCpuSeconds <= 0 ? null : cpuSeconds / heldCpuSeconds;
    }

    /** Peak resident memory of the container's, 0..1; null without a container. */
    @JsonIgnore
    public Double memoryShare() {
      return peakMemoryMb == null || memoryLimitMb == null || memoryLimitMb <= 0 ? null : peakMemoryMb / memoryLimitMb;
    }

    /** Bytes received from the sites per second of the tasks' time; null if unknown. */
    @JsonIgnore
    public Double bytesPerSecond() {
      return bytesReceived == null || wallSeconds == null || wallSeconds <= 0 ? null : bytesReceived / wallSeconds;
    }
  }

  /**
   * A task attempt that did not succeed, and why, from YARN's own diagnostics.
   *
   * @param attempt the attempt's id
   * @param task Hadoop's task: {@code map-NNNNN} (a fetch task) or {@code reduce-NNNNN}
   * @param node the node it ran on, where known
   * @param state FAILED or KILLED
   * @param cause a code: physical_memory, virtual_memory, heap, killed_by_signal, node_lost, preempted, timed_out,
   *     speculation, exception, killed
   * @param words the cause for a person, with the figures YARN gave
   * @param fix what to change, naming the setting
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Attempt(String attempt, String task, String node, String state, String cause, String words, String fix) {
    /** Killed for memory: over its physical or virtual limit, or out of heap. */
    @JsonIgnore
    public boolean forMemory() {
      return cause != null && (cause.endsWith("memory") || cause.equals("heap"));
    }
  }
}
