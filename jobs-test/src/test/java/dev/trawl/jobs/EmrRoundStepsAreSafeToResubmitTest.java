package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.jobs.emr.RoundSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.model.StepConfig;

/**
 * The steps {@code emr submit} sends, run here in order exactly as EMR would run them (the same
 * arguments to the same main class): more round steps than the crawl needs all succeed, and
 * submitting the same steps again changes nothing and fetches nothing.
 */
class EmrRoundStepsAreSafeToResubmitTest {
  @TempDir
  Path tmp;

  @Test
  void stepsBeyondTheCrawlsEndAndResubmittedStepsAreNoOps() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(1, 12, 3)) {
      LocalCrawl crawl = new LocalCrawl(tmp);
      Path seeds = crawl.writeSeeds("seeds.txt", site.graph().homePages().get(0) + "\n");
      RoundSteps steps = new RoundSteps("j-LOCAL", crawl.uri(), "s3://unused/trawl-job.jar", seeds.toString(), 1, 4,
          List.of("--depth", "2", "--delay", "0.05", "--allow-private", "127.0.0.0/8"));

      List<String> outputs = runAll(crawl, steps.steps());
      assertTrue(outputs.get(3).contains("nothing to fetch within the bounds: the crawl ended after round 2"), outputs.get(3));
      assertTrue(outputs.get(4).contains("the crawl ended after round 2"), outputs.get(4));
      assertTrue(Files.exists(crawl.root().resolve("rounds/0002.json")));
      assertFalse(Files.exists(crawl.root().resolve("rounds/0003.json")), "no empty round after the depth bound");

      Map<String, Long> before = files(crawl.root());
      int served = site.requests().size();
      List<String> again = runAll(crawl, steps.steps());
      assertTrue(again.get(0).contains("all already injected; nothing added"), again.get(0));
      assertTrue(again.get(1).contains("round 1 already finished"), again.get(1));
      assertTrue(again.get(2).contains("round 2 already finished"), again.get(2));
      assertEquals(served, site.requests().size(), "a resubmitted crawl fetches nothing");
      assertEquals(before, files(crawl.root()), "and writes nothing");
      LocalCrawl.Run lease = crawl.trawl("lease", "--crawl", crawl.uri());
      assertTrue(lease.out().contains("nobody writes") && lease.out().contains("'trawl round --crawl "), "each step took "
          + "the writer lease and released it: " + lease.out());
    }
  }

  /** Runs each step's arguments as a separate command, as EMR does; every step must succeed. */
  private static List<String> runAll(LocalCrawl crawl, List<StepConfig> steps) throws Exception {
    List<String> outputs = new ArrayList<>();
    for (StepConfig step : steps) {
      LocalCrawl.Run run = crawl.trawl(step.hadoopJarStep().args().toArray(new String[0]));
      assertEquals(0, run.exit(), step.name() + ": " + run.err());
      outputs.add(run.out());
    }
    return outputs;
  }

  /** The crawl's files with their times; not the writer lease, which every step takes and releases. */
  private static Map<String, Long> files(Path root) throws Exception {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith("lease")).toList()) {
        files.put(root.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }
}
