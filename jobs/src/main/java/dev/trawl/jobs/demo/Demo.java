package dev.trawl.jobs.demo;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.jobs.crawl.CrawlLoop;
import dev.trawl.jobs.inject.Injector;
import dev.trawl.jobs.lease.WriterLease;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.settings.Setting;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code trawl demo}: serves a generated site on loopback (four hosts by default) and crawls it for three rounds
 * in local mode, end to end, with no internet. The site is the demo's own, so the politeness delay
 * is short and loopback is allowed.
 */
public final class Demo {
  private final Configuration conf;
  private final PrintStream out;

  public Demo(Configuration conf, PrintStream out) {
    this.conf = conf;
    this.out = out;
  }

  /** The demo's site: how many hosts, pages per host. */
  public record Site(int hosts, int pagesPerHost) {}

  public void run(Path dir, int rounds, Site shape) throws IOException, InterruptedException {
    // A fresh folder by default: never the current folder (a newcomer runs the demo wherever they are),
    // and never a crawl of an earlier demo, whose site served on other ports.
    dir = dir == null ? Files.createTempDirectory("trawl-demo-") : dir.toAbsolutePath();
    if (Files.exists(dir.resolve("crawl"))) {
      throw new IllegalArgumentException(dir + " already holds a crawl (" + dir.resolve("crawl")
          + "), of a demo site no longer served: give another --out, or leave it out for a new folder");
    }
    Files.createDirectories(dir);
    out.println("demo folder: " + dir);
    long started = System.nanoTime();
    try (LoopbackSite site = LoopbackSite.start(new SiteGraph.Shape(shape.hosts(), shape.pagesPerHost(), 7), 0)) {
      SiteGraph graph = site.graph();
      out.println("demo site: " + graph.hosts().size() + " hosts x " + graph.shape().pagesPerHost()
          + " pages on " + String.join(", ", graph.homePages()));
      Path seeds = dir.resolve("seeds.txt");
      Files.writeString(seeds, "# the demo site's home pages\n" + String.join("\n", graph.homePages()) + "\n", StandardCharsets.UTF_8);

      conf.setIfUnset(Setting.FETCH_DELAY.key(), "0.05");
      conf.setIfUnset(Setting.FETCH_ALLOW_PRIVATE.key(), "127.0.0.0/8");
      conf.setIfUnset(Setting.DEPTH.key(), Integer.toString(rounds));
      String crawl = dir.resolve("crawl").toUri().toString();
      CrawlRoot root = new CrawlRoot(crawl, conf);
      out.println("crawl root: " + root.path());
      try (WriterLease lease = root.takeWriterLease("trawl demo")) {
        new Injector(root, conf).inject(new org.apache.hadoop.fs.Path(seeds.toUri()), out);
        new CrawlLoop(root, conf, out).run();
      }

      out.println();
      out.println("rounds of " + root.path() + ":");
      RoundTable.print(root, out);
      out.printf("%ndemo finished in %.1f s (%d requests served by the site)%n",
          (System.nanoTime() - started) / 1e9, site.requests().size());
      String home = graph.homePages().get(0);
      out.println("manifest (Avro, one record per fetch): " + root.path() + "/manifest/");
      out.println("WARC files:                            " + root.path() + "/warc/");
      out.println("activity logs:                         " + root.path() + "/logs/");
      out.println("round summaries:                       " + root.path() + "/rounds/");
      out.println("where the crawl stands:  bin/trawl status --crawl " + root.path());
      out.println("every URL it knows:      bin/trawl urls --crawl " + root.path() + "   (--status pending, --host H, --format jsonl)");
      out.println("one URL's story:         bin/trawl url --crawl " + root.path() + " " + home);
      out.println("a page's links:          bin/trawl links --crawl " + root.path() + " " + home);
      out.println("read a page back:        bin/trawl get --crawl " + root.path() + " " + home);
      out.println("throughput, warnings:    bin/trawl report --crawl " + root.path() + " --out " + dir.resolve("report"));
      out.println("query with Hive:         bin/trawl hive-ddl --crawl " + root.path() + "   (then hive/queries.sql)");
    }
  }
}
