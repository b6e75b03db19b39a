package dev.trawl.reducers.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines come out in byte order, as `LC_ALL=C sort` puts them, also when they exceed the sort's memory. */
class SortedLinesTest {
  @TempDir
  Path tmp;

  @Test
  void sortsMoreLinesThanFitInItsMemoryAsCSortDoes() throws Exception {
    Random random = new Random(7);
    List<String> lines = new ArrayList<>();
    // About 45 MB of SURT-like keys, more than the sort's 16 MB: it merges runs from disk.
    for (int i = 0; i < 300_000; i++) {
      lines.add("org,example" + (char) ('a' + random.nextInt(26)) + ")/p/" + random.nextInt(1_000_000) + " 2026120"
          + random.nextInt(10) + "000000 {\"url\": \"http://ex\u00e9mple/" + "x".repeat(random.nextInt(100)) + "\"}");
    }
    lines.add("com,example)/ 20261201000000 {}");
    lines.add("com,example)/ 20261201000000 {}"); // a duplicate stays
    lines.add("com,example)/Z 20261201000000 {}"); // upper case before lower, as in C order

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SortedLines sorted = new SortedLines(new Configuration(), tmp)) {
      for (String line : lines) {
        sorted.add(line);
      }
      sorted.writeTo(out);
    }

    List<String> expected = new ArrayList<>(lines);
    expected.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(0, left.count(), "the local files are removed");
    }
  }
}
