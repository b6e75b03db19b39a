package dev.trawl.jobs.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Diagnostics as YARN's node manager and the MapReduce application master write them (Hadoop 3.4 and 2.x wording). */
class AttemptCauseTest {

  @Test
  void aContainerOverItsPhysicalMemoryNamesTheFiguresAndTheSettingToRaise() {
    String d = "[2026-12-03 10:00:01.000]Container [pid=4242,containerID=container_1_0001_01_000002] is running 91226112B beyond "
        + "the 'PHYSICAL' memory limit. Current usage: 1.1 GB of 1 GB physical memory used; 2.9 GB of 2.1 GB virtual memory used. "
        + "Killing container.\nDump of the process-tree for container_1_0001_01_000002 :\n\t|- PID PPID ...\n"
        + "[2026-12-03 10:00:01.100]Container killed on request. Exit code is 143\n"
        + "[2026-12-03 10:00:01.100]Container exited with a non-zero exit code 143.";
    AttemptCause c = AttemptCause.of(d, false, 1024);
    assertEquals("physical_memory", c.code());
    assertTrue(c.words().contains("1.1 GB of 1 GB physical memory used"), c.words());
    assertTrue(c.fix().contains("mapreduce.map.memory.mb (now 1024)") && c.fix().contains("trawl.fetch.threads"), c.fix());
    AttemptCause reduce = AttemptCause.of(d, true, 2048);
    assertTrue(reduce.fix().startsWith("raise mapreduce.reduce.memory.mb (now 2048)"), reduce.fix());
  }

  @Test
  void hadoopTwosWordingIsReadToo() {
    AttemptCause c = AttemptCause.of("Container [pid=1,containerID=container_x] is running beyond physical memory limits. "
        + "Current usage: 1.0 GB of 1 GB physical memory used; 1.5 GB of 2.1 GB virtual memory used. Killing container.", false, 1024);
    assertEquals("physical_memory", c.code());
    AttemptCause v = AttemptCause.of("Container [pid=1,containerID=container_x] is running 5B beyond the 'VIRTUAL' memory limit. "
        + "Current usage: 300 MB of 1 GB physical memory used; 2.2 GB of 2.1 GB virtual memory used. Killing container.", false, 1024);
    assertEquals("virtual_memory", v.code());
    assertTrue(v.words().contains("2.2 GB of 2.1 GB virtual memory used"), v.words());
    assertTrue(v.fix().contains("yarn.nodemanager.vmem-check-enabled"), v.fix());
  }

  @Test
  void otherCausesAreToldApart() {
    assertEquals("heap", AttemptCause.of("Error: java.lang.OutOfMemoryError: Java heap space\n\tat java.util.Arrays.copyOf", false, 1024).code());
    assertEquals("node_lost", AttemptCause.of("Container released on a *lost* node", false, 1024).code());
    assertEquals("killed_by_signal", AttemptCause.of("Exception from container-launch.\nContainer id: container_1_0001_01_000002\n"
        + "Exit code: 137\n[2026-12-03 10:00:00.000]Container exited with a non-zero exit code 137. Error file: prelaunch.err.",
        false, 1024).code());
    assertEquals("node_lost", AttemptCause.of("TaskAttempt killed because it ran on unusable node node7:8041. AttemptId:attempt_1", false, 1024).code());
    assertEquals("preempted", AttemptCause.of("Container preempted by scheduler", false, 1024).code());
    AttemptCause timedOut = AttemptCause.of("AttemptID:attempt_1_0001_m_000000_0 Timed out after 600 secs", false, 1024);
    assertEquals("timed_out", timedOut.code());
    assertTrue(timedOut.words().contains("600 s"), timedOut.words());
    assertEquals("speculation", AttemptCause.of("Speculation: attempt_1_0001_m_000000_1 succeeded first!", false, 1024).code());
    AttemptCause error = AttemptCause.of("Error: java.io.IOException: fetch task stalled on host a.example for 300 s\n\tat dev.trawl...",
        false, 1024);
    assertEquals("exception", error.code());
    assertTrue(error.words().contains("java.io.IOException: fetch task stalled on host a.example"), error.words());
    assertEquals("killed", AttemptCause.of("", false, 1024).code());
  }
}
