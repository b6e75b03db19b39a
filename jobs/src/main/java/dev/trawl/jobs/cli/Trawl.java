package dev.trawl.jobs.cli;

import dev.trawl.jobs.crawl.CrawlLoop;
import dev.trawl.jobs.crawl.CrawlRoot;
import dev.trawl.jobs.crawl.RoundTable;
import dev.trawl.jobs.demo.Demo;
import dev.trawl.jobs.get.CapturePrinter;
import dev.trawl.jobs.get.CaptureReader;
import dev.trawl.jobs.hive.HiveDdl;
import dev.trawl.jobs.inject.Injector;
import dev.trawl.jobs.report.CrawlReport;
import dev.trawl.jobs.round.RoundRunner;
import dev.trawl.jobs.status.CrawlStatus;
import dev.trawl.jobs.status.StatusReader;
import dev.trawl.jobs.status.StatusReport;
import dev.trawl.mappers.safety.AddressRange;
import dev.trawl.settings.InvalidSettingException;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code bin/trawl <command>} and {@code hadoop jar trawl-job.jar <command>}. Hadoop generic options
 * ({@code -D key=value}, {@code -conf}) come first and work for every command.
 */
public final class Trawl extends Configured implements Tool {
  static final String USAGE = """
      usage: trawl [-D key=value ...] <command> [options]

      commands:
        inject   --crawl URI --seeds FILE [settings] add seed URLs (never removes any); settings given
                                                     when it creates the crawl are recorded in crawl.json
        round    --crawl URI [--round N] [--force]   run one round (the next one by default)
        crawl    --crawl URI [--seeds FILE]          inject, then rounds until a bound or an empty frontier;
                                                     resumes after the last finished round
                 [--change-settings]                 (round, crawl) let this run change the crawl's scope or bounds
        report   --crawl URI [--out DIR]             per-round table, throughput over time, warnings and cost;
                 [--instance-price USD_PER_HOUR]     writes a chart and an HTML page to DIR (default ./trawl-report)
                 [--instances N]                     (price and instances can also be set once in crawl.json:
                                                     trawl.cost.instance-price, trawl.cost.instances)
        status   --crawl URI [--json]                rounds done, the round unfinished, per-host counts, and a check
                 [--hosts N|all]                     of manifests against files; exit 3 naming each problem found
        demo     [--out DIR] [--rounds N]            crawl a generated site on loopback, end to end
                 [--hosts N] [--pages N]             (default 3 rounds of 4 hosts x 80 pages)
        get      --crawl URI URL [--round N]         print one capture (HTTP headers and body) from its WARC record,
                 [--out FILE]                        read by offset; --out writes the decoded payload alone
        hive-ddl --crawl URI [--table NAME]          the manifest's table for Hive, Spark SQL and Athena (default
                 [--format avro|parquet]             trawl_manifest; the Parquet copy's: trawl_manifest_parquet);
                 [--engine hive|spark]               spark: a data source table (USING avro), Spark's own reader
        settings                                     every trawl.* setting, its default and meaning
      %s

      crawl settings, for round, crawl and emr submit (stored in crawl.json on first use; given again, they win for that run):
      """.formatted(EmrCli.USAGE.stripTrailing());

  /** Exit code of {@code status} when the crawl root is not consistent (2 is a usage error). */
  static final int STATUS_PROBLEMS = 3;

  private final PrintStream out;

