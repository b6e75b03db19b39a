package dev.trawl.mappers.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.MapFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter against a real digest index: MapFile parts written as the round's reducers write them. */
class DuplicateFilterTest {
  @TempDir
  Path tmp;

  private final List<ManifestRecord> records = new ArrayList<>();
  private final List<List<FrontierEntry>> links = new ArrayList<>();
  private final Map<RoundCounter, Long> counters = new EnumMap<>(RoundCounter.class);

  private final FetchSink sink = new FetchSink() {
    @Override public void fetched(ManifestRecord record, List<FrontierEntry> discovered) { records.add(record); links.add(discovered); }
    @Override public void discovered(List<FrontierEntry> entries) { }
    @Override public void carried(FrontierEntry entry) { }
    @Override public void robots(dev.trawl.schema.RobotsEntry entry) { }
    @Override public void count(RoundCounter counter, long amount) { counters.merge(counter, amount, Long::sum); }
    @Override public void count(FetchStatus status) { }
  };

  private static String digest(int n) {
    return "sha1:" + String.format("%032d", n).replace('0', 'A').replace('1', 'B').replace('2', 'C').replace('3', 'D');
  }

  /** Writes an index of {@code parts} parts holding digest(n) -> http://old.example/n for the given n. */
  private org.apache.hadoop.fs.Path index(int parts, int... ns) throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.toUri().toString(), "digests/round=0001");
    List<TreeMap<String, String>> byPart = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      byPart.add(new TreeMap<>());
    }
    for (int n : ns) {
      byPart.get(DigestKeys.partition(digest(n), parts)).put(digest(n), "http://old.example/" + n);
    }
    for (int p = 0; p < parts; p++) {
      try (MapFile.Writer w = new MapFile.Writer(conf, new org.apache.hadoop.fs.Path(dir, String.format("part-r-%05d", p)),
          MapFile.Writer.keyClass(Text.class), MapFile.Writer.valueClass(Text.class))) {
        for (Map.Entry<String, String> e : byPart.get(p).entrySet()) {
          w.append(new Text(e.getKey()), new Text(e.getValue()));
        }
      }
    }
    return dir;
  }

  private static ManifestRecord page(String url, String digest) {
    return ManifestRecord.newBuilder().setUrl(url).setHost("new.example").setDepth(1).setFetchTime(0)
        .setStatus(FetchStatus.fetched).setDigest(digest).setContentLength(100L).build();
  }

  private static List<FrontierEntry> twoLinks() {
    return List.of(FrontierEntry.newBuilder().setUrl("http://new.example/a").setHost("new.example").setDepth(2).build(),
        FrontierEntry.newBuilder().setUrl("http://new.example/b").setHost("new.example").setDepth(2).build());
  }

  @Test
  void aBodyAnEarlierRoundHadUnderAnotherUrlIsADuplicateAndItsLinksAreNotFollowed() throws Exception {
    try (DigestIndex index = DigestIndex.open(index(3, 1, 2, 3, 7, 11), new Configuration())) {
      DuplicateFilter filter = new DuplicateFilter(sink, index);
      filter.fetched(page("http://new.example/copy", digest(7)), twoLinks());
      filter.fetched(page("http://new.example/fresh", digest(8)), twoLinks());
      filter.fetched(page("http://old.example/11", digest(11)), twoLinks());
    }
    assertEquals("http://old.example/7", records.get(0).getDuplicateOf());
    assertEquals(List.of(), links.get(0));
    assertNull(records.get(1).getDuplicateOf(), "a body never seen before");
    assertEquals(2, links.get(1).size());
    assertNull(records.get(2).getDuplicateOf(), "the canonical URL fetched again is not its own duplicate");
    assertEquals(2, links.get(2).size());
    assertEquals(2L, counters.get(RoundCounter.DROPPED_DUPLICATE));
  }

  @Test
  void errorPagesAndEmptyBodiesAreNotDeduplicated() throws Exception {
    try (DigestIndex index = DigestIndex.open(index(2, 5), new Configuration())) {
      DuplicateFilter filter = new DuplicateFilter(sink, index);
      filter.fetched(ManifestRecord.newBuilder(page("http://new.example/404", digest(5))).setStatus(FetchStatus.http_error).setHttpStatus(404).build(), List.of());
      filter.fetched(ManifestRecord.newBuilder(page("http://new.example/empty", digest(5))).setContentLength(0L).build(), twoLinks());
    }
    assertNull(records.get(0).getDuplicateOf());
    assertNull(records.get(1).getDuplicateOf());
    assertEquals(2, links.get(1).size());
  }
}
