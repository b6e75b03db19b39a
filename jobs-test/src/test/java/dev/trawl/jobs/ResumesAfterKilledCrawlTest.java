package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

/**
 * The crash a user fears: {@code trawl crawl} is killed with SIGKILL in the middle of a round's
 * fetch. Running the same command again resumes, and the crawl ends with exactly the records of a
 * crawl that was never interrupted: no record lost, none twice, every WARC pointer inside a whole file.
 */
class ResumesAfterKilledCrawlTest {
  /** Long enough that round 2's fetch lasts seconds, so the kill lands in the middle of it. */
  private static final String DELAY = "0.3";
  /** Round 2 requests to see before the kill. */
  private static final int ROUND_2_REQUESTS_BEFORE_KILL = 3;

  @TempDir
  Path tmp;

  @Test
  void aCrawlKilledMidFetchEndsWithTheRecordsOfAnUninterruptedOne() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(2, 25, 5)) {
      List<String> seeds = site.graph().homePages();

      LocalCrawl whole = new LocalCrawl(Files.createDirectories(tmp.resolve("whole")));
      LocalCrawl.Run uninterrupted = whole.ok(crawlCommand(whole, seeds));

      LocalCrawl killed = new LocalCrawl(Files.createDirectories(tmp.resolve("killed")));
      int servedBefore = site.requests().size();
      ChildTrawl child = ChildTrawl.start(killed.root().getParent(), "child", List.of(), crawlCommand(killed, seeds));
      try {
        // Depth 2: round 1 fetches robots.txt and the home pages; any other page is round 2's.
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (round2Requests(site, servedBefore) < ROUND_2_REQUESTS_BEFORE_KILL) {
          if (!child.process().isAlive()) {
            fail("the crawl ended before round 2 was fetching (exit " + child.process().exitValue() + "):\n" + child.output());
          }
          if (System.nanoTime() > deadline) {
            fail("round 2 did not start fetching within 120 s:\n" + child.output());
          }
          Thread.sleep(20);
        }
      } finally {
        child.kill();
      }
      assertTrue(Files.exists(killed.root().resolve("rounds/0001.json")), "round 1 finished before the kill");
      assertFalse(Files.exists(killed.root().resolve("rounds/0002.json")), "the kill came before round 2 finished");
      int served = site.requests().size();
      Thread.sleep(1000);
      assertEquals(served, site.requests().size(), "nothing fetches after the kill");

      LocalCrawl.Run status = killed.trawl("status", "--crawl", killed.uri());
      assertEquals(3, status.exit(), status.out());
      assertTrue(status.out().contains("round 2 did not finish"), status.out());
      assertTrue(status.out().contains("trawl crawl --crawl"), status.out());
      assertTrue(status.out().contains("writer: none"), "a killed writer holds nothing: " + status.out());

      // The user runs the same command again: the killed crawl's lease does not stand in its way.
      LocalCrawl.Run resumed = killed.ok(crawlCommand(killed, seeds));
      assertTrue(resumed.err().contains("taking over the writer lease of 'trawl crawl --crawl ")
          && resumed.err().contains("process " + child.pid() + " on ")
          && resumed.err().contains("its process " + child.pid() + " on this machine is gone"), resumed.err());
      assertTrue(resumed.out().contains("round 2:") && !resumed.out().contains("round 1:"), "resumed at round 2: " + resumed.out());

      for (int r = 1; r <= 2; r++) {
        assertEquals(manifest(whole, r), manifest(killed, r), "manifest of round " + r);
        assertEquals(crawlDb(whole, r), crawlDb(killed, r), "crawl db after round " + r);
        assertEquals(frontier(whole, r + 1), frontier(killed, r + 1), "frontier of round " + (r + 1));
      }
      assertTrue(Files.exists(killed.root().resolve("rounds/0002.json")));
      assertFalse(Files.exists(killed.root().resolve("rounds/0003.json")), "the crawl ended where the uninterrupted one did");
      int pointers = assertWarcPointersReadBack(killed);
      // The same WARC files holding the same responses: nothing left over from the killed attempt.
      assertEquals(warcResponses(whole), warcResponses(killed));
      assertTrue(pointers > 5, "enough fetched content to compare: " + pointers);
      assertFalse(Files.exists(killed.root().resolve("_temporary")), "no job leftovers at the root");

      LocalCrawl.Run after = killed.trawl("status", "--crawl", killed.uri());
      assertEquals(0, after.exit(), after.out());
    }
  }

  private static String[] crawlCommand(LocalCrawl crawl, List<String> seeds) throws Exception {
    Path seedFile = crawl.writeSeeds("seeds.txt", String.join("\n", seeds) + "\n");
    return new String[] {"crawl", "--crawl", crawl.uri(), "--seeds", seedFile.toString(), "--depth", "2",
        "--delay", DELAY, "--allow-private", "127.0.0.0/8"};
  }

  private static long round2Requests(LoopbackSite site, int from) {
    List<LoopbackSite.Request> requests = site.requests();
    return requests.subList(from, requests.size()).stream()
        .filter(r -> !r.path().equals("/") && !r.path().equals("/robots.txt")).count();
  }

  /** Round {@code r}'s manifest without what differs between two fetches of the same site; no URL twice. */
  private static Set<String> manifest(LocalCrawl crawl, int r) throws Exception {
    List<ManifestRecord> records = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class);
    Set<String> urls = records.stream().map(ManifestRecord::getUrl).collect(Collectors.toSet());
    assertEquals(records.size(), urls.size(), "one manifest record per URL in round " + r);
    assertFalse(records.isEmpty());
    return records.stream()
        .map(m -> LocalCrawl.sameInEveryRun(m).toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> crawlDb(LocalCrawl crawl, int r) throws Exception {
    return crawl.read(String.format("crawldb/round=%04d", r), CrawlDbEntry.class).stream()
        .map(e -> LocalCrawl.sameInEveryRun(e).toString())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> frontier(LocalCrawl crawl, int r) throws Exception {
    return crawl.read(String.format("frontier/round=%04d", r), FrontierEntry.class).stream()
        .map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every pointer of the manifests reads back its own response with jwarc, inside an existing file. */
  private static int assertWarcPointersReadBack(LocalCrawl crawl) throws Exception {
    int checked = 0;
    for (int r = 1; r <= 2; r++) {
      for (ManifestRecord m : crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class)) {
        if (m.getWarcFile() == null) {
          continue;
        }
        Path file = crawl.root().resolve(m.getWarcFile());
        assertTrue(Files.exists(file), m.getWarcFile());
        assertTrue(m.getWarcOffset() + m.getWarcLength() <= Files.size(file), "pointer of " + m.getUrl() + " inside " + file);
        try (FileChannel ch = FileChannel.open(file)) {
          ch.position(m.getWarcOffset());
          InputStream slice = Channels.newInputStream(ch);
          try (WarcReader reader = new WarcReader(new ByteArrayInputStream(slice.readNBytes(m.getWarcLength().intValue())))) {
            WarcRecord record = reader.next().orElseThrow();
            assertEquals(m.getUrl(), ((WarcResponse) record).target());
            assertEquals(m.getDigest(), ((WarcResponse) record).payloadDigest().orElseThrow().prefixedBase32());
          }
        }
        checked++;
      }
    }
    return checked;
  }

  /**
   * Per WARC file, the targets of its responses (robots.txt included, which has no manifest record).
   * Reading each file to its end also proves it whole: a cut gzip member or record throws.
   */
  private static Map<String, List<String>> warcResponses(LocalCrawl crawl) throws Exception {
    Map<String, List<String>> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(crawl.root().resolve("warc"))) {
      for (Path f : all.filter(p -> p.toString().endsWith(".warc.gz")).toList()) {
        List<String> targets = new ArrayList<>();
        try (WarcReader reader = new WarcReader(f)) {
          for (WarcRecord record : reader) {
            if (record instanceof WarcResponse response) {
              targets.add(response.target());
            }
          }
        }
        targets.sort(null);
        files.put(crawl.root().relativize(f).toString(), targets);
      }
    }
    return files;
  }
}
