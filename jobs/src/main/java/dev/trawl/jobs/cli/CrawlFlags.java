package dev.trawl.jobs.cli;

import dev.trawl.settings.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/** The command-line flags that set crawl settings, each the short form of one {@link Setting}. */
final class CrawlFlags {
  private static final Map<String, Setting> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("depth", Setting.DEPTH);
    FLAGS.put("max-pages", Setting.MAX_PAGES);
    FLAGS.put("max-pages-per-round", Setting.MAX_PAGES_PER_ROUND);
    FLAGS.put("max-per-host", Setting.MAX_PER_HOST);
    FLAGS.put("published-before", Setting.PUBLISHED_BEFORE);
    FLAGS.put("published-after", Setting.PUBLISHED_AFTER);
    FLAGS.put("require-date", Setting.REQUIRE_DATE);
    FLAGS.put("deadline", Setting.DEADLINE);
    FLAGS.put("time-limit", Setting.TIME_LIMIT);
    FLAGS.put("scope", Setting.SCOPE);
    FLAGS.put("include", Setting.SCOPE_INCLUDE);
    FLAGS.put("exclude", Setting.SCOPE_EXCLUDE);
    FLAGS.put("delay", Setting.FETCH_DELAY);
    FLAGS.put("threads", Setting.FETCH_THREADS);
    FLAGS.put("user-agent", Setting.FETCH_USER_AGENT);
    FLAGS.put("allow-private", Setting.FETCH_ALLOW_PRIVATE);
    FLAGS.put("fetch-lists", Setting.FETCH_LISTS);
    FLAGS.put("refetch-after", Setting.REFETCH_AFTER);
  }

  /** Repeatable flags, and how their values are joined into the setting. */
  private static final Map<String, String> REPEATABLE = Map.of("include", "\n", "exclude", "\n", "allow-private", ",");

  private CrawlFlags() {}

  static Set<String> names() {
    return FLAGS.keySet();
  }

  /** Copies the flags given into {@code conf}, where they override crawl.json for this run. */
  static void apply(Args args, Configuration conf) {
    for (Map.Entry<String, Setting> f : FLAGS.entrySet()) {
      List<String> values = args.all(f.getKey());
      if (values.isEmpty()) {
        continue;
      }
      String joiner = REPEATABLE.get(f.getKey());
      conf.set(f.getValue().key(), joiner != null ? String.join(joiner, values) : values.get(values.size() - 1));
    }
  }

  static String usage() {
    StringBuilder b = new StringBuilder("crawl settings (each flag is the short form of one trawl.* key; * marks what the crawl is):\n");
    for (Map.Entry<String, Setting> f : FLAGS.entrySet()) {
      b.append(String.format("  --%-34s %s %s%n", f.getKey() + (REPEATABLE.containsKey(f.getKey()) ? " (repeatable)" : ""),
          f.getValue().definesCrawl() ? "*" : " ", f.getValue().key()));
    }
    b.append("""
        The settings a crawl starts with are recorded in crawl.json. Those marked * (scope, patterns, bounds, private ranges)
        must match it: a run asking for other values is refused unless --change-settings, which records the
        change. The others say how it runs (delay, threads, time limit, ...) and can be given again for one run.
        """);
    return b.toString();
  }
}
