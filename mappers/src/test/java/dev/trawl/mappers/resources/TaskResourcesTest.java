package dev.trawl.mappers.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskResourcesTest {
  @TempDir
  Path tmp;

  @Test
  void measuresTheCpuAJvmSpendsAndTheFreeSpaceOfLocalDirectoriesNotYetCreated() throws Exception {
    // A container's local directory may not exist yet when the task starts: its nearest existing parent's space counts.
    Path notYet = tmp.resolve("usercache/job/attempt");
    Map<String, Object> figures;
    try (TaskResources r = new TaskResources(List.of(notYet.toString()), () -> 4096, 50)) {
      long until = System.nanoTime() + 300_000_000L;
      double x = 0;
      while (System.nanoTime() < until) {
        x += Math.sqrt(x + 1); // busy: this thread's CPU time is the JVM's
      }
      assertTrue(x > 0);
      r.close();
      figures = r.figures(true);
    }
    long cpu = (long) figures.get("cpu_end_ms") - (long) figures.get("cpu_start_ms");
    assertTrue(cpu >= 200, "300 ms of busy loop used at least 200 ms of CPU, measured " + cpu);
    assertEquals(notYet.toString(), figures.get("least_free_local_dir"));
    long free = (long) figures.get("least_free_local_bytes");
    assertTrue(free > 0 && free <= Files.getFileStore(tmp).getUsableSpace() * 2, "free space " + free);
    assertEquals(4096L, figures.get("bytes_received"));
    assertEquals(true, figures.get("shared_jvm"));
    List<?> samples = (List<?>) figures.get("samples");
    assertTrue(samples.size() >= 3, "a sample every 50 ms for 300 ms: " + samples);
    List<?> last = (List<?>) samples.get(samples.size() - 1);
    assertEquals(4, last.size(), "seconds, CPU, heap MB, resident MB");
    if (Files.exists(Path.of("/proc/self/status"))) {
      assertTrue((long) figures.get("peak_resident_bytes") > (long) (double) (Double) last.get(2) * (1 << 20),
          "resident memory holds the heap in use and more");
    }
  }

  @Test
  void keepsAtMostMaxSamplesHoweverLongTheTaskRuns() throws Exception {
    try (TaskResources r = new TaskResources(List.of(), () -> 0, 100)) {
      for (int i = 0; i < TaskResources.MAX_SAMPLES * 3; i++) {
        r.sampleNow();
      }
      r.close();
      List<?> samples = (List<?>) r.figures(false).get("samples");
      assertTrue(samples.size() <= TaskResources.MAX_SAMPLES, samples.size() + " samples");
      assertTrue(samples.size() >= TaskResources.MAX_SAMPLES / 4, "thinned, not emptied: " + samples.size());
      assertEquals(0.0, (double) ((List<?>) samples.get(0)).get(0), 0.5, "the task's start is kept");
    }
  }
}
