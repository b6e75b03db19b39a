package dev.trawl.jobs.options;

import dev.trawl.mappers.safety.AddressRange;
import dev.trawl.settings.InvalidSettingException;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;

/**
 * The command-line flags that set crawl settings, each the short form of one {@link Setting}, whose
 * key, default and meaning its help shows: written once, in Setting.
 */
public final class CrawlFlags {
  /** A flag's setting and the form of its value (null: a flag without a value, which sets true). */
  private record Flag(Setting setting, String value) {}

  private static final Map<String, Flag> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("depth", new Flag(Setting.DEPTH, "N"));
    FLAGS.put("max-pages", new Flag(Setting.MAX_PAGES, "N"));
    FLAGS.put("max-pages-per-round", new Flag(Setting.MAX_PAGES_PER_ROUND, "N"));
    FLAGS.put("max-per-host", new Flag(Setting.MAX_PER_HOST, "N"));
    FLAGS.put("published-before", new Flag(Setting.PUBLISHED_BEFORE, "DATE"));
    FLAGS.put("published-after", new Flag(Setting.PUBLISHED_AFTER, "DATE"));
    FLAGS.put("require-date", new Flag(Setting.REQUIRE_DATE, null));
    FLAGS.put("deadline", new Flag(Setting.DEADLINE, "TIME"));
    FLAGS.put("time-limit", new Flag(Setting.TIME_LIMIT, "DURATION"));
    FLAGS.put("scope", new Flag(Setting.SCOPE, "host|domain|any"));
    FLAGS.put("include", new Flag(Setting.SCOPE_INCLUDE, "REGEX"));
    FLAGS.put("exclude", new Flag(Setting.SCOPE_EXCLUDE, "REGEX"));
    FLAGS.put("delay", new Flag(Setting.FETCH_DELAY, "SECONDS"));
    FLAGS.put("politeness", new Flag(Setting.FETCH_POLITENESS, "host|domain|ip"));
    FLAGS.put("threads", new Flag(Setting.FETCH_THREADS, "N"));
    FLAGS.put("user-agent", new Flag(Setting.FETCH_USER_AGENT, "TEXT"));
    FLAGS.put("allow-private", new Flag(Setting.FETCH_ALLOW_PRIVATE, "CIDR"));
    FLAGS.put("fetch-lists", new Flag(Setting.FETCH_LISTS, "N|auto"));
    FLAGS.put("refetch-after", new Flag(Setting.REFETCH_AFTER, "DURATION"));
  }

  /** Repeatable flags, and how their values are joined into the setting. */
  private static final Map<String, String> REPEATABLE = Map.of("include", "\n", "exclude", "\n", "allow-private", ",");

  /** The forms the flags' values take, as their help names them. */
  static final String VALUE_FORMS = """
      value forms:
        N           a whole number > 0
        SECONDS     a number of seconds, without a unit; fractions allowed (0.5)
        DURATION    %s; a bare number is refused
        DATE, TIME  a date, 2011-05-01 (midnight UTC), or an instant, 2011-05-01T12:00:00Z
        REGEX       a Java regular expression, found anywhere in the URL
        CIDR        an address range: 127.0.0.0/8, 10.0.0.0/8, ::1/128
      """.formatted(TrawlSettings.DURATION_FORMS);

  private CrawlFlags() {}

  /** The flags that take a value, in help's order. */
  public static Set<String> withValue() {
    return FLAGS.entrySet().stream().filter(f -> f.getValue().value() != null).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The flags that take none, in help's order. */
  public static Set<String> flags() {
    return FLAGS.entrySet().stream().filter(f -> f.getValue().value() == null).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The setting a flag sets. */
  public static Setting setting(String flag) {
    return FLAGS.get(flag).setting();
  }

  /**
   * Copies the flags given into {@code conf}, where they override crawl.json for this run. Each value
   * is recorded as set by its flag, so that an error in it names the flag the user typed.
   */
  public static void apply(Args args, Configuration conf) {
    for (Map.Entry<String, Flag> f : FLAGS.entrySet()) {
      List<String> values = args.all(f.getKey());
      if (values.isEmpty()) {
        continue;
      }
      String joiner = REPEATABLE.get(f.getKey());
      conf.set(f.getValue().setting().key(), joiner != null ? String.join(joiner, values) : values.get(values.size() - 1),
          "--" + f.getKey());
    }
  }

  public static String usage() {
    StringBuilder b = new StringBuilder("crawl settings (each flag is the short form of one trawl.* key; * marks what the crawl is):\n");
    for (Map.Entry<String, Flag> f : FLAGS.entrySet()) {
      Setting s = f.getValue().setting();
      String option = "--" + f.getKey() + (f.getValue().value() == null ? "" : " " + f.getValue().value());
      String facts = (s.definesCrawl() ? "* " : "  ") + s.key() + "; " + OptionHelp.shownDefault(s.defaultValue())
          + (REPEATABLE.containsKey(f.getKey()) ? "; repeatable" : "");
      b.append(OptionHelp.entry(option, facts, s.description()));
    }
    b.append(VALUE_FORMS);
    b.append("""
        The settings a crawl starts with are recorded in crawl.json. Those marked * (scope, patterns, bounds, private ranges)
        must match it: a run asking for other values is refused unless --change-settings, which records the
        change. The others say how it runs (delay, threads, time limit, ...) and can be given again for one run.
        """);
    return b.toString();
  }


  /** Checks every setting before anything is written or started, naming the key at fault. */
  public static void validate(Configuration conf) {
    TrawlSettings settings = TrawlSettings.from(conf);
    for (String cidr : settings.allowPrivate()) {
      try {
        AddressRange.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(Setting.FETCH_ALLOW_PRIVATE, cidr, e.getMessage()).in(conf);
      }
    }
  }
}
