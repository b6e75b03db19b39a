package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.testsupport.LoopbackS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.net.URI;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code trawl crawl} commands started together on one crawl root, each in a JVM of its own, as
 * an overlapping cron job or a second terminal starts them: one crawls, the other refuses at once
 * saying who writes the crawl, and nothing is lost or fetched twice. Before the lease both ran rounds
 * 2 and 3, the site was asked for pages twice, and WARC files the manifest pointed into were
 * truncated or gone. On the local file system and on S3 (a loopback S3 endpoint).
 */
class OneWriterPerCrawlRootTest {
  private static final int EXIT_BUSY = 4;

  @TempDir
  Path tmp;

  @Test
  void ofTwoCrawlsStartedTogetherOnALocalRootOneRunsAndTheOtherSaysWhy() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    try (LoopbackSite site = LoopbackSite.start(2, 20, 3)) {
      Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", site.graph().homePages()) + "\n");
      List<ChildTrawl> both = startTogether(crawl.uri(), seeds, 3, List.of());

      // While one writes, readers need no lease: status sees the round running, not a problem.
      awaitWriter(crawl, both);
      LocalCrawl.Run lease = crawl.trawl("lease", "--crawl", crawl.uri());
      assertEquals(0, lease.exit(), lease.err());
      assertTrue(lease.out().startsWith("writer: 'trawl crawl --crawl "), lease.out());
      assertTrue(lease.out().contains("live: commands that write this crawl refuse to start"), lease.out());
      LocalCrawl.Run breaking = crawl.trawl("lease", "--crawl", crawl.uri(), "--break");
      assertEquals(2, breaking.exit(), "a live writer on this machine is stopped, not broken: " + breaking.out());
      assertTrue(breaking.err().contains("is still running on this machine; stop it (kill "), breaking.err());

      assertOneRanAndTheOtherRefused(both);
      LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
      assertEquals(0, status.exit(), "a consistent crawl: every WARC pointer resolves, no round half-written\n" + status.out());
      assertTrue(status.out().contains("writer: none"), status.out());
      assertEachPageFetchedOnceAndRecordedOnce(site, crawl, 3);
      assertTrue(crawl.trawl("lease", "--crawl", crawl.uri()).out().contains("released at"));
    }
  }

  @Test
  void ofTwoCrawlsStartedTogetherOnAnS3RootOneRunsAndTheOtherSaysWhy() throws Exception {
    try (LoopbackS3 s3 = LoopbackS3.start(tmp.resolve("s3"));
         LoopbackSite site = LoopbackSite.start(2, 20, 3)) {
      s3.createBucket("crawls");
      CrawlOnS3 crawl = new CrawlOnS3(s3, tmp, "s3a://crawls/together");
      Path seeds = Files.writeString(tmp.resolve("seeds.txt"), String.join("\n", site.graph().homePages()) + "\n");
      // Two rounds: each round on S3 costs its commits; the lease is taken once, before round 1.
      List<ChildTrawl> both = startTogether(crawl.uri(), seeds, 2, crawl.genericOptions());
      assertOneRanAndTheOtherRefused(both);

      LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
      assertEquals(0, status.exit(), status.out());
      assertTrue(status.out().contains("writer: none"), status.out());
      assertEachPageFetchedOnceAndRecordedOnce(site, crawl, 2);
    }
  }

  private static List<ChildTrawl> startTogether(String root, Path seeds, int depth, List<String> generic) throws Exception {
    String[] command = {"crawl", "--crawl", root, "--seeds", seeds.toString(), "--depth", Integer.toString(depth), "--delay", "0.2",
        "--allow-private", "127.0.0.0/8"};
    Path work = seeds.getParent();
    return List.of(ChildTrawl.start(work, "first", generic, command), ChildTrawl.start(work, "second", generic, command));
  }

  /** Waits until one of the commands holds the lease and is past its start. */
  private static void awaitWriter(LocalCrawl crawl, List<ChildTrawl> both) throws Exception {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.isDirectory(crawl.root().resolve("rounds")) && !Files.isDirectory(crawl.root().resolve("warc"))) {
      if (both.stream().noneMatch(c -> c.process().isAlive())) {
        fail("both commands ended before either wrote a round:\n" + both.get(0).output() + "\n" + both.get(1).output());
      }
      if (System.nanoTime() > deadline) {
        fail("no round started within 120 s");
      }
      Thread.sleep(50);
    }
  }

  /** One exits 0 having crawled; the other exits 4 naming the first's command, process and machine. */
  private static void assertOneRanAndTheOtherRefused(List<ChildTrawl> both) throws Exception {
    int a = both.get(0).exit();
    int b = both.get(1).exit();
    String outputs = "first:\n" + both.get(0).output() + "\nsecond:\n" + both.get(1).output();
    assertTrue((a == 0 && b == EXIT_BUSY) || (a == EXIT_BUSY && b == 0), "exits " + a + " and " + b + "\n" + outputs);
    ChildTrawl winner = a == 0 ? both.get(0) : both.get(1);
    ChildTrawl refused = a == 0 ? both.get(1) : both.get(0);
    String why = refused.output();
    assertTrue(why.contains("another trawl command is writing the crawl at"), why);
    assertTrue(why.contains("'trawl crawl --crawl ") && why.contains("process " + winner.pid() + " on "), why);
    assertTrue(!why.contains("round 1:") && !why.contains("inject:"), "the refused command did nothing: " + why);
    assertTrue(winner.output().contains("crawl done after round"), winner.output());
  }

  /**
   * The site's own log: no page asked for twice; each page asked for has exactly one manifest record
   * with its answer (records without a request, such as links out of scope, are not in the log).
   */
  private static void assertEachPageFetchedOnceAndRecordedOnce(LoopbackSite site, CrawlFiles crawl, int rounds) throws Exception {
    Map<String, Long> asked = site.requests().stream()
        .collect(Collectors.groupingBy(r -> r.host() + r.path(), Collectors.counting()));
    asked.forEach((page, times) -> assertEquals(1L, times, page + " requested " + times + " times"));
    List<ManifestRecord> records = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      records.addAll(crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class));
    }
    Map<String, Long> recorded = records.stream().collect(Collectors.groupingBy(ManifestRecord::getUrl, Collectors.counting()));
    recorded.forEach((url, times) -> assertEquals(1L, times, url + " has " + times + " manifest records"));
    Set<String> answered = records.stream().filter(m -> m.getHttpStatus() != null)
        .map(m -> URI.create(m.getUrl())).map(u -> u.getHost() + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> pages = asked.keySet().stream().filter(p -> !p.endsWith("/robots.txt")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(pages, answered, "one record with an answer per page the site served");
    assertTrue(pages.size() >= 5 * rounds, "enough pages to matter: " + pages.size());
  }
}
