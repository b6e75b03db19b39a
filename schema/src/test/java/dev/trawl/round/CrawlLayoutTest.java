package dev.trawl.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.CrawlLayout.RoundFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crawl root's names as DESIGN.md gives them, and as Hive, the manifest and older crawls rely on. */
class CrawlLayoutTest {
  @TempDir
  Path tmp;

  @Test
  void roundFoldersAreHivePartitionsWithFourDigitsThatSortInRoundOrder() {
    assertEquals("round=0001", CrawlLayout.roundFolder(1));
    assertEquals("round=0042", CrawlLayout.roundFolder(42));
    assertEquals("round=12345", CrawlLayout.roundFolder(12345), "more rounds widen the number, never truncate it");
    assertTrue(CrawlLayout.roundFolder(9).compareTo(CrawlLayout.roundFolder(10)) < 0);
    assertTrue(CrawlLayout.roundFolder(99).compareTo(CrawlLayout.roundFolder(100)) < 0);
    assertEquals(OptionalInt.of(12345), CrawlLayout.roundOf("round=12345"));
    assertEquals(OptionalInt.empty(), CrawlLayout.roundOf("round=0003.tmp"));
  }

  @Test
  void everyRoundFolderIsItsKindAndTheRoundThatWritesIt() {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("s3a://bucket/crawls/c1");
    CrawlLayout layout = new CrawlLayout(root);
    assertEquals("s3a://bucket/crawls/c1/crawldb/round=0003", layout.folder(RoundFolder.CRAWL_DB, 3).toString());
    assertEquals("s3a://bucket/crawls/c1/manifest-parquet/round=0003", layout.folder(RoundFolder.MANIFEST_PARQUET, 3).toString());
    assertEquals("s3a://bucket/crawls/c1/rounds/0003.json", layout.summary(3).toString());
    assertEquals(OptionalInt.of(3), CrawlLayout.summaryRound(layout.summary(3).getName()));
    assertEquals(2, RoundFolder.FRONTIER.writtenBy(3), "round 2 writes the frontier round 3 fetches");
    assertEquals(3, RoundFolder.WARC.writtenBy(3));
  }

  @Test
  void fetchTaskFilesAreNamedForTheirListSoManifestPointersStayValid() {
    // Manifest records written by earlier rounds point at these names: they never change.
    assertEquals("warc/round=0002/fetch-00007.warc.gz", CrawlLayout.warcFile(2, 7));
    assertEquals("warc/round=0002/fetch-00007.attempt1.warc.gz", CrawlLayout.warcFile(2, 7, 1));
    assertEquals("logs/round=0002/fetch-00007.log", CrawlLayout.activityLog(2, 7));
    assertEquals("logs/round=0002/fetch-00007.stats.json", CrawlLayout.taskFigures(2, 7));
    assertEquals("part-r-00007.avro", CrawlLayout.reducerFile(7));
    assertEquals(OptionalInt.of(7), CrawlLayout.listNumber(CrawlLayout.reducerFile(7)));
    assertEquals(OptionalInt.of(7), CrawlLayout.listNumber(CrawlLayout.listFile(7)), "a seed batch's list file");
    assertEquals(OptionalInt.empty(), CrawlLayout.listNumber(CrawlLayout.FETCH_LISTS));
  }

  @Test
  void seedHostsAreEveryBatchsHostsAndABatchWithoutTheFileAddsNone() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("seeds/batch=1"));
    Path b = Files.createDirectories(tmp.resolve("seeds/batch=2"));
    Path handMade = Files.createDirectories(tmp.resolve("seeds/batch=3"));
    Files.writeString(a.resolve(CrawlLayout.SEED_HOSTS), "example.org\n  docs.example.org \n\n");
    Files.writeString(b.resolve(CrawlLayout.SEED_HOSTS), "example.org\nexample.net\n");
    Set<String> hosts = CrawlLayout.seedHosts(List.of(a, b, handMade).stream()
        .map(p -> new org.apache.hadoop.fs.Path(p.toUri())).toList(), new Configuration());
    assertEquals(Set.of("example.org", "docs.example.org", "example.net"), hosts);
  }
}
