package dev.trawl.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FetchListsTest {

  @Test
  void isStableAcrossReleasesAndJvms() {
    // Seed batches and frontiers written by an earlier run must keep meaning the same hosts.
    // String.hashCode is specified by the JLS, so these values must never change.
    assertEquals(1, FetchLists.hash("example.com", 2));
    assertEquals(1, FetchLists.hash("example.com", 4));
    assertEquals(0, FetchLists.hash("example.com", 7));
    assertEquals(4, FetchLists.hash("www.example.org", 7));
    assertEquals(5, FetchLists.hash("127.0.0.1", 7));
  }

  @Test
  void isInRangeForEveryHostAndListCount() {
    // "polygenelubricants".hashCode() is Integer.MIN_VALUE: a naive Math.abs would give a negative list.
    List<String> hosts = List.of("polygenelubricants", "example.com", "a", "", "xn--bcher-kva.de", "127.0.0.1",
        "very-long-host-name-with-many-labels.sub.domain.example.co.uk");
    for (int lists = 1; lists <= 17; lists++) {
      for (String host : hosts) {
        int list = FetchLists.hash(host, lists);
        assertTrue(list >= 0 && list < lists, host + " in " + lists + " lists -> " + list);
      }
      for (int i = 0; i < 1000; i++) {
        int list = FetchLists.hash("host" + i + ".example", lists);
        assertTrue(list >= 0 && list < lists, "host" + i + " -> " + list);
      }
    }
  }

  @Test
  void oneListHoldsEverything() {
    assertEquals(0, FetchLists.hash("example.com", 1));
    assertEquals(0, FetchLists.hash("polygenelubricants", 1));
  }

  @Test
  void everyUrlOfAHostGoesToTheSameList() {
    List<String> urls = List.of("http://Example.com/", "https://example.com/a/b?c=d", "http://example.com:8080/x",
        "http://EXAMPLE.COM/other#frag");
    int expected = FetchLists.hash("example.com", 4);
    for (String url : urls) {
      assertEquals(expected, FetchLists.hash(Urls.host(Urls.normalise(url)), 4), url);
    }
  }

  @Test
  void theHostsOfOneRegisteredDomainShareAListUnlessPlacedByName() {
    FetchLists hashed = FetchLists.hashed(7);
    int list = hashed.of("example.co.uk");
    for (String host : List.of("www.example.co.uk", "shop.example.co.uk", "a.b.example.co.uk")) {
      assertEquals(list, hashed.of(host), host + " with example.co.uk: one task's politeness covers them");
    }
    long lists = java.util.stream.IntStream.range(0, 200).map(i -> hashed.of("site" + i + ".github.io")).distinct().count();
    assertEquals(7, lists, "each *.github.io site is a registered domain of its own (the list's private section), spread out");
    int[] buckets = new int[FetchLists.buckets(7)];
    for (int b = 0; b < buckets.length; b++) {
      buckets[b] = b % 7;
    }
    FetchLists placed = new FetchLists(7, buckets, java.util.Map.of("big.example.co.uk", (list + 1) % 7));
    assertEquals((list + 1) % 7, placed.of("big.example.co.uk"), "a host heavy enough to be placed by name goes where placed");
    assertEquals(list, placed.of("www.example.co.uk"));
  }

  @Test
  void spreadsManyHostsOverAllLists() {
    int lists = 4;
    int[] counts = new int[lists];
    for (int i = 0; i < 1000; i++) {
      counts[FetchLists.hash("site" + i + ".example.net", lists)]++;
    }
    for (int k = 0; k < lists; k++) {
      assertTrue(counts[k] > 150, "list " + k + " got only " + counts[k] + " of 1000 hosts");
    }
  }

  @Test
  void placedHostsOverrideTheHashAndSurviveTheFile() throws Exception {
    String host = "big.example";
    int other = (FetchLists.hash(host, 4) + 1) % 4;
    int[] buckets = new int[FetchLists.buckets(4)];
    buckets[FetchLists.bucket("small.example", 4)] = 3;
    FetchLists layout = new FetchLists(4, buckets, java.util.Map.of(host, other));
    assertEquals(other, layout.of(host));
    assertEquals(3, layout.of("small.example"));

    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    layout.write(file);
    assertEquals(layout, FetchLists.read(new java.io.ByteArrayInputStream(file.toByteArray())));
  }

  @Test
  void refusesAPlacementOutsideItsLists() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new FetchLists(2, new int[FetchLists.buckets(2)], java.util.Map.of("a.example", 2)));
    assertTrue(e.getMessage().contains("a.example"), e.getMessage());
  }
}
