package dev.trawl.jobs.cli;

import dev.trawl.jobs.crawl.CrawlLoop;
import dev.trawl.jobs.demo.Demo;
import dev.trawl.jobs.emr.EmrCli;
import dev.trawl.jobs.get.CapturePrinter;
import dev.trawl.jobs.get.CaptureReader;
import dev.trawl.jobs.hive.HiveDdl;
import dev.trawl.jobs.inject.Injector;
import dev.trawl.jobs.inspect.PageCheck;
import dev.trawl.jobs.inspect.PageLinks;
import dev.trawl.jobs.lease.LeaseReport;
import dev.trawl.jobs.lease.WriterLease;
import dev.trawl.jobs.options.Args;
import dev.trawl.jobs.options.CrawlFlags;
import dev.trawl.jobs.options.NearestName;
import dev.trawl.jobs.report.CrawlReport;
import dev.trawl.jobs.round.RoundRunner;
import dev.trawl.jobs.status.CrawlStatus;
import dev.trawl.jobs.status.StatusReader;
import dev.trawl.jobs.status.StatusReport;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.jobs.urls.UrlListing;
import dev.trawl.jobs.urls.UrlLookup;
import dev.trawl.settings.InvalidSettingException;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * {@code bin/trawl <command>} and {@code hadoop jar trawl-job.jar <command>}. Hadoop generic options
 * ({@code -D key=value}, {@code -conf}) work for every command, before it (ToolRunner takes them) or
 * among its options ({@link Args} takes them). Each command's options and usage are its {@link Command}.
 */
public final class Trawl extends Configured implements Tool {
  /** Exit code of {@code status} when the crawl root is not consistent (2 is a usage error). */
  static final int STATUS_PROBLEMS = 3;
  /** Exit code of a command that writes when another live command holds the crawl root's writer lease. */
  static final int CRAWL_BUSY = 4;

  private final PrintStream out;

