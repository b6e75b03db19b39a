package dev.trawl.jobs.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.jobs.store.CrawlRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A round keeps exactly the WARC files its manifest points into when a fetch task ran more than once. */
class WarcAttemptsTest {
  @TempDir
  Path dir;

  private Path warc(String... files) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("warc/round=0003"));
    for (String f : files) {
      Files.writeString(folder.resolve(f), f);
    }
    return folder;
  }

  private void pointed(int reducer, String... files) throws IOException {
    Path lists = Files.createDirectories(dir.resolve("warc/round=0003/_pointed"));
    StringBuilder text = new StringBuilder();
    for (String f : files) {
      text.append("warc/round=0003/").append(f).append('\n');
    }
    Files.writeString(lists.resolve(String.format("part-r-%05d.txt", reducer)), text);
  }

  private List<String> left(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void keepsEachAttemptsFileThatSomeReducerPointsInto() throws Exception {
    Path folder = warc("fetch-00000.warc.gz", "fetch-00000.attempt1.warc.gz", "fetch-00001.warc.gz",
        "fetch-00001.attempt1.warc.gz", "fetch-00002.attempt2.warc.gz");
    Path wet = Files.createDirectories(dir.resolve("wet/round=0003"));
    Files.writeString(wet.resolve("fetch-00000.warc.wet.gz"), "texts");
    Files.writeString(wet.resolve("fetch-00000.attempt1.warc.wet.gz"), "texts");
    // Both reducers copied list 0's first attempt before its node was lost; for list 1 one reducer
    // copied the first attempt and the other the second; list 2's first two attempts were killed
    // before writing a record.
    pointed(0, "fetch-00000.warc.gz", "fetch-00001.warc.gz", "fetch-00002.attempt2.warc.gz");
    pointed(1, "fetch-00000.warc.gz", "fetch-00001.attempt1.warc.gz");

    List<String> removed = WarcAttempts.keepPointed(new CrawlRoot(dir.toUri().toString(), new Configuration()), 3);

    assertEquals(List.of("fetch-00000.attempt1.warc.gz"), removed);
    assertEquals(List.of("fetch-00000.warc.wet.gz"), left(dir.resolve("wet/round=0003")), "its WET file goes with it");
    assertEquals(List.of("fetch-00000.warc.gz", "fetch-00001.attempt1.warc.gz", "fetch-00001.warc.gz",
        "fetch-00002.attempt2.warc.gz"), left(folder), "the reducers' lists go too, once read");
  }

  @Test
  void aRoundWhoseTasksEachRanOnceKeepsEveryFile() throws Exception {
    Path folder = warc("fetch-00000.warc.gz", "fetch-00001.warc.gz");
    pointed(0, "fetch-00000.warc.gz");

    assertEquals(List.of(), WarcAttempts.keepPointed(new CrawlRoot(dir.toUri().toString(), new Configuration()), 3));
    assertEquals(List.of("fetch-00000.warc.gz", "fetch-00001.warc.gz"), left(folder),
        "list 1 fetched nothing that reached the manifest, and its file is still the round's");
  }

  @Test
  void withoutTheReducersListsNothingIsRemoved() throws Exception {
    Path folder = warc("fetch-00000.warc.gz", "fetch-00000.attempt1.warc.gz");

    IOException e = assertThrows(IOException.class,
        () -> WarcAttempts.keepPointed(new CrawlRoot(dir.toUri().toString(), new Configuration()), 3));

    assertTrue(e.getMessage().contains("_pointed is missing") && e.getMessage().contains("--force"), e.getMessage());
    assertEquals(List.of("fetch-00000.attempt1.warc.gz", "fetch-00000.warc.gz"), left(folder));
    assertFalse(Files.exists(folder.resolve("_pointed")));
  }
}
