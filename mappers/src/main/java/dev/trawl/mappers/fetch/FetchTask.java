package dev.trawl.mappers.fetch;

import crawlercommons.robots.BaseRobotRules;
import dev.trawl.mappers.http.HostAddresses;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.log.TaskStats;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.mappers.queue.HostQueues;
import dev.trawl.mappers.robots.RobotsCache;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.sitemap.LastmodBound;
import dev.trawl.mappers.sitemap.SitemapFetch;
import dev.trawl.mappers.sitemap.SitemapLinks;
import dev.trawl.mappers.sitemap.SitemapQuota;
import dev.trawl.mappers.text.PageTexts;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.FetchErrors;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.Selection;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.settings.Politeness;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One fetch list's fetching: a pool of threads taking turns at the hosts of the {@link HostQueues},
 * each turn either a {@link RobotsTurn} or one page's {@link PageFetch}, whose answer the
 * {@link Backoff} turns into the host's rest. Bounded by page and per-host caps and a deadline;
 * what they stop is carried over ({@link CarryOver}).
 *
 * <p>Every URL taken off a queue ends with an outcome: a manifest record, or carried over. An
 * exception nobody foresaw becomes the URL's {@code error} record; a failure of the task's own
 * storage ({@link StorageFault}) stops the task and fails it, so Hadoop runs the attempt again. A
 * turn that never ends fails the task too, after {@code trawl.fetch.stall-timeout}, naming its host.
 */
public final class FetchTask implements AutoCloseable {
  /** URLs held in the heap before the rest spill to local disk. */
  private static final int MEMORY_BUDGET = 50_000;

  private final TrawlSettings settings;
  private final RobotsCache robots;
  private final ActivityLog log;
  private final FetchSink sink;
  private final HostQueues queues;
  private final HostAddresses addresses;
  private final Selection selection;
  private final long deadlineMillis;
  private final CarryOver carry;
  private final RobotsTurn robotsTurn;
  private final PageFetch pages;
  private final Backoff backoff;
  private final Map<String, Integer> pagesPerHost = new ConcurrentHashMap<>();
  private final SitemapQuota sitemapQuota;
  private final AtomicLong attempts = new AtomicLong();
  /** Requests and records completed: what the stall watchdog and Hadoop's progress look at. */
  private final AtomicLong completed = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean queuesStopped;
  private final TaskStats stats = new TaskStats();

  /**
   * @param selection the entries a page bound lets this round fetch ({@link Selection#ALL} without one)
   * @param deadlineMillis epoch millis after which no request starts; 0: none
   * @param spillDir the task's temporary folder, where the queues spill beyond their heap budget
   */
  public FetchTask(TrawlSettings settings, HttpFetcher fetcher, ScopeFilter scope, WarcOutput warc,
                   ActivityLog log, FetchSink sink, Selection selection, long deadlineMillis, Path spillDir) {
    this(settings, fetcher, scope, warc, null, log, sink, selection, deadlineMillis, spillDir);
  }

  /** @param wet where the pages' main texts go (trawl.text), or null for none */
  public FetchTask(TrawlSettings settings, HttpFetcher fetcher, ScopeFilter scope, WarcOutput warc, WarcOutput wet,
                   ActivityLog log, FetchSink sink, Selection selection, long deadlineMillis, Path spillDir) {
    this.settings = settings;
    this.robots = new RobotsCache(fetcher, settings.robotsAgent(), settings.robotsMaxAgeMillis(), settings.robotsMaxFailures());
    this.log = log;
    this.sink = sink;
    this.queues = new HostQueues(settings.delayMillis(), MEMORY_BUDGET, spillDir,
        settings.politeness() == Politeness.DOMAIN ? Urls::domainOrHost : null);
    this.addresses = fetcher.addresses();
    this.selection = selection;
    this.deadlineMillis = deadlineMillis;
    this.carry = new CarryOver(queues, sink, stats, log);
    this.sitemapQuota = new SitemapQuota(settings.sitemaps().maxPerHost());
    SitemapLinks sitemapLinks = settings.sitemaps().enabled() ? new SitemapLinks(scope, sink, settings.sitemaps()) : null;
    this.robotsTurn = new RobotsTurn(settings, robots, warc, log, sink, carry, sitemapLinks);
    this.pages = new PageFetch(settings, fetcher, scope, warc, wet == null ? null : new PageTexts(wet, sink), sink,
        sitemapLinks == null ? null : new SitemapFetch(settings.sitemaps(), sitemapLinks, sink));
    this.backoff = new Backoff(settings, sink, stats, log, carry);
  }

