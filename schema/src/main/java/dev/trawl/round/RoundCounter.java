package dev.trawl.round;

/**
 * Hadoop counters every round reports (group {@code dev.trawl.round.RoundCounter}); fetch outcomes
 * are counted by manifest status in the group {@code trawl.status}. rounds/NNNN.json copies them.
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
  /** Fetch list entries not reached this round (time limit, page budget, per-host cap); they carry over. */
  CARRIED_OVER,
  /** Fetch list entries at or beyond trawl.bounds.depth: kept in the frontier for a deeper crawl, not fetched. */
  BEYOND_DEPTH,
  /** Hosts skipped for the round because robots.txt asked for a Crawl-delay above the cap. */
  HOSTS_SKIPPED_CRAWL_DELAY,
  /** Outlinks found on fetched pages (distinct per page). */
  OUTLINKS,
  /** Pages whose outlinks were cut at trawl.parse.max-outlinks. */
  OUTLINKS_CAPPED,
  /** Outlinks dropped: host not a seed host (scope host). */
  DROPPED_SCOPE_HOST,
  /** Outlinks dropped: no trawl.scope.include pattern matched. */
  DROPPED_SCOPE_INCLUDE,
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
  /** Transient failures queued again for the next round. */
  RETRIES_QUEUED,
  /** Captures whose body an earlier capture already had (manifest duplicate_of is set). */
  DUPLICATES,
  /** Outlinks not followed because their page duplicates one an earlier round fetched. */
  DROPPED_DUPLICATE
}
