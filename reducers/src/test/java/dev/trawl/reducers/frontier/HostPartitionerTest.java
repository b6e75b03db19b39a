package dev.trawl.reducers.frontier;

import dev.trawl.round.CrawlLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.url.FetchLists;
import dev.trawl.url.Urls;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

class HostPartitionerTest {
  private final HostPartitioner<Object> partitioner = new HostPartitioner<>();

  @Test
  void everyUrlOfAHostGoesToTheSamePartition() {
    List<String> urls = List.of("http://example.com/", "http://example.com/a/b/c.html", "https://example.com/?q=1",
        "http://example.com:8080/other-port", "http://example.com/" + "x".repeat(500));
    for (int partitions = 1; partitions <= 9; partitions++) {
      Set<Integer> seen = new HashSet<>();
      for (String url : urls) {
        seen.add(partitioner.getPartition(new Text(url), null, partitions));
      }
      assertEquals(1, seen.size(), partitions + " partitions: " + seen);
    }
  }

  @Test
  void partitionIsTheHostsFetchList() {
    // Reducer k writes frontier file k; the fetch task for list k must find exactly its hosts there,
    // the same hosts that inject put in seed batch file k.
    for (int partitions : new int[] {1, 2, 3, 4, 7, 16}) {
      for (int i = 0; i < 300; i++) {
        String host = "h" + i + ".example" + (i % 2 == 0 ? ".org" : "");
        String url = Urls.normalise("http://" + host + "/p" + i);
        assertEquals(FetchLists.hashed(partitions).of(host),
            partitioner.getPartition(new Text(url), "any value", partitions), url);
      }
    }
  }

  @Test
  void theHostsOfOneRegisteredDomainGoToOnePartition() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      seen.add(partitioner.getPartition(new Text("http://h" + i + ".example.org/"), null, 7));
    }
    assertEquals(Set.of(FetchLists.hash("example.org", 7)), seen, "one fetch task's politeness covers example.org");
  }

  @Test
  void partitionIsInRange() {
    for (int partitions = 1; partitions <= 8; partitions++) {
      for (int i = 0; i < 200; i++) {
        int p = partitioner.getPartition(new Text("http://site" + i + ".example/"), null, partitions);
        assertTrue(p >= 0 && p < partitions, "partition " + p + " of " + partitions);
      }
    }
  }

  @Test
  void differentHostsSpreadOverReducers() {
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      used.add(partitioner.getPartition(new Text("http://site" + i + ".example/"), null, 4));
    }
    assertEquals(Set.of(0, 1, 2, 3), used);
  }

  @Test
  void aKeyWithoutHostIsRejected() {
    assertThrows(Urls.BadUrlException.class, () -> partitioner.getPartition(new Text("not-a-url"), null, 2));
  }

  @Test
  void followsTheNextRoundsLayoutWhenGivenOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    int[] buckets = new int[FetchLists.buckets(3)];
    java.util.Arrays.fill(buckets, 2);
    FetchLists layout = new FetchLists(3, buckets, java.util.Map.of("big.example", 0));
    java.nio.file.Path file = tmp.resolve(CrawlLayout.FETCH_LISTS);
    try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
      layout.write(out);
    }
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.set(dev.trawl.round.RoundConf.NEXT_FETCH_LISTS, file.toUri().toString());
    partitioner.setConf(conf);

    assertEquals(0, partitioner.getPartition(new Text("https://big.example/a"), null, 3));
    assertEquals(2, partitioner.getPartition(new Text("http://small.example/"), null, 3));
    IllegalStateException wrong = assertThrows(IllegalStateException.class,
        () -> partitioner.getPartition(new Text("http://small.example/"), null, 4));
    assertTrue(wrong.getMessage().contains("3 fetch lists"), wrong.getMessage());
  }
}
