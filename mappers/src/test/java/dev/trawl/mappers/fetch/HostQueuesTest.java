package dev.trawl.mappers.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.FrontierEntry;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostQueuesTest {
  private static final Runnable NOTHING = () -> { };

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "host-queues-test");
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopThreads() {
    pool.shutdownNow();
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
    HostQueues q = new HostQueues(0, 100);
    q.add(entry("a.example", "/1"), NOTHING);
    q.add(entry("a.example", "/2"), NOTHING);
    HostQueues.Host a = q.lease();
    assertEquals("a.example", a.name());
    assertEquals("http://a.example/1", q.poll(a).getUrl());

    Future<HostQueues.Host> second = pool.submit(q::lease);
    assertStillWaiting(second);

    q.release(a, true);
    HostQueues.Host again = second.get(2, TimeUnit.SECONDS);
    assertEquals("a.example", again.name());
    assertEquals("http://a.example/2", q.poll(again).getUrl(), "URLs of a host come in the order they were added");
  }

  @Test
  void aHostIsLeasedAgainOnlyAfterItsDelayHasPassedSinceRelease() throws Exception {
    HostQueues q = new HostQueues(150, 100);
    q.add(entry("a.example", "/1"), NOTHING);
    q.add(entry("a.example", "/2"), NOTHING);
    HostQueues.Host a = q.lease();
    q.poll(a);
    long released = System.nanoTime();
    q.release(a, true);
    HostQueues.Host again = q.lease();
    assertTrue(millisSince(released) >= 150, "leased again after " + millisSince(released) + "ms, delay is 150ms");
    assertEquals("http://a.example/2", q.poll(again).getUrl());
  }

  @Test
  void aReleaseWithoutARequestSkipsTheDelay() throws Exception {
    HostQueues q = new HostQueues(10_000, 100);
    q.add(entry("a.example", "/1"), NOTHING);
    q.add(entry("a.example", "/2"), NOTHING);
    HostQueues.Host a = q.lease();
    q.poll(a);
    long released = System.nanoTime();
    q.release(a, false);
    assertNotNull(q.lease());
    assertTrue(millisSince(released) < 5_000, "no request was made, so no 10s wait: " + millisSince(released) + "ms");
  }

  @Test
  void anotherHostIsServedWhileOneWaitsForItsDelay() throws Exception {
    HostQueues q = new HostQueues(2_000, 100);
    q.add(entry("a.example", "/1"), NOTHING);
    q.add(entry("a.example", "/2"), NOTHING);
    q.add(entry("b.example", "/1"), NOTHING);
    HostQueues.Host first = q.lease();
    q.poll(first);
    q.release(first, true);
    long released = System.nanoTime();
    HostQueues.Host second = q.lease();
    assertNotEquals(first.name(), second.name());
    assertTrue(millisSince(released) < 1_000, "the other host was ready at once, yet lease took " + millisSince(released) + "ms");
  }

  @Test
  void theHostThatBecomesReadyFirstIsLeasedFirstAndEachHostKeepsItsOwnDelay() throws Exception {
    HostQueues q = new HostQueues(100, 100);
    for (String host : List.of("a.example", "b.example")) {
      q.add(entry(host, "/1"), NOTHING);
      q.add(entry(host, "/2"), NOTHING);
    }
    long t0 = System.nanoTime();
    HostQueues.Host slow = q.lease();
    q.poll(slow);
    slow.delayMillis(600); // e.g. raised by robots.txt Crawl-delay
    q.release(slow, true);
    HostQueues.Host fast = q.lease();
    q.poll(fast);
    q.release(fast, true);

    HostQueues.Host next = q.lease();
    assertEquals(fast.name(), next.name(), "released later, but its 100ms delay ends before the other's 600ms");
    q.poll(next);
    q.release(next, false);
    HostQueues.Host last = q.lease();
    assertEquals(slow.name(), last.name());
    assertTrue(millisSince(t0) >= 600, "the slow host came back after " + millisSince(t0) + "ms");
  }

  @Test
  void concurrentThreadsNeverOverlapOnAHostAndKeepTheDelay() throws Exception {
    long delay = 40;
    HostQueues q = new HostQueues(delay, 1_000);
    List<String> hosts = List.of("a.example", "b.example", "c.example");
    for (int i = 0; i < 4; i++) {
      for (String h : hosts) {
        q.add(entry(h, "/" + i), NOTHING);
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
          q.release(h, true);
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
  void addBlocksWhileTheQueuesHoldCapacityUrlsAndReportsProgressMeanwhile() throws Exception {
    HostQueues q = new HostQueues(0, 2);
    assertTrue(q.add(entry("a.example", "/1"), NOTHING));
    assertTrue(q.add(entry("b.example", "/1"), NOTHING));
    AtomicInteger progressCalls = new AtomicInteger();
    Future<Boolean> third = pool.submit(() -> q.add(entry("c.example", "/1"), progressCalls::incrementAndGet));
    assertStillWaiting(third);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (progressCalls.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(progressCalls.get() > 0, "a blocked add reports progress so Hadoop does not kill the task");
    assertFalse(third.isDone());

    HostQueues.Host h = q.lease();
    q.poll(h);
    assertTrue(third.get(2, TimeUnit.SECONDS), "taking a URL makes room");
    assertEquals(2, q.queued());
  }

  @Test
  void stopEndsLeasingRefusesNewUrlsAndDrainReturnsWhatIsLeft() throws Exception {
    HostQueues q = new HostQueues(0, 100);
    q.add(entry("a.example", "/1"), NOTHING);
    q.add(entry("a.example", "/2"), NOTHING);
    q.add(entry("b.example", "/1"), NOTHING);
    HostQueues.Host h = q.lease();
    FrontierEntry taken = q.poll(h);

    q.stop();
    assertNull(q.lease(), "no host is handed out after stop");
    assertFalse(q.add(entry("c.example", "/1"), NOTHING), "the caller must carry the URL over");
    Set<String> left = new HashSet<>();
    q.drain().forEach(e -> left.add(e.getUrl()));
    Set<String> expected = new HashSet<>(Set.of("http://a.example/1", "http://a.example/2", "http://b.example/1"));
    expected.remove(taken.getUrl());
    assertEquals(expected, left, "every URL not taken comes back, none twice");
    assertEquals(0, q.queued());
    assertTrue(q.drain().isEmpty());
  }

  @Test
  void stopReleasesAnAddBlockedOnCapacity() throws Exception {
    HostQueues q = new HostQueues(0, 1);
    q.add(entry("a.example", "/1"), NOTHING);
    Future<Boolean> blocked = pool.submit(() -> q.add(entry("b.example", "/1"), NOTHING));
    assertStillWaiting(blocked);
    q.stop();
    assertFalse(blocked.get(2, TimeUnit.SECONDS));
  }

  @Test
  void leaseEndsOnlyWhenInputIsClosedAndNoHostIsOut() throws Exception {
    HostQueues q = new HostQueues(0, 100);
    q.add(entry("a.example", "/1"), NOTHING);
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
    q.release(a, true);
    assertNull(other.get(2, TimeUnit.SECONDS));
  }

  @Test
  void pollAllTakesTheRestOfALeasedHost() throws Exception {
    HostQueues q = new HostQueues(0, 100);
    q.add(entry("a.example", "/1"), NOTHING);
    q.add(entry("a.example", "/2"), NOTHING);
    q.add(entry("b.example", "/1"), NOTHING);
    HostQueues.Host h = q.lease();
    assertEquals(h.name().equals("a.example") ? 2 : 1, q.pollAll(h).size());
    assertNull(q.peek(h));
    assertNull(q.poll(h));
    q.release(h, false);
    assertEquals(h.name().equals("a.example") ? 1 : 2, q.queued());
  }
}
