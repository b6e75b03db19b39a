package dev.trawl.settings;

/**
 * Every {@code trawl.*} configuration key, its default and what it means: the one place to look.
 * Values come from {@code -D key=value}, the command's flags, or the crawl's {@code crawl.json};
 * {@link TrawlSettings} parses and validates them once, at submission.
 */
public enum Setting {
  // --- fetching (map side) ---
  FETCH_DELAY("trawl.fetch.delay", "1",
      "Seconds between the end of one request and the start of the next to the same host. Fractions allowed."),
  FETCH_POLITENESS("trawl.fetch.politeness", "domain",
      "What one delay covers: host (each host name alone), domain (the host names of one registered domain share one "
          + "request at a time and the delay: www.example.org and docs.example.org, usually one server) or ip (host names "
          + "that resolve to one address share them: shared hosting). Within a fetch task; fetch lists keep a registered "
          + "domain's hosts in one task."),
  FETCH_MAX_CRAWL_DELAY("trawl.fetch.max-crawl-delay", "30",
      "robots.txt Crawl-delay is honoured up to this many seconds; the URLs of a host asking for more are recorded robots_denied, each naming the Crawl-delay and this cap."),
  FETCH_THREADS("trawl.fetch.threads", "50",
      "Fetch threads per fetch task: how many hosts one task fetches from at once."),
  FETCH_CONNECT_TIMEOUT("trawl.fetch.connect-timeout", "10", "Seconds to open a connection."),
  FETCH_READ_TIMEOUT("trawl.fetch.read-timeout", "20", "Seconds of silence from a server before a request times out."),
  FETCH_REQUEST_TIMEOUT("trawl.fetch.request-timeout", "30",
      "Seconds a whole request may take, however slowly the server drips bytes; then it is cut off as a timeout."),
  FETCH_STALL_TIMEOUT("trawl.fetch.stall-timeout", "300",
      "Seconds one host's turn (a page, or robots.txt and its redirects) may last before the fetch task counts as stalled "
          + "and fails, naming the host, so Hadoop runs the attempt again. More than trawl.fetch.request-timeout, "
          + "which ends any single request; a turn lasting longer means something other than the site is stuck."),
  FETCH_MAX_BODY("trawl.fetch.max-body", "10485760",
      "Bytes of a body kept; longer bodies are cut there and marked content_truncated. Bodies over 1 MiB spill to a temporary file, so this does not cost heap."),
  FETCH_MAX_DECODED("trawl.fetch.max-decoded", "8388608",
      "Bytes of a gzip/deflate-encoded body decoded for parsing; a body that expands further (a gzip bomb) is parsed only that far and marked content_truncated."),
  FETCH_MAX_HEADER_LINE("trawl.fetch.max-header-line", "16384", "Longest response header line accepted; longer: the fetch fails with an error."),
  FETCH_MAX_HEADERS("trawl.fetch.max-headers", "200", "Most response header lines accepted; more: the fetch fails with an error."),
  FETCH_MAX_REDIRECTS("trawl.fetch.max-redirects", "5",
      "Redirect hops followed from a URL (each hop is a fetch in a later round, checked against scope and the address guard); a longer chain is not followed."),
  FETCH_HOST_MAX_FAILURES("trawl.fetch.host-max-failures", "5",
      "Consecutive 429/503 answers, timeouts or connection failures from one host after which its remaining URLs carry over to the next round."),
  FETCH_MAX_BACKOFF("trawl.fetch.max-backoff", "300",
      "Longest back-off from a host in seconds (Retry-After, or exponential from the delay); a host asking for longer is left for the next round."),
  FETCH_MAX_RETRIES("trawl.fetch.max-retries", "2",
      "Rounds in which a transient failure (timeout, connection error, temporary DNS failure, 408, 429, 5xx) is tried again before the URL is given up; permanent ones (TLS, protocol violations, names that do not exist, other 4xx) are never retried."),
  FETCH_TLS_TRUST_ALL("trawl.fetch.tls-trust-all", "false",
      "true: fetch https hosts whose certificate Java does not trust (self-signed, expired, for another name, a missing "
          + "intermediate), as archival crawlers do; each such capture says so in the manifest (tls_unverified). false: "
          + "such a host's URLs are recorded as errors naming the TLS reason, and not retried."),
  FETCH_USER_AGENT("trawl.fetch.user-agent", "trawl/0.1 (+https://github.com/trawl-crawler/trawl)",
      "User-Agent header sent with every request."),
  ROBOTS_AGENT("trawl.robots.agent", "trawl",
      "Name matched against robots.txt User-agent lines; lower-case, as RFC 9309 matching is case-insensitive."),
  ROBOTS_MAX_AGE("trawl.robots.max-age", "24h",
      "How long a fetched robots.txt is reused across rounds (RFC 9309: at most 24 hours), e.g. 24h or 90m."),
  ROBOTS_MAX_FAILURES("trawl.robots.max-failures", "3",
      "Rounds in a row a host's robots.txt may be unreachable (5xx, 429, network) with its URLs carried over; after that the host counts as disallowed for the round."),
  FETCH_ALLOW_PRIVATE("trawl.fetch.allow-private", "",
      "Comma-separated CIDR ranges that may be fetched although loopback, private, link-local or unique-local. Empty: none "
          + "(the cloud metadata address stays unreachable). Part of what the crawl is, recorded in crawl.json: a run asking "
          + "for other ranges is refused unless --change-settings, after which the next round queues the URLs the address "
          + "guard refused (blocked_address) again."),

