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
  FETCH_MAX_CRAWL_DELAY("trawl.fetch.max-crawl-delay", "30",
      "robots.txt Crawl-delay is honoured up to this many seconds; a host asking for more is skipped for the round."),
  FETCH_THREADS("trawl.fetch.threads", "16",
      "Fetch threads per fetch task: how many hosts one task fetches from at once."),
  FETCH_CONNECT_TIMEOUT("trawl.fetch.connect-timeout", "10", "Seconds to open a connection."),
  FETCH_READ_TIMEOUT("trawl.fetch.read-timeout", "30", "Seconds of silence from a server before a request times out."),
  FETCH_MAX_BODY("trawl.fetch.max-body", "4194304",
      "Bytes of a body kept; longer bodies are cut there and marked content_truncated. Bounds a task's memory at threads x max-body."),
  FETCH_MAX_RETRIES("trawl.fetch.max-retries", "2",
      "Rounds in which a transient failure (timeout, 5xx, 429, connection error) is tried again before the URL is given up."),
  FETCH_USER_AGENT("trawl.fetch.user-agent", "trawl/0.1 (+https://github.com/trawl-crawler/trawl)",
      "User-Agent header sent with every request."),
  ROBOTS_AGENT("trawl.robots.agent", "trawl",
      "Name matched against robots.txt User-agent lines; lower-case, as RFC 9309 matching is case-insensitive."),
  FETCH_ALLOW_PRIVATE("trawl.fetch.allow-private", "",
      "Comma-separated CIDR ranges that may be fetched although loopback, private, link-local or unique-local. Empty: none (the cloud metadata address stays unreachable)."),

  // --- parsing ---
  PARSE_MAX_OUTLINKS("trawl.parse.max-outlinks", "10000",
      "Links kept per page; a page with more is cut there and counted (counter OUTLINKS_CAPPED)."),
  URL_MAX_LENGTH("trawl.url.max-length", "2048", "Longer URLs are dropped as probable traps."),

  // --- scope ---
  SCOPE("trawl.scope", "host", "host: only the seeds' hosts. any: follow links to any host."),
  SCOPE_INCLUDE("trawl.scope.include", "",
      "Regular expressions, separated by newlines; when any are given, a URL must match one to be followed."),

  // --- the round ---
  FETCH_LISTS("trawl.round.fetch-lists", "2",
      "Fetch lists per round: the number of fetch tasks and of reduce tasks. Fixed when the crawl is created."),
  TIME_LIMIT("trawl.round.time-limit", "",
      "Fetching stops after this long (e.g. 90s, 30m, 2h); what is left carries to the next round. Empty: no limit."),
  S3_COMMITTER("trawl.s3.committer", "magic",
      "How a round's files reach a crawl root on S3 (s3a://, or s3:// where S3A serves it): magic (tasks upload "
          + "straight to S3 as unfinished multipart uploads) or directory (tasks stage on local disk and upload at task "
          + "commit). With either, nothing is visible until the job commits, and a failed task leaves nothing behind."),

  // --- bounds over the whole crawl ---
  DEPTH("trawl.bounds.depth", "", "Rounds from the seeds: `crawl` stops after this many. Empty: until the frontier is empty."),
  MAX_PAGES("trawl.bounds.max-pages", "", "Fetch attempts over the whole crawl. Empty: no limit."),
  MAX_PER_HOST("trawl.bounds.max-per-host", "", "Fetch attempts per host per round; the rest carries over. Empty: no limit.");

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
}