  /** Robots rules an earlier round fetched, reused while young enough; call before {@link #start}. */
  public void remember(RobotsEntry entry) {
    robots.remember(entry, System.currentTimeMillis());
  }

  /** Starts the fetch threads. */
  public void start() {
    for (int i = 0; i < settings.fetchThreads(); i++) {
      Thread t = new Thread(this::work, "fetch-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /**
   * Queues an entry; its host is in rotation at once. Entries beyond the depth bound, left out by a
   * page bound, or added after the deadline, are carried over instead.
   *
   * @throws IOException if the task has already failed (its storage, or a stalled turn)
   */
  public void add(FrontierEntry entry) throws IOException {
    rethrowFailure();
    if (settings.depth().isPresent() && entry.getDepth() >= settings.depth().getAsInt()) {
      sink.count(RoundCounter.BEYOND_DEPTH, 1);
      sink.carried(entry);
      return;
    }
    if (!selection.selects(entry) && !LastmodBound.skips(settings, entry)) {
      sink.count(RoundCounter.NOT_SELECTED, 1);
      sink.carried(entry);
      return;
    }
    checkDeadline();
    if (!queues.add(entry)) {
      carry.entry(entry);
    } else {
      stats.queued(entry.getHost());
    }
  }

  /**
   * No more entries: waits for the threads, calling {@code progress} about once a second while the
   * task advances, then carries over whatever the bounds left unfetched.
   *
   * @throws IOException if the task failed: its storage, or a turn that stalled; nothing of it counts
   */
  public void finish(Runnable progress) throws IOException, InterruptedException {
    queues.closeInput();
    logHosts();
    long lastCompleted = -1;
    for (Thread t : threads) {
      // A failed task stops waiting: a thread stuck in a stalled turn may never come back.
      while (t.isAlive() && failure.get() == null) {
        t.join(1000);
        checkDeadline();
        checkStalled();
        long now = completed.get();
        // Hadoop hears of progress only while something completes or every turn is young: a task
        // whose turns hang is then ended by Hadoop's own task timeout too, should this thread hang.
        if (now != lastCompleted || queues.turnsLongerThan(settings.requestTimeoutMillis()).isEmpty()) {
          progress.run();
        }
        lastCompleted = now;
      }
    }
    rethrowFailure();
    queues.drain(carry::entry);
  }

  /** Fetch attempts so far. */
  public long attempts() { return attempts.get(); }

  /** See {@link HostQueues#lastRoundEnded}: before any URL is added. */
  public void lastRoundEnded(long epochMillis) {
    queues.lastRoundEnded(epochMillis);
  }

  /** URLs waiting in the queues. */
  public int queued() { return queues.queued(); }

  /** Per-host figures of this task. */
  public TaskStats stats() { return stats; }

  /** Wall-clock milliseconds with a request in flight. */
  public long fetchingMillis() { return queues.fetchingMillis(); }

  /** Wall-clock milliseconds with URLs queued and every host waiting out its politeness delay. */
  public long politenessWaitMillis() { return queues.politenessWaitMillis(); }

  /** Host-milliseconds hosts were due a turn but no thread was free. */
  public long turnWaitMillis() { return queues.turnWaitMillis(); }

  /** Thread-milliseconds spent parsing. */
  public long parseMillis() { return pages.parseMillis(); }

  /** The task's name lookups (each host once) and their time. */
  public HostAddresses addresses() { return addresses; }

  /** Frontier bytes spilled to local disk. */
  public long spilledBytes() { return queues.spilledBytes(); }

  /** The task's hosts, once all its input is in: one line, so a reader knows who this task fetched. */
  private void logHosts() {
    Map<String, Long> urls = stats.urlsPerHost();
    StringBuilder b = new StringBuilder().append(urls.size()).append(urls.size() == 1 ? " host:" : " hosts:");
    String separator = " ";
    int shown = 0;
    for (Map.Entry<String, Long> e : urls.entrySet()) {
      if (shown++ == 1000) {
        b.append(", and ").append(urls.size() - 1000).append(" more");
        break;
      }
      b.append(separator).append(e.getKey()).append(" (").append(e.getValue()).append(e.getValue() == 1 ? " URL)" : " URLs)");
      separator = ", ";
    }
    log.event("HOSTS", b.toString());
  }

  private void checkDeadline() {
    if (deadlineMillis > 0 && System.currentTimeMillis() >= deadlineMillis) {
      carry.timeLimitReached();
      stopQueues("TIME_LIMIT", "round time limit reached; the rest carries over");
    }
  }

  private void checkStalled() {
    List<HostQueues.Turn> stuck = queues.turnsLongerThan(settings.stallTimeoutMillis());
    if (!stuck.isEmpty()) {
      StringBuilder b = new StringBuilder("no progress for ").append(settings.stallTimeoutMillis() / 1000.0)
          .append(" s (trawl.fetch.stall-timeout): turns stuck on");
      stuck.forEach(t -> b.append(' ').append(t.host()).append(" (").append(t.millis() / 1000).append(" s)"));
      fail(new IOException(b.toString()));
    }
  }

  private void fail(Throwable t) {
    if (failure.compareAndSet(null, t)) {
      stopQueues("FAILED", t.toString());
    }
  }

  private void rethrowFailure() throws IOException {
    Throwable t = failure.get();
    if (t instanceof IOException e) {
      throw new IOException("fetch task failed: " + e.getMessage(), e);
    }
    if (t != null) {
      throw new IOException("fetch task failed: " + t, t);
    }
  }

  private synchronized void stopQueues(String event, String why) {
    if (!queuesStopped) {
      queuesStopped = true;
      try {
        log.event(event, why);
      } catch (StorageFault e) {
        fail(e);
      }
      queues.stop();
    }
  }

  private void work() {
    try {
      HostQueues.Host host;
      while ((host = queues.lease()) != null) {
        Rest rest = Rest.NONE;
        try {
          rest = turn(host);
        } catch (StorageFault | Error e) {
          fail(e);
        } finally {
          queues.release(host, rest.millis(), rest.fromNanos());
        }
        checkDeadline();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  /** Makes at most one request to the leased host; returns how long the host must then rest. */
  private Rest turn(HostQueues.Host host) {
    if (host.closed()) {
      queues.drain(host, carry::entry);
      return Rest.NONE;
    }
    if (settings.politeness() == Politeness.IP && !host.placed() && !queues.join(host, addresses.serverOf(host.name()))) {
      // Another name of the same address is in a turn, or the address is resting: this one waits beside it.
      return Rest.NONE;
    }
    FrontierEntry entry;
    while ((entry = queues.poll(host)) != null) {
      Rest rest;
      try {
        rest = serve(host, entry);
      } catch (StorageFault | Error e) {
        throw e;
      } catch (RuntimeException e) {
        // Nobody foresaw this one: the URL still gets its record, naming the cause.
        log.event("ERROR", entry.getUrl() + " " + e);
        record(unfetched(entry, FetchStatus.error, "unexpected failure: " + e));
        return Rest.NONE;
      }
      if (rest != null) {
        return rest;
      }
    }
    return Rest.NONE;
  }

  /**
   * One URL taken from the leased host: skipped with a record (blocked, robots-denied), carried
   * over (the host is capped or skipped), put back behind its origin's robots.txt, or fetched.
   * Returns the host's rest, or null if no request was made and the turn may take the next URL.
   * An exception from here means the URL has no outcome yet.
   */
  private Rest serve(HostQueues.Host host, FrontierEntry entry) {
    ManifestRecord dated = LastmodBound.skip(settings, entry);
    if (dated != null) {
      // Before robots.txt too: a host whose listed URLs are all out of bounds costs no request at all.
      sink.count(RoundCounter.SKIPPED_BY_LASTMOD, 1);
      record(dated);
      return null;
    }
    String origin = RobotsCache.originOf(entry.getUrl());
    BaseRobotRules rules = robots.rulesFor(origin);
    if (rules == null) {
      queues.unpoll(host, entry);
      return done(robots(host, entry));
    }
    robotsTurn.applyRemembered(host, origin, rules);
    long tooSoon = queues.millisUntilPoliteAfterLastRound(host);
    if (tooSoon > 0) {
      // A Crawl-delay from the store raised the host's delay: it holds from the last round's end too.
      queues.unpoll(host, entry);
      return new Rest(System.nanoTime(), tooSoon);
    }
    RobotsTurn.Refusal refusal = robotsTurn.refusal(origin);
    if (refusal != null) {
      record(unfetched(entry, refusal.status(), refusal.error()));
      return null;
    }
    if (!rules.isAllowed(entry.getUrl())) {
      record(unfetched(entry, FetchStatus.robots_denied, null));
      return null;
    }
    if (settings.maxPerHost().isPresent() && pagesPerHost.getOrDefault(host.name(), 0) >= settings.maxPerHost().getAsInt()) {
      carry.entry(entry);
      carry.host(host, "HOST_CAP", "reached " + settings.maxPerHost().getAsInt() + " pages this round");
      return Rest.NONE;
    }
    if (entry.getSitemapLevel() != null) {
      if (!sitemapQuota.take(host.name())) {
        sink.count(RoundCounter.SITEMAPS_CARRIED, 1);
        carry.entry(entry);
        return null;
      }
      sink.count(RoundCounter.SITEMAP_FETCHES, 1);
    }
    pagesPerHost.merge(host.name(), 1, Integer::sum);
    attempts.incrementAndGet();
    PageFetch.Attempt a = pages.fetch(entry);
    ManifestRecord record = classified(a.record());
    log.event("FETCH", record.getUrl() + " " + record.getStatus()
        + (record.getHttpStatus() == null ? "" : " " + record.getHttpStatus()) + " " + record.getFetchMs() + "ms"
        + (record.getError() == null ? "" : " (" + record.getError() + ")"));
    sink.count(record.getStatus());
    countHttpStatus(record.getHttpStatus());
    stats.requested(record);
    sink.fetched(record, a.discovered());
    // The URL has its outcome: whatever follows must not give it a second one.
    try {
      return done(backoff.after(host, a));
    } catch (StorageFault | Error e) {
      throw e;
    } catch (RuntimeException e) {
      log.event("ERROR", host.name() + " " + e);
      return done(new Rest(a.endedNanos(), host.delayMillis()));
    }
  }

  /** The robots.txt turn of the URL's origin; the URL is back in its queue, so a failure here carries the host. */
  private Rest robots(HostQueues.Host host, FrontierEntry page) {
    try {
      return robotsTurn.fetch(host, page);
    } catch (StorageFault | Error e) {
      throw e;
    } catch (RuntimeException e) {
      log.event("ERROR", host.name() + " robots.txt " + e);
      carry.host(host, "ROBOTS", "robots.txt turn failed (" + e + ")");
      return new Rest(System.nanoTime(), host.delayMillis());
    }
  }

  private Rest done(Rest rest) {
    completed.incrementAndGet();
    return rest;
  }

  private void countHttpStatus(Integer status) {
    if (status == null) {
      return;
    }
    switch (status / 100) {
      case 2 -> sink.count(RoundCounter.HTTP_2XX, 1);
      case 3 -> sink.count(RoundCounter.HTTP_3XX, 1);
      case 4 -> sink.count(RoundCounter.HTTP_4XX, 1);
      case 5 -> sink.count(RoundCounter.HTTP_5XX, 1);
      default -> { }
    }
    if (status == 429) {
      sink.count(RoundCounter.HTTP_429, 1);
    } else if (status == 503) {
      sink.count(RoundCounter.HTTP_503, 1);
    }
  }

  private void record(ManifestRecord unclassified) {
    ManifestRecord record = classified(unclassified);
    log.event("SKIP", record.getUrl() + " " + record.getStatus() + (record.getError() == null ? "" : " (" + record.getError() + ")"));
    sink.count(record.getStatus());
    sink.fetched(record, List.of());
    completed.incrementAndGet();
  }

  /** A failed fetch with its error_class set and counted; any other record as it is. */
  private ManifestRecord classified(ManifestRecord record) {
    String errorClass = FetchErrors.classOf(record.getStatus(), record.getHttpStatus(), record.getError());
    if (errorClass == null) {
      return record;
    }
    sink.count(errorClass.equals(FetchErrors.PERMANENT) ? RoundCounter.FAILURES_PERMANENT : RoundCounter.FAILURES_TRANSIENT, 1);
    return ManifestRecord.newBuilder(record).setErrorClass(errorClass).build();
  }

  private static ManifestRecord unfetched(FrontierEntry entry, FetchStatus status, String error) {
    return ManifestRecord.newBuilder().setUrl(entry.getUrl()).setHost(entry.getHost())
        .setDepth(entry.getDepth()).setFetchTime(System.currentTimeMillis()).setStatus(status)
        .setError(error).setFoundBy(entry.getFoundBy()).setSitemapLastmod(entry.getSitemapLastmod())
        .setSitemapLevel(entry.getSitemapLevel()).build();
  }

  @Override
  public void close() throws IOException {
    queues.close();
  }
}
