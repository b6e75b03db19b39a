package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help per command, usage errors that show the command's usage only, "did you mean" for commands,
 * options and trawl.* keys, and Hadoop generic options wherever a user puts them.
 */
class HelpsAtTheCommandLineTest {
  @TempDir
  Path tmp;

  @Test
  void helpOfACommandIsThatCommandsUsageAlone() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    for (String help : new String[] {"--help", "-h"}) {
      LocalCrawl.Run status = crawl.ok("status", help);
      assertTrue(status.out().startsWith("usage: trawl status --crawl URI"), status.out());
      assertFalse(status.out().contains("trawl inject") || status.out().contains("emr submit"), status.out());
      assertTrue(status.out().lines().count() <= 24, "a screenful at most:\n" + status.out());
    }
    LocalCrawl.Run crawlHelp = crawl.trawl("crawl", "--help");
    assertTrue(crawlHelp.out().contains("--depth") && crawlHelp.out().contains("--change-settings"), crawlHelp.out());
    assertTrue(crawlHelp.out().contains("refused unless --change-settings"), "the usage says what docs/crawling.md says:\n" + crawlHelp.out());
    LocalCrawl.Run emr = crawl.trawl("emr", "submit", "--help");
    assertEquals(0, emr.exit());
    assertTrue(emr.out().contains("--first-round N"), emr.out());

    LocalCrawl.Run overview = crawl.ok("-h");
    assertTrue(overview.out().contains("urls ") && overview.out().contains("'trawl <command> --help'"), overview.out());
  }

  @Test
  void usageErrorsShowTheCommandsUsageAndTheNearestName() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run command = crawl.trawl("stauts", "--crawl", crawl.uri());
    assertEquals(2, command.exit());
    assertTrue(command.err().contains("unknown command 'stauts' (did you mean 'status'?)"), command.err());

    LocalCrawl.Run option = crawl.trawl("crawl", "--crawl", crawl.uri(), "--dept", "3");
    assertEquals(2, option.exit());
    assertTrue(option.err().startsWith("trawl crawl: unknown option --dept (did you mean --depth?)"), option.err());
    assertTrue(option.err().contains("usage: trawl crawl --crawl URI"), option.err());
    assertFalse(option.err().contains("trawl report"), "only the command's own usage:\n" + option.err());

    LocalCrawl.Run settings = crawl.trawl("settings", "--bogus");
    assertEquals(2, settings.exit());
    assertTrue(settings.err().contains("unknown option --bogus"), settings.err());

    LocalCrawl.Run extra = crawl.trawl("status", "--crawl", crawl.uri(), "everything");
    assertEquals(2, extra.exit());
    assertTrue(extra.err().contains("unexpected argument 'everything'"), extra.err());

    LocalCrawl.Run round0 = crawl.trawl("get", "--crawl", crawl.uri(), "--round", "0", "http://example.org/");
    assertEquals(2, round0.exit());
    assertTrue(round0.err().contains("--round takes a whole number of 1 or more, not '0'"), round0.err());

    LocalCrawl.Run url = crawl.trawl("url", "--crawl", crawl.uri());
    assertEquals(2, url.exit());
    assertTrue(url.err().contains("which URL? give one") && url.err().contains("usage: trawl url"), url.err());
    assertFalse(Files.exists(crawl.root()), "nothing written");
  }

  @Test
  void unknownTrawlKeysAreRefusedWithTheNearestKnownOne() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run before = crawl.trawl("-D", "trawl.cost.instancs=3", "report", "--crawl", crawl.uri());
    assertEquals(2, before.exit());
    assertTrue(before.err().contains("unknown setting trawl.cost.instancs (did you mean trawl.cost.instances?)"), before.err());

    LocalCrawl.Run after = crawl.trawl("crawl", "--crawl", crawl.uri(), "-D", "trawl.fetch.dealy=0.2");
    assertEquals(2, after.exit());
    assertTrue(after.err().contains("unknown setting trawl.fetch.dealy (did you mean trawl.fetch.delay?)"), after.err());
    assertFalse(Files.exists(crawl.root()), "nothing written");
  }

  @Test
  void genericOptionsAfterTheCommandAreAppliedOrRefusedNeverIgnored() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    // Applied: a bad value given after the command is judged like one given before it.
    LocalCrawl.Run bad = crawl.trawl("crawl", "-D", "trawl.fetch.delay=-1", "--crawl", crawl.uri());
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("trawl.fetch.delay = '-1'"), bad.err());
    LocalCrawl.Run joined = crawl.trawl("crawl", "--crawl", crawl.uri(), "-Dtrawl.scope=galaxy");
    assertEquals(2, joined.exit());
    assertTrue(joined.err().contains("trawl.scope = 'galaxy'"), joined.err());
    LocalCrawl.Run noValue = crawl.trawl("status", "--crawl", crawl.uri(), "-D", "trawl.fetch.delay");
    assertEquals(2, noValue.exit());
    assertTrue(noValue.err().contains("-D takes key=value"), noValue.err());
    LocalCrawl.Run single = crawl.trawl("status", "--crawl", crawl.uri(), "-x");
    assertEquals(2, single.exit());
    assertTrue(single.err().contains("unknown option -x"), single.err());
    // Refused where it would reach nothing: emr steps run with the cluster's configuration.
    LocalCrawl.Run emr = crawl.trawl("emr", "submit", "--cluster", "j-1", "--crawl", "s3a://b/c", "--jar", "s3://b/j.jar",
        "--rounds", "1", "-D", "trawl.fetch.delay=2", "--dry-run");
    assertEquals(2, emr.exit());
    assertTrue(emr.err().contains("do not reach the cluster's steps"), emr.err());
    assertFalse(Files.exists(crawl.root()), "nothing written");
  }
}
