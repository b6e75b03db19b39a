package dev.trawl.reducers.merge;

import dev.trawl.reducers.refetch.CaptureHistory;
import dev.trawl.round.FetchErrors;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;

/**
 * Everything a round learned about one URL, merged: the previous crawl db entry, this round's fetch
 * attempt, a carried-over fetch list entry, and any number of discoveries. Values are folded in one
 * at a time and only the best discovery is kept, so memory does not grow with how often a URL is
 * linked. The result does not depend on the order values arrive in.
 */
public final class UrlMerge {
  private final int round;
  private final int maxRetries;
  private final CaptureHistory history;
  private CrawlDbEntry known;
  private FrontierEntry due;
  private ManifestRecord fetched;
  private FrontierEntry carried;
  private FrontierEntry link;

  /**
   * What the round writes for the URL. Manifest and frontier entries may be null; {@code refetch} says
   * the frontier entry is a known URL's scheduled refetch.
   */
  public record Result(CrawlDbEntry crawlDb, ManifestRecord manifest, FrontierEntry nextFrontier, boolean isNew, boolean refetch) {
    public Result(CrawlDbEntry crawlDb, ManifestRecord manifest, FrontierEntry nextFrontier, boolean isNew) {
      this(crawlDb, manifest, nextFrontier, isNew, false);
    }
  }

  /** A merge without refetching: pages are fetched once. */
  public UrlMerge(int round, int maxRetries) {
    this(round, maxRetries, null);
  }

  /** @param history the capture history and refetch schedule; null for none */
  public UrlMerge(int round, int maxRetries, CaptureHistory history) {
    this.round = round;
    this.maxRetries = maxRetries;
    this.history = history;
  }

  /** Folds in one value. Copies what it keeps: Hadoop reuses value objects. */
  public void add(UrlUpdate u) {
    if (u.getKnown() != null) {
      known = CrawlDbEntry.newBuilder(u.getKnown()).build();
    } else if (u.getFetched() != null) {
      // A URL is fetched at most once a round; should two attempts arrive, keep the earlier
      // (and of two at the same millisecond, the smaller record), so the order does not matter.
      if (fetched == null || earlier(u.getFetched(), fetched)) {
        fetched = ManifestRecord.newBuilder(u.getFetched()).build();
      }
    } else if (u.getDue() != null) {
      due = FrontierEntry.newBuilder(u.getDue()).build();
    } else if (u.getCarried() != null) {
      carried = FrontierEntry.newBuilder(u.getCarried()).build();
    } else if (u.getLinked() != null && better(u.getLinked(), link)) {
      link = FrontierEntry.newBuilder(u.getLinked()).build();
    }
  }

  private static boolean earlier(ManifestRecord a, ManifestRecord b) {
    if (a.getFetchTime() != b.getFetchTime()) {
      return a.getFetchTime() < b.getFetchTime();
    }
    return a.toString().compareTo(b.toString()) < 0;
  }

  /**
   * The shallowest discovery wins; ties go to one a sitemap dated (so its lastmod, which the date
   * bounds use before fetching, is not lost to a plain link), then to the smallest source URL, then
   * the fewest redirect hops, so re-runs agree and so does any grouping of the discoveries (the combiner's).
   */
  static boolean better(FrontierEntry candidate, FrontierEntry current) {
    if (current == null) {
      return true;
    }
    if (candidate.getDepth() != current.getDepth()) {
      return candidate.getDepth() < current.getDepth();
    }
    if ((candidate.getSitemapLastmod() == null) != (current.getSitemapLastmod() == null)) {
      return candidate.getSitemapLastmod() != null;
    }
    String a = candidate.getSource() == null ? "" : candidate.getSource();
    String b = current.getSource() == null ? "" : current.getSource();
    int bySource = a.compareTo(b);
    return bySource != 0 ? bySource < 0 : candidate.getRedirects() < current.getRedirects();
  }

  /** True if no value has been added: the key carried only a robots.txt record. */
  public boolean isEmpty() {
    return known == null && fetched == null && carried == null && link == null && due == null;
  }

  public Result result() {
    if (fetched != null) {
      return afterFetch();
    }
    if (carried != null) {
      CrawlDbEntry entry = known != null ? CrawlDbEntry.newBuilder(known).setState(UrlState.queued).build() : fromFrontier(carried);
      return new Result(entry, null, carried, known == null);
    }
    if (known != null && due != null && known.getState() == UrlState.blocked_address) {
      // Blocked by the address guard, queued again because the allowed ranges changed: a new try, not a refetch.
      return new Result(withLastmod(CrawlDbEntry.newBuilder(known).setState(UrlState.queued).build()), null, due, false);
    }
    if (known != null) {
      // A refetch keeps the URL's state (fetched, gone, ...) until the refetch says otherwise.
      return new Result(withLastmod(known), null, due, false, due != null);
    }
    if (link != null) {
      return new Result(fromFrontier(link), null, link, true);
    }
    throw new IllegalStateException("no value to merge");
  }

