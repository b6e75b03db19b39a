package dev.trawl.mappers.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.FrontierEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostQueuesTest {
  @TempDir
  Path spillDir;
  private final List<HostQueues> opened = new ArrayList<>();

  private HostQueues queues(long delayMillis, int memoryBudget) {
    HostQueues q = new HostQueues(delayMillis, memoryBudget, spillDir);
    opened.add(q);
    return q;
  }

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "host-queues-test");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopThreads() throws Exception {
    pool.shutdownNow();
    for (HostQueues q : opened) {
      q.close();
    }
  }

  private static FrontierEntry entry(String host, String path) {
    return FrontierEntry.newBuilder().setUrl("http://" + host + path).setHost(host).setDepth(0).setRetries(0).build();
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  private static void assertStillWaiting(Future<?> f) throws Exception {
    try {
      f.get(200, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the call to block, but it returned " + f.get());
    } catch (TimeoutException expected) {
      // still blocked, as it should be
    }
  }

  @Test
  void aHostIsLeasedToOneThreadAtATime() throws Exception {
    HostQueues q = queues(0, 100);
    q.add(entry("a.example", "/1"));
    q.add(entry("a.example", "/2"));
    HostQueues.Host a = q.lease();
    assertEquals("a.example", a.name());
    assertEquals("http://a.example/1", q.poll(a).getUrl());

    Future<HostQueues.Host> second = pool.submit(q::lease);
    assertStillWaiting(second);

    q.release(a, a.delayMillis(), System.nanoTime());
    HostQueues.Host again = second.get(2, TimeUnit.SECONDS);
    assertEquals("a.example", again.name());
    assertEquals("http://a.example/2", q.poll(again).getUrl(), "URLs of a host come in the order they were added");
  }

  @Test
  void aHostIsLeasedAgainOnlyAfterItsDelayHasPassedSinceRelease() throws Exception {
    HostQueues q = queues(150, 100);
    q.add(entry("a.example", "/1"));
    q.add(entry("a.example", "/2"));
    HostQueues.Host a = q.lease();
    q.poll(a);
    long released = System.nanoTime();
    q.release(a, a.delayMillis(), System.nanoTime());
    HostQueues.Host again = q.lease();
    assertTrue(millisSince(released) >= 150, "leased again after " + millisSince(released) + "ms, delay is 150ms");
    assertEquals("http://a.example/2", q.poll(again).getUrl());
  }

  @Test
  void aReleaseWithoutARequestSkipsTheDelay() throws Exception {
    HostQueues q = queues(10_000, 100);
    q.add(entry("a.example", "/1"));
    q.add(entry("a.example", "/2"));
    HostQueues.Host a = q.lease();
    q.poll(a);
    long released = System.nanoTime();
    q.release(a);
    assertNotNull(q.lease());
    assertTrue(millisSince(released) < 5_000, "no request was made, so no 10s wait: " + millisSince(released) + "ms");
  }

  @Test
  void anotherHostIsServedWhileOneWaitsForItsDelay() throws Exception {
    HostQueues q = queues(2_000, 100);
    q.add(entry("a.example", "/1"));
    q.add(entry("a.example", "/2"));
    q.add(entry("b.example", "/1"));
    HostQueues.Host first = q.lease();
    q.poll(first);
    q.release(first, first.delayMillis(), System.nanoTime());
    long released = System.nanoTime();
    HostQueues.Host second = q.lease();
    assertNotEquals(first.name(), second.name());
    assertTrue(millisSince(released) < 1_000, "the other host was ready at once, yet lease took " + millisSince(released) + "ms");
  }

  @Test
  void theHostThatBecomesReadyFirstIsLeasedFirstAndEachHostKeepsItsOwnDelay() throws Exception {
    HostQueues q = queues(100, 100);
    for (String host : List.of("a.example", "b.example")) {
      q.add(entry(host, "/1"));
      q.add(entry(host, "/2"));
    }
    long t0 = System.nanoTime();
    HostQueues.Host slow = q.lease();
    q.poll(slow);
    slow.delayMillis(600); // e.g. raised by robots.txt Crawl-delay
    q.release(slow, slow.delayMillis(), System.nanoTime());
    HostQueues.Host fast = q.lease();
    q.poll(fast);
    q.release(fast, fast.delayMillis(), System.nanoTime());

    HostQueues.Host next = q.lease();
    assertEquals(fast.name(), next.name(), "released later, but its 100ms delay ends before the other's 600ms");
    q.poll(next);
    q.release(next);
    HostQueues.Host last = q.lease();
    assertEquals(slow.name(), last.name());
    assertTrue(millisSince(t0) >= 600, "the slow host came back after " + millisSince(t0) + "ms");
  }

  /** Runs {@code threads} workers over 3 hosts of 6 URLs each, each request taking 20 ms; returns the turn wait. */
  private long turnWaitWith(int threads) throws Exception {
    HostQueues q = queues(10, 1_000);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(() -> {
        HostQueues.Host h;
        while ((h = q.lease()) != null) {
          q.poll(h);
          Thread.sleep(20); // the request
          q.release(h, h.delayMillis(), System.nanoTime());
        }
        return null;
      }));
    }
    // The threads are up before the URLs come, as in a fetch task.
    Thread.sleep(100);
    for (int i = 0; i < 6; i++) {
      for (String h : List.of("a.example", "b.example", "c.example")) {
        q.add(entry(h, "/" + i));
      }
    }
    q.closeInput();
    for (Future<?> w : workers) {
      w.get(10, TimeUnit.SECONDS);
    }
    return q.turnWaitMillis();
  }

  /**
   * Turn wait is hosts due while no thread was free: what tells the report "raise --threads". With
   * threads to spare, a due host taken late was taken late by the scheduler (a loaded machine wakes
   * a waiting thread late), which more threads would not change.
   */
  @Test
  void turnWaitCountsOnlyHostsDueWhileEveryThreadWasBusy() throws Exception {
    // One thread for three hosts: two are always due and waiting, about 20 ms each per request.
    long short_ = turnWaitWith(1);
    assertTrue(short_ >= 300, "one thread, three hosts: " + short_ + " ms of turn wait");
    // Busy-wait threads load the machine as a busy node would, making the scheduler late.
    List<Future<?>> load = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      load.add(pool.submit(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          Math.sqrt(System.nanoTime());
        }
      }));
    }
    try {
      assertEquals(0, turnWaitWith(10), "ten threads for three hosts: none ever lacked a thread");
    } finally {
      load.forEach(f -> f.cancel(true));
    }
  }

  @Test
  void concurrentThreadsNeverOverlapOnAHostAndKeepTheDelay() throws Exception {
    long delay = 40;
    HostQueues q = queues(delay, 1_000);
    List<String> hosts = List.of("a.example", "b.example", "c.example");
    for (int i = 0; i < 4; i++) {
      for (String h : hosts) {
        q.add(entry(h, "/" + i));
      }
    }
    q.closeInput();
    record Visit(String host, String url, long leased, long released) {}
    List<Visit> visits = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      workers.add(pool.submit(() -> {
        HostQueues.Host h;
        while ((h = q.lease()) != null) {
          long leased = System.nanoTime();
          FrontierEntry e = q.poll(h);
          Thread.sleep(5); // the request
          long released = System.nanoTime();
          visits.add(new Visit(h.name(), e.getUrl(), leased, released));
          q.release(h, h.delayMillis(), System.nanoTime());
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get(10, TimeUnit.SECONDS);
    }
    assertEquals(12, visits.size());
    assertEquals(12, visits.stream().map(Visit::url).distinct().count(), "every URL handed out exactly once");
    Map<String, List<Visit>> byHost = new HashMap<>();
    visits.forEach(v -> byHost.computeIfAbsent(v.host(), k -> new ArrayList<>()).add(v));
    for (List<Visit> vs : byHost.values()) {
      vs.sort((x, y) -> Long.compare(x.leased(), y.leased()));
      for (int i = 1; i < vs.size(); i++) {
        long gap = TimeUnit.NANOSECONDS.toMillis(vs.get(i).leased() - vs.get(i - 1).released());
        assertTrue(gap >= delay, vs.get(i).host() + " leased again " + gap + "ms after release; delay is " + delay + "ms");
      }
    }
    assertEquals(0, q.queued());
    assertEquals(3, q.hostCount());
  }

  @Test
  void stopEndsLeasingRefusesNewUrlsAndDrainReturnsWhatIsLeft() throws Exception {
    HostQueues q = queues(0, 100);
    q.add(entry("a.example", "/1"));
    q.add(entry("a.example", "/2"));
    q.add(entry("b.example", "/1"));
    HostQueues.Host h = q.lease();
    FrontierEntry taken = q.poll(h);

    q.stop();
    assertNull(q.lease(), "no host is handed out after stop");
    assertFalse(q.add(entry("c.example", "/1")), "the caller must carry the URL over");
    Set<String> left = new HashSet<>();
    q.drain(e -> left.add(e.getUrl()));
    Set<String> expected = new HashSet<>(Set.of("http://a.example/1", "http://a.example/2", "http://b.example/1"));
    expected.remove(taken.getUrl());
    assertEquals(expected, left, "every URL not taken comes back, none twice");
    assertEquals(0, q.queued());
    List<FrontierEntry> again = new ArrayList<>();
    q.drain(again::add);
    assertTrue(again.isEmpty());
  }

  @Test
  void leaseEndsOnlyWhenInputIsClosedAndNoHostIsOut() throws Exception {
    HostQueues q = queues(0, 100);
    q.add(entry("a.example", "/1"));
    HostQueues.Host a = q.lease();
    q.poll(a);
    q.closeInput();
    // The queues are empty, but the leased host may still put URLs back: other threads must wait.
    CompletableFuture<HostQueues.Host> other = CompletableFuture.supplyAsync(() -> {
      try {
        return q.lease();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, pool);
    assertStillWaiting(other);
    q.release(a, a.delayMillis(), System.nanoTime());
    assertNull(other.get(2, TimeUnit.SECONDS));
  }

  @Test
  void drainTakesTheRestOfALeasedHost() throws Exception {
    HostQueues q = queues(0, 100);
    q.add(entry("a.example", "/1"));
    q.add(entry("a.example", "/2"));
    q.add(entry("b.example", "/1"));
    HostQueues.Host h = q.lease();
    List<FrontierEntry> rest = new ArrayList<>();
    assertEquals(h.name().equals("a.example") ? 2 : 1, q.drain(h, rest::add));
    assertEquals(rest.size(), h.name().equals("a.example") ? 2 : 1);
    assertNull(q.poll(h));
    q.release(h);
    assertEquals(h.name().equals("a.example") ? 1 : 2, q.queued());
  }

  private static FrontierEntry entry(String host, String path, int depth) {
    return FrontierEntry.newBuilder(entry(host, path)).setDepth(depth).build();
  }

  @Test
  void aListWrittenHostAfterHostPutsEveryHostInRotationAtOnceWithinTheMemoryBudget() throws Exception {
    HostQueues q = queues(0, 100);
    int hosts = 50;
    int perHost = 40;
    // The order a round writes a fetch list in: by URL, so one host's URLs after another's.
    for (int h = 0; h < hosts; h++) {
      for (int i = 0; i < perHost; i++) {
        assertTrue(q.add(entry(String.format("h%02d.example", h), String.format("/%03d", i))), "add never blocks");
      }
    }
    assertEquals(hosts * perHost, q.queued());
    assertTrue(q.inMemory() <= 2 * hosts, q.inMemory() + " URLs in the heap; the rest belong on disk");
    assertTrue(q.spilledBytes() > 0);
    Set<String> leasedHosts = new HashSet<>();
    List<HostQueues.Host> leases = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      HostQueues.Host host = q.lease();
      leasedHosts.add(host.name());
      leases.add(host);
    }
    assertEquals(hosts, leasedHosts.size(), "the last host of the list gets a turn as early as the first");
    for (HostQueues.Host host : leases) {
      List<String> paths = new ArrayList<>();
      FrontierEntry e;
      while ((e = q.poll(host)) != null) {
        paths.add(e.getUrl().substring(e.getUrl().lastIndexOf('/')));
      }
      List<String> expected = IntStream.range(0, perHost).mapToObj(i -> String.format("/%03d", i)).toList();
      assertEquals(expected, paths, host.name() + "'s URLs come back from disk in the order they were added");
      q.release(host);
    }
    assertEquals(0, q.queued());
  }

  @Test
  void aHostsShallowestUrlsComeFirstThenInTheOrderAdded() throws Exception {
    HostQueues q = queues(0, 3);
    q.add(entry("a.example", "/c", 2));
    q.add(entry("a.example", "/d", 2));
    q.add(entry("a.example", "/a", 1));
    q.add(entry("a.example", "/e", 2));
    q.add(entry("a.example", "/b", 1));
    HostQueues.Host a = q.lease();
    List<String> order = new ArrayList<>();
    FrontierEntry e;
    while ((e = q.poll(a)) != null) {
      order.add(e.getUrl());
    }
    assertEquals(List.of("http://a.example/a", "http://a.example/b", "http://a.example/c", "http://a.example/d",
        "http://a.example/e"), order);
  }

  @Test
  void stopCarriesOverSpilledUrlsTooEachOnce() throws Exception {
    HostQueues q = queues(0, 10);
    Set<String> added = new HashSet<>();
    for (int h = 0; h < 5; h++) {
      for (int i = 0; i < 30; i++) {
        FrontierEntry e = entry("h" + h + ".example", "/" + i);
        q.add(e);
        added.add(e.getUrl());
      }
    }
    HostQueues.Host h = q.lease();
    String taken = q.poll(h).getUrl();
    q.unpoll(h, q.poll(h));
    q.stop();
    List<String> left = new ArrayList<>();
    q.drain(e -> left.add(e.getUrl()));
    added.remove(taken);
    assertEquals(added.size(), left.size(), "none twice");
    assertEquals(added, new HashSet<>(left));
  }

  @Test
  void noHostIsAskedSoonerThanItsDelayAfterTheLastRoundsEnd() throws Exception {
    HostQueues q = queues(600, 100);
    q.lastRoundEnded(System.currentTimeMillis() - 200); // the last round stopped fetching 200 ms ago
    long start = System.nanoTime();
    q.add(entry("a.example", "/1"));
    q.closeInput();
    HostQueues.Host a = q.lease();
    long waited = millisSince(start);
    assertTrue(waited >= 350, "a new round waits out the rest of the delay, not only the job's start: " + waited + " ms");
    assertTrue(waited < 2000, "but no longer: " + waited + " ms");
    q.release(a);
  }

  @Test
  void aDelayRobotsTxtRaisesHoldsFromTheLastRoundsEndToo() throws Exception {
    HostQueues q = queues(50, 100);
    q.lastRoundEnded(System.currentTimeMillis() - 100);
    q.add(entry("a.example", "/1"));
    q.closeInput();
    long start = System.nanoTime();
    HostQueues.Host a = q.lease();
    assertTrue(millisSince(start) < 300, "the default delay had passed");
    // The robots turn: rules from the store, no request, Crawl-delay 1 s.
    a.delayMillis(1000);
    long left = q.millisUntilPoliteAfterLastRound(a);
    assertTrue(left > 500 && left <= 900, "what the fetch task waits before the host's first page: " + left + " ms");
    q.release(a);
    HostQueues.Host again = q.lease();
    assertTrue(millisSince(start) >= 700, "Crawl-delay counts from the last round's end: " + millisSince(start) + " ms");
    assertEquals("a.example", again.name());
  }
}
