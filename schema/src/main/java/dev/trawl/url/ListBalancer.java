package dev.trawl.url;

import dev.trawl.schema.HostLoad;
import dev.trawl.settings.TrawlSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Places hosts in fetch lists so that the lists' expected fetch times balance, and no list waits
 * on one host long after the others are done (the straggler).
 *
 * <p>A host's expected time is its pages times its delay: one request in flight per host makes it
 * sequential. Hosts are added one at a time; the heaviest {@link #PLACED_PER_LIST} per list are
 * kept by name, every lighter host only adds its time to its hash bucket (see {@link FetchLists}).
 * Then hosts and buckets alike are placed largest first onto the least loaded list (LPT scheduling,
 * within 4/3 of the best possible, and close to it when items are many and small). So memory and
 * the layout's size are bounded by the number of lists, not of hosts. The result does not depend
 * on the order hosts are added in.
 */
public final class ListBalancer {
  /** Hosts placed explicitly per list; with a Zipf-like skew, the rest weigh little each. */
  public static final int PLACED_PER_LIST = 64;

  /** A host by name, or a bucket of light hosts (host null). */
  private record Weighed(String host, int bucket, long millis) {}

  /** Heavier first; equal weights by host name, then bucket, so the choice is the same whatever the input order. */
  private static final Comparator<Weighed> HEAVIEST_FIRST = Comparator.comparingLong(Weighed::millis).reversed()
      .thenComparing(Weighed::host, Comparator.nullsLast(Comparator.naturalOrder())).thenComparingInt(Weighed::bucket);

  private final int lists;
  private final int capacity;
  private final long[] buckets;
  private final long[] loads;
  private final PriorityQueue<Weighed> heaviest;

  public ListBalancer(int lists) {
    this(lists, PLACED_PER_LIST * lists);
  }

  /** @param capacity how many of the heaviest hosts to place by name (0: buckets only) */
  public ListBalancer(int lists, int capacity) {
    this.lists = lists;
    this.capacity = capacity;
    this.buckets = new long[FetchLists.buckets(lists)];
    this.loads = new long[lists];
    // The lightest of the kept hosts on top, to be let go when a heavier one comes.
    this.heaviest = new PriorityQueue<>(HEAVIEST_FIRST.reversed());
  }

  /**
   * The time a host is expected to take in a round, in milliseconds: its pages (at most the
   * per-host bound) times its delay (the crawl's, or a longer robots.txt Crawl-delay), at most the
   * round's time limit. A host whose Crawl-delay is over the cap is skipped in the round: 0.
   */
  public static long expectedMillis(HostLoad host, TrawlSettings settings) {
    Long crawlDelay = host.getCrawlDelayMs();
    if (crawlDelay != null && crawlDelay > settings.maxCrawlDelayMillis()) {
      return 0;
    }
    long pages = host.getPages();
    if (settings.maxPerHost().isPresent()) {
      pages = Math.min(pages, settings.maxPerHost().getAsInt());
    }
    // A request takes time even with no delay; 1 ms keeps a zero-delay crawl balanced by pages.
    long delay = Math.max(1, Math.max(settings.delayMillis(), crawlDelay == null ? 0 : crawlDelay));
    long millis = pages * delay;
    return settings.timeLimit() == null ? millis : Math.min(millis, settings.timeLimit().toMillis());
  }

  public void add(String host, long expectedMillis) {
    heaviest.add(new Weighed(host, -1, expectedMillis));
    if (heaviest.size() > capacity) {
      Weighed light = heaviest.poll();
      buckets[FetchLists.bucket(light.host(), lists)] += light.millis();
    }
  }

  /** Places kept hosts and buckets, largest first, each onto the list with the least expected time so far. */
  public FetchLists layout() {
    List<Weighed> items = new ArrayList<>(heaviest);
    for (int b = 0; b < buckets.length; b++) {
      items.add(new Weighed(null, b, buckets[b]));
    }
    items.sort(HEAVIEST_FIRST);
    java.util.Arrays.fill(loads, 0);
    int[] bucketLists = new int[buckets.length];
    Map<String, Integer> placed = new LinkedHashMap<>();
    for (Weighed w : items) {
      // Of equally loaded lists, the item's hash list: nothing moves without a reason to.
      int least = w.host() != null ? FetchLists.hash(w.host(), lists) : w.bucket() % lists;
      for (int k = 0; k < lists; k++) {
        if (loads[k] < loads[least]) {
          least = k;
        }
      }
      loads[least] += w.millis();
      if (w.host() != null) {
        placed.put(w.host(), least);
      } else {
        bucketLists[w.bucket()] = least;
      }
    }
    return new FetchLists(lists, bucketLists, placed);
  }

  /** Expected milliseconds per list, once {@link #layout()} has placed the kept hosts. */
  public long[] loads() {
    return loads.clone();
  }
}
