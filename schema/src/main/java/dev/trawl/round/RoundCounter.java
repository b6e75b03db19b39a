package dev.trawl.round;

/**
 * Hadoop counters every round reports (group {@code dev.trawl.round.RoundCounter}); fetch outcomes
 * are counted by manifest status in the group {@code trawl.status}, and here by HTTP status class.
 * rounds/NNNN.json copies them.
 */
public enum RoundCounter {
  /** Fetch list entries read by fetch tasks. */
  FETCH_LIST_ENTRIES,
  /** Requests sent for pages (robots.txt not included). */
  REQUESTS,
  /** robots.txt requests. */
  ROBOTS_FETCHES,
  /** Body bytes received. */
  BYTES,
  /** Milliseconds fetch threads spent in requests. */
  FETCH_MILLIS,
  /** Page responses by HTTP status class (robots.txt not included). */
  HTTP_2XX,
  HTTP_3XX,
  HTTP_4XX,
  HTTP_5XX,
  /** Page responses 429 Too Many Requests and 503 Service Unavailable: a host asking us to slow down (also in HTTP_4XX/5XX). */
  HTTP_429,
  HTTP_503,
  /** Failed page fetches later rounds retry: timeouts, resets, refused connections, temporary DNS failures, 408, 429, 5xx (manifest error_class transient). */
  FAILURES_TRANSIENT,
  /** Failed page fetches never retried: TLS, names that do not exist, protocol violations, other 4xx (manifest error_class permanent). */
  FAILURES_PERMANENT,
  /** Requests for URLs that failed transiently in an earlier round (retries). */
  RETRY_REQUESTS,
  /** Times a host was backed off after a 429 or 503 (Retry-After, else exponential). */
  HOST_BACKOFFS,
  /** Milliseconds hosts spent backed off, summed over hosts. */
  BACKOFF_MILLIS,
  /**
   * Wall-clock milliseconds a fetch task had at least one request in flight; with
   * POLITENESS_WAIT_MILLIS it splits a task's fetching time.
   */
  TASK_FETCHING_MILLIS,
  /**
   * Wall-clock milliseconds a fetch task had URLs queued but nothing in flight because every host
   * with URLs was waiting out its politeness delay: time the politeness rule cost.
   */
  POLITENESS_WAIT_MILLIS,
  /**
   * Host-milliseconds hosts were due for their next request but waited for a free fetch thread,
   * summed over hosts: time lost to the task (too few threads, or threads busy parsing), not to the
   * sites' politeness. Large beside POLITENESS_WAIT_MILLIS: more threads or more fetch lists help.
   */
  TURN_WAIT_MILLIS,
  /**
   * Fetch tasks whose attempt that counted was not their first: an earlier one failed, was killed or
   * was lost with its node, and the sites received its requests again (the round's attempts say why).
   */
  FETCH_TASKS_RUN_AGAIN,
  /** Host names a fetch task looked up (each once per task: the answer is kept for its life). */
  DNS_LOOKUPS,
  /** Thread-milliseconds those lookups took: what resolving names cost the round. */
  DNS_MILLIS,
  /** Thread-milliseconds fetch threads spent parsing pages (jsoup, content dates, links). */
  PARSE_MILLIS,
  /** Pages stored in the WARC whose parse failed (the manifest's error names why); their links are lost. */
  PARSE_FAILURES,
  /** Pages whose main text went to the WET file (trawl.text). */
  TEXTS,
  /** HTML or plain-text pages in which no main text was found (an index page is mostly links): nothing went to the WET file for them. */
  TEXTS_EMPTY,
  /** HTML pages too large to look for a main text in (over 2 MiB decoded): their cost grows with them. */
  TEXTS_TOO_LARGE,
  /** Frontier bytes a fetch task wrote to its local spill file to keep its heap bounded. */
  SPILLED_BYTES,
  /** Fetch list entries not reached this round (time limit, page budget, per-host cap); they carry over. */
  CARRIED_OVER,
  /** Of CARRIED_OVER, the entries carried because the round's time limit (trawl.round.time-limit) cut fetching. */
  TIME_LIMIT_CARRIED,
  /** Fetch list entries left for a later round by a page bound (max-pages, max-pages-per-round). */
  NOT_SELECTED,
  /** Pages dated outside the published-before/after window, or undated when a date is required. */
  OUT_OF_DATE_RANGE,
  /** Fetch list entries at or beyond trawl.bounds.depth: kept in the frontier for a deeper crawl, not fetched. */
  BEYOND_DEPTH,
  /** Origins whose robots.txt asks for a Crawl-delay above the cap: their URLs are recorded robots_denied. */
  HOSTS_SKIPPED_CRAWL_DELAY,
  /** Hosts whose robots.txt was unavailable (5xx, 429, network): their URLs carry over. */
  HOSTS_DEFERRED_ROBOTS,
  /** Hosts left for the next round: too many failures in a row, or a back-off beyond trawl.fetch.max-backoff. */
  HOSTS_GIVEN_UP,
  /** Bodies cut at trawl.fetch.max-body. */
  BODIES_TRUNCATED,
  /** Encoded bodies whose decoding stopped at trawl.fetch.max-decoded (gzip bombs among them). */
  DECODED_TRUNCATED,
  /** Redirect targets not followed: the chain was already trawl.fetch.max-redirects long. */
  REDIRECTS_CAPPED,
  /** Outlinks found on fetched pages (distinct per page). */
  OUTLINKS,
  /** Pages whose outlinks were cut at trawl.parse.max-outlinks. */
  OUTLINKS_CAPPED,
  /** Outlinks dropped: host not a seed host (scope host). */
  DROPPED_SCOPE_HOST,
  /** Outlinks dropped: not under a seed's registered domain (scope domain). */
  DROPPED_SCOPE_DOMAIN,
  /** Outlinks dropped: no trawl.scope.include pattern matched. */
  DROPPED_SCOPE_INCLUDE,
  /** Outlinks dropped: a trawl.scope.exclude pattern matched. */
  DROPPED_SCOPE_EXCLUDE,
  /** Outlinks dropped: more path segments than trawl.url.max-path-depth. */
  DROPPED_PATH_DEPTH,
  /** Outlinks dropped: a path segment repeated more than trawl.url.max-segment-repeats times. */
  DROPPED_SEGMENT_REPEATS,
  /** Outlinks dropped: more query parameters than trawl.url.max-query-params. */
  DROPPED_QUERY_PARAMS,
  /** Outlinks dropped: longer than trawl.url.max-length. */
  DROPPED_URL_LENGTH,
  /** Outlinks dropped: not a crawlable http(s) URL. */
  DROPPED_BAD_URL,
  /** Outlinks dropped: the page asked robots not to follow (meta robots nofollow). */
  DROPPED_NOFOLLOW,
  /** URLs first seen this round. */
  URLS_NEW,
  /** URLs in the crawl db after the round. */
  CRAWLDB_URLS,
  /** Entries in the next round's frontier. */
  FRONTIER_NEXT,
  /** Entries in the next round's frontier within trawl.bounds.depth: what a next round would fetch. */
  FRONTIER_NEXT_IN_DEPTH,
  /** URLs in the crawl db after the round whose state is blocked_address: the address guard refused them. */
  CRAWLDB_BLOCKED,
  /** URLs in the crawl db after the round whose state is robots_denied: the site's robots.txt (or its Crawl-delay) refused them. */
  CRAWLDB_ROBOTS_DENIED,
  /** blocked_address URLs of the crawl db put in the next frontier again because trawl.fetch.allow-private changed. */
  BLOCKED_REQUEUED,
  /** Transient failures queued again for the next round. */
  RETRIES_QUEUED,
  /** Captures whose body an earlier capture already had (manifest duplicate_of is set). */
  DUPLICATES,
  /** Outlinks not followed because their page duplicates one an earlier round fetched. */
  DROPPED_DUPLICATE,
  /** Requests for sitemaps (and feeds): named by robots.txt, guessed at /sitemap.xml, or listed by an index. */
  SITEMAP_FETCHES,
  /** Page URLs that fetched sitemaps listed, in scope: discoveries, like outlinks. */
  SITEMAP_URLS,
  /** Sitemaps listing more than trawl.sitemaps.max-urls URLs: their first ones were kept. */
  SITEMAP_URLS_CAPPED,
  /** Fetched sitemaps nothing was taken from: not a sitemap, larger than trawl.sitemaps.max-bytes, a gzip bomb. */
  SITEMAPS_REFUSED,
  /** Sitemaps an index listed beyond trawl.sitemaps.max-nesting: not fetched. */
  SITEMAPS_TOO_DEEP,
  /** Sitemap fetches left for the next round by trawl.sitemaps.max-per-host. */
  SITEMAPS_CARRIED,
  /** URLs recorded out_of_bounds by their sitemap lastmod, with no request: what the date bounds saved. */
  SKIPPED_BY_LASTMOD,

  // --- re-crawling ---
  /** Known URLs due for a refetch, put in the next round's frontier (trawl.refetch.after). */
  REFETCH_SCHEDULED,
  /** Known URLs due for a refetch but out of scope under the crawl's current settings: not refetched. */
  REFETCH_OUT_OF_SCOPE,
  /** Refetch requests sent with If-Modified-Since or If-None-Match. */
  CONDITIONAL_REQUESTS,
  /** Fetches of a URL's first capture (manifest change = new). */
  PAGES_NEW,
  /** Refetches that found another body (change = changed). */
  PAGES_CHANGED,
  /** Refetches answered 304, or 200 with the last capture's body (change = unchanged; status not_modified). */
  PAGES_UNCHANGED,
  /** Refetches answered 404 or 410 where there was a page (change = gone). */
  PAGES_GONE,
  /** URLs that became gone in the crawl db this round (trawl.refetch.gone-after refetches in a row answered 404/410). */
  URLS_GONE,
  /** Body bytes of unchanged 200 responses written as identical-payload-digest revisit records instead of again in full. */
  REVISIT_BYTES_NOT_STORED
}
