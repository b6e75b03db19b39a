package dev.trawl.jobs.status;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;

/**
 * What became of a URL, as {@code trawl status} counts it: its crawl db state under the manifest's
 * status names, with http_error split into http_4xx and http_5xx and given-up transient failures
 * ({@code failed}) split by their last attempt (timeout or error).
 */
public enum UrlClass {
  fetched,
  redirect,
  not_modified,
  /** http_error with a 4xx status. */
  http_4xx,
  /** http_error with a 5xx status (given up after its retries). */
  http_5xx,
  /** Given up after its retries ({@code failed} in the crawl db), the last attempt a timeout. */
  timeout,
  /** Given up after its retries, the last attempt an error. */
  error,
  blocked_address,
  robots_denied,
  out_of_bounds,
  /** Answered 404 or 410 where there was a page, trawl.refetch.gone-after refetches in a row; its last capture is kept. */
  gone,
  /** In the next frontier: counted from the frontier, not from the crawl db. */
  pending;

  /** The heading of the class in the text table: its name, as in the manifest and the JSON. */
  public String column() {
    return name();
  }

  /**
   * The class of a crawl db entry, or null for a queued one (those are counted from the frontier).
   *
   * @param lastFailure the status of the URL's last timeout or error attempt, if any
   */
  static UrlClass of(CrawlDbEntry e, FetchStatus lastFailure) {
    return switch (e.getState()) {
      case queued -> null;
      case fetched -> fetched;
      case redirect -> redirect;
      case not_modified -> not_modified;
      case robots_denied -> robots_denied;
      case blocked_address -> blocked_address;
      case out_of_bounds -> out_of_bounds;
      case http_error -> e.getHttpStatus() != null && e.getHttpStatus() >= 500 ? http_5xx : http_4xx;
      case gone -> gone;
      case failed -> lastFailure == FetchStatus.timeout ? timeout : error;
    };
  }
}