  // --- parsing ---
  PARSE_MAX_OUTLINKS("trawl.parse.max-outlinks", "10000",
      "Links kept per page; a page with more is cut there and counted (counter OUTLINKS_CAPPED)."),
  URL_MAX_LENGTH("trawl.url.max-length", "2048", "Longer URLs are dropped as probable traps."),
  URL_MAX_PATH_DEPTH("trawl.url.max-path-depth", "16", "URLs with more path segments are dropped as probable traps."),
  URL_MAX_SEGMENT_REPEATS("trawl.url.max-segment-repeats", "3",
      "URLs in which one path segment occurs more often are dropped as traps (/a/b/a/b/a/b/..., relative links that pile up)."),
  URL_MAX_QUERY_PARAMS("trawl.url.max-query-params", "12", "URLs with more query parameters are dropped as probable traps (faceted search, session soup)."),

  // --- scope ---
  SCOPE("trawl.scope", "host",
      "host: only the seeds' hosts. domain: the seeds' registered domains (public-suffix aware: www.example.co.uk and shop.example.co.uk). any: any host."),
  SCOPE_INCLUDE("trawl.scope.include", "",
      "Regular expressions, separated by newlines; when any are given, a URL must match one to be followed."),
  SCOPE_EXCLUDE("trawl.scope.exclude", "",
      "Regular expressions, separated by newlines; a URL matching any is not followed."),

  // --- the round ---
  FETCH_LISTS("trawl.round.fetch-lists", "auto",
      "Fetch lists of a round: its fetch tasks and reduce tasks. A number, or auto: on YARN, the map containers the "
          + "cluster's running nodes hold when the round starts (by memory, as YARN's default resource calculator counts, "
          + "less the application master's), in local mode the cores; never more than the round's hosts. Chosen anew "
          + "at every round (only how the crawl is split, not what it is); the round's summary says what it used and why."),
  BALANCE_LISTS("trawl.round.balance-lists", "true",
      "true: each round places the hosts of the next frontier in fetch lists by their expected fetch time (pages x "
          + "their delay, at most the time limit), largest first onto the least loaded list, using the per-host counts "
          + "of the round's own frontier. false: by a hash of the host name alone."),
  COMBINE("trawl.round.combine", "true",
      "true: a combiner collapses a URL's repeated discoveries on the map side to the one the merge would keep, "
          + "so the shuffle carries each linked URL about once per fetch task. false: every discovery is shuffled."),
  TIME_LIMIT("trawl.round.time-limit", "",
      "Fetching stops after this long (e.g. 90s, 30m, 2h); what is left carries to the next round. Empty: no limit."),
  MANIFEST_PARQUET("trawl.manifest.parquet", "true",
      "true: the round's reducers also write the manifest as Parquet, in manifest-parquet/round=NNNN beside the Avro "
          + "files (same columns, same partitions), for engines that bill or wait by bytes read (Athena, Spark, Hive); "
          + "`trawl hive-ddl --format parquet` prints its table. false: Avro only."),
  TEXT("trawl.text", "false",
      "true: the fetch tasks extract each HTML or plain-text page's main text (boilerplate removed), detect its "
          + "languages, and write it to wet/round=NNNN as WARC conversion records (Common Crawl's WET form) that refer to "
          + "the response records; the manifest gets text_length, text_languages and the record's place. Off by default: "
          + "it costs about as much CPU again as the rest of a page's work (bench/text.sh). false: none."),
  INDEX_CDXJ("trawl.index.cdxj", "true",
      "true: the round's reducers also write a CDXJ index of the round's WARC records (responses, revisits, texts), "
          + "cdxj/round=NNNN/part-r-NNNNN.cdxj, each file sorted by SURT key as pywb and other replay tools read it; "
          + "filenames are relative to the crawl root. false: none."),
  S3_COMMITTER("trawl.s3.committer", "magic",
      "How a round's files reach a crawl root on S3 (s3a://, or s3:// where S3A serves it): magic (tasks upload "
          + "straight to S3 as unfinished multipart uploads) or directory (tasks stage on local disk and upload at task "
          + "commit). With either, nothing is visible until the job commits, and a failed task leaves nothing behind."),

