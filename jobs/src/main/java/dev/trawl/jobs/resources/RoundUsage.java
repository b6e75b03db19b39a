package dev.trawl.jobs.resources;

import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundResources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.FileSystemCounter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.TaskReport;
import org.apache.hadoop.mapreduce.TaskType;

/**
 * A finished round's {@link RoundResources}: the fetch tasks' own measures of their JVMs
 * ({@link TaskUsage}), what YARN counted them as holding, the reducers from their task reports, and
 * Hadoop's counters kept as the job reported them. Local mode has no containers and no task reports:
 * it says so rather than show figures that mean something else.
 */
public final class RoundUsage {
  static final String LOCAL = RoundResources.LOCAL_MODE + "one JVM ran the driver and every task, so CPU, memory and GC are that JVM's "
      + "and CPU held is the machine's cores over the fetch tasks' time";
  static final String YARN = "YARN: each task in a container of its own; CPU used and held are the containers' whole lives "
      + "(JVM start included) as Hadoop and YARN counted them";

  private RoundUsage() {}

  public static RoundResources of(Job job, TaskUsage fetchTasks) throws IOException, InterruptedException {
    Configuration conf = job.getConfiguration();
    Counters counters = job.getCounters();
    Map<String, Long> hadoop = hadoopCounters(counters);
    long spilled = counters.findCounter(RoundCounter.SPILLED_BYTES).getValue();
    if (RoundConf.localMode(conf)) {
      RoundResources.Usage fetch = fetchTasks.usage(true, Runtime.getRuntime().availableProcessors(), null, null,
          hadoop.getOrDefault(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES.name(), 0L) + spilled);
      return new RoundResources(LOCAL, fetch, null, List.of("no container memory limit in local mode",
          "the reducers share the JVM with everything else and are not measured apart"), hadoop);
    }
    Side maps = Side.of(reports(job, TaskType.MAP));
    Side reduces = Side.of(reports(job, TaskType.REDUCE));
    RoundResources.Usage own = fetchTasks.usage(false, conf.getInt("mapreduce.map.cpu.vcores", 1),
        seconds(hadoop.get(JobCounter.VCORES_MILLIS_MAPS.name())), (double) conf.getInt("mapreduce.map.memory.mb", 1024),
        maps.tasks > 0 ? maps.localBytes + spilled : null);
    // The container holds its CPU from the JVM's start: Hadoop's count (the task's whole JVM, its start
    // and set-up included) is the one to set against it. The JVM's own peak resident memory is exact
    // where Hadoop's is sampled: the larger of the two.
    RoundResources.Usage fetch = own == null || maps.tasks == 0 ? own : new RoundResources.Usage(own.tasks(),
        maps.wallMillis / 1000.0, maps.cpuMillis / 1000.0, own.heldCpuSeconds(),
        Math.max(own.peakMemoryMb() == null ? 0 : own.peakMemoryMb(), TaskUsage.mb(maps.peakMemory)), own.memoryLimitMb(),
        own.peakHeapMb(), own.maxHeapMb(), maps.gcMillis / 1000.0, own.localBytesWritten(), own.leastFreeLocalMb(),
        own.leastFreeLocalDir(), own.bytesReceived());
    RoundResources.Usage reduce = reduces.tasks == 0 ? null : new RoundResources.Usage(reduces.tasks,
        reduces.wallMillis / 1000.0, reduces.cpuMillis / 1000.0,
        heldOr(seconds(hadoop.get(JobCounter.VCORES_MILLIS_REDUCES.name())), conf.getInt("mapreduce.reduce.cpu.vcores", 1), reduces),
        reduces.peakMemory > 0 ? TaskUsage.mb(reduces.peakMemory) : null, (double) conf.getInt("mapreduce.reduce.memory.mb", 1024),
        null, null, reduces.gcMillis / 1000.0, reduces.localBytes, null, null, null);
    return new RoundResources(YARN, fetch, reduce, reduces.tasks == 0 && maps.tasks == 0
        ? List.of("the job's task reports were not available (no job history server?): reducers not measured") : List.of(), hadoop);
  }

  /** The job's task reports, or none if its history cannot be read: the round's outcome does not hang on its figures. */
  private static TaskReport[] reports(Job job, TaskType type) throws InterruptedException {
    try {
      return job.getTaskReports(type);
    } catch (IOException | RuntimeException e) {
      return new TaskReport[0];
    }
  }

  private static Double heldOr(Double held, int vcores, Side side) {
    return held != null ? held : vcores * side.wallMillis / 1000.0;
  }

  private static Double seconds(Long millis) {
    return millis == null || millis == 0 ? null : millis / 1000.0;
  }

  /** Hadoop's task, job and local file system counters with a value, by name. */
  static Map<String, Long> hadoopCounters(Counters counters) {
    Map<String, Long> values = new TreeMap<>();
    for (TaskCounter c : TaskCounter.values()) {
      put(values, counters.findCounter(c));
    }
    for (JobCounter c : JobCounter.values()) {
      put(values, counters.findCounter(c));
    }
    CounterGroup fs = counters.getGroup(FileSystemCounter.class.getName());
    for (Counter c : fs) {
      if (c.getName().startsWith("FILE_")) {
        put(values, c);
      }
    }
    return values;
  }

  private static void put(Map<String, Long> values, Counter c) {
    if (c != null && c.getValue() != 0) {
      values.put(c.getName(), c.getValue());
    }
  }

  /** One side's task reports (the successful attempt of each task), added up. */
  private record Side(int tasks, long cpuMillis, long gcMillis, long peakMemory, long localBytes, long wallMillis) {
    static Side of(TaskReport[] reports) {
      int tasks = 0;
      long cpu = 0, gc = 0, peak = 0, local = 0, wall = 0;
      for (TaskReport r : reports == null ? new TaskReport[0] : reports) {
        Counters c = r.getTaskCounters();
        if (c == null) {
          continue;
        }
        tasks++;
        cpu += c.findCounter(TaskCounter.CPU_MILLISECONDS).getValue();
        gc += c.findCounter(TaskCounter.GC_TIME_MILLIS).getValue();
        peak = Math.max(peak, Math.max(c.findCounter(TaskCounter.REDUCE_PHYSICAL_MEMORY_BYTES_MAX).getValue(),
            c.findCounter(TaskCounter.MAP_PHYSICAL_MEMORY_BYTES_MAX).getValue()));
        local += c.findCounter(FileSystemCounter.class.getName(), "FILE_BYTES_WRITTEN").getValue();
        if (r.getFinishTime() > r.getStartTime() && r.getStartTime() > 0) {
          wall += r.getFinishTime() - r.getStartTime();
        }
      }
      return new Side(tasks, cpu, gc, peak, local, wall);
    }
  }
}
