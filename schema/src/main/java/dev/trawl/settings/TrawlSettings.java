package dev.trawl.settings;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.hadoop.conf.Configuration;

/**
 * The crawl's settings, parsed and validated once from a Hadoop {@link Configuration}. Immutable;
 * mappers, reducers and drivers read settings only through this class.
 */
public final class TrawlSettings {
  /** Most fetch lists a round may have: one task and one reducer each, and a layout that stays a few KB per list. */
  public static final int MAX_FETCH_LISTS = 10_000;
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");
  private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  /** What a duration setting accepts, for error messages and help. */
  public static final String DURATION_FORMS = "a number and a unit: 500ms, 90s, 30m, 2h, 1d (or ISO 8601: PT30M)";

  private final long delayMillis;
  private final Politeness politeness;
  private final long maxCrawlDelayMillis;
  private final int fetchThreads;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final int maxBodyBytes;
  private final int maxDecodedBytes;
  private final long requestTimeoutMillis;
  private final long stallTimeoutMillis;
  private final boolean tlsTrustAll;
  private final int maxHeaderLine;
  private final int maxHeaders;
  private final int maxRedirects;
  private final int hostMaxFailures;
  private final long maxBackoffMillis;
  private final long robotsMaxAgeMillis;
  private final int robotsMaxFailures;
  private final int maxRetries;
  private final String userAgent;
  private final String robotsAgent;
  private final List<String> allowPrivate;
  private final int maxOutlinks;
  private final int maxUrlLength;
  private final Scope scope;
  private final List<Pattern> includes;
  private final List<Pattern> excludes;
  private final int maxPathDepth;
  private final int maxSegmentRepeats;
  private final int maxQueryParams;
  private final OptionalLong maxPagesPerRound;
  private final Instant publishedBefore;
  private final Instant publishedAfter;
  private final boolean requireDate;
  private final Instant deadline;
  private final OptionalInt fetchLists;
  private final boolean balanceLists;
  private final boolean combine;
  private final boolean manifestParquet;
  private final boolean indexCdxj;
  private final boolean text;
  private final Duration timeLimit;
  private final Duration leaseExpiry;
  private final long resourceSampleMillis;
  private final S3Committer s3Committer;
  private final OptionalInt depth;
  private final OptionalLong maxPages;
  private final OptionalInt maxPerHost;
  private final OptionalDouble instancePrice;
  private final int instances;
  private final Sitemaps sitemaps;

  /** The sitemap settings (trawl.sitemaps.*). */
  public record Sitemaps(boolean enabled, boolean lastmodBounds, boolean guess, int maxPerHost, int maxNesting, int maxUrls,
                         int maxBytes) {}
  private final Refetch refetch;

