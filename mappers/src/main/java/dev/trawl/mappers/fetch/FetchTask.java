package dev.trawl.mappers.fetch;

import crawlercommons.robots.BaseRobotRules;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.parse.ContentDates;
import dev.trawl.mappers.parse.ContentFacts;
import dev.trawl.mappers.parse.PageParser;
import dev.trawl.mappers.parse.ParsedPage;
import dev.trawl.mappers.robots.RobotsCache;
import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.ContentType;

/**
 * One fetch list's fetching: a pool of threads working the {@link HostQueues} politely, robots.txt
 * first for every origin, each response streamed to the WARC and parsed for links, and results
 * handed to a {@link FetchSink}. Bounded by a page budget, a per-host cap and a deadline; what they
 * stop is carried over, never dropped.
 */
public final class FetchTask {
  private static final int QUEUE_CAPACITY = 50_000;

  private final TrawlSettings settings;
  private final HttpFetcher fetcher;
  private final RobotsCache robots;
  private final PageParser parser;
  private final ScopeFilter scope;
  private final WarcOutput warc;
  private final ActivityLog log;
  private final FetchSink sink;
  private final HostQueues queues;
  private final AtomicLong budget;
  private final long deadlineMillis;
  private final Set<String> blockedOrigins = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> pagesPerHost = new ConcurrentHashMap<>();
  private final AtomicLong attempts = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();

