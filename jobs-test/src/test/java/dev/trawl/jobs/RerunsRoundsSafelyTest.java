package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-running a round is safe: a finished round is left alone unless forced, a forced or
 * interrupted round gives the same records again, and earlier rounds are never touched.
 */
class RerunsRoundsSafelyTest {
  @TempDir
  Path tmp;

  @Test
  void finishedForcedAndInterruptedRoundsGiveTheSameRecords() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(2, 25, 5)) {
      LocalCrawl crawl = new LocalCrawl(tmp);
      Path seeds = crawl.writeSeeds("seeds.txt", String.join("\n", site.graph().homePages()));
      crawl.crawl(seeds, "--depth", "2");
      Map<String, byte[]> round1 = files(crawl.root(), "round=0001");
      String records = crawl.records(2);
      Map<String, byte[]> round2 = files(crawl.root(), "round=0002");
      int served = site.requests().size();

      // A finished round is not run again without --force.
      LocalCrawl.Run again = crawl.ok("round", "--crawl", crawl.uri(), "--round", "2");
      assertTrue(again.out().contains("already finished"), again.out());
      assertEquals(served, site.requests().size(), "nothing fetched");
      assertSameFiles(round2, files(crawl.root(), "round=0002"));

      // Forced: fetched again, the same records.
      LocalCrawl.Run forced = crawl.ok("round", "--crawl", crawl.uri(), "--round", "2", "--force");
      assertTrue(site.requests().size() > served, "the forced round fetched again");
      assertEquals(records, crawl.records(2));

      // Earlier rounds cannot be forced: later rounds are built on them.
      LocalCrawl.Run refused = crawl.trawl("round", "--crawl", crawl.uri(), "--round", "1", "--force");
      assertNotEquals(0, refused.exit());
      assertTrue(refused.err().contains("only the last finished round"), refused.err());

      // Interrupted: the round's summary never written, a folder uncommitted, a stray partial file.
      Files.delete(crawl.root().resolve("rounds/0002.json"));
      Files.delete(crawl.root().resolve("manifest/round=0002/_SUCCESS"));
      Files.writeString(crawl.root().resolve("manifest/round=0002/part-r-00009.avro"), "half a file");
      LocalCrawl.Run resumed = crawl.ok("crawl", "--crawl", crawl.uri());
      assertTrue(resumed.out().contains("round 2:"), "round 2 ran again: " + resumed.out());
      assertFalse(Files.exists(crawl.root().resolve("manifest/round=0002/part-r-00009.avro")));
      assertEquals(records, crawl.records(2));

      assertSameFiles(round1, files(crawl.root(), "round=0001"));
    }
  }

  private static Map<String, byte[]> files(Path root, String round) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).filter(p -> p.toString().contains(round)).toList()) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }

  private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
  }
}
