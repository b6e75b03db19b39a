package dev.trawl.mappers.fetch;

import dev.trawl.mappers.http.HttpFetcher;
import crawlercommons.robots.BaseRobotRules;
import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.log.TaskStats;
import dev.trawl.mappers.parse.ContentDates;
import dev.trawl.mappers.parse.ContentDecoder;
import dev.trawl.mappers.parse.ContentFacts;
import dev.trawl.mappers.parse.PageParser;
import dev.trawl.mappers.parse.ParsedPage;
import dev.trawl.mappers.robots.RobotsCache;
import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.round.RoundCounter;
import dev.trawl.round.Selection;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.ContentType;

/**
 * One fetch list's fetching: a pool of threads working the {@link HostQueues} politely, robots.txt
 * first for every origin, each response streamed to the WARC and parsed for links, and results
 * handed to a {@link FetchSink}. A host answering 429 or 503 is backed off (Retry-After honoured);
 * one that keeps failing is left for the next round. Bounded by page and per-host caps and a
 * deadline; what they stop is carried over, never dropped.
 */
public final class FetchTask {
  private static final int QUEUE_CAPACITY = 50_000;
  /** Enough of a body for media type detection by magic bytes. */
  private static final int DETECT_BYTES = 64 * 1024;

  private final TrawlSettings settings;
  private final HttpFetcher fetcher;
  private final RobotsCache robots;
  private final PageParser parser;
  private final ScopeFilter scope;
  private final WarcOutput warc;
  private final ActivityLog log;
  private final FetchSink sink;
  private final HostQueues queues;
  private final Selection selection;
  private final long deadlineMillis;
  // Parsing is CPU work and holds a page's DOM: as many at once as there are cores, not threads.
  private final Semaphore parseSlots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private final Set<String> blockedOrigins = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> pagesPerHost = new ConcurrentHashMap<>();
  private final AtomicLong attempts = new AtomicLong();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean queuesStopped;
  private final TaskStats stats = new TaskStats();

