package dev.trawl.reducers.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.schema.DigestEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlUpdate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

class DigestGroupTest {
  private static final String DIGEST = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

  private static UrlUpdate capture(String url) {
    return UrlUpdate.newBuilder().setFetched(ManifestRecord.newBuilder().setUrl(url).setHost("example.org").setDepth(1)
        .setFetchTime(0).setStatus(FetchStatus.fetched).setDigest(DIGEST).setContentLength(10L).build()).build();
  }

  /** The keys' sort order is what brings the canonical capture first: sort them as the shuffle does. */
  private static List<String> shuffled(List<String> keys) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort((a, b) -> new Text(a).compareTo(new Text(b)));
    return sorted;
  }

  @Test
  void theShortestUrlOfTheRoundIsCanonicalAndTheOthersPointToIt() {
    List<String> urls = List.of("http://example.org/page/3?ref=home", "http://example.org/page/3", "http://example.org/p3?xyz=1");
    List<String> order = new ArrayList<>();
    for (String key : shuffled(urls.stream().map(u -> DigestKeys.captureKey(DIGEST, u)).toList())) {
      order.add(key.substring(key.indexOf("http")));
    }
    DigestGroup group = new DigestGroup(DIGEST);
    List<ManifestRecord> out = new ArrayList<>();
    for (String url : order) {
      out.add(group.add(capture(url)));
    }
    assertEquals("http://example.org/page/3", out.get(0).getUrl(), "shortest first");
    assertNull(out.get(0).getDuplicateOf());
    assertEquals("http://example.org/page/3", out.get(1).getDuplicateOf());
    assertEquals("http://example.org/page/3", out.get(2).getDuplicateOf());
    assertEquals(2, group.duplicates());
    assertEquals(DigestEntry.newBuilder().setDigest(DIGEST).setUrl("http://example.org/page/3").build(), group.entry());
  }

  @Test
  void anEarlierRoundsCaptureStaysCanonicalEvenIfLonger() {
    List<String> keys = shuffled(List.of(DigestKeys.captureKey(DIGEST, "http://example.org/a"), DigestKeys.indexKey(DIGEST)));
    assertEquals(DigestKeys.indexKey(DIGEST), keys.get(0), "the index entry sorts before every capture");
    DigestGroup group = new DigestGroup(DIGEST);
    assertNull(group.add(UrlUpdate.newBuilder().setCanonical(DigestEntry.newBuilder().setDigest(DIGEST).setUrl("http://example.org/longer-url").build()).build()));
    assertEquals("http://example.org/longer-url", group.add(capture("http://example.org/a")).getDuplicateOf());
    assertNull(group.add(capture("http://example.org/longer-url")).getDuplicateOf(), "refetching the canonical URL is no duplicate");
    assertEquals("http://example.org/longer-url", group.entry().getUrl());
  }

  @Test
  void groupingJoinsADigestsKeysAndKeepsUrlKeysApart() throws Exception {
    DigestGrouping grouping = new DigestGrouping();
    assertEquals(0, compareRaw(grouping, DigestKeys.indexKey(DIGEST), DigestKeys.captureKey(DIGEST, "http://example.org/x")));
    assertTrue(compareRaw(grouping, DigestKeys.captureKey(DIGEST, "http://a/"), DigestKeys.captureKey(DIGEST.replace('A', 'B'), "http://a/")) < 0);
    assertTrue(compareRaw(grouping, "http://example.org/a", "http://example.org/a?b") != 0);
    assertEquals(0, compareRaw(grouping, "http://example.org/a", "http://example.org/a"));
    assertEquals(0, grouping.compare(new Text(DigestKeys.indexKey(DIGEST)), new Text(DigestKeys.captureKey(DIGEST, "http://a/"))));
  }

  private static int compareRaw(DigestGrouping g, String a, String b) throws Exception {
    DataOutputBuffer x = new DataOutputBuffer();
    new Text(a).write(x);
    DataOutputBuffer y = new DataOutputBuffer();
    new Text(b).write(y);
    return g.compare(x.getData(), 0, x.getLength(), y.getData(), 0, y.getLength());
  }
}