  private TrawlSettings(Configuration conf) {
    delayMillis = seconds(conf, Setting.FETCH_DELAY);
    maxCrawlDelayMillis = seconds(conf, Setting.FETCH_MAX_CRAWL_DELAY);
    fetchThreads = positiveInt(conf, Setting.FETCH_THREADS);
    connectTimeoutMillis = timeoutMillis(conf, Setting.FETCH_CONNECT_TIMEOUT);
    readTimeoutMillis = timeoutMillis(conf, Setting.FETCH_READ_TIMEOUT);
    maxBodyBytes = positiveInt(conf, Setting.FETCH_MAX_BODY);
    maxDecodedBytes = positiveInt(conf, Setting.FETCH_MAX_DECODED);
    requestTimeoutMillis = timeoutMillis(conf, Setting.FETCH_REQUEST_TIMEOUT);
    stallTimeoutMillis = timeoutMillis(conf, Setting.FETCH_STALL_TIMEOUT);
    tlsTrustAll = bool(conf, Setting.FETCH_TLS_TRUST_ALL);
    if (stallTimeoutMillis <= requestTimeoutMillis) {
      throw new InvalidSettingException(Setting.FETCH_STALL_TIMEOUT, raw(conf, Setting.FETCH_STALL_TIMEOUT),
          "more seconds than " + Setting.FETCH_REQUEST_TIMEOUT.key() + " (" + requestTimeoutMillis / 1000.0
              + "), which already ends any single request");
    }
    maxHeaderLine = positiveInt(conf, Setting.FETCH_MAX_HEADER_LINE);
    maxHeaders = positiveInt(conf, Setting.FETCH_MAX_HEADERS);
    maxRedirects = nonNegativeInt(conf, Setting.FETCH_MAX_REDIRECTS);
    hostMaxFailures = positiveInt(conf, Setting.FETCH_HOST_MAX_FAILURES);
    maxBackoffMillis = seconds(conf, Setting.FETCH_MAX_BACKOFF);
    robotsMaxAgeMillis = durationMillis(Setting.ROBOTS_MAX_AGE, raw(conf, Setting.ROBOTS_MAX_AGE));
    robotsMaxFailures = positiveInt(conf, Setting.ROBOTS_MAX_FAILURES);
    maxRetries = nonNegativeInt(conf, Setting.FETCH_MAX_RETRIES);
    userAgent = nonBlank(conf, Setting.FETCH_USER_AGENT);
    robotsAgent = nonBlank(conf, Setting.ROBOTS_AGENT);
    if (!robotsAgent.equals(robotsAgent.toLowerCase(Locale.ROOT)) || robotsAgent.contains("*")) {
      throw new InvalidSettingException(Setting.ROBOTS_AGENT, robotsAgent, "a lower-case product token without '*'");
    }
    allowPrivate = list(raw(conf, Setting.FETCH_ALLOW_PRIVATE), ",");
    maxOutlinks = positiveInt(conf, Setting.PARSE_MAX_OUTLINKS);
    maxUrlLength = positiveInt(conf, Setting.URL_MAX_LENGTH);
    String politenessValue = raw(conf, Setting.FETCH_POLITENESS);
    try {
      politeness = Politeness.valueOf(politenessValue.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(Setting.FETCH_POLITENESS, politenessValue, "one of host, domain, ip");
    }
    String scopeValue = raw(conf, Setting.SCOPE);
    try {
      scope = Scope.valueOf(scopeValue.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(Setting.SCOPE, scopeValue, "one of host, domain, any");
    }
    excludes = patterns(conf, Setting.SCOPE_EXCLUDE);
    maxPathDepth = positiveInt(conf, Setting.URL_MAX_PATH_DEPTH);
    maxSegmentRepeats = positiveInt(conf, Setting.URL_MAX_SEGMENT_REPEATS);
    maxQueryParams = nonNegativeInt(conf, Setting.URL_MAX_QUERY_PARAMS);
    String perRound = raw(conf, Setting.MAX_PAGES_PER_ROUND);
    maxPagesPerRound = perRound.isEmpty() ? OptionalLong.empty() : OptionalLong.of(positiveLong(Setting.MAX_PAGES_PER_ROUND, perRound));
    publishedBefore = instant(conf, Setting.PUBLISHED_BEFORE);
    publishedAfter = instant(conf, Setting.PUBLISHED_AFTER);
    if (publishedBefore != null && publishedAfter != null && !publishedAfter.isBefore(publishedBefore)) {
      throw new InvalidSettingException(Setting.PUBLISHED_AFTER, raw(conf, Setting.PUBLISHED_AFTER),
          "an instant before " + Setting.PUBLISHED_BEFORE.key() + " (" + publishedBefore + "): the window would be empty");
    }
    requireDate = bool(conf, Setting.REQUIRE_DATE);
    deadline = instant(conf, Setting.DEADLINE);
    List<Pattern> patterns = patterns(conf, Setting.SCOPE_INCLUDE);
    includes = List.copyOf(patterns);
    String lists = raw(conf, Setting.FETCH_LISTS);
    if (lists.equalsIgnoreCase("auto")) {
      fetchLists = OptionalInt.empty();
    } else {
      try {
        fetchLists = OptionalInt.of(Integer.parseInt(lists));
      } catch (NumberFormatException e) {
        throw new InvalidSettingException(Setting.FETCH_LISTS, lists, "auto, or a number of fetch lists from 1 to " + MAX_FETCH_LISTS);
      }
      if (fetchLists.getAsInt() < 1 || fetchLists.getAsInt() > MAX_FETCH_LISTS) {
        throw new InvalidSettingException(Setting.FETCH_LISTS, lists, "auto, or a number of fetch lists from 1 to " + MAX_FETCH_LISTS);
      }
    }
    balanceLists = bool(conf, Setting.BALANCE_LISTS);
    combine = bool(conf, Setting.COMBINE);
    manifestParquet = bool(conf, Setting.MANIFEST_PARQUET);
    indexCdxj = bool(conf, Setting.INDEX_CDXJ);
    text = bool(conf, Setting.TEXT);
    String limit = raw(conf, Setting.TIME_LIMIT);
    timeLimit = limit.isEmpty() ? null : Duration.ofMillis(durationMillis(Setting.TIME_LIMIT, limit));
    leaseExpiry = Duration.ofMillis(durationMillis(Setting.LEASE_EXPIRY, raw(conf, Setting.LEASE_EXPIRY)));
    String sampling = raw(conf, Setting.RESOURCES_SAMPLE_INTERVAL).trim();
    resourceSampleMillis = sampling.equalsIgnoreCase("off") ? 0 : durationMillis(Setting.RESOURCES_SAMPLE_INTERVAL, sampling);
    String committer = raw(conf, Setting.S3_COMMITTER);
    try {
      s3Committer = S3Committer.valueOf(committer.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(Setting.S3_COMMITTER, committer, "one of magic, directory");
    }
    depth = optionalInt(conf, Setting.DEPTH);
    maxPerHost = optionalInt(conf, Setting.MAX_PER_HOST);
    String pages = raw(conf, Setting.MAX_PAGES);
    maxPages = pages.isEmpty() ? OptionalLong.empty() : OptionalLong.of(positiveLong(Setting.MAX_PAGES, pages));
    String price = raw(conf, Setting.COST_INSTANCE_PRICE);
    instancePrice = price.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(nonNegativeDouble(Setting.COST_INSTANCE_PRICE, price, "a price in US dollars >= 0, e.g. 0.192"));
    instances = positiveInt(conf, Setting.COST_INSTANCES);
    sitemaps = new Sitemaps(bool(conf, Setting.SITEMAPS), bool(conf, Setting.SITEMAPS_LASTMOD_BOUNDS), bool(conf, Setting.SITEMAPS_GUESS),
        positiveInt(conf, Setting.SITEMAPS_PER_HOST), nonNegativeInt(conf, Setting.SITEMAPS_MAX_NESTING),
        positiveInt(conf, Setting.SITEMAPS_MAX_URLS), positiveInt(conf, Setting.SITEMAPS_MAX_BYTES));
    refetch = refetch(conf);
  }

  /** The refetch schedule's settings; {@code after} null when refetching is off. */
  public record Refetch(Duration after, Duration minInterval, Duration maxInterval, boolean revisitIdentical, int goneAfter) {
    public boolean on() { return after != null; }
  }

  private static Refetch refetch(Configuration conf) {
    String after = raw(conf, Setting.REFETCH_AFTER);
    Duration min = Duration.ofMillis(durationMillis(Setting.REFETCH_MIN_INTERVAL, raw(conf, Setting.REFETCH_MIN_INTERVAL)));
    Duration max = Duration.ofMillis(durationMillis(Setting.REFETCH_MAX_INTERVAL, raw(conf, Setting.REFETCH_MAX_INTERVAL)));
    if (max.compareTo(min) < 0) {
      throw new InvalidSettingException(Setting.REFETCH_MAX_INTERVAL, raw(conf, Setting.REFETCH_MAX_INTERVAL),
          "a duration at least " + Setting.REFETCH_MIN_INTERVAL.key() + " (" + raw(conf, Setting.REFETCH_MIN_INTERVAL) + ")");
    }
    Duration first = after.isEmpty() ? null : Duration.ofMillis(durationMillis(Setting.REFETCH_AFTER, after));
    if (first != null && (first.compareTo(min) < 0 || first.compareTo(max) > 0)) {
      throw new InvalidSettingException(Setting.REFETCH_AFTER, after, "a duration from " + Setting.REFETCH_MIN_INTERVAL.key()
          + " (" + raw(conf, Setting.REFETCH_MIN_INTERVAL) + ") to " + Setting.REFETCH_MAX_INTERVAL.key() + " ("
          + raw(conf, Setting.REFETCH_MAX_INTERVAL) + "), or empty for no refetching");
    }
    return new Refetch(first, min, max, bool(conf, Setting.REFETCH_REVISIT_IDENTICAL), positiveInt(conf, Setting.REFETCH_GONE_AFTER));
  }

  private static List<Pattern> patterns(Configuration conf, Setting s) {
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : list(raw(conf, s), "\n")) {
      try {
        patterns.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new InvalidSettingException(s, regex, "a Java regular expression (" + e.getDescription() + ")");
      }
    }
    return List.copyOf(patterns);
  }

  /** A date (midnight UTC) or an ISO instant; null when empty. */
  private static Instant instant(Configuration conf, Setting s) {
    String v = raw(conf, s);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidSettingException(s, v, "a date such as 2011-05-01 or an instant such as 2011-05-01T12:00:00Z");
    }
  }

  /** Parses and validates every trawl setting in {@code conf}; throws {@link InvalidSettingException}. */
  public static TrawlSettings from(Configuration conf) {
    try {
      return new TrawlSettings(conf);
    } catch (InvalidSettingException e) {
      throw e.in(conf);
    }
  }

  /**
   * A value as crawl.json recorded it. Crawls recorded before durations needed a unit hold bare numbers
   * for them, which then meant seconds: they are read so, while a bare number given now is refused.
   */
  public static String recordedValue(String key, String value) {
    for (Setting s : Setting.values()) {
      if (s.key().equals(key) && s.isDuration() && BARE_NUMBER.matcher(value.trim()).matches()) {
        return value.trim() + "s";
      }
    }
    return value;
  }

  /** The effective value of every setting, keyed by name, in declaration order: what crawl.json records. */
  public static Map<String, String> effective(Configuration conf) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      values.put(s.key(), raw(conf, s));
    }
    return values;
  }

  public long delayMillis() { return delayMillis; }

  /** What one politeness delay covers: a host, a registered domain, or an address. */
  public Politeness politeness() { return politeness; }
  public Sitemaps sitemaps() { return sitemaps; }
  public long maxCrawlDelayMillis() { return maxCrawlDelayMillis; }
  public int fetchThreads() { return fetchThreads; }
  public int connectTimeoutMillis() { return connectTimeoutMillis; }
  public int readTimeoutMillis() { return readTimeoutMillis; }
  public int maxBodyBytes() { return maxBodyBytes; }
  public int maxRetries() { return maxRetries; }
  public int maxDecodedBytes() { return maxDecodedBytes; }
  public long requestTimeoutMillis() { return requestTimeoutMillis; }

  /** Whether https hosts with certificates Java does not trust are fetched anyway (and marked). */
  public boolean tlsTrustAll() { return tlsTrustAll; }

  /** How long one host's turn may last before the fetch task counts as stalled. */
  public long stallTimeoutMillis() { return stallTimeoutMillis; }
  public int maxHeaderLine() { return maxHeaderLine; }
  public int maxHeaders() { return maxHeaders; }
  public int maxRedirects() { return maxRedirects; }
  public int hostMaxFailures() { return hostMaxFailures; }
  public long maxBackoffMillis() { return maxBackoffMillis; }
  public long robotsMaxAgeMillis() { return robotsMaxAgeMillis; }
  public int robotsMaxFailures() { return robotsMaxFailures; }
  public String userAgent() { return userAgent; }
  public String robotsAgent() { return robotsAgent; }
  public List<String> allowPrivate() { return allowPrivate; }
  public int maxOutlinks() { return maxOutlinks; }
  public int maxUrlLength() { return maxUrlLength; }
  public Scope scope() { return scope; }
  public List<Pattern> includes() { return includes; }
  public List<Pattern> excludes() { return excludes; }
  public int maxPathDepth() { return maxPathDepth; }
  public int maxSegmentRepeats() { return maxSegmentRepeats; }
  public int maxQueryParams() { return maxQueryParams; }
  public OptionalLong maxPagesPerRound() { return maxPagesPerRound; }
  /** Null when there is no such bound. */
  public Instant publishedBefore() { return publishedBefore; }
  /** Null when there is no such bound. */
  public Instant publishedAfter() { return publishedAfter; }
  public boolean requireDate() { return requireDate; }
  /** Null when the crawl has no deadline. */
  public Instant deadline() { return deadline; }
  /** The fetch list count asked for; empty: auto, sized to where the round runs. */
  public OptionalInt fetchLists() { return fetchLists; }
  public boolean balanceLists() { return balanceLists; }
  public boolean combine() { return combine; }

  /** Whether the reducers write the manifest's Parquet copy too. */
  public boolean manifestParquet() { return manifestParquet; }
  public boolean indexCdxj() { return indexCdxj; }
  public boolean text() { return text; }

  /** Whether {@code setting}, one that turns on a folder a round writes beside its own, is on. */
  public boolean writes(Setting setting) {
    return switch (setting) {
      case MANIFEST_PARQUET -> manifestParquet;
      case INDEX_CDXJ -> indexCdxj;
      case TEXT -> text;
      default -> throw new IllegalArgumentException(setting.key() + " turns on no folder of a round");
    };
  }

  /** Null when rounds have no time limit. */
  public Duration timeLimit() { return timeLimit; }
  public S3Committer s3Committer() { return s3Committer; }
  /** How long a writer's lease on the crawl root outlives its last heartbeat. */
  public Duration leaseExpiry() { return leaseExpiry; }
  public long resourceSampleMillis() { return resourceSampleMillis; }
  public OptionalInt depth() { return depth; }
  public OptionalLong maxPages() { return maxPages; }
  public OptionalInt maxPerHost() { return maxPerHost; }
  /** US dollars per instance-hour; empty when no price was given. */
  public OptionalDouble instancePrice() { return instancePrice; }
  public int instances() { return instances; }

  /** Re-crawling: the refetch schedule, revisit records and when a page is gone. */
  public Refetch refetch() { return refetch; }

  private static boolean bool(Configuration conf, Setting s) {
    String v = raw(conf, s).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new InvalidSettingException(s, v, "true or false");
    }
    return v.equals("true");
  }

  private static String raw(Configuration conf, Setting s) {
    return conf.get(s.key(), s.defaultValue()).trim();
  }

  private static String nonBlank(Configuration conf, Setting s) {
    String v = raw(conf, s);
    if (v.isEmpty()) {
      throw new InvalidSettingException(s, v, "a non-empty value");
    }
    return v;
  }

  private static List<String> list(String value, String separator) {
    return Arrays.stream(value.split(separator)).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static long seconds(Configuration conf, Setting s) {
    String v = raw(conf, s);
    try {
      double seconds = Double.parseDouble(v);
      if (seconds >= 0 && !Double.isInfinite(seconds)) {
        return Math.round(seconds * 1000);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidSettingException(s, v, "a number of seconds >= 0, without a unit, fractions allowed (e.g. 0.5)");
  }

  /** A timeout: more than nothing, at most a day (the HTTP client takes int milliseconds). */
  private static int timeoutMillis(Configuration conf, Setting s) {
    long millis = seconds(conf, s);
    if (millis < 1 || millis > 86_400_000L) {
      throw new InvalidSettingException(s, raw(conf, s), "a number of seconds from 0.001 to 86400");
    }
    return (int) millis;
  }

  private static int positiveInt(Configuration conf, Setting s) {
    return (int) Math.min(Integer.MAX_VALUE, positiveLong(s, raw(conf, s)));
  }

  private static int nonNegativeInt(Configuration conf, Setting s) {
    String v = raw(conf, s);
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidSettingException(s, v, "a whole number >= 0");
  }

  private static double nonNegativeDouble(Setting s, String v, String expected) {
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && !Double.isInfinite(d)) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidSettingException(s, v, expected);
  }

  private static OptionalInt optionalInt(Configuration conf, Setting s) {
    String v = raw(conf, s);
    return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of((int) Math.min(Integer.MAX_VALUE, positiveLong(s, v)));
  }

  private static long positiveLong(Setting s, String v) {
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidSettingException(s, v, "a whole number > 0");
  }

  /**
   * Parses durations such as 500ms, 90s, 30m, 2h, 1d, or ISO 8601 (PT30M). A bare number is refused:
   * "30" could mean seconds or minutes, and a guess would run a crawl sixty times too long or short.
   *
   * @throws IllegalArgumentException saying what a duration looks like
   */
  public static Duration duration(String v) {
    String text = v.trim().toLowerCase(Locale.ROOT);
    if (BARE_NUMBER.matcher(text).matches()) {
      throw new IllegalArgumentException("a duration needs a unit: " + text + "s, " + text + "m, " + text + "h or "
          + text + "d (" + DURATION_FORMS + ")");
    }
    double millis;
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      double n = Double.parseDouble(m.group(1));
      millis = switch (m.group(2)) {
        case "ms" -> n;
        case "s" -> n * 1_000;
        case "m" -> n * 60_000;
        case "h" -> n * 3_600_000;
        default -> n * 86_400_000;
      };
    } else if (text.startsWith("p")) {
      try {
        millis = Duration.parse(text.toUpperCase(Locale.ROOT)).toMillis();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException("a duration, " + DURATION_FORMS);
      }
    } else {
      throw new IllegalArgumentException("a duration, " + DURATION_FORMS);
    }
    if (Math.round(millis) <= 0) {
      throw new IllegalArgumentException("a duration of at least 1ms");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  static long durationMillis(Setting s, String v) {
    try {
      return duration(v).toMillis();
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(s, v, e.getMessage());
    }
  }
}