  // --- bounds over the whole crawl ---
  DEPTH("trawl.bounds.depth", "", "Rounds from the seeds: `crawl` stops after this many. Empty: until the frontier is empty."),
  MAX_PAGES("trawl.bounds.max-pages", "",
      "Fetch requests over the whole crawl; the last round fetches only what is left, the shallowest first, then in URL order. Empty: no limit."),
  MAX_PAGES_PER_ROUND("trawl.bounds.max-pages-per-round", "",
      "Fetch requests per round, chosen the same way; the rest carries over. Empty: no limit."),
  MAX_PER_HOST("trawl.bounds.max-per-host", "10000",
      "Fetch requests per host per round, a guard against hosts that never end; the rest carries over."),
  PUBLISHED_BEFORE("trawl.bounds.published-before", "",
      "Pages whose content date (page metadata, else Last-Modified) is this instant or later are recorded out_of_bounds and not followed. A date (2011-05-01) or an ISO instant. Empty: no bound."),
  PUBLISHED_AFTER("trawl.bounds.published-after", "",
      "Pages whose content date is before this are recorded out_of_bounds and not followed. Empty: no bound."),
  REQUIRE_DATE("trawl.bounds.require-date", "false",
      "true: a page with no content date is recorded out_of_bounds and not followed (by default undated pages are kept and followed)."),
  DEADLINE("trawl.bounds.deadline", "",
      "No round starts after this instant (2026-12-01T18:00:00Z, or a date). Empty: none."),

  // --- sitemaps (issue 15): discovery from robots.txt Sitemap: lines, indexes, feeds; the date bounds before fetching ---
  SITEMAPS("trawl.sitemaps", "true",
      "true: the sitemaps a host's robots.txt names are fetched (as requests to that host, under its robots.txt, delay and "
          + "the address guard), sitemap indexes followed, and the URLs they list enter the frontier with their <lastmod>, "
          + "to which the date bounds apply before fetching. false: the site is crawled by its links alone."),
  SITEMAPS_LASTMOD_BOUNDS("trawl.sitemaps.lastmod-bounds", "true",
      "true: a URL whose sitemap <lastmod> lies outside trawl.bounds.published-before/after is recorded out_of_bounds without "
          + "a request. false: it is fetched and judged by its own date only; for sites whose lastmod follows every edit "
          + "(a forum thread's last reply), where --published-before would skip pages first published in bounds."),
  SITEMAPS_GUESS("trawl.sitemaps.guess", "false",
      "true: when a host's robots.txt names no sitemap, /sitemap.xml is tried. Off by default, as in StormCrawler "
          + "(sitemap.discovery): it costs every host one request, mostly a 404 in the manifest."),
  SITEMAPS_PER_HOST("trawl.sitemaps.max-per-host", "10",
      "Sitemap fetches per host per round (they count against trawl.bounds.max-per-host too); the rest carry over to the next round."),
  SITEMAPS_MAX_NESTING("trawl.sitemaps.max-nesting", "2",
      "Sitemap index levels followed below a sitemap robots.txt names: 1 reads an index's sitemaps, 2 an index of indexes. "
          + "Sitemaps nested deeper are not fetched (counted as SITEMAPS_TOO_DEEP)."),
  SITEMAPS_MAX_URLS("trawl.sitemaps.max-urls", "50000",
      "URLs kept from one sitemap, the protocol's limit; a sitemap listing more keeps its first ones and says so in its manifest record."),
  SITEMAPS_MAX_BYTES("trawl.sitemaps.max-bytes", "52428800",
      "Bytes of one sitemap, uncompressed (the protocol's 50 MB): the body cap for a sitemap fetch, and the most a gzip "
          + "sitemap may expand to; one that expands further is refused as a gzip bomb, with no URL taken from it."),
  // --- re-crawling (issue 14) ---
  REFETCH_AFTER("trawl.refetch.after", "",
      "Refetch known pages this long after their last fetch (e.g. 30d), alongside new URLs and under the same bounds "
          + "and scope, with If-Modified-Since / If-None-Match. Each page's interval then adapts: x1.4 when it was "
          + "unchanged, x0.8 when it changed, within trawl.refetch.min-interval and max-interval. Empty: pages are "
          + "fetched once and the crawl ends when it runs out of new URLs."),
  REFETCH_MIN_INTERVAL("trawl.refetch.min-interval", "1d",
      "Shortest refetch interval a page's adaptive schedule may reach, however often it changes. Also how often a "
          + "`crawl` whose frontier is empty looks again for pages that became due."),
  REFETCH_MAX_INTERVAL("trawl.refetch.max-interval", "365d",
      "Longest refetch interval a page's adaptive schedule may reach, however long it stays unchanged; gone pages are checked this often."),
  REFETCH_REVISIT_IDENTICAL("trawl.refetch.revisit-identical", "true",
      "true: a refetch answering 200 with the same body as the last capture is written as a WARC revisit record "
          + "(profile identical-payload-digest: headers only) instead of the body again. false: the full response is written. "
          + "Either way its manifest record is not_modified, change unchanged."),
  REFETCH_GONE_AFTER("trawl.refetch.gone-after", "2",
      "Refetches in a row that answer 404 or 410 where there was a page before, after which the URL is gone in the crawl "
          + "db: it keeps its last capture and is then checked only every trawl.refetch.max-interval."),



