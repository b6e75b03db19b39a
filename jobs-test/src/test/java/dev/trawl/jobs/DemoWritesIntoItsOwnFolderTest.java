package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trawl demo} as a newcomer runs it: by default into a new folder of its own, named first,
 * never the current folder; with --out, into that folder, and never over an earlier demo's crawl.
 */
class DemoWritesIntoItsOwnFolderTest {
  @TempDir
  Path tmp;

  @Test
  void withoutOutItCrawlsIntoANewTempFolderItNamesFirst() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> before = list(cwd);
    LocalCrawl.Run run = new LocalCrawl(tmp).trawl("demo", "--hosts", "1", "--pages", "3", "--rounds", "1");
    Path folder = Path.of(run.out().lines().findFirst().orElseThrow().replaceFirst("^demo folder: ", ""));
    try {
      assertEquals(0, run.exit(), run.err());
      assertTrue(run.out().startsWith("demo folder: "), run.out());
      assertTrue(folder.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()), folder.toString());
      assertTrue(Files.exists(folder.resolve("crawl/rounds/0001.json")), "the crawl is in the folder named");
      assertTrue(run.out().contains("status --crawl file:" + folder.resolve("crawl")),
          "the commands it suggests point there:\n" + run.out());
      assertEquals(before, list(cwd), "nothing written into the current folder");
    } finally {
      if (folder.isAbsolute() && folder.getFileName().toString().startsWith("trawl-demo-")) {
        try (Stream<Path> all = Files.walk(folder)) {
          all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void withOutItUsesThatFolderAndRefusesToRunOverAnEarlierDemo() throws Exception {
    Path out = tmp.resolve("demo");
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run first = crawl.ok("demo", "--out", out.toString(), "--hosts", "1", "--pages", "3", "--rounds", "1");
    assertTrue(first.out().startsWith("demo folder: " + out), first.out());
    byte[] summary = Files.readAllBytes(out.resolve("crawl/rounds/0001.json"));

    LocalCrawl.Run again = crawl.trawl("demo", "--out", out.toString(), "--hosts", "1", "--pages", "3", "--rounds", "1");
    assertEquals(2, again.exit());
    assertTrue(again.err().contains(out + " already holds a crawl") && again.err().contains("give another --out"), again.err());
    assertArrayEquals(summary, Files.readAllBytes(out.resolve("crawl/rounds/0001.json")), "the earlier crawl is untouched");
  }

  private static List<Path> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
