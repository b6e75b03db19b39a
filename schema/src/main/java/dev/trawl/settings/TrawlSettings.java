package dev.trawl.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private final long delayMillis;
  private final long maxCrawlDelayMillis;
  private final int fetchThreads;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final int maxBodyBytes;
  private final int maxRetries;
  private final String userAgent;
  private final String robotsAgent;
  private final List<String> allowPrivate;
  private final int maxOutlinks;
  private final int maxUrlLength;
  private final Scope scope;
  private final List<Pattern> includes;
  private final int fetchLists;
  private final Duration timeLimit;
  private final S3Committer s3Committer;
  private final OptionalInt depth;
  private final OptionalLong maxPages;
  private final OptionalInt maxPerHost;

  private TrawlSettings(Configuration conf) {
    delayMillis = seconds(conf, Setting.FETCH_DELAY);
    maxCrawlDelayMillis = seconds(conf, Setting.FETCH_MAX_CRAWL_DELAY);
    fetchThreads = positiveInt(conf, Setting.FETCH_THREADS);
    connectTimeoutMillis = timeoutMillis(conf, Setting.FETCH_CONNECT_TIMEOUT);
    readTimeoutMillis = timeoutMillis(conf, Setting.FETCH_READ_TIMEOUT);
    maxBodyBytes = positiveInt(conf, Setting.FETCH_MAX_BODY);
    maxRetries = nonNegativeInt(conf, Setting.FETCH_MAX_RETRIES);
    userAgent = nonBlank(conf, Setting.FETCH_USER_AGENT);
    robotsAgent = nonBlank(conf, Setting.ROBOTS_AGENT);
    if (!robotsAgent.equals(robotsAgent.toLowerCase(Locale.ROOT)) || robotsAgent.contains("*")) {
      throw new InvalidSettingException(Setting.ROBOTS_AGENT, robotsAgent, "a lower-case product token without '*'");
    }
    allowPrivate = list(raw(conf, Setting.FETCH_ALLOW_PRIVATE), ",");
    maxOutlinks = positiveInt(conf, Setting.PARSE_MAX_OUTLINKS);
    maxUrlLength = positiveInt(conf, Setting.URL_MAX_LENGTH);
    String scopeValue = raw(conf, Setting.SCOPE);
    try {
      scope = Scope.valueOf(scopeValue.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(Setting.SCOPE, scopeValue, "one of host, any");
    }
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : list(raw(conf, Setting.SCOPE_INCLUDE), "\n")) {
      try {
        patterns.add(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new InvalidSettingException(Setting.SCOPE_INCLUDE, regex, "a Java regular expression (" + e.getDescription() + ")");
      }
    }
    includes = List.copyOf(patterns);
    fetchLists = positiveInt(conf, Setting.FETCH_LISTS);
    String limit = raw(conf, Setting.TIME_LIMIT);
    timeLimit = limit.isEmpty() ? null : Duration.ofMillis(durationMillis(Setting.TIME_LIMIT, limit));
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
  }

  /** Parses and validates every trawl setting in {@code conf}; throws {@link InvalidSettingException}. */
  public static TrawlSettings from(Configuration conf) {
    return new TrawlSettings(conf);
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
  public long maxCrawlDelayMillis() { return maxCrawlDelayMillis; }
  public int fetchThreads() { return fetchThreads; }
  public int connectTimeoutMillis() { return connectTimeoutMillis; }
  public int readTimeoutMillis() { return readTimeoutMillis; }
  public int maxBodyBytes() { return maxBodyBytes; }
  public int maxRetries() { return maxRetries; }
  public String userAgent() { return userAgent; }
  public String robotsAgent() { return robotsAgent; }
  public List<String> allowPrivate() { return allowPrivate; }
  public int maxOutlinks() { return maxOutlinks; }
  public int maxUrlLength() { return maxUrlLength; }
  public Scope scope() { return scope; }
  public List<Pattern> includes() { return includes; }
  public int fetchLists() { return fetchLists; }
  /** Null when rounds have no time limit. */
  public Duration timeLimit() { return timeLimit; }
  public S3Committer s3Committer() { return s3Committer; }
  public OptionalInt depth() { return depth; }
  public OptionalLong maxPages() { return maxPages; }
  public OptionalInt maxPerHost() { return maxPerHost; }

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
    throw new InvalidSettingException(s, v, "a number of seconds >= 0, fractions allowed (e.g. 0.5)");
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

  /** Parses durations such as 500ms, 90s, 30m, 2h, 1d; a bare number is seconds. */
  static long durationMillis(Setting s, String v) {
    Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidSettingException(s, v, "a duration such as 500ms, 90s, 30m, 2h or 1d");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> n;
      case "s" -> n * 1_000;
      case "m" -> n * 60_000;
      case "h" -> n * 3_600_000;
      default -> n * 86_400_000;
    };
    if (Math.round(millis) <= 0) {
      throw new InvalidSettingException(s, v, "a duration of at least 1ms");
    }
    return Math.round(millis);
  }
}
