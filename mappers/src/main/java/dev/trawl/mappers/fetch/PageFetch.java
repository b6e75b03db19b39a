package dev.trawl.mappers.fetch;

import dev.trawl.mappers.http.FailedRequest;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.mappers.parse.ContentDates;
import dev.trawl.mappers.parse.ContentDecoder;
import dev.trawl.mappers.parse.ContentFacts;
import dev.trawl.mappers.parse.PageParser;
import dev.trawl.mappers.parse.ParsedPage;
import dev.trawl.mappers.refetch.ConditionalHeaders;
import dev.trawl.mappers.refetch.Recapture;
import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.mappers.scope.DateWindow;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.mappers.sitemap.SitemapFetch;
import dev.trawl.mappers.text.MainText;
import dev.trawl.mappers.text.PageTexts;
import dev.trawl.mappers.warc.WarcOutput;
import dev.trawl.refetch.Change;
import dev.trawl.round.FetchErrors;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.LastCapture;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One URL's exchange, start to end: the request, the response streamed to the WARC, the page
 * parsed for its title, content date and links, the links checked against scope, and the date
 * bounds applied. Whatever the site does, the result is a manifest record; only a failure of the
 * task's own storage escapes, as a {@link StorageFault}.
 */
final class PageFetch {
  private static final Map<Change, RoundCounter> CHANGE_COUNTERS = Map.of(Change.NEW, RoundCounter.PAGES_NEW,
      Change.CHANGED, RoundCounter.PAGES_CHANGED, Change.UNCHANGED, RoundCounter.PAGES_UNCHANGED, Change.GONE, RoundCounter.PAGES_GONE);
  /** Enough of a body for media type detection by magic bytes. */
  private static final int DETECT_BYTES = 64 * 1024;

  /**
   * A fetch attempt: its record, the in-scope URLs it found, when the exchange ended, and how long
   * the server asked us to wait (Retry-After), if it did.
   */
  record Attempt(ManifestRecord record, List<FrontierEntry> discovered, long endedNanos, Long retryAfterMillis) {}