  /**
   * @param budget fetch attempts this task may make (robots.txt excluded); negative: unlimited
   * @param deadlineMillis epoch millis after which no request starts; 0: none
   */
  public FetchTask(TrawlSettings settings, HttpFetcher fetcher, ScopeFilter scope, WarcOutput warc,
                   ActivityLog log, FetchSink sink, long budget, long deadlineMillis) {
    this.settings = settings;
    this.fetcher = fetcher;
    this.robots = new RobotsCache(fetcher, settings.robotsAgent());
    this.parser = new PageParser(settings.maxOutlinks());
    this.scope = scope;
    this.warc = warc;
    this.log = log;
    this.sink = sink;
    this.queues = new HostQueues(settings.delayMillis(), QUEUE_CAPACITY);
    this.budget = new AtomicLong(budget);
    this.deadlineMillis = deadlineMillis;
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
   * Queues an entry (blocking while the queues are full). Entries beyond the depth bound, or added
   * after the deadline, are carried over instead.
   */
  public void add(FrontierEntry entry, Runnable whileWaiting) throws InterruptedException {
    if (settings.depth().isPresent() && entry.getDepth() >= settings.depth().getAsInt()) {
      sink.count(RoundCounter.BEYOND_DEPTH, 1);
      sink.carried(entry);
      return;
    }
    checkDeadline();
    if (!queues.add(entry, whileWaiting)) {
      carry(entry);
    }
  }

  /**
   * No more entries: waits for the threads, calling {@code progress} about once a second, then
   * carries over whatever the bounds left unfetched.
   */
  public void finish(Runnable progress) throws InterruptedException {
    queues.closeInput();
    for (Thread t : threads) {
      while (t.isAlive()) {
        t.join(1000);
        checkDeadline();
        progress.run();
      }
    }
    for (FrontierEntry rest : queues.drain()) {
      carry(rest);
    }
  }

  /** Fetch attempts so far. */
  public long attempts() { return attempts.get(); }

  /** URLs waiting in the queues. */
  public int queued() { return queues.queued(); }

  private void checkDeadline() {
    if (deadlineMillis > 0 && System.currentTimeMillis() >= deadlineMillis) {
      if (!queuesStopped) {
        queuesStopped = true;
        log.event("TIME_LIMIT", "round time limit reached; the rest carries over");
        queues.stop();
      }
    }
  }

  private volatile boolean queuesStopped;

  private void work() {
    try {
      HostQueues.Host host;
      while ((host = queues.lease()) != null) {
        boolean requested = false;
        try {
          requested = serve(host);
        } catch (RuntimeException e) {
          log.event("ERROR", host.name() + " " + e);
        } finally {
          queues.release(host, requested);
        }
        checkDeadline();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes at most one request to the leased host; returns true if it did. */
  private boolean serve(HostQueues.Host host) {
    FrontierEntry next = queues.peek(host);
    if (next == null) {
      return false;
    }
    if (robots.rulesFor(next.getUrl()) == null) {
      fetchRobots(host, next.getUrl());
      return true;
    }
    FrontierEntry entry;
    while ((entry = queues.poll(host)) != null) {
      String origin = RobotsCache.originOf(entry.getUrl());
      BaseRobotRules rules = robots.rulesFor(entry.getUrl());
      if (rules == null) {
        // Another origin on the same host (http and https): its robots.txt comes first.
        carryFront(host, entry);
        fetchRobots(host, entry.getUrl());
        return true;
      }
      if (blockedOrigins.contains(origin)) {
        record(unfetched(entry, FetchStatus.blocked_address, "address not allowed"));
        continue;
      }
      if (!rules.isAllowed(entry.getUrl())) {
        record(unfetched(entry, FetchStatus.robots_denied, null));
        continue;
      }
      if (settings.maxPerHost().isPresent() && pagesPerHost.getOrDefault(host.name(), 0) >= settings.maxPerHost().getAsInt()) {
        carry(entry);
        queues.pollAll(host).forEach(this::carry);
        log.event("HOST_CAP", host.name() + " reached " + settings.maxPerHost().getAsInt() + " pages this round");
        return false;
      }
      if (budget.get() >= 0 && budget.getAndDecrement() <= 0) {
        budget.set(0);
        carry(entry);
        if (!queuesStopped) {
          queuesStopped = true;
          log.event("PAGE_BUDGET", "page budget of this fetch list used up; the rest carries over");
          queues.stop();
        }
        return false;
      }
      pagesPerHost.merge(host.name(), 1, Integer::sum);
      fetch(entry);
      return true;
    }
    return false;
  }

  // Only the thread holding the host's lease touches its queue, so putting the entry back is safe.
  private void carryFront(HostQueues.Host host, FrontierEntry entry) {
    List<FrontierEntry> rest = queues.pollAll(host);
    rest.add(0, entry);
    for (FrontierEntry e : rest) {
      try {
        queues.add(e, () -> { });
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        carry(e);
      }
    }
  }

  private void fetchRobots(HostQueues.Host host, String url) {
    RobotsCache.Fetch f = robots.fetch(url);
    host.countRequest();
    sink.count(RoundCounter.ROBOTS_FETCHES, 1);
    for (HttpFetcher.Response r : f.exchanges()) {
      try {
        warc.write(r);
      } catch (IOException e) {
        throw new IllegalStateException("cannot write the WARC file", e);
      }
    }
    if (f.blocked()) {
      blockedOrigins.add(RobotsCache.originOf(url));
    }
    long crawlDelay = f.rules().getCrawlDelay();
    if (crawlDelay > 0 && crawlDelay != crawlercommons.robots.BaseRobotRules.UNSET_CRAWL_DELAY) {
      if (crawlDelay > settings.maxCrawlDelayMillis()) {
        List<FrontierEntry> skipped = queues.pollAll(host);
        skipped.forEach(this::carry);
        sink.count(RoundCounter.HOSTS_SKIPPED_CRAWL_DELAY, 1);
        log.event("ROBOTS", host.name() + " " + f.note() + "; Crawl-delay " + crawlDelay / 1000.0
            + "s is above the cap; host skipped this round, " + skipped.size() + " URLs carried over");
        return;
      }
      host.delayMillis(Math.max(host.delayMillis(), crawlDelay));
    }
    log.event("ROBOTS", RobotsCache.originOf(url) + " " + f.note() + "; delay " + host.delayMillis() / 1000.0 + "s");
  }

  private void fetch(FrontierEntry entry) {
    attempts.incrementAndGet();
    sink.count(RoundCounter.REQUESTS, 1);
    ManifestRecord.Builder m = ManifestRecord.newBuilder()
        .setUrl(entry.getUrl()).setHost(entry.getHost()).setDepth(entry.getDepth())
        .setFetchTime(System.currentTimeMillis());
    List<FrontierEntry> discovered = new ArrayList<>();
    try {
      HttpFetcher.Response r = fetcher.get(entry.getUrl());
      m.setFetchTime(r.start().toEpochMilli()).setFetchMs(r.millis()).setHttpStatus(r.status())
          .setContentType(r.header("Content-Type")).setContentLength((long) r.body().length)
          .setContentTruncated(r.truncated());
      ContentFacts.describe(m, r.header("Content-Type"), r.header("Content-Language"), r.body());
      sink.count(RoundCounter.BYTES, r.body().length);
      sink.count(RoundCounter.FETCH_MILLIS, r.millis());
      Instant lastModified = ContentDates.parse(r.header("Last-Modified"));
      if (lastModified != null) {
        m.setLastModified(lastModified.toEpochMilli()).setPublished(lastModified.toEpochMilli());
      }
      WarcOutput.Pointer p = warc.write(r);
      m.setWarcFile(p.file()).setWarcOffset(p.offset()).setWarcLength(p.length()).setDigest(p.payloadDigest());
      int status = r.status();
      if (status >= 300 && status < 400 && status != 304 && r.header("Location") != null) {
        String target = URI.create(entry.getUrl()).resolve(r.header("Location").strip()).toString();
        m.setStatus(FetchStatus.redirect).setRedirectTo(target);
        follow(entry, List.of(target), discovered);
      } else if (status == 304) {
        m.setStatus(FetchStatus.not_modified);
      } else if (status >= 200 && status < 300) {
        m.setStatus(FetchStatus.fetched);
        String type = r.header("Content-Type");
        if (PageParser.parses(type)) {
          ParsedPage page = parser.parse(r.body(), charset(type), entry.getUrl());
          m.setTitle(page.title()).setOutlinkCount(page.linkCount());
          ContentFacts.describe(m, page);
          if (page.published() != null) {
            m.setPublished(page.published().toEpochMilli());
          }
          sink.count(RoundCounter.OUTLINKS, page.linkCount());
          if (page.capped()) {
            sink.count(RoundCounter.OUTLINKS_CAPPED, 1);
          }
          if (page.noFollow()) {
            sink.count(RoundCounter.DROPPED_NOFOLLOW, page.links().size());
          } else {
            follow(entry, page.links(), discovered);
          }
        }
      } else {
        m.setStatus(FetchStatus.http_error);
      }
    } catch (AddressGuard.BlockedAddressException e) {
      m.setStatus(FetchStatus.blocked_address).setError(e.getMessage());
    } catch (InterruptedIOException e) {
      // SocketTimeoutException and the client's ConnectTimeoutException are InterruptedIOExceptions.
      m.setStatus(FetchStatus.timeout).setError(e.toString());
    } catch (IOException | RuntimeException e) {
      m.setStatus(FetchStatus.error).setError(e.toString());
    }
    ManifestRecord record = m.build();
    log.event("FETCH", record.getUrl() + " " + record.getStatus()
        + (record.getHttpStatus() == null ? "" : " " + record.getHttpStatus()) + " " + record.getFetchMs() + "ms");
    sink.count(record.getStatus());
    sink.fetched(record, discovered);
  }

  private void follow(FrontierEntry from, List<String> links, List<FrontierEntry> into) {
    for (String link : links) {
      ScopeFilter.Verdict v = scope.check(link);
      if (v.followed()) {
        into.add(FrontierEntry.newBuilder().setUrl(v.url()).setHost(v.host())
            .setDepth(from.getDepth() + 1).setRetries(0).setSource(from.getUrl()).build());
      } else {
        sink.count(v.dropped(), 1);
      }
    }
  }

  private void record(ManifestRecord record) {
    log.event("SKIP", record.getUrl() + " " + record.getStatus());
    sink.count(record.getStatus());
    sink.fetched(record, List.of());
  }

  private static ManifestRecord unfetched(FrontierEntry entry, FetchStatus status, String error) {
    return ManifestRecord.newBuilder().setUrl(entry.getUrl()).setHost(entry.getHost())
        .setDepth(entry.getDepth()).setFetchTime(System.currentTimeMillis()).setStatus(status)
        .setError(error).build();
  }

  private void carry(FrontierEntry entry) {
    sink.count(RoundCounter.CARRIED_OVER, 1);
    sink.carried(entry);
  }

  private static String charset(String contentType) {
    try {
      ContentType t = ContentType.parse(contentType);
      return t.getCharset() == null ? null : t.getCharset().name();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
