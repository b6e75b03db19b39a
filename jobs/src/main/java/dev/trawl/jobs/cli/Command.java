package dev.trawl.jobs.cli;

import dev.trawl.jobs.emr.EmrCli;
import dev.trawl.jobs.options.CrawlFlags;
import dev.trawl.jobs.options.Option;
import dev.trawl.jobs.options.OptionHelp;
import dev.trawl.settings.Setting;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every trawl command: its options and its usage, in one place, so that the parser and the help a
 * user reads cannot drift apart. {@code trawl <command> --help} prints {@link #usage()}: each option
 * with the form of its value, its default and its meaning.
 */
enum Command {
  INJECT("inject", "add seed URLs (never removes any)", """
      trawl inject --crawl URI --seeds FILE [crawl settings]
        Adds the seed URLs of FILE. Each is normalised; a line that is not a seed is reported with its
        line number and the rest are kept. URLs already seeded are skipped. Settings given when inject
        creates the crawl are recorded in crawl.json.
      """, List.of(Option.CRAWL, Option.SEEDS_REQUIRED, Option.CHANGE_SETTINGS), 0, true),
  ROUND("round", "run one round (the next one by default)", """
      trawl round --crawl URI [--round N] [--force] [--change-settings] [crawl settings]
        Runs the next round, or round N. A finished round is not run again unless --force (only the last
        finished round can be forced); a round that did not finish is simply run again.
      """, List.of(Option.CRAWL,
          Option.of("round", "N", "the next round", "The round to run, 1 or more."),
          Option.flag("force", "Run round N again although it finished (only the last finished round)."),
          Option.CHANGE_SETTINGS), 0, true),
  CRAWL("crawl", "inject, then rounds until nothing is left within the bounds", """
      trawl crawl --crawl URI [--seeds FILE] [--change-settings] [crawl settings]
        Injects FILE if given, then runs rounds until nothing is left to fetch within the bounds.
        Resumes after the last finished round.
      """, List.of(Option.CRAWL, Option.of("seeds", "FILE", "none", "Seeds to inject first, as inject reads them. "
          + Option.SEED_FORMAT), Option.CHANGE_SETTINGS), 0, true),
  STATUS("status", "where the crawl stands, its settings, and a check of its files", """
      trawl status --crawl URI [--json] [--hosts N|all]
        The finished rounds, the round left unfinished, pending seed batches, per host what became of
        every URL, a cross-check of manifests against WARC files, the crawl's settings and a one-line
        verdict. Exits 3 naming each problem found.
      """, List.of(Option.CRAWL,
          Option.of("hosts", "N|all", Integer.toString(dev.trawl.jobs.status.StatusReport.DEFAULT_HOSTS),
              "Hosts listed, those with most URLs first; all: every host."),
          Option.flag("json", "Print the same as one JSON document (verdict, settings, ...).")), 0, false),
  URLS("urls", "list the URLs the crawl knows, filtered, one a line", """
      trawl urls --crawl URI [--status S] [--host H] [--round N] [--format tsv|jsonl]
        Every URL of the crawl db after round N, streamed: url, status, http_status, depth, first_round,
        last_fetch_round, source.
      """, List.of(Option.CRAWL,
          Option.of("status", "S", "every status", "Keep URLs of this status: fetched, redirect, not_modified, "
              + "robots_denied, blocked_address, out_of_bounds, http_error, failed or pending."),
          Option.of("host", "H", "every host", "Keep URLs of this host."),
          Option.of("round", "N", "the latest finished round", "The crawl db after this round (1 or more)."),
          Option.of("format", "tsv|jsonl", "tsv", "tsv: tab-separated with a header line; jsonl: one JSON object a line.")),
      0, false),
  URL("url", "one URL: its state, how it was found, every attempt, or why it was never fetched", """
      trawl url --crawl URI URL
        The URL's status, depth and how it was found (a seed, or the page that linked it), every fetch
        attempt with its round, status and WARC pointer; if it was never fetched, why: pending (the next
        round fetches it), beyond the depth bound, out of scope (and the rule), or unknown to the crawl.
      """, List.of(Option.CRAWL), 1, false),
  LINKS("links", "a stored page's outlinks, each with the crawl's scope decision", """
      trawl links --crawl URI URL [--round N]
        Parses the capture of URL as the fetch task did and lists each link with the crawl's decision on
        it: followed, or which scope rule or trap guard drops it.
      """, List.of(Option.CRAWL, Option.of("round", "N", "the latest capture", "Parse round N's capture of URL.")), 1, false),
  PARSE("parse", "what trawl's parser makes of a page: title, content date and its source, links", """
      trawl parse URL|FILE [--crawl URI] [--base URL] [crawl settings]
        Fetches URL (with trawl's HTTP client and address guard: --allow-private CIDR to reach private
        addresses) or reads an HTML FILE, and prints its title, content date and where it came from,
        languages and links. With --crawl, or scope and date flags, each link gets a scope decision and
        the page a verdict against --published-before/--published-after.
      """, List.of(Option.of("crawl", "URI", "none", "A crawl whose settings and seed hosts judge the page and its links."),
          Option.of("base", "URL", "the file's own file:// URL", "The URL a FILE's relative links resolve against.")),
      1, true),
  REPORT("report", "per-round table, throughput over time, warnings and cost", """
      trawl report --crawl URI [--out DIR] [--instance-price USD_PER_HOUR] [--instances N]
        What the crawl did, from its manifests and round summaries. Writes report.html, throughput.svg
        (.png) and throughput.csv to DIR. Price and instances can be set once for the crawl:
        -D trawl.cost.instance-price=... -D trawl.cost.instances=...
      """, List.of(Option.CRAWL,
          Option.of("out", "DIR", "./trawl-report", "Where the report's files go: a local folder or any Hadoop URI."),
          Option.of("instance-price", "USD_PER_HOUR", Setting.COST_INSTANCE_PRICE),
          Option.of("instances", "N", Setting.COST_INSTANCES)), 0, false),
  GET("get", "print one capture (HTTP headers and body) from its WARC record", """
      trawl get --crawl URI URL [--round N] [--out FILE] [--text]
        The capture of URL (robots.txt captures too), read by its WARC offset: HTTP headers and body.
        With --text, the page's main text instead, read from its WET record.
      """, List.of(Option.CRAWL,
          Option.of("round", "N", "the latest round that fetched it", "Round N's capture (1 or more)."),
          Option.of("out", "FILE", "none: print headers and body", "Write the decoded payload alone to FILE."),
          Option.flag("text", "The page's main text (boilerplate removed, trawl.text) instead of the capture.")), 1, false),
  DEMO("demo", "crawl a generated site on loopback, end to end", """
      trawl demo [--out DIR] [--rounds N] [--hosts N] [--pages N]
        Serves a generated site on 127.0.0.2, 127.0.0.3, ... and crawls it into DIR/crawl, end to end.
      """, List.of(
          Option.of("out", "DIR", "a new folder in the system's temp folder, printed first",
              "Where the demo writes its seeds, crawl and report: a folder holding no crawl yet."),
          Option.of("rounds", "N", "3", "Rounds to crawl (the crawl's depth)."),
          Option.of("hosts", "N", "4", "Hosts the generated site has."),
          Option.of("pages", "N", "80", "Pages per host.")), 0, false),
  HIVE_DDL("hive-ddl", "the manifest's table for Hive, Spark SQL and Athena", """
      trawl hive-ddl --crawl URI [--table NAME] [--format avro|parquet] [--engine hive|spark|athena]
        Prints CREATE EXTERNAL TABLE with this crawl's location, then the partitions of its finished rounds,
        then a view NAME_ccindex with Common Crawl's index columns (url_surtkey, fetch_status, warc_filename, ...).
      """, List.of(Option.CRAWL,
          Option.of("table", "NAME", "trawl_manifest; for parquet trawl_manifest_parquet", "The table's name."),
          Option.of("format", "avro|parquet", "avro", "The manifest's Avro files, or their Parquet copy."),
          Option.of("engine", "hive|spark|athena", "hive", "spark: a data source table (USING avro|parquet), read by Spark's own "
              + "reader. athena: the Hive table, and the view in Athena's own SQL (Athena cannot read a view Hive created).")),
      0, false),
  LEASE("lease", "which command writes the crawl now; break a dead writer's lease", """
      trawl lease --crawl URI [--break]
        Every command that writes a crawl (inject, round, crawl, demo, an EMR step) holds its writer lease
        while it runs, so that two never write one crawl root at once. Shows who holds it (command, user,
        process, machine, since when, last heartbeat) or who held it last.
      """, List.of(Option.CRAWL,
          Option.flag("break", "End the lease at once, for a writer on another machine that died without releasing it, "
              + "when waiting for its expiry (trawl.lease.expiry, default 2m) is not wanted. Refused for a process still "
              + "running on this machine: stop it instead. A writer still running elsewhere notices at its next "
              + "heartbeat and stops before committing anything more.")), 0, false),
  SETTINGS("settings", "every trawl.* setting, its default and meaning", """
      trawl settings
        Every trawl.* key with its default and meaning. Set one with -D key=value or -conf FILE.
      """, List.of(), 0, false),
  /** Its subcommands parse their own options (EmrCli), and its usage lists them. */
  EMR("emr", "create-cluster | submit | status on AWS EMR", EmrCli.USAGE, List.of(), 0, false);

  static final String GENERIC = """
      Hadoop generic options, before or after the command: -D key=value (any setting), -conf FILE
      (a settings file), -fs URI, -jt HOST, -files, -libjars, -archives.
      """;

  private final String name;
  private final String summary;
  private final String usage;
  private final List<Option> options;
  private final int positional;
  private final boolean crawlSettings;

  Command(String name, String summary, String usage, List<Option> options, int positional, boolean crawlSettings) {
    this.name = name;
    this.summary = summary;
    this.usage = usage;
    this.options = options;
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
    Set<String> names = new HashSet<>();
    options.stream().filter(o -> o.value() != null).forEach(o -> names.add(o.name()));
    if (crawlSettings) {
      names.addAll(CrawlFlags.withValue());
    }
    return names;
  }

  /** Options that take no value, crawl settings' flags included. */
  Set<String> flags() {
    Set<String> names = new HashSet<>();
    options.stream().filter(o -> o.value() == null).forEach(o -> names.add(o.name()));
    names.add("help");
    if (crawlSettings) {
      names.addAll(CrawlFlags.flags());
    }
    return names;
  }

  /** The default of one of the command's options, as its help shows it: the value used when it is absent. */
  int intDefault(String option) {
    return options.stream().filter(o -> o.name().equals(option)).findFirst()
        .map(o -> Integer.parseInt(o.fallback())).orElseThrow();
  }

  /** Positional arguments the command takes (a URL): at most this many. */
  int positional() {
    return positional;
  }

  /** This command's usage alone: what a user asked for with --help, or needs after a usage error. */
  String usage() {
    StringBuilder b = new StringBuilder("usage: ").append(usage.stripTrailing()).append('\n');
    if (this == EMR) {
      return b.toString();
    }
    b.append("\noptions:\n");
    for (Option o : options) {
      b.append(o.help());
    }
    b.append(OptionHelp.entry("--help, -h", "", "This help."));
    if (crawlSettings) {
      b.append('\n').append(CrawlFlags.usage());
    }
    return b.append('\n').append(GENERIC).toString();
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