  public Trawl(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Configuration(), new Trawl(System.out), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
      System.err.print(usage());
      return argv.length == 0 ? 2 : 0;
    }
    String command = argv[0];
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    Configuration conf = getConf();
    try {
      switch (command) {
        case "inject" -> {
          // Settings given with the first inject are the crawl's: crawl.json records them.
          Args a = crawlArgs(rest, Set.of("seeds"), Set.of("change-settings"));
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          new Injector(root, conf).inject(new org.apache.hadoop.fs.Path(a.required("seeds")), out);
        }
        case "round" -> {
          Args a = crawlArgs(rest, Set.of("round"), Set.of("force", "change-settings"));
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          RoundRunner.Outcome o = new RoundRunner(root, conf, out).run(a.intValue("round", 0), a.has("force"));
          if (!o.ran()) {
            out.println(o.skipped());
          } else {
            out.println(RoundTable.header());
            out.println(RoundTable.row(o.summary()));
          }
        }
        case "crawl" -> {
          Args a = crawlArgs(rest, Set.of("seeds"), Set.of("change-settings"));
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          if (a.has("seeds")) {
            new Injector(root, conf).inject(new org.apache.hadoop.fs.Path(a.get("seeds")), out);
          }
          new CrawlLoop(root, conf, out).run();
        }
        case "report" -> {
          Args a = Args.parse(rest, Set.of("crawl", "out", "instance-price", "instances"), Set.of());
          if (a.has("instance-price")) {
            conf.set(Setting.COST_INSTANCE_PRICE.key(), a.get("instance-price"));
          }
          if (a.has("instances")) {
            conf.set(Setting.COST_INSTANCES.key(), a.get("instances"));
          }
          validate(conf);
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          new CrawlReport(root, conf, out).run(outputFolder(a.has("out") ? a.get("out") : "trawl-report"));
        }
        case "status" -> {
          Args a = Args.parse(rest, Set.of("crawl", "hosts"), Set.of("json"));
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          root.requireExisting();
          CrawlStatus status = new StatusReader(root, conf).read();
          StatusReport report = new StatusReport(status, hostLimit(a));
          out.print(a.has("json") ? report.json() : report.text());
          if (!status.consistent()) {
            int n = status.problems().size();
            System.err.println("trawl status: " + root.path() + " is not consistent: " + n + (n == 1 ? " problem" : " problems")
                + " (listed above)");
            return STATUS_PROBLEMS;
          }
        }
        case "demo" -> {
          Args a = Args.parse(rest, Set.of("out", "rounds", "hosts", "pages"), Set.of());
          new Demo(conf, out).run(a.has("out") ? Path.of(a.get("out")) : null, a.intValue("rounds", 3),
              new Demo.Site(a.intValue("hosts", 4), a.intValue("pages", 80)));
        }
        case "get" -> {
          Args a = Args.parse(rest, Set.of("crawl", "round", "out"), Set.of());
          if (a.positional().size() != 1) {
            throw new Args.UsageException(a.positional().isEmpty() ? "which URL? give one" : "one URL at a time, not " + a.positional());
          }
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          new CapturePrinter(new CaptureReader(root), out).print(Urls.normalise(a.positional().get(0)), a.intValue("round", 0),
              a.has("out") ? Path.of(a.get("out")) : null);
        }
        case "hive-ddl" -> {
          Args a = Args.parse(rest, Set.of("crawl", "table", "format", "engine"), Set.of());
          HiveDdl.Format format = HiveDdl.Format.parse(a.has("format") ? a.get("format") : "avro");
          HiveDdl.Engine engine = HiveDdl.Engine.parse(a.has("engine") ? a.get("engine") : "hive");
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          root.requireExisting();
          String table = a.has("table") ? a.get("table") : format.defaultTable();
          out.print(new HiveDdl(root.path().toString(), table, format, engine).create(root.finishedRounds()));
        }
        case "emr" -> new EmrCli(out).run(rest);
        case "settings" -> {
          for (Setting s : Setting.values()) {
            out.printf("%s = %s%n    %s%n", s.key(), s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(), s.description());
          }
        }
        default -> throw new Args.UsageException("unknown command '" + command + "'");
      }
      return 0;
    } catch (Args.UsageException e) {
      System.err.println("trawl " + command + ": " + e.getMessage());
      System.err.println();
      System.err.print(usage());
      return 2;
    } catch (IllegalArgumentException e) {
      // Bad settings (InvalidSettingException), bad seeds files, rounds out of order: say what, not a stack trace.
      System.err.println("trawl " + command + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      // Storage that went away mid-command (S3 down, a disk full): what failed and why, in a few lines.
      System.err.println("trawl " + command + ": " + causes(e));
      return 1;
    }
  }

  /** A folder given on the command line: a URI with a scheme (s3a://, hdfs://) as it is, anything else a local path. */
  private static org.apache.hadoop.fs.Path outputFolder(String value) {
    if (value.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return new org.apache.hadoop.fs.Path(value);
    }
    return new org.apache.hadoop.fs.Path(Path.of(value).toAbsolutePath().toUri());
  }

  /** The message of an exception and of each distinct cause, one per line. */
  static String causes(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null && !b.toString().contains(t.getMessage())) {
        b.append(System.lineSeparator()).append("  caused by: ").append(t.getMessage());
      }
    }
    return b.toString();
  }

  private static int hostLimit(Args a) {
    String hosts = a.get("hosts");
    if (hosts == null) {
      return StatusReport.DEFAULT_HOSTS;
    }
    if (hosts.equals("all")) {
      return Integer.MAX_VALUE;
    }
    int n;
    try {
      n = Integer.parseInt(hosts);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new Args.UsageException("--hosts takes a number of hosts (1 or more) or 'all', not '" + hosts + "'");
    }
    return n;
  }

  /** Parses a command that takes crawl settings as flags, applies them and validates every setting. */
  private Args crawlArgs(List<String> rest, Set<String> withValue, Set<String> flags) {
    Set<String> names = new HashSet<>(withValue);
    names.add("crawl");
    names.addAll(CrawlFlags.names());
    Set<String> switches = new HashSet<>(flags);
    switches.add("require-date");
    Args a = Args.parse(rest, names, switches);
    CrawlFlags.apply(a, getConf());
    getConf().setBoolean(CrawlRoot.CHANGE_SETTINGS, a.has("change-settings"));
    validate(getConf());
    return a;
  }

  /** Checks every setting before anything is written or started, naming the key at fault. */
  static void validate(Configuration conf) {
    TrawlSettings settings = TrawlSettings.from(conf);
    for (String cidr : settings.allowPrivate()) {
      try {
        AddressRange.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new InvalidSettingException(Setting.FETCH_ALLOW_PRIVATE, cidr, e.getMessage());
      }
    }
  }

  private static String usage() {
    return USAGE + CrawlFlags.usage();
  }
}
