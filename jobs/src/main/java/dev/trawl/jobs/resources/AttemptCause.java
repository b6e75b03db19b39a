package dev.trawl.jobs.resources;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a task attempt failed or was killed, read from the diagnostics YARN and the MapReduce
 * application master gave it, and what to change. The texts matched are Hadoop's own (3.x wording
 * and the 2.x wording EMR users still see in old logs).
 *
 * @param code physical_memory, virtual_memory, heap, killed_by_signal, node_lost, preempted, timed_out, speculation,
 *     exception, killed
 * @param words the cause for a person, with YARN's figures where it gave them
 * @param fix what to change, naming the setting
 */
public record AttemptCause(String code, String words, String fix) {
  private static final Pattern PHYSICAL = Pattern.compile("(?i)beyond (?:the 'PHYSICAL' memory limit|physical memory limits)");
  private static final Pattern VIRTUAL = Pattern.compile("(?i)beyond (?:the 'VIRTUAL' memory limit|virtual memory limits)");
  private static final Pattern USAGE = Pattern.compile("Current usage: ([^;]+? physical memory used)");
  private static final Pattern VIRTUAL_USAGE = Pattern.compile("; ([^;]+? virtual memory used)");
  private static final Pattern TIMED_OUT = Pattern.compile("(?i)timed out after (\\d+) secs|failed to report status for (\\d+) seconds");
  private static final Pattern FIRST_ERROR = Pattern.compile("(?m)^(?:Error: )?((?:[\\w$]+\\.)+[\\w$]*(?:Exception|Error)\\b.*)$");

  /**
   * The cause of one attempt.
   *
   * @param diagnostics the attempt's diagnostics, as the job client returns them
   * @param reduce true for a reduce attempt: the settings to change are the reduce side's
   * @param memoryMb the container's memory (mapreduce.map.memory.mb or mapreduce.reduce.memory.mb)
   */
  public static AttemptCause of(String diagnostics, boolean reduce, int memoryMb) {
    String d = diagnostics == null ? "" : diagnostics;
    String side = reduce ? "reduce" : "map";
    String memoryKey = "mapreduce." + side + ".memory.mb";
    String optsKey = "mapreduce." + side + ".java.opts";
    if (PHYSICAL.matcher(d).find()) {
      Matcher m = USAGE.matcher(d);
      return new AttemptCause("physical_memory", "killed by YARN for exceeding its physical memory limit"
          + (m.find() ? " (" + m.group(1) + ")" : " of " + memoryMb + " MB"),
          "raise " + memoryKey + " (now " + memoryMb + ") and keep -Xmx in " + optsKey + " at about 80% of it"
              + (reduce ? "" : ", or lower trawl.fetch.threads"));
    }
    if (VIRTUAL.matcher(d).find()) {
      Matcher m = VIRTUAL_USAGE.matcher(d);
      return new AttemptCause("virtual_memory", "killed by YARN for exceeding its virtual memory limit"
          + (m.find() ? " (" + m.group(1) + ")" : ""),
          "set yarn.nodemanager.vmem-check-enabled=false (as EMR does) or raise yarn.nodemanager.vmem-pmem-ratio");
    }
    if (d.contains("java.lang.OutOfMemoryError")) {
      return new AttemptCause("heap", "ran out of Java heap (OutOfMemoryError)",
          "raise -Xmx in " + optsKey + " within " + memoryKey + " (now " + memoryMb + ")"
              + (reduce ? "" : ", or lower trawl.fetch.threads"));
    }
    if (d.contains("exit code 137") || d.contains("exitCode=137")) {
      return new AttemptCause("killed_by_signal", "its JVM was killed (exit code 137, SIGKILL: the kernel's out-of-memory "
          + "killer, an operator, or the instance going away)",
          "if the node's kernel log (dmesg) shows the OOM killer, give each node fewer containers "
              + "(yarn.nodemanager.resource.memory-mb below the instance's memory)");
    }
    if (d.contains("*lost* node") || d.contains("unusable node") || d.contains("Node failure") || d.contains("node lost")) {
      return new AttemptCause("node_lost", "its node was lost (a spot instance reclaimed, an instance failed) and the attempt ran again elsewhere",
          "nothing, unless it repeats: then look at the node's health in the EMR console");
    }
    if (d.toLowerCase(java.util.Locale.ROOT).contains("preempt")) {
      return new AttemptCause("preempted", "preempted: the scheduler gave its container to another queue",
          "run the crawl in a queue with a guaranteed share (mapreduce.job.queuename)");
    }
    Matcher timedOut = TIMED_OUT.matcher(d);
    if (timedOut.find()) {
      String secs = timedOut.group(1) != null ? timedOut.group(1) : timedOut.group(2);
      return new AttemptCause("timed_out", "reported no progress for " + secs + " s and was killed",
          "look in the task's activity log for the host it was fetching; raise mapreduce.task.timeout only if the task was busy");
    }
    if (d.contains("Speculation:")) {
      return new AttemptCause("speculation", "killed because a speculative copy of the task finished first",
          "nothing: the other attempt's output was used");
    }
    Matcher error = FIRST_ERROR.matcher(d);
    if (error.find()) {
      return new AttemptCause("exception", "failed: " + shorten(error.group(1)),
          "see the task's activity log and `yarn logs -applicationId` for the stack trace");
    }
    return new AttemptCause("killed", d.isBlank() ? "killed, without diagnostics" : "killed: " + shorten(d.lines().findFirst().orElse(d)),
        "see `yarn logs -applicationId` for the attempt's log");
  }

  private static String shorten(String s) {
    String line = s.strip();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
