package dev.trawl.jobs.status;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;

/**
 * What became of a URL, as {@code trawl status} counts it: its crawl db state, with HTTP errors split
 * into 4xx and 5xx and given-up transient failures split by their last attempt (timeout or error).
 */
public enum UrlClass {
  fetched("fetched"),
  redirect("redirect"),
  not_modified("unchanged"),
  http_4xx("4xx"),
  http_5xx("5xx"),
  timeout("timeout"),
  error("error"),
  blocked_address("blocked"),
  robots_denied("robots"),
  out_of_bounds("bounds"),
  /** In the next frontier: counted from the frontier, not from the crawl db. */
  pending("pending");

  private final String column;

  UrlClass(String column) {
    this.column = column;
  }

  /** The short heading of the class in the text table. */
  public String column() {
    return column;
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
      case failed -> lastFailure == FetchStatus.timeout ? timeout : error;
    };
  }
}
