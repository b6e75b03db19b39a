package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The person paying for the machines asks {@code status} and {@code report}: how busy were the CPUs,
 * how full the memory and disks, and what to change. Two crawls of the same kind of site: one whose
 * fetch tasks spend their time waiting out a politeness delay (its CPU held and idle: warned), one
 * with no delay fetching as fast as the CPU allows (not warned, and busier).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShowsWhatTheMachinesDidTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String IDLE_WARNING = "while the sites' politeness bounded them";

  @TempDir
  static Path tmp;
  private LoopbackSite site;
  private LocalCrawl polite;
  private LocalCrawl busy;

  @BeforeAll
  void crawlTwice() throws Exception {
    site = LoopbackSite.start(3, 120, 7);
    polite = new LocalCrawl(Files.createDirectories(tmp.resolve("polite")));
    busy = new LocalCrawl(Files.createDirectories(tmp.resolve("busy")));
    List<String> few = new ArrayList<>();
    List<String> many = new ArrayList<>();
    for (int h = 0; h < 3; h++) {
      for (int p = 0; p < 120; p++) {
        (p < 10 ? few : many).add(site.graph().url(h, "/page/" + p));
      }
    }
    // Ten pages a host, 0.5 s apart: the tasks' threads wait out the delay almost all the time.
    polite.crawl(polite.writeSeeds("seeds.txt", String.join("\n", few) + "\n"), "--depth", "1", "--delay", "0.5");
    busy.crawl(busy.writeSeeds("seeds.txt", String.join("\n", many) + "\n"), "--depth", "1", "--delay", "0");
  }

  @AfterAll
  void stop() {
    site.close();
  }

  private static JsonNode fetchUsage(LocalCrawl crawl) throws Exception {
    JsonNode status = JSON.readTree(crawl.ok("status", "--crawl", crawl.uri(), "--json").out());
    return status.path("finished_rounds").get(0).path("resources").path("fetch");
  }

  @Test
  void statusSaysWhatTheFetchTasksUsedOfWhatTheyHeld() throws Exception {
    JsonNode fetch = fetchUsage(polite);
    double cpu = fetch.path("cpu_seconds").asDouble();
    double held = fetch.path("held_cpu_seconds").asDouble();
    assertTrue(cpu > 0 && held > cpu, "CPU used " + cpu + " of held " + held);
    // Local mode holds the machine's cores for as long as the fetch tasks ran.
    double window = fetch.path("wall_seconds").asDouble();
    assertEquals(Runtime.getRuntime().availableProcessors() * window, held, 0.01);
    assertTrue(window >= 4.5, "ten requests per host 0.5 s apart take 4.5 seconds at least: " + window);
    assertEquals(cpu / held, fetch.path("cpu_share").asDouble(), 1e-9);
    assertTrue(fetch.path("peak_memory_mb").asDouble() > fetch.path("peak_heap_mb").asDouble() * 0.5, fetch.toString());
    assertTrue(fetch.path("least_free_local_mb").asDouble() > 0, fetch.toString());
    assertTrue(fetch.path("bytes_received").asLong() > 0, fetch.toString());
    assertTrue(fetch.path("local_bytes_written").asLong() > 0, "the map output went to local disk: " + fetch);
    JsonNode task = JSON.readTree(polite.ok("status", "--crawl", polite.uri(), "--json").out()).path("finished_rounds").get(0)
        .path("tasks").get(0);
    assertTrue(task.path("cpu_seconds").asDouble() > 0 && task.path("peak_resident_mb").asDouble() > 0, task.toString());
    assertFalse(task.has("samples"), "the samples over time are the report's chart");

    String text = polite.ok("status", "--crawl", polite.uri()).out();
    assertTrue(text.contains("machines (what each round used of what it held):"), text);
    assertTrue(text.matches("(?s).*round 1: fetch tasks used \\d+% of the CPU they held \\([\\d.]+ of [\\d.]+ CPU-seconds\\), "
        + "peak memory \\d+ MB.*"), text);
    assertTrue(text.contains("local mode: one JVM ran the driver and every task"), "says what local mode cannot measure: " + text);
  }

  @Test
  void cpuHeldWhilePolitenessBoundTheTasksIsWarnedAboutWithWhatToChange() throws Exception {
    String text = polite.ok("status", "--crawl", polite.uri()).out();
    String warning = text.lines().filter(l -> l.contains(IDLE_WARNING)).findFirst().orElse("");
    assertTrue(warning.startsWith("warning: round 1: the fetch tasks used "), text);
    assertTrue(warning.contains("a smaller machine would do"), warning);
    Path out = tmp.resolve("polite-report");
    String report = polite.ok("report", "--crawl", polite.uri(), "--out", out.toString()).out();
    assertTrue(report.contains(IDLE_WARNING), report);
    assertTrue(report.contains("machines (what each round used of what it held):"), report);
  }

  @Test
  void aCrawlBoundByItsCpuIsNotWarnedAndIsBusier() throws Exception {
    String text = busy.ok("status", "--crawl", busy.uri()).out();
    assertFalse(text.contains(IDLE_WARNING), text);
    double busyShare = fetchUsage(busy).path("cpu_share").asDouble();
    double politeShare = fetchUsage(polite).path("cpu_share").asDouble();
    assertTrue(busyShare > politeShare, "no delay: " + busyShare + " of the CPU held; 0.4 s delay: " + politeShare);
  }

  @Test
  void theReportDrawsTheMachinesOverTime() throws Exception {
    Path out = tmp.resolve("busy-report");
    busy.ok("report", "--crawl", busy.uri(), "--out", out.toString());
    Path svg = out.resolve("machines.svg");
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getTagName());
    String drawn = Files.readString(svg);
    assertTrue(drawn.contains("CPU used of held, %") && drawn.contains("memory of the limit, %"), "both series in the legend");
    assertTrue(Files.readString(out.resolve("report.html")).contains("src=\"machines.svg\""));
  }
}
