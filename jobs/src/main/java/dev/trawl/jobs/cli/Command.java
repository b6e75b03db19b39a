package dev.trawl.jobs.cli;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every trawl command: its options and its usage, in one place, so that the parser and the help a
 * user reads cannot drift apart. {@code trawl <command> --help} prints {@link #usage()}.
 */
enum Command {
  INJECT("inject", "add seed URLs (never removes any)", """
      trawl inject --crawl URI --seeds FILE [crawl settings]
        Adds the seed URLs of FILE (one a line; '#' starts a comment). Each line is normalised; a line
        that is not an http(s) URL is reported with its line number and the rest are kept. URLs already
        seeded are skipped. Settings given when inject creates the crawl are recorded in crawl.json.
      """, Set.of("crawl", "seeds"), Set.of("change-settings"), 0, true),
  ROUND("round", "run one round (the next one by default)", """
      trawl round --crawl URI [--round N] [--force] [--change-settings] [crawl settings]
        Runs the next round, or round N. A finished round is not run again unless --force (only the last
        finished round can be forced); a round that did not finish is simply run again.
      """, Set.of("crawl", "round"), Set.of("force", "change-settings"), 0, true),
  CRAWL("crawl", "inject, then rounds until nothing is left within the bounds", """
      trawl crawl --crawl URI [--seeds FILE] [--change-settings] [crawl settings]
        Injects FILE if given, then runs rounds until nothing is left to fetch within the bounds.
        Resumes after the last finished round.
      """, Set.of("crawl", "seeds"), Set.of("change-settings"), 0, true),
  STATUS("status", "where the crawl stands, its settings, and a check of its files", """
      trawl status --crawl URI [--json] [--hosts N|all]
        The finished rounds, the round left unfinished, pending seed batches, per host what became of
        every URL (the 20 hosts with most URLs unless --hosts), a cross-check of manifests against WARC
        files, the crawl's settings and a one-line verdict. Exits 3 naming each problem found.
      """, Set.of("crawl", "hosts"), Set.of("json"), 0, false),
  URLS("urls", "list the URLs the crawl knows, filtered, one a line", """
      trawl urls --crawl URI [--status S] [--host H] [--round N] [--format tsv|jsonl]
        Every URL of the crawl db after round N (default: the latest finished round), streamed: url,
        status, http_status, depth, first_round, last_fetch_round, source. --status takes a status of
        the legend (fetched, redirect, not_modified, robots_denied, blocked_address, out_of_bounds,
        http_error, failed, pending); --host keeps one host. tsv (the default) has a header line.
      """, Set.of("crawl", "status", "host", "round", "format"), Set.of(), 0, false),
  URL("url", "one URL: its state, how it was found, every attempt, or why it was never fetched", """
      trawl url --crawl URI URL
        The URL's status, depth and how it was found (a seed, or the page that linked it), every fetch
        attempt with its round, status and WARC pointer; if it was never fetched, why: pending (the next
        round fetches it), beyond the depth bound, out of scope (and the rule), or unknown to the crawl.
      """, Set.of("crawl"), Set.of(), 1, false),
  LINKS("links", "a stored page's outlinks, each with the crawl's scope decision", """
      trawl links --crawl URI URL [--round N]
        Parses the capture of URL (the latest, or round N's) as the fetch task did and lists each link
        with the crawl's decision on it: followed, or which scope rule or trap guard drops it.
      """, Set.of("crawl", "round"), Set.of(), 1, false),
  PARSE("parse", "what trawl's parser makes of a page: title, content date and its source, links", """
      trawl parse URL|FILE [--crawl URI] [--base URL] [crawl settings]
        Fetches URL (with trawl's HTTP client and address guard: --allow-private CIDR to reach private
        addresses) or reads an HTML FILE, and prints its title, content date and where it came from,
        languages and links. With --crawl, or scope and date flags, each link gets a scope decision and
        the page a verdict against --published-before/--published-after.
      """, Set.of("crawl", "base"), Set.of(), 1, true),
  REPORT("report", "per-round table, throughput over time, warnings and cost", """
      trawl report --crawl URI [--out DIR] [--instance-price USD_PER_HOUR] [--instances N]
        What the crawl did, from its manifests and round summaries. Writes report.html, throughput.svg
        (.png) and throughput.csv to DIR (default ./trawl-report; any Hadoop URI). Price and instances
        can be set once for the crawl: -D trawl.cost.instance-price=... -D trawl.cost.instances=...
      """, Set.of("crawl", "out", "instance-price", "instances"), Set.of(), 0, false),
  GET("get", "print one capture (HTTP headers and body) from its WARC record", """
      trawl get --crawl URI URL [--round N] [--out FILE]
        The capture of URL from the latest round that fetched it, or round N (1 or more), read by its
        WARC offset (robots.txt captures too). --out FILE writes the decoded payload alone.
      """, Set.of("crawl", "round", "out"), Set.of(), 1, false),
  DEMO("demo", "crawl a generated site on loopback, end to end", """
      trawl demo [--out DIR] [--rounds N] [--hosts N] [--pages N]
        Serves a generated site on 127.0.0.2, 127.0.0.3, ... and crawls it (default 3 rounds of 4 hosts
        x 80 pages).
      """, Set.of("out", "rounds", "hosts", "pages"), Set.of(), 0, false),
  HIVE_DDL("hive-ddl", "the manifest's table for Hive, Spark SQL and Athena", """
      trawl hive-ddl --crawl URI [--table NAME] [--format avro|parquet] [--engine hive|spark]
        Prints CREATE EXTERNAL TABLE with this crawl's location (default name trawl_manifest; the Parquet
        copy's: trawl_manifest_parquet), then the partitions of its finished rounds. --engine spark: a
        data source table (USING avro|parquet), read by Spark's own reader.
      """, Set.of("crawl", "table", "format", "engine"), Set.of(), 0, false),
  LEASE("lease", "which command writes the crawl now; break a dead writer's lease", """
      trawl lease --crawl URI [--break]
        Every command that writes a crawl (inject, round, crawl, an EMR step) holds its writer lease while
        it runs, so that two never write one crawl root at once. Shows who holds it (command, user,
        process, machine, since when, last heartbeat) or who held it last. --break ends the lease at
        once, live or not: for a writer on another machine that died without releasing it, when waiting
        for its expiry (trawl.lease.expiry, default 2m) is not wanted. A writer still running notices at
        its next heartbeat and stops before committing anything more.
      """, Set.of("crawl"), Set.of("break"), 0, false),
  SETTINGS("settings", "every trawl.* setting, its default and meaning", """
      trawl settings
        Every trawl.* key with its default and meaning. Set one with -D key=value or -conf FILE.
      """, Set.of(), Set.of(), 0, false),
  EMR("emr", "create-cluster | submit | status on AWS EMR", EmrCli.USAGE, Set.of(), Set.of(), 0, false);

  static final String GENERIC = """
      Hadoop generic options, before or after the command: -D key=value (any setting), -conf FILE
      (a settings file), -fs URI, -jt HOST, -files, -libjars, -archives.
      """;

  private final String name;
  private final String summary;
  private final String usage;
  private final Set<String> withValue;
  private final Set<String> flags;
  private final int positional;
  private final boolean crawlSettings;

  Command(String name, String summary, String usage, Set<String> withValue, Set<String> flags, int positional,
          boolean crawlSettings) {
    this.name = name;
    this.summary = summary;
    this.usage = usage;
    this.withValue = withValue;
    this.flags = flags;
    this.positional = positional;
    this.crawlSettings = crawlSettings;
  }

  String commandName() {
    return name;
  }

  static Optional<Command> named(String name) {
    return Arrays.stream(values()).filter(c -> c.name.equals(name)).findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(c -> c.name).toList();
  }

  /** Options that take a value, crawl settings' flags included. */
  Set<String> withValue() {
    Set<String> names = new HashSet<>(withValue);
    if (crawlSettings) {
      names.addAll(CrawlFlags.names());
      names.remove("require-date");
    }
    return names;
  }

  Set<String> flags() {
    Set<String> names = new HashSet<>(flags);
    names.add("help");
    if (crawlSettings) {
      names.add("require-date");
    }
    return names;
  }

  /** Positional arguments the command takes (a URL): at most this many. */
  int positional() {
    return positional;
  }

  /** This command's usage alone: what a user asked for with --help, or needs after a usage error. */
  String usage() {
    StringBuilder b = new StringBuilder("usage: ").append(usage.stripTrailing()).append('\n');
    if (crawlSettings) {
      b.append('\n').append(CrawlFlags.usage());
    }
    if (this != EMR) {
      b.append('\n').append(GENERIC);
    }
    return b.toString();
  }

  /** The list of commands, one line each: {@code trawl} alone or {@code trawl help}. */
  static String overview() {
    StringBuilder b = new StringBuilder("usage: trawl [generic options] <command> [options]\n\ncommands:\n");
    for (Command c : values()) {
      b.append(String.format("  %-9s %s%n", c.name, c.summary));
    }
    b.append("\n'trawl <command> --help' (or -h) shows a command's options.\n").append(GENERIC);
    return b.toString();
  }
}
