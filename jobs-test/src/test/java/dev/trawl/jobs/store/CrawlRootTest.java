package dev.trawl.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crawl.json is replaced atomically, and a replacement a kill interrupted is finished, never lost. */
class CrawlRootTest {
  @TempDir
  Path dir;

  private CrawlRoot root(Configuration conf) throws Exception {
    return new CrawlRoot(dir.toUri().toString(), conf);
  }

  @Test
  void aCrawlKilledBetweenRemovingAndRenamingCrawlJsonIsStillACrawl() throws Exception {
    Configuration conf = new Configuration();
    conf.set("trawl.bounds.depth", "3");
    root(conf).loadSettings(conf);
    Path crawlJson = dir.resolve("crawl.json");
    String written = Files.readString(crawlJson, StandardCharsets.UTF_8);
    // What a kill leaves after the new crawl.json was made whole and the old one removed.
    Files.move(crawlJson, dir.resolve(".crawl.json.next"));

    root(new Configuration()).requireExisting();
    assertEquals(written, Files.readString(crawlJson, StandardCharsets.UTF_8), "the new document, whole");
    assertFalse(Files.exists(dir.resolve(".crawl.json.next")));
    Configuration again = new Configuration();
    root(again).loadSettings(again);
    assertEquals("3", again.get("trawl.bounds.depth"), "the crawl keeps its settings");
  }

  @Test
  void aHalfWrittenReplacementLeavesTheOldCrawlJsonInForce() throws Exception {
    Configuration conf = new Configuration();
    conf.set("trawl.bounds.depth", "3");
    root(conf).loadSettings(conf);
    Files.writeString(dir.resolve(".crawl.json.partial"), "{\"settings\": {\"trawl.bou", StandardCharsets.UTF_8);
    Configuration again = new Configuration();
    root(again).loadSettings(again);
    assertEquals("3", again.get("trawl.bounds.depth"));
  }

  @Test
  void replacingADocumentLeavesNothingBesideIt() throws Exception {
    CrawlRoot root = root(new Configuration());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "doc.json");
    root.writeJson(file, Map.of("v", 1));
    root.writeJson(file, Map.of("v", 2));
    assertTrue(Files.readString(dir.resolve("doc.json")).contains("2"));
    try (var files = Files.list(dir)) {
      assertEquals(java.util.List.of(), files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".partial") || n.endsWith(".next")).toList(), "no half-done update left");
    }
  }
}
