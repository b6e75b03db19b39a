package dev.trawl.round;

import org.apache.hadoop.conf.Configuration;

/**
 * Keys the round driver sets for its tasks. These are not user settings (see
 * {@link dev.trawl.settings.Setting}); they tell a task which round it belongs to and what bounds
 * the driver worked out for it.
 */
public final class RoundConf {
  /** The round number, 1-based. */
  public static final String ROUND = "trawl.internal.round";
  /** Comma-separated seed batch folders whose hosts.txt define the seed hosts (scope host). */
  public static final String SEED_BATCHES = "trawl.internal.seed-batches";
  /**
   * Epoch millis by which the round before had stopped fetching (its summary's finish): fetch tasks ask
   * no host sooner than its delay after it, so politeness holds across rounds; absent in round 1.
   */
  public static final String LAST_ROUND_END = "trawl.internal.last-round-end";
  /** Epoch millis after which fetch tasks start no request (the round's time limit); absent: none. */
  public static final String FETCH_DEADLINE = "trawl.internal.fetch-deadline";
  /** The previous round's crawl db (crawldb/round=N-1), which the fetch tasks carry into the round; absent in round 1. */
  public static final String CRAWL_DB = "trawl.internal.crawl-db";
  /** The last round's robots store (robots/round=N-1), carried into the round and read for known rules; absent: none. */
  public static final String ROBOTS = "trawl.internal.robots";
  /**
   * True if the robots store is laid out as this round's fetch lists, so fetch task k finds its hosts'
   * rules in file k alone; false: in any file (the round has another count of lists than the last).
   */
  public static final String ROBOTS_BY_LIST = "trawl.internal.robots-by-list";
  /** The previous round's digest index folder (digests/round=N-1), for fetch tasks to spot known bodies; absent in round 1. */
  public static final String DIGEST_INDEX = "trawl.internal.digest-index";
  /** The layout file of this round's fetch lists (see {@link dev.trawl.url.FetchLists}); unset or no such file: hashed. */
  public static final String FETCH_LISTS = "trawl.internal.fetch-lists";
  /** The layout file the round lays the next frontier (and its robots store) out by; absent: hashed. */
  public static final String NEXT_FETCH_LISTS = "trawl.internal.next-fetch-lists";
  /**
   * Epoch millis the round's refetch schedule counts from: a known URL whose next fetch time is at or
   * before it is due, and a URL fetched in the round is next due this plus its interval. The driver
   * sets it to the round's start (plus {@link #CLOCK_OFFSET}).
   */
  public static final String REFETCH_AS_OF = "trawl.internal.refetch-as-of";
  /**
   * An ISO-8601 duration (P31D, PT1H, ...) the driver adds to the clock for the refetch schedule: how a test or a
   * simulation runs "a month later" without waiting a month. Unset in real crawls.
   */
  public static final String CLOCK_OFFSET = "trawl.internal.clock-offset";
  /**
   * Set by the driver when the crawl's trawl.fetch.allow-private differs from the one the last round
   * ran with: the crawl db's blocked_address URLs go into the next frontier again, to be judged by
   * the new ranges (fetch tasks pick them as they carry the crawl db in).
   */
  public static final String REQUEUE_BLOCKED = "trawl.internal.requeue-blocked";
  /** Counter group of connections the address guard refused, one counter per range refused (127.0.0.0/8, ...). */
  public static final String BLOCKED_RANGES = "trawl.blocked-ranges";
  /** Counter group of fetch outcomes, one counter per manifest status. */
  public static final String STATUS_COUNTERS = "trawl.status";

  private RoundConf() {}

  public static int round(Configuration conf) {
    int round = conf.getInt(ROUND, -1);
    if (round < 1) {
      throw new IllegalStateException(ROUND + " is not set: tasks must be started by the round driver");
    }
    return round;
  }

  /** The round's refetch reference time; the current time for a task started outside a round driver (a unit test). */
  public static long refetchAsOf(Configuration conf) {
    return conf.getLong(REFETCH_AS_OF, System.currentTimeMillis());
  }

  /** Now, for the refetch schedule: the clock plus {@link #CLOCK_OFFSET} (an ISO-8601 duration such as P31D). */
  public static long scheduleNow(Configuration conf) {
    String offset = conf.getTrimmed(CLOCK_OFFSET, "");
    return System.currentTimeMillis() + (offset.isEmpty() ? 0 : java.time.Duration.parse(offset).toMillis());
  }

  /** True in Hadoop's local mode, where the driver and every task share one JVM. */
  public static boolean localMode(Configuration conf) {
    return "local".equals(conf.get("mapreduce.framework.name", "local"));
  }
}