  // --- one writer per crawl root ---
  LEASE_EXPIRY("trawl.lease.expiry", "2m",
      "How long a writer's lease on the crawl root outlives its last heartbeat (a beat every sixth of this). A command "
          + "that writes (inject, round, crawl, an EMR step) refuses to start while another holds a live lease; a "
          + "holder on another machine that died without releasing it is taken over once this has passed since its "
          + "last beat (one on the same machine as soon as its process is gone). Set for one run; never recorded."),

  // --- cost, for `trawl report` ---
  COST_INSTANCE_PRICE("trawl.cost.instance-price", "",
      "US dollars per instance-hour of the machines running the crawl; `report` prices each round with it. Empty: no cost shown."),
  COST_INSTANCES("trawl.cost.instances", "1", "Instances (machines) running the crawl, all at trawl.cost.instance-price."),
  RESOURCES_SAMPLE_INTERVAL("trawl.resources.sample-interval", "5s",
      "How often a fetch task samples what it uses of its machine (CPU, heap, resident memory, free local disk) for "
          + "`status` and `report`; the interval doubles as a long task's samples pile up, so a task keeps at most 120. "
          + "off: no sampling while the task runs (its start and end are measured all the same; no chart over time).");

  /**
   * Settings whose value is a duration with a unit (90s, 30m, 2h, 1d). The others that count time
   * (trawl.fetch.delay, the timeouts, max-crawl-delay, max-backoff) are plain numbers of seconds, as
   * robots.txt Crawl-delay and Retry-After are.
   */
  private static final java.util.Set<String> DURATIONS = java.util.Set.of(
      "ROBOTS_MAX_AGE", "TIME_LIMIT", "REFETCH_AFTER", "REFETCH_MIN_INTERVAL", "REFETCH_MAX_INTERVAL", "LEASE_EXPIRY",
      "RESOURCES_SAMPLE_INTERVAL");

  /** Settings that say what the crawl is (its scope, bounds, the private ranges it may reach), as opposed to how it runs. */
  private static final java.util.Set<String> DEFINING = java.util.Set.of(
      "SCOPE", "SCOPE_INCLUDE", "SCOPE_EXCLUDE", "URL_MAX_LENGTH", "URL_MAX_PATH_DEPTH", "URL_MAX_SEGMENT_REPEATS",
      "URL_MAX_QUERY_PARAMS", "DEPTH", "MAX_PAGES", "MAX_PAGES_PER_ROUND", "MAX_PER_HOST", "PUBLISHED_BEFORE",
      "PUBLISHED_AFTER", "REQUIRE_DATE", "DEADLINE", "FETCH_ALLOW_PRIVATE");

  private final String key;
  private final String defaultValue;
  private final String description;

  Setting(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() { return key; }

  public String defaultValue() { return defaultValue; }

  public String description() { return description; }

  /**
   * True for scope, bounds and the allowed private ranges: changing them mid-crawl changes what the
   * crawl is (which URLs it may fetch), so a run that asks for other values than crawl.json's must say
   * so explicitly (--change-settings). A run-time value applied once and then forgotten would leave
   * URLs fetched or blocked by a rule the crawl no longer knows.
   */
  public boolean definesCrawl() { return DEFINING.contains(name()); }

  /** True if the value is a duration that needs its unit ({@link TrawlSettings#DURATION_FORMS}). */
  public boolean isDuration() { return DURATIONS.contains(name()); }

  /**
   * The value as the crawl means it, for comparing a run's value with crawl.json's: a list of
   * ranges is the same list however it is spaced ("127.0.0.0/8, ::1/128" and "127.0.0.0/8,::1/128").
   */
  public String normalized(String value) {
    String v = value == null ? defaultValue : value.trim();
    if (this == FETCH_ALLOW_PRIVATE) {
      return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty())
          .collect(java.util.stream.Collectors.joining(","));
    }
    return v;
  }

  /**
   * True for settings that hold for one run only and are never taken from crawl.json: the fetch
   * list count follows the cluster a round runs on, which may have grown or shrunk since; the lease's
   * expiry is how this run's machine beats, not what the crawl is.
   */
  public boolean perRun() { return this == FETCH_LISTS || this == LEASE_EXPIRY; }
}