  public Trawl(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Configuration(), new Trawl(System.out), args));
  }

  @Override
  public int run(String[] argv) throws Exception {
    if (argv.length == 0 || Set.of("help", "--help", "-h").contains(argv[0])) {
      if (argv.length > 1 && Command.named(argv[1]).isPresent()) {
        out.print(Command.named(argv[1]).get().usage());
        return 0;
      }
      (argv.length == 0 ? System.err : out).print(Command.overview());
      return argv.length == 0 ? 2 : 0;
    }
    String name = argv[0];
    Command command = Command.named(name).orElse(null);
    if (command == null) {
      System.err.println("trawl: " + (name.startsWith("-")
          ? "'" + name + "' is not a command: the command comes first, then its options (trawl <command> --help)"
          : "unknown command '" + name + "'" + NearestName.of(name, Command.names()).map(n -> " (did you mean '" + n + "'?)").orElse("")));
      System.err.println();
      System.err.print(Command.overview());
      return 2;
    }
    List<String> rest = Arrays.asList(argv).subList(1, argv.length);
    if (command != Command.EMR && (rest.contains("--help") || rest.contains("-h"))) {
      out.print(command.usage());
      return 0;
    }
    Configuration conf = getConf();
    try {
      Args a = command == Command.EMR ? null : Args.parse(rest, command.withValue(), command.flags(), command.positional());
      if (a != null) {
        applyGenericOptions(a.generic(), conf);
      }
      refuseUnknownKeys(conf);
      switch (command) {
        case INJECT -> {
          // Settings given with the first inject are the crawl's: crawl.json records them.
          applyCrawlFlags(a);
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          try (WriterLease lease = root.takeWriterLease(commandLine(command, root))) {
            new Injector(root, conf).inject(new org.apache.hadoop.fs.Path(a.required("seeds")), out);
          }
        }
        case ROUND -> {
          applyCrawlFlags(a);
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          root.requireExisting();
          RoundRunner.Outcome o;
          try (WriterLease lease = root.takeWriterLease(commandLine(command, root))) {
            o = new RoundRunner(root, conf, out).run(a.intValue("round", 0, 1), a.has("force"));
          }
          if (!o.ran()) {
            out.println(o.skipped());
          } else {
            out.println(RoundTable.header());
            out.println(RoundTable.row(o.summary(), RoundTable.previous(root, o.round())));
          }
        }
        case CRAWL -> {
          applyCrawlFlags(a);
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          if (!a.has("seeds")) {
            root.requireExisting();
          }
          try (WriterLease lease = root.takeWriterLease(commandLine(command, root))) {
            if (a.has("seeds")) {
              new Injector(root, conf).inject(new org.apache.hadoop.fs.Path(a.get("seeds")), out);
            }
            new CrawlLoop(root, conf, out).run();
          }
        }
        case LEASE -> {
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          root.requireExisting();
          out.println(new LeaseReport(root.fs(), root.path()).show(a.has("break"), TrawlSettings.from(conf).leaseExpiry()));
        }
        case REPORT -> {
          if (a.has("instance-price")) {
            conf.set(Setting.COST_INSTANCE_PRICE.key(), a.get("instance-price"), "--instance-price");
          }
          if (a.has("instances")) {
            conf.set(Setting.COST_INSTANCES.key(), a.get("instances"), "--instances");
          }
          CrawlFlags.validate(conf);
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          new CrawlReport(root, conf, out).run(outputFolder(a.has("out") ? a.get("out") : "trawl-report"));
        }
        case STATUS -> {
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
        case URLS -> {
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          UrlListing.Format format = UrlListing.Format.named(a.has("format") ? a.get("format") : "tsv");
          new UrlListing(root, out).list(a.intValue("round", 0, 1), UrlListing.filter(a.get("status"), a.get("host")), format);
        }
        case URL -> {
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          new UrlLookup(root, conf, out).print(Urls.normalise(a.onePositional("URL")));
        }
        case LINKS -> {
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          new PageLinks(root, conf, out).print(Urls.normalise(a.onePositional("URL")), a.intValue("round", 0, 1));
        }
        case PARSE -> {
          CrawlFlags.apply(a, conf);
          CrawlRoot root = a.has("crawl") ? new CrawlRoot(a.get("crawl"), conf) : null;
          if (root != null) {
            root.requireExisting();
            root.loadSettingsForReading(conf);
          }
          CrawlFlags.validate(conf);
          new PageCheck(root, conf, out).print(a.onePositional("URL or FILE"), a.get("base"));
        }
        case DEMO -> {
          new Demo(conf, out).run(a.has("out") ? Path.of(a.get("out")) : null, a.intValue("rounds", command.intDefault("rounds"), 1),
              new Demo.Site(a.intValue("hosts", command.intDefault("hosts"), 1), a.intValue("pages", command.intDefault("pages"), 1)));
        }
        case GET -> {
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          CapturePrinter printer = new CapturePrinter(new CaptureReader(root), out);
          String url = Urls.normalise(a.onePositional("URL"));
          Path file = a.has("out") ? Path.of(a.get("out")) : null;
          if (a.has("text")) {
            printer.printText(url, a.intValue("round", 0, 1), file);
          } else {
            printer.print(url, a.intValue("round", 0, 1), file);
          }
        }
        case HIVE_DDL -> {
          HiveDdl.Format format = HiveDdl.Format.parse(a.has("format") ? a.get("format") : "avro");
          HiveDdl.Engine engine = HiveDdl.Engine.parse(a.has("engine") ? a.get("engine") : "hive");
          CrawlRoot root = new CrawlRoot(a.required("crawl"), conf);
          root.requireExisting();
          String table = a.has("table") ? a.get("table") : format.defaultTable();
          out.print(new HiveDdl(root.path().toString(), table, format, engine).create(root.finishedRounds()));
        }
        case EMR -> new EmrCli(out).run(rest);
        case SETTINGS -> {
          for (Setting s : Setting.values()) {
            out.printf("%s = %s%n    %s%n", s.key(), s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(), s.description());
            if (s.isDuration()) {
              out.printf("    A duration: %s.%n", TrawlSettings.DURATION_FORMS);
            }
          }
        }
      }
      return 0;
    } catch (WriterLease.HeldException e) {
      // Not a failure of this command's own: a cron job that overlaps the last run can tell it apart.
      System.err.println("trawl " + name + ": " + e.getMessage());
      return CRAWL_BUSY;
    } catch (Args.UsageException e) {
      System.err.println("trawl " + name + ": " + e.getMessage());
      System.err.println();
      System.err.print(command.usage());
      return 2;
    } catch (Urls.BadUrlException e) {
      System.err.println("trawl " + name + ": " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      // Bad settings (InvalidSettingException), bad seeds files, rounds out of order: say what, not a stack trace.
      System.err.println("trawl " + name + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      // Storage that went away mid-command (S3 down, a disk full): what failed and why, in a few lines.
      System.err.println("trawl " + name + ": " + causes(e));
      return 1;
    }
  }

  /** The writing command as the lease names it: no generic options, which may carry credentials (-D fs.s3a.secret.key). */
  private static String commandLine(Command command, CrawlRoot root) {
    return "trawl " + command.commandName() + " --crawl " + root.path();
  }

  /** Hadoop generic options given after the command: applied exactly as ToolRunner applies those before it. */
  private static void applyGenericOptions(List<String> generic, Configuration conf) throws IOException {
    if (generic.isEmpty()) {
      return;
    }
    GenericOptionsParser parser = new GenericOptionsParser(conf, generic.toArray(String[]::new));
    if (parser.getRemainingArgs().length > 0) {
      throw new Args.UsageException("generic options not understood: " + String.join(" ", parser.getRemainingArgs()));
    }
  }

  /**
   * A trawl.* key that no setting has is a typo that would otherwise do nothing at all: refuse it, naming
   * the key it most likely meant.
   */
  static void refuseUnknownKeys(Configuration conf) {
    Set<String> known = new TreeSet<>();
    for (Setting s : Setting.values()) {
      known.add(s.key());
    }
    for (Map.Entry<String, String> e : conf) {
      String key = e.getKey();
      if (key.startsWith("trawl.") && !key.startsWith("trawl.internal.") && !known.contains(key)) {
        throw new IllegalArgumentException("unknown setting " + key + NearestName.of(key, known)
            .map(n -> " (did you mean " + n + "?)").orElse("") + "; 'trawl settings' lists every key");
      }
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

  /** Applies the crawl settings given as flags and validates every setting. */
  private void applyCrawlFlags(Args a) {
    CrawlFlags.apply(a, getConf());
    getConf().setBoolean(CrawlRoot.CHANGE_SETTINGS, a.has("change-settings"));
    CrawlFlags.validate(getConf());
  }

}
