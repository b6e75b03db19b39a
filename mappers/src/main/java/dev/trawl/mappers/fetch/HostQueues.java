package dev.trawl.mappers.fetch;

import dev.trawl.schema.FrontierEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-host queues of a fetch task, and the politeness rule that schedules them: a host is handed to
 * one fetch thread at a time, and not again until its delay has passed since that thread gave it
 * back. Threads always take the host that became ready first, so no thread waits on one host while
 * another has work. Memory is bounded: {@link #add} blocks while {@code capacity} URLs are queued.
 */
public final class HostQueues {
  /** A host's queue and politeness state. Touched only under the lock, or by the one thread holding it. */
  public static final class Host {
    private final String name;
    private final ArrayDeque<FrontierEntry> urls = new ArrayDeque<>();
    private long readyAtNanos;
    private boolean leased;
    private long delayMillis;
    private int failures;
    private boolean closed;

    Host(String name, long delayMillis) {
      this.name = name;
      this.delayMillis = delayMillis;
      this.readyAtNanos = System.nanoTime();
    }

    public String name() { return name; }

    /** Delay between requests to this host, raised by robots.txt Crawl-delay. */
    public long delayMillis() { return delayMillis; }

    public void delayMillis(long millis) { this.delayMillis = millis; }

    /** Consecutive failures (429, 503, timeouts, connection errors) since the host last answered well. */
    public int failures() { return failures; }

    public void failed() { failures++; }

    public void answered() { failures = 0; }

    /** The host is done for this round (deferred, skipped, capped or given up): later URLs carry over. */
    public void close() { closed = true; }

    public boolean closed() { return closed; }
  }

  private final ReentrantLock lock = new ReentrantLock();
  // Threads waiting for a host, and the reader waiting for room: woken separately, so a release
  // wakes one fetch thread, not all fifty.
  private final Condition hostReady = lock.newCondition();
  private final Condition room = lock.newCondition();
  /** The one thread timing the head host's delay; the others wait untimed (leader-follower, as in DelayQueue). */
  private Thread leader;
  private final Map<String, Host> hosts = new HashMap<>();
  private final PriorityQueue<Host> ready = new PriorityQueue<>((a, b) -> Long.compare(a.readyAtNanos, b.readyAtNanos));
  private final long defaultDelayMillis;
  private final int capacity;
  private int queued;
  private int leased;
  private boolean inputClosed;
  private boolean stopped;
  // Where the task's wall-clock time goes, for the round's counters (see account()).
  private long accountedNanos = System.nanoTime();
  private long fetchingNanos;
  private long politenessNanos;

  public HostQueues(long defaultDelayMillis, int capacity) {
    this.defaultDelayMillis = defaultDelayMillis;
    this.capacity = capacity;
  }

  /**
   * Queues a URL behind its host. Blocks while the task holds {@code capacity} URLs, calling
   * {@code whileWaiting} every second (to report progress to Hadoop).
   *
   * @return false if the queues were stopped (time limit): the caller carries the URL over
   */
  public boolean add(FrontierEntry entry, Runnable whileWaiting) throws InterruptedException {
    lock.lock();
    try {
      while (queued >= capacity && !stopped) {
        if (!room.await(1, TimeUnit.SECONDS)) {
          whileWaiting.run();
        }
      }
      if (stopped) {
        return false;
      }
      account();
      Host host = hosts.computeIfAbsent(entry.getHost(), h -> new Host(h, defaultDelayMillis));
      host.urls.addLast(entry);
      queued++;
      if (host.urls.size() == 1 && !host.leased) {
        makeReady(host);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** No more URLs will be added: threads finish when the queues run dry. */
  public void closeInput() {
    lock.lock();
    try {
      inputClosed = true;
      hostReady.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops handing out hosts (the time limit passed); {@link #drain} returns what is left. */
  public void stop() {
    lock.lock();
    try {
      account();
      stopped = true;
      hostReady.signalAll();
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for the host whose delay ends first and leases it to the caller, who must
   * {@link #release} it. Returns null when there is nothing left to do.
   */
  public Host lease() throws InterruptedException {
    lock.lock();
    try {
      while (true) {
        if (stopped || (inputClosed && queued == 0 && leased == 0)) {
          return null;
        }
        Host next = ready.peek();
        if (next == null) {
          hostReady.await();
          continue;
        }
        long wait = next.readyAtNanos - System.nanoTime();
        if (wait <= 0) {
          account();
          ready.poll();
          next.leased = true;
          leased++;
          return next;
        }
        if (leader != null) {
          hostReady.await();
          continue;
        }
        Thread me = Thread.currentThread();
        leader = me;
        try {
          hostReady.awaitNanos(wait);
        } finally {
          if (leader == me) {
            leader = null;
          }
        }
      }
    } finally {
      // Whoever leaves hands the timing of the next host to another thread.
      if (leader == null && ready.peek() != null) {
        hostReady.signal();
      }
      lock.unlock();
    }
  }

  /** Puts a host with URLs among the ready ones; if it is now the first due, the timing thread must know. */
  private void makeReady(Host host) {
    ready.add(host);
    if (ready.peek() == host) {
      leader = null;
      hostReady.signal();
    }
  }

  /** Takes the next URL of a leased host, or null if it has none. */
  public FrontierEntry poll(Host host) {
    lock.lock();
    try {
      account();
      FrontierEntry e = host.urls.pollFirst();
      if (e != null) {
        queued--;
        room.signal();
      }
      return e;
    } finally {
      lock.unlock();
    }
  }

  /** The next URL of a leased host without taking it, or null. */
  public FrontierEntry peek(Host host) {
    lock.lock();
    try {
      return host.urls.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Takes every remaining URL of a leased host (a per-host cap or a skipped host). */
  public List<FrontierEntry> pollAll(Host host) {
    lock.lock();
    try {
      account();
      List<FrontierEntry> all = new ArrayList<>(host.urls);
      queued -= all.size();
      host.urls.clear();
      room.signal();
      return all;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives a host back after a request: it becomes ready again {@code delay} after now.
   *
   * @param requested false if no request was made (e.g. every URL taken was robots-denied): no delay
   */
  public void release(Host host, boolean requested) {
    release(host, requested ? host.delayMillis : 0);
  }

  /** Gives a host back, ready again {@code waitMillis} from now: the delay, or a back-off. */
  public void release(Host host, long waitMillis) {
    release(host, waitMillis, System.nanoTime());
  }

  /** Gives a host back, ready again {@code waitMillis} after {@code fromNanos} (when its exchange ended). */
  public void release(Host host, long waitMillis, long fromNanos) {
    lock.lock();
    try {
      account();
      host.leased = false;
      leased--;
      host.readyAtNanos = (waitMillis == 0 ? System.nanoTime() : fromNanos) + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      if (!host.urls.isEmpty()) {
        makeReady(host);
      } else if (inputClosed && queued == 0 && leased == 0) {
        hostReady.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** After {@link #stop}: every URL still queued, for carrying over. */
  public List<FrontierEntry> drain() {
    lock.lock();
    try {
      account();
      List<FrontierEntry> rest = new ArrayList<>();
      for (Host h : hosts.values()) {
        rest.addAll(h.urls);
        h.urls.clear();
      }
      ready.clear();
      queued = 0;
      room.signalAll();
      return rest;
    } finally {
      lock.unlock();
    }
  }

  /** Wall-clock milliseconds so far with at least one host leased: a request in flight. */
  public long fetchingMillis() {
    lock.lock();
    try {
      account();
      return TimeUnit.NANOSECONDS.toMillis(fetchingNanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wall-clock milliseconds so far with URLs queued but no host leased. Every thread is free then,
   * so the only thing holding the queued URLs back is their hosts' politeness delays.
   */
  public long politenessWaitMillis() {
    lock.lock();
    try {
      account();
      return TimeUnit.NANOSECONDS.toMillis(politenessNanos);
    } finally {
      lock.unlock();
    }
  }

  /** Adds the time since the last state change to what the state was: call under the lock, before changing it. */
  private void account() {
    long now = System.nanoTime();
    if (leased > 0) {
      fetchingNanos += now - accountedNanos;
    } else if (queued > 0 && !stopped) {
      politenessNanos += now - accountedNanos;
    }
    accountedNanos = now;
  }

  /** URLs waiting, for progress reports. */
  public int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  /** Hosts seen by this task. */
  public int hostCount() {
    lock.lock();
    try {
      return hosts.size();
    } finally {
      lock.unlock();
    }
  }
}
