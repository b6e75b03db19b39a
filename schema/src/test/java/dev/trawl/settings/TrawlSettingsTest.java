package dev.trawl.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrawlSettingsTest {

  private static Configuration conf(String... keyValues) {
    Configuration conf = new Configuration(false);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    return conf;
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    TrawlSettings s = TrawlSettings.from(conf());

    assertEquals(1_000, s.delayMillis());
    assertEquals(30_000, s.maxCrawlDelayMillis());
    assertEquals(50, s.fetchThreads());
    assertEquals(10_000, s.connectTimeoutMillis());
    assertEquals(20_000, s.readTimeoutMillis());
    assertEquals(30_000, s.requestTimeoutMillis());
    assertEquals(10 * 1024 * 1024, s.maxBodyBytes());
    assertEquals(8 * 1024 * 1024, s.maxDecodedBytes());
    assertEquals(5, s.maxRedirects());
    assertEquals(24 * 3_600_000L, s.robotsMaxAgeMillis());
    assertEquals(2, s.maxRetries());
    assertEquals("trawl/0.1 (+https://github.com/trawl-crawler/trawl)", s.userAgent());
    assertEquals("trawl", s.robotsAgent());
    assertEquals(List.of(), s.allowPrivate());
    assertEquals(10_000, s.maxOutlinks());
    assertEquals(2048, s.maxUrlLength());
    assertEquals(Scope.HOST, s.scope());
    assertEquals(List.of(), s.includes());
    assertEquals(OptionalInt.empty(), s.fetchLists(), "auto: sized to where each round runs");
    assertNull(s.timeLimit(), "no time limit by default");
    assertEquals(OptionalInt.empty(), s.depth());
    assertEquals(OptionalLong.empty(), s.maxPages());
    assertEquals(OptionalInt.of(10_000), s.maxPerHost(), "pages per host per round: a trap guard on by default");
    assertEquals(16, s.maxPathDepth());
    assertEquals(3, s.maxSegmentRepeats());
    assertEquals(12, s.maxQueryParams());
    assertNull(s.publishedBefore());
    assertNull(s.deadline());
    assertEquals(S3Committer.MAGIC, s.s3Committer());
  }

  @Test
  void defaultsMatchTheSettingTable() {
    // The defaults printed by `trawl settings` and recorded in crawl.json are the ones the crawl runs with.
    Configuration empty = conf();
    TrawlSettings s = TrawlSettings.from(empty);
    assertEquals(Long.parseLong(Setting.FETCH_THREADS.defaultValue()), s.fetchThreads());
    assertEquals(Integer.parseInt(Setting.FETCH_MAX_RETRIES.defaultValue()), s.maxRetries());
    assertEquals("auto", Setting.FETCH_LISTS.defaultValue());
    assertEquals(OptionalInt.empty(), s.fetchLists());
    assertEquals(Setting.ROBOTS_AGENT.defaultValue(), s.robotsAgent());
  }

  @Test
  void effectiveListsEverySettingInDeclarationOrderWithOverrides() {
    Map<String, String> values = TrawlSettings.effective(conf("trawl.fetch.threads", " 4 ", "trawl.scope", "any"));

    assertEquals(Setting.values().length, values.size());
    List<String> keys = List.copyOf(values.keySet());
    for (int i = 0; i < Setting.values().length; i++) {
      assertEquals(Setting.values()[i].key(), keys.get(i));
    }
    assertEquals("4", values.get("trawl.fetch.threads"), "values are trimmed");
    assertEquals("any", values.get("trawl.scope"));
    assertEquals("1", values.get("trawl.fetch.delay"), "unset settings show their default");
    assertEquals("", values.get("trawl.round.time-limit"));
  }

  @Test
  void everySettingHasATrawlKeyAndADescription() {
    for (Setting s : Setting.values()) {
      assertTrue(s.key().startsWith("trawl."), s.key());
      assertFalse(s.description().isBlank(), s.key());
    }
  }

  @ParameterizedTest(name = "delay {0} s = {1} ms")
  @CsvSource({"0, 0", "0.5, 500", "1.25, 1250", "2, 2000", "0.001, 1"})
  void delayAcceptsFractionsOfSeconds(String value, long millis) {
    assertEquals(millis, TrawlSettings.from(conf("trawl.fetch.delay", value)).delayMillis());
  }

  @Test
  void timeoutsAreSecondsConvertedToMillis() {
    TrawlSettings s = TrawlSettings.from(conf("trawl.fetch.connect-timeout", "2.5", "trawl.fetch.read-timeout", "60",
        "trawl.fetch.max-crawl-delay", "5"));
    assertEquals(2_500, s.connectTimeoutMillis());
    assertEquals(60_000, s.readTimeoutMillis());
    assertEquals(5_000, s.maxCrawlDelayMillis());
  }

  @ParameterizedTest(name = "time limit {0} = {1} ms")
  @CsvSource({
      "500ms, 500",
      "90s, 90000",
      "30m, 1800000",
      "2h, 7200000",
      "1d, 86400000",
      "1.5h, 5400000",
      "PT30M, 1800000",
      "p1d, 86400000",
      "'30 m', 1800000",
      "2H, 7200000",
      "' 45s ', 45000"})
  void timeLimitParsesDurations(String value, long millis) {
    assertEquals(Duration.ofMillis(millis), TrawlSettings.from(conf("trawl.round.time-limit", value)).timeLimit());
  }

  @Test
  void everyDurationSettingRefusesABareNumberNamingTheKeyAndTheUnits() {
    List<Setting> durations = java.util.Arrays.stream(Setting.values()).filter(Setting::isDuration).toList();
    assertEquals(List.of(Setting.ROBOTS_MAX_AGE, Setting.TIME_LIMIT, Setting.REFETCH_AFTER, Setting.REFETCH_MIN_INTERVAL,
        Setting.REFETCH_MAX_INTERVAL, Setting.LEASE_EXPIRY, Setting.RESOURCES_SAMPLE_INTERVAL), durations);
    for (Setting s : durations) {
      String message = message(s.key(), "30");
      assertTrue(message.contains(s.key() + " = '30'"), message);
      assertTrue(message.contains("needs a unit: 30s, 30m, 30h or 30d"), message);
      assertTrue(message.contains("PT30M"), "names every accepted form: " + message);
    }
    // With its unit the same number is fine (refetch.after must lie within min/max-interval: 30d does).
    assertEquals(Duration.ofDays(30), TrawlSettings.from(conf("trawl.refetch.after", "30d")).refetch().after());
    assertEquals(30 * 3_600_000L, TrawlSettings.from(conf("trawl.robots.max-age", "30h")).robotsMaxAgeMillis());
    assertEquals(Duration.ofSeconds(30), TrawlSettings.from(conf("trawl.lease.expiry", "30s")).leaseExpiry());
    assertEquals(5_000, TrawlSettings.from(new Configuration(false)).resourceSampleMillis(), "sampled every 5 s unless told");
    assertEquals(0, TrawlSettings.from(conf("trawl.resources.sample-interval", "off")).resourceSampleMillis(), "no sampling");
  }

  @Test
  void secondsSettingsStayPlainNumbersAndSaySoWhenGivenAUnit() {
    // trawl.fetch.delay and the timeouts are documented as seconds (as robots.txt Crawl-delay is).
    assertEquals(2_000, TrawlSettings.from(conf("trawl.fetch.delay", "2")).delayMillis());
    String message = message("trawl.fetch.delay", "2s");
    assertTrue(message.contains("a number of seconds >= 0, without a unit"), message);
  }

  @Test
  void aBareNumberCrawlJsonRecordedForADurationIsReadAsSeconds() {
    assertEquals("90s", TrawlSettings.recordedValue("trawl.round.time-limit", "90"));
    assertEquals("1.5s", TrawlSettings.recordedValue("trawl.refetch.after", " 1.5 "));
    assertEquals("30m", TrawlSettings.recordedValue("trawl.round.time-limit", "30m"), "a value with its unit is kept");
    assertEquals("", TrawlSettings.recordedValue("trawl.round.time-limit", ""), "no limit stays no limit");
    assertEquals("2", TrawlSettings.recordedValue("trawl.fetch.delay", "2"), "seconds settings are numbers anyway");
  }

  @Test
  void anInvalidValueSaysWhereItWasGiven() {
    Configuration conf = conf();
    conf.set("trawl.round.time-limit", "30", "--time-limit");
    String flag = assertThrows(InvalidSettingException.class, () -> TrawlSettings.from(conf)).getMessage();
    assertTrue(flag.endsWith("(from --time-limit)"), flag);
    conf.set("trawl.round.time-limit", "30", "from command line");
    String d = assertThrows(InvalidSettingException.class, () -> TrawlSettings.from(conf)).getMessage();
    assertTrue(d.endsWith("(from -D on the command line)"), d);
    assertFalse(message("trawl.round.time-limit", "30").contains("(from"), "set in code: no source to name");
  }

  @Test
  void scopeIsCaseInsensitive() {
    assertEquals(Scope.ANY, TrawlSettings.from(conf("trawl.scope", "any")).scope());
    assertEquals(Scope.ANY, TrawlSettings.from(conf("trawl.scope", " ANY ")).scope());
    assertEquals(Scope.HOST, TrawlSettings.from(conf("trawl.scope", "Host")).scope());
  }

  @Test
  void s3CommitterIsMagicOrDirectoryAndNothingElse() {
    assertEquals(S3Committer.DIRECTORY, TrawlSettings.from(conf("trawl.s3.committer", " Directory ")).s3Committer());
    assertEquals("directory", S3Committer.DIRECTORY.hadoopName());
    // "file" is Hadoop's rename-based committer: on S3 a rename is a copy, neither atomic nor fast.
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> TrawlSettings.from(conf("trawl.s3.committer", "file")));
    assertTrue(e.getMessage().contains("trawl.s3.committer"), e.getMessage());
    assertTrue(e.getMessage().contains("magic, directory"), e.getMessage());
  }

  @Test
  void includesAreOneRegexALineAndBlankLinesAreIgnored() {
    TrawlSettings s = TrawlSettings.from(conf("trawl.scope.include",
        "https://a\\.example/docs/.*\n\n  https://b\\.example/.*  \n"));

    List<Pattern> includes = s.includes();
    assertEquals(2, includes.size());
    assertTrue(includes.get(0).matcher("https://a.example/docs/x").matches());
    assertFalse(includes.get(0).matcher("https://a.example/blog/x").matches());
    assertTrue(includes.get(1).matcher("https://b.example/anything").matches());
  }

  @Test
  void allowPrivateIsACommaSeparatedList() {
    TrawlSettings s = TrawlSettings.from(conf("trawl.fetch.allow-private", "127.0.0.0/8, ::1/128,,10.0.0.0/8 "));
    assertEquals(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"), s.allowPrivate());
  }

  @Test
  void boundsAreReadWhenGiven() {
    TrawlSettings s = TrawlSettings.from(conf("trawl.bounds.depth", "3", "trawl.bounds.max-pages", "5000000000",
        "trawl.bounds.max-per-host", "50", "trawl.round.fetch-lists", "8", "trawl.fetch.max-retries", "0"));
    assertEquals(OptionalInt.of(3), s.depth());
    assertEquals(OptionalLong.of(5_000_000_000L), s.maxPages());
    assertEquals(OptionalInt.of(50), s.maxPerHost());
    assertEquals(OptionalInt.of(8), s.fetchLists());
    assertEquals(0, s.maxRetries(), "zero retries is allowed: give up on the first transient failure");
  }

  @Test
  void fetchListsIsAutoOrACountInRange() {
    assertEquals(OptionalInt.empty(), TrawlSettings.from(conf("trawl.round.fetch-lists", "AUTO")).fetchLists());
    for (String bad : List.of("0", "-1", "two", "10001", "")) {
      InvalidSettingException e = assertThrows(InvalidSettingException.class,
          () -> TrawlSettings.from(conf("trawl.round.fetch-lists", bad)), bad);
      assertTrue(e.getMessage().contains("trawl.round.fetch-lists") && e.getMessage().contains("auto, or a number"), e.getMessage());
    }
  }

  @Test
  void robotsAgentMayContainLowerCaseTokenCharacters() {
    assertEquals("trawl-bot_2", TrawlSettings.from(conf("trawl.robots.agent", "trawl-bot_2")).robotsAgent());
  }

  @ParameterizedTest(name = "{0} = ''{1}'' is rejected")
  @CsvSource({
      "trawl.fetch.delay, -1",
      "trawl.fetch.delay, -0.5",
      "trawl.fetch.delay, soon",
      "trawl.fetch.delay, NaN",
      "trawl.fetch.delay, Infinity",
      "trawl.fetch.max-crawl-delay, -3",
      "trawl.fetch.connect-timeout, ten",
      "trawl.fetch.read-timeout, -1",
      "trawl.fetch.threads, many",
      "trawl.fetch.threads, 0",
      "trawl.fetch.threads, -4",
      "trawl.fetch.threads, 2.5",
      "trawl.fetch.max-body, 4MB",
      "trawl.fetch.max-retries, -1",
      "trawl.fetch.max-retries, two",
      "trawl.robots.agent, Trawl",
      "trawl.robots.agent, TRAWL",
      "trawl.robots.agent, *",
      "trawl.robots.agent, trawl*",
      "trawl.parse.max-outlinks, 0",
      "trawl.url.max-length, long",
      "trawl.scope, galaxy",
      "trawl.scope, hosts",
      "trawl.round.fetch-lists, 0",
      "trawl.round.time-limit, 5 parsecs",
      "trawl.round.time-limit, soon",
      "trawl.round.time-limit, 0",
      "trawl.round.time-limit, 0s",
      "trawl.round.time-limit, -5m",
      "trawl.round.time-limit, 1w",
      "trawl.bounds.depth, 0",
      "trawl.bounds.depth, three",
      "trawl.bounds.max-pages, -10",
      "trawl.bounds.max-pages, 1e6",
      "trawl.bounds.max-per-host, 0",
      "trawl.sitemaps, maybe",
      "trawl.sitemaps.guess, yes",
      "trawl.sitemaps.max-per-host, 0",
      "trawl.sitemaps.max-nesting, -1",
      "trawl.sitemaps.max-urls, 0",
      "trawl.sitemaps.max-bytes, 50MB"})
  void invalidValueNamesTheKeyAndTheValue(String key, String value) {
    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TrawlSettings.from(conf(key, value)));
    assertTrue(e.getMessage().contains(key + " = '" + value + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("is not valid: "), "says what is allowed: " + e.getMessage());
  }

  @Test
  void messagesSayWhatIsAllowed() {
    assertTrue(message("trawl.scope", "galaxy").endsWith("one of host, domain, any"), message("trawl.scope", "galaxy"));
    assertTrue(message("trawl.fetch.delay", "-1").contains("fractions allowed"));
    assertTrue(message("trawl.fetch.threads", "many").contains("a whole number > 0"));
    assertTrue(message("trawl.fetch.max-retries", "-1").contains("a whole number >= 0"));
    assertTrue(message("trawl.robots.agent", "Trawl").contains("lower-case"));
    assertTrue(message("trawl.round.time-limit", "5 parsecs").contains("500ms, 90s, 30m, 2h"));
  }

  @Test
  void badRegexInIncludeNamesTheKeyTheRegexAndTheProblem() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> TrawlSettings.from(conf("trawl.scope.include", "https://ok\\.example/.*\nhttps://bad\\.example/[a-z")));
    assertTrue(e.getMessage().contains("trawl.scope.include = 'https://bad\\.example/[a-z'"), e.getMessage());
    assertTrue(e.getMessage().contains("regular expression"), e.getMessage());
  }

  @Test
  void blankUserAgentIsRejected() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> TrawlSettings.from(conf("trawl.fetch.user-agent", "   ")));
    assertTrue(e.getMessage().contains("trawl.fetch.user-agent"), e.getMessage());
    assertTrue(e.getMessage().contains("non-empty"), e.getMessage());
  }

  @Test
  void invalidSettingIsAnIllegalArgument() {
    // Drivers report IllegalArgumentException as a usage error, not a crash.
    assertThrows(IllegalArgumentException.class, () -> TrawlSettings.from(conf("trawl.fetch.threads", "x")));
  }

  private static String message(String key, String value) {
    return assertThrows(InvalidSettingException.class, () -> TrawlSettings.from(conf(key, value))).getMessage();
  }

  @Test
  void refetchingIsOffUntilAskedForAndItsIntervalsAreChecked() {
    assertFalse(TrawlSettings.from(conf()).refetch().on(), "pages are fetched once by default");
    TrawlSettings.Refetch r = TrawlSettings.from(conf("trawl.refetch.after", "30d")).refetch();
    assertEquals(Duration.ofDays(30), r.after());
    assertEquals(Duration.ofDays(1), r.minInterval());
    assertEquals(Duration.ofDays(365), r.maxInterval());
    assertTrue(r.revisitIdentical());
    assertEquals(2, r.goneAfter());

    InvalidSettingException below = assertThrows(InvalidSettingException.class,
        () -> TrawlSettings.from(conf("trawl.refetch.after", "2h")));
    assertTrue(below.getMessage().contains("trawl.refetch.after") && below.getMessage().contains("trawl.refetch.min-interval"), below.getMessage());
    InvalidSettingException inverted = assertThrows(InvalidSettingException.class,
        () -> TrawlSettings.from(conf("trawl.refetch.min-interval", "10d", "trawl.refetch.max-interval", "5d")));
    assertTrue(inverted.getMessage().contains("trawl.refetch.max-interval"), inverted.getMessage());
    InvalidSettingException word = assertThrows(InvalidSettingException.class,
        () -> TrawlSettings.from(conf("trawl.refetch.after", "monthly")));
    assertTrue(word.getMessage().contains("trawl.refetch.after"), word.getMessage());
    assertThrows(InvalidSettingException.class, () -> TrawlSettings.from(conf("trawl.refetch.gone-after", "0")));
  }
}
