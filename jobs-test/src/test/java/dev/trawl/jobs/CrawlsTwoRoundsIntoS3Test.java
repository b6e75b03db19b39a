package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.testsupport.LoopbackS3;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EMR user's story without EMR: the whole crawl lives on S3. An S3 endpoint on loopback (s3proxy
 * in its own JVM), a two-round crawl of the loopback site into s3a://, then the same checks as the
 * local crawl, reading everything back through S3. Then S3 dies in the middle of a round: the round
 * fails saying so, earlier rounds are intact, and once S3 is back the same command completes the
 * round with the same records.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlsTwoRoundsIntoS3Test {
  private static final double DELAY_SECONDS = 0.2;
  private static final int ROUNDS = 2;
  private static final String BUCKET = "crawls";

  @TempDir
  static Path tmp;
  private LoopbackS3 s3;
  private LoopbackSite site;
  private SiteGraph graph;
  private CrawlOnS3 crawl;
  private List<String> seeds;
  private Path seedFile;
  private List<LoopbackSite.Request> requests;

  @BeforeAll
  void crawlTheSiteIntoS3() throws Exception {
    s3 = LoopbackS3.start(tmp.resolve("s3"));
    s3.createBucket(BUCKET);
    site = LoopbackSite.start(3, 30, 11);
    graph = site.graph();
    seeds = List.of(graph.url(0, "/"), graph.url(1, "/"));
    seedFile = tmp.resolve("seeds.txt");
    java.nio.file.Files.writeString(seedFile, String.join("\n", seeds) + "\n");
    // The default committer (magic): tasks upload straight to S3, completed at job commit.
    crawl = new CrawlOnS3(s3, tmp.resolve("a"), "s3a://" + BUCKET + "/crawls/a");
    LocalCrawl.Run run = crawl.trawl("crawl", "--crawl", crawl.uri(), "--seeds", seedFile.toString(),
        "--depth", Integer.toString(ROUNDS), "--delay", Double.toString(DELAY_SECONDS), "--allow-private", "127.0.0.0/8");
    assertEquals(0, run.exit(), run.err());
    requests = site.requests();
  }

  @AfterAll
  void stop() throws Exception {
    site.close();
    s3.close();
  }

  @Test
  void eachRoundFetchesExactlyTheNextBreadthFirstLayer() throws Exception {
    SiteCrawlChecks.assertEachRoundFetchedTheNextLayer(crawl, graph, seeds, ROUNDS);
  }

  @Test
  void noUrlIsFetchedTwiceAndTheCrawlDbKnowsEveryUrl() throws Exception {
    SiteCrawlChecks.assertNoUrlFetchedTwiceAndTheCrawlDbKnowsEveryUrl(crawl, ROUNDS);
  }

  @Test
  void everyWarcPointerReadsBackItsResponseThroughS3() throws Exception {
    SiteCrawlChecks.assertEveryWarcPointerReadsBackItsResponse(crawl, ROUNDS, 6);
  }

  @Test
  void robotsIsObeyedScopeHoldsAndRequestsToOneHostAreTheDelayApart() {
    String unseeded = graph.hosts().get(2);
    for (LoopbackSite.Request r : requests) {
      assertFalse(r.path().startsWith("/private/"), "robots.txt forbids " + r.path());
      assertNotEquals(unseeded, r.host(), "out of scope: " + r.path());
    }
    long minGap = TimeUnit.MILLISECONDS.toNanos((long) (DELAY_SECONDS * 1000) - 5);
    Map<String, List<LoopbackSite.Request>> byHost = requests.stream().collect(Collectors.groupingBy(LoopbackSite.Request::host));
    for (List<LoopbackSite.Request> host : byHost.values()) {
      List<LoopbackSite.Request> sorted = host.stream().sorted(Comparator.comparingLong(LoopbackSite.Request::startNanos)).toList();
      assertEquals("/robots.txt", sorted.get(0).path());
      for (int i = 1; i < sorted.size(); i++) {
        // Start to start: the server marks a request's end late when this 2-core machine is busy,
        // which would make an end-to-start gap look short; start to start is at least the delay.
        long gap = sorted.get(i).startNanos() - sorted.get(i - 1).startNanos();
        assertTrue(gap >= minGap, "only " + gap / 1_000_000 + " ms before " + sorted.get(i).path());
      }
    }
  }

  @Test
  void theLayoutIsWhatTheDesignSaysWithNoCommitterLeftovers() throws Exception {
    for (int r = 1; r <= ROUNDS; r++) {
      String folder = String.format("round=%04d", r);
      for (String kind : List.of("crawldb", "manifest", "warc", "logs")) {
        assertTrue(crawl.exists(kind + "/" + folder + "/_SUCCESS"), kind + "/" + folder);
      }
      assertTrue(crawl.exists(String.format("frontier/round=%04d/_SUCCESS", r + 1)));
      assertTrue(crawl.exists(String.format("rounds/%04d.json", r)));
      assertTrue(crawl.exists(String.format("logs/round=%04d/fetch-00000.log", r)));
      assertTrue(crawl.readString(String.format("logs/round=%04d/fetch-00000.log", r)).contains(" END "));
    }
    assertTrue(crawl.exists("crawl.json"));
    for (String name : crawl.objects().keySet()) {
      assertFalse(name.startsWith("__magic") || name.startsWith("_temporary") || name.contains("/_temporary"),
          "a job leftover at the crawl root: " + name);
      assertFalse(name.contains("-" + "attempt_"), "a task attempt's name leaked into " + name);
    }
  }

  /**
   * The directory committer this time, so the crawl also shows that both S3A committers give the
   * same records. S3 is killed while round 2 is fetching.
   */
  @Test
  void aRoundCutOffFromS3FailsClearlyKeepsEarlierRoundsAndRerunsToTheSameRecords() throws Exception {
    CrawlOnS3 cut = new CrawlOnS3(s3, tmp.resolve("b"), "s3a://" + BUCKET + "/crawls/b")
        .with("trawl.s3.committer", "directory");
    String[] settings = {"--delay", Double.toString(DELAY_SECONDS), "--allow-private", "127.0.0.0/8"};
    assertEquals(0, cut.trawl(concat(new String[] {"inject", "--crawl", cut.uri(), "--seeds", seedFile.toString()}, settings)).exit());
    LocalCrawl.Run first = cut.trawl(concat(new String[] {"round", "--crawl", cut.uri()}, settings));
    assertEquals(0, first.exit(), first.err());
    Map<String, String> round1 = checksums(cut, "round=0001");
    assertEquals(records(crawl, 1), records(cut, 1), "both committers write the same round 1");

    int before = site.requests().size();
    CompletableFuture<LocalCrawl.Run> second = CompletableFuture.supplyAsync(() -> {
      try {
        return cut.trawl(concat(new String[] {"round", "--crawl", cut.uri()}, settings));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.currentTimeMillis() + 60_000;
    while (site.requests().size() < before + 3 && System.currentTimeMillis() < deadline && !second.isDone()) {
      Thread.sleep(20);
    }
    assertFalse(second.isDone(), "round 2 should still be fetching when S3 goes away");
    s3.kill();
    LocalCrawl.Run failed = second.get(3, TimeUnit.MINUTES);
    assertNotEquals(0, failed.exit(), failed.out());
    assertTrue(failed.err().contains("round 2 failed"), failed.err());
    assertTrue(failed.err().contains("cannot reach S3 at " + s3.endpoint()), failed.err());
    assertTrue(failed.err().contains("run the same command again"), failed.err());

    s3.restart();
    assertEquals(round1, checksums(cut, "round=0001"), "round 1 is untouched");
    assertFalse(cut.exists("rounds/0002.json"), "round 2 did not finish");
    for (String name : cut.objects().keySet()) {
      boolean round2 = name.contains("round=0002") && !name.startsWith("frontier/") || name.startsWith("frontier/round=0003");
      assertFalse(round2, "visible after a failed round: " + name);
    }

    LocalCrawl.Run rerun = cut.trawl(concat(new String[] {"round", "--crawl", cut.uri()}, settings));
    assertEquals(0, rerun.exit(), rerun.err());
    assertEquals(records(crawl, 2), records(cut, 2), "the re-run round gives the records of an uninterrupted one");
    assertEquals(round1, checksums(cut, "round=0001"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Round {@code r}'s manifest, crawl db and next frontier, without what differs between fetches of the same site. */
  private static String records(CrawlOnS3 crawl, int r) throws Exception {
    String round = String.format("round=%04d", r);
    Set<String> manifest = crawl.read("manifest/" + round, ManifestRecord.class).stream()
        .map(m -> LocalCrawl.sameInEveryRun(m).toString())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> db = crawl.read("crawldb/" + round, CrawlDbEntry.class).stream()
        .map(e -> LocalCrawl.sameInEveryRun(e).toString())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> frontier = crawl.read(String.format("frontier/round=%04d", r + 1), FrontierEntry.class).stream()
        .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
    assertFalse(manifest.isEmpty());
    return manifest + "\n" + db + "\n" + frontier;
  }

  private static Map<String, String> checksums(CrawlOnS3 crawl, String round) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    for (Map.Entry<String, Long> o : crawl.objects().entrySet()) {
      if (o.getKey().contains(round)) {
        byte[] bytes = crawl.slice(o.getKey(), 0, o.getValue().intValue());
        sums.put(o.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      }
    }
    assertFalse(sums.isEmpty(), "no files of " + round);
    return sums;
  }
}