  private Result afterFetch() {
    int retries = known != null ? known.getRetries() : carried != null ? carried.getRetries() : 0;
    int redirects = known != null ? known.getRedirects() : carried != null ? carried.getRedirects() : 0;
    UrlState state = stateOf(fetched.getStatus());
    FrontierEntry next = null;
    // FetchErrors decides, as it did for the record's error_class (and alike for records written before it).
    if (FetchErrors.retried(fetched.getStatus(), fetched.getHttpStatus(), fetched.getError())) {
      if (retries < maxRetries) {
        retries++;
        state = UrlState.queued;
        next = FrontierEntry.newBuilder().setUrl(fetched.getUrl()).setHost(fetched.getHost())
            .setDepth(fetched.getDepth()).setRetries(retries).setSource(sourceOf()).setRedirects(redirects)
            .setFoundBy(fetched.getFoundBy()).setSitemapLastmod(fetched.getSitemapLastmod())
            .setSitemapLevel(fetched.getSitemapLevel())
            .setPrevious(known != null ? known.getLastCapture() : carried != null ? carried.getPrevious() : null).build();
      } else {
        state = UrlState.failed;
      }
    }
    CrawlDbEntry.Builder entry = known != null ? CrawlDbEntry.newBuilder(known)
        : CrawlDbEntry.newBuilder().setUrl(fetched.getUrl()).setHost(fetched.getHost()).setFirstRound(round)
            .setSource(sourceOf()).setFoundBy(fetched.getFoundBy()).setSitemapLevel(fetched.getSitemapLevel());
    entry.setDepth(known != null ? Math.min(known.getDepth(), fetched.getDepth()) : fetched.getDepth())
        .setState(state).setRetries(retries).setLastFetchRound(round).setLastFetchTime(fetched.getFetchTime())
        .setHttpStatus(fetched.getHttpStatus()).setDigest(fetched.getDigest())
        .setLastModified(fetched.getLastModified()).setRedirectTo(fetched.getRedirectTo());
    if (fetched.getSitemapLastmod() != null) {
      entry.setSitemapLastmod(fetched.getSitemapLastmod());
    }
    if (history != null) {
      history.apply(entry, known, fetched, round);
    }
    return new Result(withLastmod(entry.build()), fetched, next, known == null);
  }

  /** Where the URL was first found: the crawl db's record of it, else this round's best link; null for seeds. */
  private String sourceOf() {
    if (known != null) {
      return known.getSource();
    }
    return link != null ? link.getSource() : null;
  }

  private static UrlState stateOf(FetchStatus s) {
    return switch (s) {
      case fetched -> UrlState.fetched;
      case redirect -> UrlState.redirect;
      case not_modified -> UrlState.not_modified;
      case robots_denied -> UrlState.robots_denied;
      case blocked_address -> UrlState.blocked_address;
      case out_of_bounds -> UrlState.out_of_bounds;
      case http_error -> UrlState.http_error;
      case timeout, error -> UrlState.failed;
    };
  }

  private CrawlDbEntry fromFrontier(FrontierEntry f) {
    return CrawlDbEntry.newBuilder().setUrl(f.getUrl()).setHost(f.getHost()).setDepth(f.getDepth())
        .setState(UrlState.queued).setFirstRound(round).setRetries(f.getRetries()).setSource(f.getSource())
        .setRedirects(f.getRedirects()).setFoundBy(f.getFoundBy()).setSitemapLastmod(f.getSitemapLastmod())
        .setSitemapLevel(f.getSitemapLevel()).build();
  }

  /**
   * A known URL a sitemap lists this round keeps the sitemap's newest lastmod (how it was found
   * first does not change): what re-crawling needs for If-Modified-Since.
   */
  private CrawlDbEntry withLastmod(CrawlDbEntry entry) {
    if (link == null || link.getSitemapLastmod() == null || link.getSitemapLastmod().equals(entry.getSitemapLastmod())) {
      return entry;
    }
    return CrawlDbEntry.newBuilder(entry).setSitemapLastmod(link.getSitemapLastmod()).build();
  }
}
