package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.demosite.LoopbackSite;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A duration without its unit, given the ways users give settings (a flag, -D, a -conf file, an emr
 * submit), is refused naming where it was given and what would do; an older crawl.json that recorded
 * one still loads, read as the seconds it meant then.
 */
class RefusesValuesThatMeanNothingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aTimeLimitWithoutUnitIsRefusedAsAFlagNamingTheFlagAndNothingIsWritten() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "http://127.0.0.1:9/\n");
    LocalCrawl.Run run = crawl.trawl("crawl", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--time-limit", "30");
    assertEquals(2, run.exit(), run.out());
    assertTrue(run.err().contains("trawl.round.time-limit = '30' is not valid: a duration needs a unit: 30s, 30m, 30h or 30d"),
        run.err());
    assertTrue(run.err().contains("(from --time-limit)"), run.err());
    assertFalse(Files.exists(crawl.root()), "nothing written");

    LocalCrawl.Run refetch = crawl.trawl("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--refetch-after", "7");
    assertEquals(2, refetch.exit());
    assertTrue(refetch.err().contains("trawl.refetch.after = '7'") && refetch.err().contains("(from --refetch-after)"), refetch.err());
    assertFalse(Files.exists(crawl.root()), "nothing written");
  }

  @Test
  void aBareNumberGivenWithDOrInASettingsFileIsRefusedNamingWhere() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "http://127.0.0.1:9/\n");
    for (String[] before : new String[][] {{"-D", "trawl.round.time-limit=30", "inject"}, {"inject", "-Dtrawl.round.time-limit=30"}}) {
      String[] args = concat(before, "--crawl", crawl.uri(), "--seeds", seeds.toString());
      LocalCrawl.Run run = crawl.trawl(args);
      assertEquals(2, run.exit());
      assertTrue(run.err().contains("trawl.round.time-limit = '30'") && run.err().contains("(from -D on the command line)"), run.err());
    }
    Path conf = tmp.resolve("settings.xml");
    Files.writeString(conf, "<configuration><property><name>trawl.robots.max-age</name><value>12</value></property></configuration>");
    LocalCrawl.Run file = crawl.trawl("-conf", conf.toString(), "inject", "--crawl", crawl.uri(), "--seeds", seeds.toString());
    assertEquals(2, file.exit());
    assertTrue(file.err().contains("trawl.robots.max-age = '12'") && file.err().contains("12h"), file.err());
    assertTrue(file.err().contains("(from -conf ") && file.err().contains("settings.xml)"), file.err());
    assertFalse(Files.exists(crawl.root()), "nothing written");

    LocalCrawl.Run emr = crawl.trawl("emr", "submit", "--cluster", "j-1", "--crawl", "s3a://b/c", "--jar", "s3://b/j.jar",
        "--rounds", "1", "--first-round", "1", "--time-limit", "45", "--dry-run");
    assertEquals(2, emr.exit());
    assertTrue(emr.err().contains("trawl.round.time-limit = '45'") && emr.err().contains("(from --time-limit)"),
        "refused at submission, not by a step on the cluster: " + emr.err());
  }

  @Test
  void withItsUnitTheSameValueIsRecordedAsGiven() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "http://127.0.0.1:9/\n");
    crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--time-limit", "30s",
        "-D", "trawl.refetch.min-interval=PT12H");
    JsonNode settings = JSON.readTree(crawl.root().resolve("crawl.json").toFile()).path("settings");
    assertEquals("30s", settings.path("trawl.round.time-limit").asText());
    assertEquals("PT12H", settings.path("trawl.refetch.min-interval").asText());
  }

  @Test
  void anOlderCrawlJsonWithABareNumberStillRunsItsRoundsReadingItAsSeconds() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(1, 3, 3)) {
      LocalCrawl crawl = new LocalCrawl(tmp);
      Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", site.graph().homePages()) + "\n");
      crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString(), "--delay", "0.01",
          "--allow-private", "127.0.0.0/8", "--depth", "1");
      // As a crawl recorded before durations needed a unit: "90" meant 90 seconds.
      Path crawlJson = crawl.root().resolve("crawl.json");
      ObjectNode doc = (ObjectNode) JSON.readTree(crawlJson.toFile());
      ((ObjectNode) doc.path("settings")).put("trawl.round.time-limit", "90");
      JSON.writeValue(crawlJson.toFile(), doc);
      Files.delete(crawlJson.resolveSibling(".crawl.json.crc")); // as an older trawl wrote it, not this one
      byte[] recorded = Files.readAllBytes(crawlJson);

      crawl.ok("crawl", "--crawl", crawl.uri());
      JsonNode summary = JSON.readTree(crawl.root().resolve("rounds/0001.json").toFile());
      assertEquals(90.0, summary.path("bounds").path("time_limit_seconds").asDouble(), summary.path("bounds").toString());
      assertArrayEquals(recorded, Files.readAllBytes(crawlJson), "crawl.json is read, not rewritten");

      LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
      assertTrue(status.out().contains("90s"), "status shows the value as it is read:\n" + status.out());
    }
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }
}
