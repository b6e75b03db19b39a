package dev.trawl.jobs.fetchlist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trawl.settings.TrawlSettings;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class FetchListCountTest {
  private static Configuration conf(String... pairs) {
    Configuration conf = new Configuration(false);
    for (int i = 0; i < pairs.length; i += 2) {
      conf.set(pairs[i], pairs[i + 1]);
    }
    return conf;
  }

  @Test
  void onYarnAutoIsTheMapContainersTheNodesHoldLessTheApplicationMasters() {
    // EMR's m5.xlarge: 12 GB for YARN per node, a 32 MB allocation unit; 3 GB per fetch task (configurations.json).
    Configuration emr = conf("yarn.scheduler.minimum-allocation-mb", "32", "mapreduce.map.memory.mb", "3072",
        "yarn.app.mapreduce.am.resource.mb", "1536");
    FetchListCount three = FetchListCount.ofNodes(new long[] {12288, 12288, 12288}, emr);
    assertEquals(11, three.count());
    assertEquals("auto: YARN's 3 running nodes hold 12 map containers of 3072 MB, less 1 for the application master", three.why());
    long[] ten = new long[10];
    java.util.Arrays.fill(ten, 12288);
    assertEquals(39, FetchListCount.ofNodes(ten, emr).count(), "managed scaling to 10 nodes");
  }

  @Test
  void requestsAreRoundedUpToTheSchedulersAllocationUnitAsYarnGrantsThem() {
    // 1536 MB asked with a 1024 MB unit is a 2048 MB container: 4 per 8 GB node, not 5.
    Configuration c = conf("yarn.scheduler.minimum-allocation-mb", "1024", "mapreduce.map.memory.mb", "1536",
        "yarn.app.mapreduce.am.resource.mb", "3000");
    FetchListCount count = FetchListCount.ofNodes(new long[] {8192, 8192}, c);
    assertEquals(6, count.count(), count.why());
    assertEquals("auto: YARN's 2 running nodes hold 8 map containers of 2048 MB, less 2 for the application master", count.why());
  }

  @Test
  void aClusterTooSmallForAMapBesideTheMasterStillGetsOneList() {
    assertEquals(1, FetchListCount.ofNodes(new long[] {1024}, conf("mapreduce.map.memory.mb", "1024")).count());
    assertEquals(1, FetchListCount.ofNodes(new long[0], conf()).count());
  }

  @Test
  void aGivenCountIsUsedAsGivenAndAutoNeverExceedsTheHosts() throws Exception {
    FetchListCount given = FetchListCount.choose(TrawlSettings.from(conf("trawl.round.fetch-lists", "7")), conf(), 2);
    assertEquals(7, given.count());
    assertEquals("given (trawl.round.fetch-lists=7)", given.why());

    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores, FetchListCount.choose(TrawlSettings.from(conf()), conf(), 1_000_000).count());
    FetchListCount oneHost = FetchListCount.choose(TrawlSettings.from(conf()), conf("mapreduce.framework.name", "local"), 1);
    assertEquals(1, oneHost.count());
    assertEquals(cores == 1 ? "auto: local mode, 1 core" : "auto: local mode, " + cores + " cores, capped at the round's 1 host", oneHost.why());
  }
}
