package dev.trawl.mappers.queue;

import dev.trawl.schema.FrontierEntry;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Per-host queues of a fetch task, and the politeness rule that schedules them: a host is handed to
 * one fetch thread at a time, and not again until its delay has passed since that thread gave it
 * back. Threads always take the host that became ready first, so no thread waits on one host while
 * another has work.
 *
 * <p>Hosts may share a {@link Server} (trawl.fetch.politeness: a registered domain, or an address):
 * then the rule holds for the server too. One of its hosts is leased at a time, and the next not
 * before the delay has passed since that one was given back; the others wait beside the server, out
 * of the ready queue, until it is free. A host's server is known when it is added (domain) or once
 * its turn has resolved its name ({@link #join}).
 *
 * <p>Every host is in rotation from its first URL on, whatever the size and order of the fetch list:
 * {@link #add} never blocks. Heap is bounded instead by spilling: once more than {@code memoryBudget}
 * URLs are held in memory, each host keeps only its next URL there and the rest go to a
 * {@link SpillFile} on local disk, read back a few at a time as its turns come. A fetch list written
 * host after host (the round's own order) thus costs the heap about one entry per host.
 */
public final class HostQueues implements Closeable {
  /** A host's queue and politeness state. Touched only under the lock, or by the one thread holding it. */
  public static final class Host {
    private final String name;
    private final HostQueue urls = new HostQueue();
    private long readyAtNanos;
    private long leasedAtNanos;
    private boolean leased;
    private long delayMillis;
    private int failures;
    private boolean closed;
    /** Null while not known (or with per-host politeness): the host then answers for itself alone. */
    private Server server;
    private final java.util.Set<String> originsApplied = new java.util.HashSet<>(2);

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

    /** Whether the host's server is known (or none is wanted): no {@link HostQueues#join} needed. */
    public boolean placed() { return server != null; }

    /**
     * True the first time it is asked for an origin: whether that origin's robots.txt still has to
     * be applied to this host's politeness. Each origin's rules apply once, however they were learned.
     */
    public boolean firstSight(String origin) {
      return originsApplied.add(origin);
    }
  }

  /**
   * What several hosts may share: one request in flight at a time, and the delay after it. Touched only
   * under the lock.
   */
  private static final class Server {
    /** The host whose turn holds the server, or null. */
    Host holder;
    long readyAtNanos = System.nanoTime();
    /** Hosts due a turn while the server was held, in the order they came. */
    final ArrayDeque<Host> waiting = new ArrayDeque<>();
  }

  /** A turn that has lasted long: which host, and for how many milliseconds so far. */
  public record Turn(String host, long millis) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition hostReady = lock.newCondition();
  /** The one thread timing the head host's delay; the others wait untimed (leader-follower, as in DelayQueue). */
  private Thread leader;
  /** Threads waiting in {@link #lease} for a host to become due: free threads. */
  private int parked;
  private final Map<String, Host> hosts = new HashMap<>();
  private final Map<String, Server> servers = new HashMap<>();
  /** The server a host's name alone tells (its registered domain); null: none, or not until it is resolved. */
  private final Function<String, String> serverOfName;
  private final PriorityQueue<Host> ready = new PriorityQueue<>((a, b) -> Long.compare(a.readyAtNanos, b.readyAtNanos));
  private final long defaultDelayMillis;
  private final int memoryBudget;
  private final Path spillDir;
  private SpillFile spill;
  private int spillTrigger;
  private int queued;
  private int inMemory;
  private int leased;
  private boolean inputClosed;
  private boolean stopped;
  private final TaskClock clock = new TaskClock();

  /**
   * @param memoryBudget URLs held in the heap before the rest spill to disk
   * @param spillDir where the spill file goes (the task's temporary folder)
   */
  public HostQueues(long defaultDelayMillis, int memoryBudget, Path spillDir) {
    this(defaultDelayMillis, memoryBudget, spillDir, null);
  }

  /**
   * @param serverOfName the key of the server a host name belongs to, for hosts that share one by
   *     name (a registered domain); null if hosts are their own servers or are {@link #join}ed later
   */
  public HostQueues(long defaultDelayMillis, int memoryBudget, Path spillDir,
                    Function<String, String> serverOfName) {
    this.serverOfName = serverOfName;
    this.defaultDelayMillis = defaultDelayMillis;
    this.memoryBudget = memoryBudget;
    this.spillTrigger = memoryBudget;
    this.spillDir = spillDir;
  }

  /**
   * Queues a URL behind its host; the host is in rotation at once.
   *
   * @return false if the queues were stopped (time limit): the caller carries the URL over
   */
  public boolean add(FrontierEntry entry) {
    lock.lock();
    try {
      if (stopped) {
        return false;
      }
      account();
      Host host = hosts.computeIfAbsent(entry.getHost(), this::newHost);
      boolean wasEmpty = host.urls.isEmpty();
      host.urls.add(entry);
      queued++;
      inMemory++;
      if (wasEmpty && !host.leased) {
        makeReady(host);
      }
      if (inMemory > spillTrigger) {
        spillAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private Host newHost(String name) {
    Host host = politeAfterLastRound(new Host(name, defaultDelayMillis));
    if (serverOfName != null) {
      host.server = servers.computeIfAbsent(serverOfName.apply(name), k -> new Server());
    }
    return host;
  }

  /**
   * Places a leased host with its server, once its name is resolved ({@code key}: its address). Returns
   * true if the turn may go on: the server is free and rested, and now held by this host. False: another
   * host of the server holds it or it is resting; the caller gives the host back without a request
   * ({@link #release(Host)}), and it waits beside the server for its turn.
   */
  public boolean join(Host host, String key) {
    lock.lock();
    try {
      Server server = servers.computeIfAbsent(key, k -> new Server());
      host.server = server;
      if (server.holder != null || server.readyAtNanos > System.nanoTime()) {
        return false;
      }
      server.holder = host;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Leaves each host its next URL in memory and writes the rest to disk. */
  private void spillAll() {
    if (spill == null) {
      spill = new SpillFile(spillDir);
    }
    for (Host h : hosts.values()) {
      inMemory -= h.urls.spill(spill);
    }
    // Many hosts may keep the heap above the budget with one URL each: spill again only once it has doubled.
    spillTrigger = Math.max(memoryBudget, 2 * inMemory);
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

  /** Stops handing out hosts (the time limit passed, or the task failed); {@link #drain} returns what is left. */
  public void stop() {
    lock.lock();
    try {
      account();
      stopped = true;
      hostReady.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a host to become due (at most {@code nanos}, if given), counted among the idle threads. */
  private void park(Long nanos) throws InterruptedException {
    parked++;
    try {
      if (nanos == null) {
        hostReady.await();
      } else {
        hostReady.awaitNanos(nanos);
      }
    } finally {
      parked--;
    }
  }

  /**
   * Waits for the host whose delay ends first and leases it to the caller, who must
   * {@link #release} it. Returns null when there is nothing left to do.
   */
  public Host lease() throws InterruptedException {
    lock.lock();
    boolean waited = false;
    try {
      while (true) {
        if (stopped || (inputClosed && queued == 0 && leased == 0)) {
          return null;
        }
        Host next = ready.peek();
        if (next == null) {
          park(null);
          waited = true;
          continue;
        }
        long now = System.nanoTime();
        long wait = next.readyAtNanos - now;
        if (wait <= 0 && next.server != null && next.server.holder != null) {
          // Another host of its server is in a turn: it waits beside the server, not in the queue.
          ready.poll();
          next.server.waiting.add(next);
          continue;
        }
        if (wait <= 0 && next.server != null && next.server.readyAtNanos > now) {
          ready.poll();
          next.readyAtNanos = next.server.readyAtNanos;
          ready.add(next);
          continue;
        }
        if (wait <= 0) {
          account();
          ready.poll();
          if (next.server != null) {
            next.server.holder = next;
          }
          if (!waited && parked == 0) {
            // It was due and nobody took it: every thread was busy with other hosts. (A thread that waited
            // for it, or one idle beside this one, was free: that lateness is the scheduler's, not a lack of threads.)
            clock.turnWaited(-wait);
          }
          next.leased = true;
          next.leasedAtNanos = now;
          leased++;
          return next;
        }
        waited = true;
        if (leader != null) {
          park(null);
          continue;
        }
        Thread me = Thread.currentThread();
        leader = me;
        try {
          park(wait);
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

  /**
   * The crawl's last round stopped fetching at {@code epochMillis} (at the latest): no host is asked
   * sooner than its delay after that. A site sees the rounds as one crawl, and a short round gap (local
   * mode, a warm cluster) must not put two requests to a host closer than its delay or Crawl-delay.
   * Called before any URL is added.
   */
  public void lastRoundEnded(long epochMillis) {
    lock.lock();
    try {
      clock.lastRoundEnded(epochMillis);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Milliseconds before the host may be asked, counting its delay as it is now from the last round's
   * end; 0 if it may be asked now. For a delay raised within a turn (a Crawl-delay read back from the
   * robots store, applied just before the host's first page).
   */
  public long millisUntilPoliteAfterLastRound(Host host) {
    lock.lock();
    try {
      OptionalLong due = clock.politeAfterLastRound(host.delayMillis);
      return due.isEmpty() ? 0 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(due.getAsLong() - System.nanoTime()) + 1);
    } finally {
      lock.unlock();
    }
  }

  private Host politeAfterLastRound(Host host) {
    clock.politeAfterLastRound(host.delayMillis).ifPresent(due -> host.readyAtNanos = Math.max(host.readyAtNanos, due));
    return host;
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
      int before = host.urls.inMemory();
      FrontierEntry e = host.urls.poll(spill);
      inMemory += host.urls.inMemory() - before;
      if (e != null) {
        queued--;
      }
      return e;
    } finally {
      lock.unlock();
    }
  }

  /** Puts back, at the front of its host's queue, an entry just taken from the leased host. */
  public void unpoll(Host host, FrontierEntry entry) {
    lock.lock();
    try {
      host.urls.unpoll(entry);
      queued++;
      inMemory++;
    } finally {
      lock.unlock();
    }
  }

  /** Takes every remaining URL of a leased host, in order (a per-host cap or a skipped host); returns how many. */
  public int drain(Host host, Consumer<FrontierEntry> to) {
    lock.lock();
    try {
      account();
      int n = host.urls.size();
      int before = host.urls.inMemory();
      host.urls.drain(spill, to);
      inMemory -= before;
      queued -= n;
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a host back, ready again {@code waitMillis} after {@code fromNanos} (when its exchange ended). */
  public void release(Host host, long waitMillis, long fromNanos) {
    lock.lock();
    try {
      account();
      host.leased = false;
      leased--;
      host.readyAtNanos = (waitMillis == 0 ? System.nanoTime() : fromNanos) + TimeUnit.MILLISECONDS.toNanos(waitMillis);
      // A delay robots.txt just raised (Crawl-delay) holds from the last round's end too.
      politeAfterLastRound(host);
      boolean queuedBehind = host.server != null && host.server.holder == host && releaseServer(host);
      if (!host.urls.isEmpty()) {
        if (!queuedBehind) {
          makeReady(host);
        }
      } else if (inputClosed && queued == 0 && leased == 0) {
        hostReady.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The server rests as the host that held it does. Turns go round its hosts: the first waiting one is
   * due when the server has rested, and the host just served, if it has more URLs, waits behind the
   * rest. Returns true if it was put to wait.
   */
  private boolean releaseServer(Host host) {
    Server server = host.server;
    server.holder = null;
    server.readyAtNanos = host.readyAtNanos;
    Host next = server.waiting.poll();
    if (next == null) {
      return false;
    }
    next.readyAtNanos = Math.max(next.readyAtNanos, server.readyAtNanos);
    makeReady(next);
    if (host.urls.isEmpty()) {
      return false;
    }
    server.waiting.add(host);
    return true;
  }

  /** Gives a host back with no wait (no request was made). */
  public void release(Host host) {
    release(host, 0, 0);
  }

  /** After {@link #stop}: hands over every URL still queued, host by host in order, for carrying over. */
  public void drain(Consumer<FrontierEntry> to) {
    lock.lock();
    try {
      account();
      for (Host h : hosts.values()) {
        h.urls.drain(spill, to);
      }
      ready.clear();
      servers.values().forEach(server -> server.waiting.clear());
      queued = 0;
      inMemory = 0;
    } finally {
      lock.unlock();
    }
  }

  /** Turns (leases) that have lasted at least {@code millis} so far: what a stalled task is stuck on. */
  public List<Turn> turnsLongerThan(long millis) {
    lock.lock();
    try {
      long now = System.nanoTime();
      List<Turn> slow = new ArrayList<>();
      for (Host h : hosts.values()) {
        long ran = TimeUnit.NANOSECONDS.toMillis(now - h.leasedAtNanos);
        if (h.leased && ran >= millis) {
          slow.add(new Turn(h.name, ran));
        }
      }
      return slow;
    } finally {
      lock.unlock();
    }
  }

  /** Wall-clock milliseconds so far with at least one host leased: a request in flight. */
  public long fetchingMillis() {
    return read(TaskClock::fetchingMillis);
  }

  /**
   * Wall-clock milliseconds so far with URLs queued but no host leased. Every thread is free then,
   * so the only thing holding the queued URLs back is their hosts' politeness delays.
   */
  public long politenessWaitMillis() {
    return read(TaskClock::politenessWaitMillis);
  }

  /**
   * Host-milliseconds so far that hosts were due for a turn but no thread was free to take them:
   * time lost to the task, not to the sites. Summed over hosts, so it can exceed wall-clock time.
   */
  public long turnWaitMillis() {
    return read(TaskClock::turnWaitMillis);
  }

  private long read(java.util.function.ToLongFunction<TaskClock> millis) {
    lock.lock();
    try {
      account();
      return millis.applyAsLong(clock);
    } finally {
      lock.unlock();
    }
  }

  /** Tells the clock what the task was doing until now: call under the lock, before changing state. */
  private void account() {
    clock.account(leased > 0, queued > 0 && !stopped);
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

  /** URLs held in the heap (the rest of {@link #queued} lie in the spill file). */
  public int inMemory() {
    lock.lock();
    try {
      return inMemory;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes written to the spill file so far. */
  public long spilledBytes() {
    lock.lock();
    try {
      return spill == null ? 0 : spill.bytesWritten();
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

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      if (spill != null) {
        spill.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