  private final TrawlSettings settings;
  private final HttpFetcher fetcher;
  private final PageParser parser;
  private final ScopeFilter scope;
  private final WarcOutput warc;
  /** Where main texts go, or null with trawl.text off. */
  private final PageTexts texts;
  private final FetchSink sink;
  private final SitemapFetch sitemaps;
  // Parsing is CPU work and holds a page's DOM: as many at once as there are cores, not threads.
  private final Semaphore parseSlots = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()));
  private final AtomicLong parseNanos = new AtomicLong();

  /** @param sitemaps what reads a sitemap's response; null with sitemaps off (a sitemap entry is then fetched as a page) */
  PageFetch(TrawlSettings settings, HttpFetcher fetcher, ScopeFilter scope, WarcOutput warc, PageTexts texts, FetchSink sink,
            SitemapFetch sitemaps) {
    this.settings = settings;
    this.fetcher = fetcher;
    this.parser = new PageParser(settings.maxOutlinks());
    this.scope = scope;
    this.warc = warc;
    this.texts = texts;
    this.sink = sink;
    this.sitemaps = sitemaps;
  }

  /** Thread-milliseconds spent parsing pages so far. */
  long parseMillis() {
    return parseNanos.get() / 1_000_000;
  }

  Attempt fetch(FrontierEntry entry) {
    sink.count(RoundCounter.REQUESTS, 1);
    if (entry.getRetries() > 0) {
      sink.count(RoundCounter.RETRY_REQUESTS, 1);
    }
    ManifestRecord.Builder m = ManifestRecord.newBuilder()
        .setUrl(entry.getUrl()).setHost(entry.getHost()).setDepth(entry.getDepth())
        .setFetchTime(System.currentTimeMillis()).setFoundBy(entry.getFoundBy())
        .setSitemapLastmod(entry.getSitemapLastmod()).setSitemapLevel(entry.getSitemapLevel());
    boolean sitemap = sitemaps != null && entry.getSitemapLevel() != null;
    LastCapture previous = entry.getPrevious();
    List<Map.Entry<String, String>> conditional = ConditionalHeaders.of(previous);
    if (!conditional.isEmpty()) {
      sink.count(RoundCounter.CONDITIONAL_REQUESTS, 1);
    }
    HttpFetcher.Response r;
    long sent = System.nanoTime();
    try {
      r = fetcher.get(entry.getUrl(), sitemap ? settings.sitemaps().maxBytes() : settings.maxBodyBytes(), conditional);
    } catch (AddressGuard.BlockedAddressException e) {
      return failed(m, FetchStatus.blocked_address, e.getMessage(), sent);
    } catch (IOException | RuntimeException e) {
      // RuntimeException: a URL the HTTP client cannot even form a request for.
      FailedRequest failure = FailedRequest.of(entry.getHost(), e);
      return failed(m, failure.status(), failure.error(), sent);
    }
    long ended = System.nanoTime();
    List<FrontierEntry> discovered = new ArrayList<>();
    Long retryAfter = null;
    try (r) {
      m.setFetchTime(r.start().toEpochMilli()).setFetchMs(r.millis()).setHttpStatus(r.status())
          .setContentType(r.header("Content-Type")).setContentLength(r.body().length())
          .setContentTruncated(r.truncated()).setTlsUnverified(r.tlsUnverified());
      describe(m, r);
      sink.count(RoundCounter.BYTES, r.body().length());
      sink.count(RoundCounter.FETCH_MILLIS, r.millis());
      if (r.truncated()) {
        sink.count(RoundCounter.BODIES_TRUNCATED, 1);
      }
      Instant lastModified = ContentDates.parse(r.header("Last-Modified"));
      if (lastModified != null) {
        m.setLastModified(lastModified.toEpochMilli()).setPublished(lastModified.toEpochMilli()).setPublishedSource("last_modified");
      }
      m.setEtag(r.header("ETag"));
      Recapture seen = Recapture.of(previous, r.status(), r.body().sha1(), settings.refetch().revisitIdentical());
      WarcOutput.Pointer p = seen.revisit() ? revisit(r, seen, previous, m) : write(r);
      m.setWarcFile(p.file()).setWarcOffset(p.offset()).setWarcLength(p.length()).setDigest(p.payloadDigest())
          .setWarcRecordId(p.recordId());
      if (seen.change() != null) {
        m.setChange(seen.change().value());
        sink.count(CHANGE_COUNTERS.get(seen.change()), 1);
      }
      int status = r.status();
      if (status >= 300 && status < 400 && status != 304 && r.header("Location") != null) {
        redirect(entry, r.header("Location"), m, discovered);
      } else if (status == 304) {
        // Its links are the last capture's, which the crawl db already holds: nothing to follow.
        m.setStatus(FetchStatus.not_modified);
      } else if (status >= 200 && status < 300 && sitemap) {
        // A sitemap is a list, not content: the date bounds judge the URLs it lists, not it.
        m.setStatus(FetchStatus.fetched);
        discovered.addAll(sitemaps.read(entry, r, m));
      } else if (status >= 200 && status < 300) {
        m.setStatus(FetchStatus.fetched);
        // A revisit's text is its original's, already written then.
        List<String> links = parse(entry, r, m, seen.revisit() ? null : p);
        String outside = DateWindow.outside(settings, m.getPublished() == null ? null : Instant.ofEpochMilli(m.getPublished()));
        if (outside != null) {
          // Its links are not followed: pages outside the window lead away from what was asked for.
          m.setStatus(FetchStatus.out_of_bounds).setError(outside);
          sink.count(RoundCounter.OUT_OF_DATE_RANGE, 1);
        } else {
          follow(entry, links, 0, discovered);
        }
        if (seen.change() == Change.UNCHANGED && m.getStatus() == FetchStatus.fetched) {
          m.setStatus(FetchStatus.not_modified);
        }
      } else {
        m.setStatus(FetchStatus.http_error);
        if (!FetchErrors.validStatus(status)) {
          m.setError(FailedRequest.invalidStatus(status));
        }
        if (status == 429 || status == 503) {
          retryAfter = retryAfterMillis(r.header("Retry-After"));
        }
      }
    } catch (IOException e) {
      // Only closing the body's temporary file can fail here: the task's own disk.
      throw new StorageFault("cannot release a response body", e);
    }
    return new Attempt(m.build(), discovered, ended, retryAfter);
  }

  /** Media type detection (Apache Tika) is CPU work too, and Tika's parser pool is small: it takes a parse slot. */
  private void describe(ManifestRecord.Builder m, HttpFetcher.Response r) {
    // (The body's first bytes are in memory or in the task's own temporary file.)
    parseSlots.acquireUninterruptibly();
    long start = System.nanoTime();
    try {
      ContentFacts.describe(m, r.header("Content-Type"), r.header("Content-Language"), r.body().head(DETECT_BYTES));
    } catch (IOException e) {
      throw new StorageFault("cannot read a response body back", e);
    } finally {
      parseNanos.addAndGet(System.nanoTime() - start);
      parseSlots.release();
    }
  }

  /**
   * A request that got no response: its time is recorded all the same, since a host whose requests
   * each cost a 30 s timeout is what a user looking at fetch_ms needs to see.
   */
  private Attempt failed(ManifestRecord.Builder m, FetchStatus status, String error, long sentNanos) {
    long ended = System.nanoTime();
    long millis = (ended - sentNanos) / 1_000_000;
    sink.count(RoundCounter.FETCH_MILLIS, millis);
    return new Attempt(m.setStatus(status).setError(error).setFetchMs(millis).build(), List.of(), ended, null);
  }

  private WarcOutput.Pointer write(HttpFetcher.Response r) {
    try {
      return warc.write(r);
    } catch (IOException e) {
      throw new StorageFault("cannot write the WARC file", e);
    }
  }

  /** The revisit record for an unchanged page, and the manifest's pointer to the capture it repeats. */
  private WarcOutput.Pointer revisit(HttpFetcher.Response r, Recapture seen, LastCapture previous, ManifestRecord.Builder m) {
    m.setRefersToWarcFile(previous.getWarcFile()).setRefersToWarcOffset(previous.getWarcOffset())
        .setRefersToWarcLength(previous.getWarcLength()).setRefersToDate(previous.getFetchTime());
    if (r.status() != 304) {
      sink.count(RoundCounter.REVISIT_BYTES_NOT_STORED, r.body().length());
    }
    try {
      // A 304's payload is the last capture's: its digest stands for the content this record repeats.
      return warc.writeRevisit(r, seen.revisitProfile(), previous.getDigest(), previous.getWarcRecordId(),
          Instant.ofEpochMilli(previous.getFetchTime()));
    } catch (IOException e) {
      throw new StorageFault("cannot write the WARC file", e);
    }
  }

  private void redirect(FrontierEntry entry, String location, ManifestRecord.Builder m, List<FrontierEntry> discovered) {
    m.setStatus(FetchStatus.redirect);
    String target;
    try {
      target = URI.create(entry.getUrl()).resolve(location.strip()).toString();
    } catch (IllegalArgumentException e) {
      m.setError("redirect not followed: unusable Location '" + location + "' (" + e.getMessage() + ")");
      return;
    }
    m.setRedirectTo(target);
    if (entry.getRedirects() < settings.maxRedirects()) {
      follow(entry, List.of(target), entry.getRedirects() + 1, discovered);
      if (entry.getSitemapLevel() != null) {
        // A sitemap that moved is still a sitemap.
        discovered.replaceAll(e -> FrontierEntry.newBuilder(e).setSitemapLevel(entry.getSitemapLevel()).setDepth(entry.getDepth()).build());
      }
    } else {
      sink.count(RoundCounter.REDIRECTS_CAPPED, 1);
      m.setError("redirect not followed: " + settings.maxRedirects() + " hops already");
    }
  }

  /**
   * Reads an HTML page into the record (title, date, outlink count, and its main text to the WET file
   * when {@code response}, its record, is given and trawl.text is on); returns the links to follow.
   * A plain-text page's text is its body.
   */
  private List<String> parse(FrontierEntry entry, HttpFetcher.Response r, ManifestRecord.Builder m, WarcOutput.Pointer response) {
    String type = r.header("Content-Type");
    boolean html = PageParser.parses(type);
    boolean keepText = texts != null && response != null;
    boolean plainText = keepText && type != null && type.toLowerCase(Locale.ROOT).startsWith("text/plain");
    if (!html && !plainText) {
      return List.of();
    }
    parseSlots.acquireUninterruptibly();
    long start = System.nanoTime();
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
      if (plainText) {
        texts.write(r, response, new String(decoded.bytes(), charsetOr(ContentFacts.charsetOf(type))), m);
        return List.of();
      }
      boolean withText = keepText && decoded.bytes().length <= MainText.MAX_HTML_BYTES;
      if (keepText && !withText) {
        sink.count(RoundCounter.TEXTS_TOO_LARGE, 1);
      }
      ParsedPage page = parser.parse(decoded.bytes(), ContentFacts.charsetOf(type), entry.getUrl(), withText);
      if (withText) {
        texts.write(r, response, page.mainText(), m);
      }
      m.setTitle(page.title()).setOutlinkCount(page.linkCount());
      ContentFacts.describe(m, page);
      if (page.published() != null) {
        m.setPublished(page.published().toEpochMilli()).setPublishedSource("page");
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
    } catch (StackOverflowError | RuntimeException e) {
      // The page is stored in the WARC; what the parser made of it is lost, and so are its links.
      sink.count(RoundCounter.PARSE_FAILURES, 1);
      m.setError("parser failed: " + e);
      return List.of();
    } finally {
      parseNanos.addAndGet(System.nanoTime() - start);
      parseSlots.release();
    }
  }

  /** The charset a Content-Type names, if Java has it; else UTF-8, which plain ASCII text also reads as. */
  private static Charset charsetOr(String name) {
    try {
      return name != null && Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
    } catch (IllegalArgumentException unusableName) {
      return StandardCharsets.UTF_8;
    }
  }

  private void follow(FrontierEntry from, List<String> links, int redirects, List<FrontierEntry> into) {
    for (String link : links) {
      ScopeFilter.Verdict v = scope.check(link);
      if (v.followed()) {
        into.add(FrontierEntry.newBuilder().setUrl(v.url()).setHost(v.host())
            .setDepth(from.getDepth() + 1).setRetries(0).setSource(from.getUrl()).setRedirects(redirects)
            .setFoundBy(redirects == 0 ? FoundBy.link : FoundBy.redirect).build());
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

}