  /**
   * @param selection the entries a page bound lets this round fetch ({@link Selection#ALL} without one)
   * @param deadlineMillis epoch millis after which no request starts; 0: none
   */
  public FetchTask(TrawlSettings settings, HttpFetcher fetcher, ScopeFilter scope, WarcOutput warc,
                   ActivityLog log, FetchSink sink, Selection selection, long deadlineMillis) {
    this.settings = settings;
    this.fetcher = fetcher;
    this.robots = new RobotsCache(fetcher, settings.robotsAgent(), settings.robotsMaxAgeMillis(), settings.robotsMaxFailures());
    this.parser = new PageParser(settings.maxOutlinks());
    this.scope = scope;
    this.warc = warc;
    this.log = log;
    this.sink = sink;
    this.queues = new HostQueues(settings.delayMillis(), QUEUE_CAPACITY);
    this.selection = selection;
    this.deadlineMillis = deadlineMillis;
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
   * Queues an entry (blocking while the queues are full). Entries beyond the depth bound, left out
   * by a page bound, or added after the deadline, are carried over instead.
   */
  public void add(FrontierEntry entry, Runnable whileWaiting) throws InterruptedException {
    if (settings.depth().isPresent() && entry.getDepth() >= settings.depth().getAsInt()) {
      sink.count(RoundCounter.BEYOND_DEPTH, 1);
      sink.carried(entry);
      return;
    }
    if (!selection.selects(entry)) {
      sink.count(RoundCounter.NOT_SELECTED, 1);
      sink.carried(entry);
      return;
    }
    checkDeadline();
    if (!queues.add(entry, whileWaiting)) {
      carry(entry);
    } else {
      stats.queued(entry.getHost());
    }
  }

  /**
   * No more entries: waits for the threads, calling {@code progress} about once a second, then
   * carries over whatever the bounds left unfetched.
   */
  public void finish(Runnable progress) throws InterruptedException {
    queues.closeInput();
    logHosts();
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

  /** Per-host figures of this task. */
  public TaskStats stats() { return stats; }

  /** Wall-clock milliseconds with a request in flight. */
  public long fetchingMillis() { return queues.fetchingMillis(); }

  /** Wall-clock milliseconds with URLs queued and every host waiting out its politeness delay. */
  public long politenessWaitMillis() { return queues.politenessWaitMillis(); }

  /** The task's hosts, once all its input is in: one line, so a reader knows who this task fetched. */
  private void logHosts() {
    Map<String, Long> urls = stats.urlsPerHost();
    StringBuilder b = new StringBuilder().append(urls.size()).append(urls.size() == 1 ? " host:" : " hosts:");
    String separator = " ";
    for (Map.Entry<String, Long> e : urls.entrySet()) {
      b.append(separator).append(e.getKey()).append(" (").append(e.getValue()).append(e.getValue() == 1 ? " URL)" : " URLs)");
      separator = ", ";
    }
    log.event("HOSTS", b.toString());
  }

  private void checkDeadline() {
    if (deadlineMillis > 0 && System.currentTimeMillis() >= deadlineMillis) {
      stopQueues("TIME_LIMIT", "round time limit reached; the rest carries over");
    }
  }

  private synchronized void stopQueues(String event, String why) {
    if (!queuesStopped) {
      queuesStopped = true;
      log.event(event, why);
      queues.stop();
    }
  }

  private void work() {
    try {
      HostQueues.Host host;
      while ((host = queues.lease()) != null) {
        Rest rest = Rest.NONE;
        try {
          rest = serve(host);
        } catch (RuntimeException e) {
          log.event("ERROR", host.name() + " " + e);
          rest = new Rest(System.nanoTime(), host.delayMillis());
        } finally {
          queues.release(host, rest.millis(), rest.fromNanos());
        }
        checkDeadline();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * How long a host rests after a turn, counted from the end of its exchange: parsing and writing
   * the WARC happen after the server is done with us, so they do not lengthen the delay.
   */
  private record Rest(long fromNanos, long millis) {
    static final Rest NONE = new Rest(0, 0);
  }

  /** Makes at most one request to the leased host; returns how long the host must then rest. */
  private Rest serve(HostQueues.Host host) {
    FrontierEntry next = queues.peek(host);
    if (next == null) {
      return Rest.NONE;
    }
    if (host.closed()) {
      queues.pollAll(host).forEach(this::carry);
      return Rest.NONE;
    }
    if (robots.rulesFor(next.getUrl()) == null) {
      return robotsTurn(host, next.getUrl());
    }
    FrontierEntry entry;
    while ((entry = queues.poll(host)) != null) {
      String origin = RobotsCache.originOf(entry.getUrl());
      BaseRobotRules rules = robots.rulesFor(entry.getUrl());
      if (rules == null) {
        // Another origin on the same host (http and https): its robots.txt comes first.
        putBack(host, entry);
        return robotsTurn(host, entry.getUrl());
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
        carryHost(host, "HOST_CAP", "reached " + settings.maxPerHost().getAsInt() + " pages this round");
        return Rest.NONE;
      }
      pagesPerHost.merge(host.name(), 1, Integer::sum);
      return fetchTurn(host, entry);
    }
    return Rest.NONE;
  }

  // Only the thread holding the host's lease touches its queue, so putting the entry back is safe.
  private void putBack(HostQueues.Host host, FrontierEntry entry) {
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

  private void carryHost(HostQueues.Host host, String event, String why) {
    host.close();
    List<FrontierEntry> rest = queues.pollAll(host);
    rest.forEach(this::carry);
    log.event(event, host.name() + " " + why + "; " + rest.size() + " URLs carried over");
  }

  private Rest robotsTurn(HostQueues.Host host, String url) {
    RobotsCache.Fetch f = robots.fetch(url);
    long ended = System.nanoTime();
    for (HttpFetcher.Response r : f.exchanges()) {
      try (r) {
        sink.count(RoundCounter.ROBOTS_FETCHES, 1);
        warc.write(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the WARC file", e);
      }
    }
    if (f.entry() != null) {
      sink.robots(f.entry());
    }
    String origin = RobotsCache.originOf(url);
    if (f.blocked()) {
      blockedOrigins.add(origin);
      log.event("ROBOTS", origin + " " + f.note());
      return Rest.NONE;
    }
    if (f.deferred()) {
      sink.count(RoundCounter.HOSTS_DEFERRED_ROBOTS, 1);
      carryHost(host, "ROBOTS", f.note());
      return new Rest(ended, host.delayMillis());
    }
    long crawlDelay = f.rules().getCrawlDelay();
    if (crawlDelay > 0 && crawlDelay != BaseRobotRules.UNSET_CRAWL_DELAY) {
      if (crawlDelay > settings.maxCrawlDelayMillis()) {
        sink.count(RoundCounter.HOSTS_SKIPPED_CRAWL_DELAY, 1);
        carryHost(host, "ROBOTS", f.note() + "; Crawl-delay " + crawlDelay / 1000.0 + "s is above the cap of "
            + settings.maxCrawlDelayMillis() / 1000.0 + "s, host skipped this round");
        return Rest.NONE;
      }
      host.delayMillis(Math.max(host.delayMillis(), crawlDelay));
    }
    log.event("ROBOTS", origin + " " + f.note() + "; delay " + host.delayMillis() / 1000.0 + "s");
    return new Rest(ended, host.delayMillis());
  }

  /** Fetches one URL; returns the host's rest: its delay, or a back-off after 429/503. */
  private Rest fetchTurn(HostQueues.Host host, FrontierEntry entry) {
    Attempt a = fetch(entry);
    FetchStatus status = a.record().getStatus();
    Integer http = a.record().getHttpStatus();
    if (http != null && (http == 429 || http == 503)) {
      host.failed();
      long wait = a.retryAfterMillis() != null ? a.retryAfterMillis()
          : Math.max(1000, host.delayMillis()) << Math.min(host.failures() - 1, 16);
      if (wait > settings.maxBackoffMillis() || host.failures() >= settings.hostMaxFailures()) {
        sink.count(RoundCounter.HOSTS_GIVEN_UP, 1);
        carryHost(host, "GIVE_UP", "answered " + http + " " + host.failures() + " times in a row"
            + (wait > settings.maxBackoffMillis() ? " and asks to wait " + wait / 1000 + " s" : ""));
        return Rest.NONE;
      }
      long rest = Math.max(wait, host.delayMillis());
      sink.count(RoundCounter.HOST_BACKOFFS, 1);
      sink.count(RoundCounter.BACKOFF_MILLIS, rest);
      stats.backedOff(host.name(), rest);
      log.event("BACKOFF", host.name() + " answered " + http + "; resuming at "
          + Instant.now().plusMillis(rest) + " (" + rest / 1000.0 + " s)");
      return new Rest(a.endedNanos(), rest);
    }
    if (status == FetchStatus.timeout || status == FetchStatus.error) {
      host.failed();
      if (host.failures() >= settings.hostMaxFailures()) {
        sink.count(RoundCounter.HOSTS_GIVEN_UP, 1);
        carryHost(host, "GIVE_UP", host.failures() + " failures in a row (" + a.record().getError() + ")");
        return Rest.NONE;
      }
    } else {
      host.answered();
    }
    return new Rest(a.endedNanos(), host.delayMillis());
  }

  /** A fetch attempt's record, when the exchange ended, and how long the server asked us to wait (Retry-After), if it did. */
  private record Attempt(ManifestRecord record, long endedNanos, Long retryAfterMillis) {}

  private Attempt fetch(FrontierEntry entry) {
    attempts.incrementAndGet();
    sink.count(RoundCounter.REQUESTS, 1);
    if (entry.getRetries() > 0) {
      sink.count(RoundCounter.RETRY_REQUESTS, 1);
    }
    ManifestRecord.Builder m = ManifestRecord.newBuilder()
        .setUrl(entry.getUrl()).setHost(entry.getHost()).setDepth(entry.getDepth())
        .setFetchTime(System.currentTimeMillis());
    List<FrontierEntry> discovered = new ArrayList<>();
    Long retryAfter = null;
    long ended = 0;
    try (HttpFetcher.Response r = fetcher.get(entry.getUrl())) {
      ended = System.nanoTime();
      m.setFetchTime(r.start().toEpochMilli()).setFetchMs(r.millis()).setHttpStatus(r.status())
          .setContentType(r.header("Content-Type")).setContentLength(r.body().length())
          .setContentTruncated(r.truncated());
      ContentFacts.describe(m, r.header("Content-Type"), r.header("Content-Language"), r.body().head(DETECT_BYTES));
      sink.count(RoundCounter.BYTES, r.body().length());
      sink.count(RoundCounter.FETCH_MILLIS, r.millis());
      if (r.truncated()) {
        sink.count(RoundCounter.BODIES_TRUNCATED, 1);
      }
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
        if (entry.getRedirects() < settings.maxRedirects()) {
          follow(entry, List.of(target), entry.getRedirects() + 1, discovered);
        } else {
          sink.count(RoundCounter.REDIRECTS_CAPPED, 1);
          m.setError("redirect not followed: " + settings.maxRedirects() + " hops already");
        }
      } else if (status == 304) {
        m.setStatus(FetchStatus.not_modified);
      } else if (status >= 200 && status < 300) {
        m.setStatus(FetchStatus.fetched);
        List<String> links = parse(entry, r, m);
        String outside = outsideDateWindow(m.getPublished());
        if (outside != null) {
          // Its links are not followed: pages outside the window lead away from what was asked for.
          m.setStatus(FetchStatus.out_of_bounds).setError(outside);
          sink.count(RoundCounter.OUT_OF_DATE_RANGE, 1);
        } else {
          follow(entry, links, 0, discovered);
        }
      } else {
        m.setStatus(FetchStatus.http_error);
        if (status == 429 || status == 503) {
          retryAfter = retryAfterMillis(r.header("Retry-After"));
        }
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
    countHttpStatus(record.getHttpStatus());
    stats.requested(record);
    sink.fetched(record, discovered);
    return new Attempt(record, ended == 0 ? System.nanoTime() : ended, retryAfter);
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

  /** Why a page with this content date is out of bounds, or null if it is within them. */
  private String outsideDateWindow(Long published) {
    if (published == null) {
      return settings.requireDate() ? "no content date, and trawl.bounds.require-date is set" : null;
    }
    Instant date = Instant.ofEpochMilli(published);
    if (settings.publishedBefore() != null && !date.isBefore(settings.publishedBefore())) {
      return "published " + date + ", not before " + settings.publishedBefore();
    }
    if (settings.publishedAfter() != null && date.isBefore(settings.publishedAfter())) {
      return "published " + date + ", before " + settings.publishedAfter();
    }
    return null;
  }

  /** Reads an HTML page into the record (title, date, outlink count); returns the links to follow. */
  private List<String> parse(FrontierEntry entry, HttpFetcher.Response r, ManifestRecord.Builder m) {
    String type = r.header("Content-Type");
    if (!PageParser.parses(type)) {
      return List.of();
    }
    parseSlots.acquireUninterruptibly();
    try (var body = r.body().stream()) {
      ContentDecoder.Decoded decoded = ContentDecoder.decode(body, r.header("Content-Encoding"), settings.maxDecodedBytes());
      if (decoded.bytes() == null) {
        m.setError("content encoding " + r.header("Content-Encoding") + " not decoded; links not followed");
        return List.of();
      }
      if (decoded.truncated()) {
        sink.count(RoundCounter.DECODED_TRUNCATED, 1);
        m.setContentTruncated(true).setError("decoded content cut at " + settings.maxDecodedBytes() + " bytes");
      }
      ParsedPage page = parser.parse(decoded.bytes(), charset(type), entry.getUrl());
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
        return List.of();
      }
      return page.links();
    } catch (IOException e) {
      // The page was fetched and stored; only reading it failed (say, a corrupt gzip stream).
      m.setError("cannot read the content: " + e.getMessage());
      return List.of();
    } finally {
      parseSlots.release();
    }
  }

  private void follow(FrontierEntry from, List<String> links, int redirects, List<FrontierEntry> into) {
    for (String link : links) {
      ScopeFilter.Verdict v = scope.check(link);
      if (v.followed()) {
        into.add(FrontierEntry.newBuilder().setUrl(v.url()).setHost(v.host())
            .setDepth(from.getDepth() + 1).setRetries(0).setSource(from.getUrl()).setRedirects(redirects).build());
      } else {
        sink.count(v.dropped(), 1);
      }
    }
  }

  /** Retry-After in seconds or as an HTTP date; null if absent or unreadable. */
  static Long retryAfterMillis(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(value.strip())) * 1000;
    } catch (NumberFormatException e) {
      Instant at = ContentDates.parse(value);
      return at == null ? null : Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
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
    stats.carried(entry.getHost());
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
