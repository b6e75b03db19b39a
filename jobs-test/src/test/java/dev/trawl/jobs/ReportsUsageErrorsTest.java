package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wrong command line says what is wrong, shows the usage where that helps, and writes nothing. */
class ReportsUsageErrorsTest {
  @TempDir
  Path tmp;

  @Test
  void unknownCommandsAndOptionsPrintTheUsage() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run unknown = crawl.trawl("fetch-everything");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("unknown command 'fetch-everything'"), unknown.err());
    assertTrue(unknown.err().contains("usage: trawl"), unknown.err());

    LocalCrawl.Run option = crawl.trawl("crawl", "--crawl", crawl.uri(), "--dept", "3");
    assertEquals(2, option.exit());
    assertTrue(option.err().contains("unknown option --dept"), option.err());

    LocalCrawl.Run missing = crawl.trawl("round");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("--crawl is required"), missing.err());
  }

  @Test
  void badSettingsNameTheKeyBeforeAnythingIsWritten() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run delay = crawl.trawl("crawl", "--crawl", crawl.uri(), "--delay", "-1");
    assertEquals(2, delay.exit());
    assertTrue(delay.err().contains("trawl.fetch.delay = '-1'"), delay.err());

    LocalCrawl.Run scope = crawl.trawl("-D", "trawl.scope=galaxy", "round", "--crawl", crawl.uri());
    assertEquals(2, scope.exit());
    assertTrue(scope.err().contains("trawl.scope = 'galaxy'") && scope.err().contains("host, domain, any"), scope.err());

    LocalCrawl.Run cidr = crawl.trawl("crawl", "--crawl", crawl.uri(), "--allow-private", "localhost/8");
    assertEquals(2, cidr.exit());
    assertTrue(cidr.err().contains("trawl.fetch.allow-private"), cidr.err());

    assertFalse(Files.exists(crawl.root()), "nothing written for a bad command line");
  }

  @Test
  void roundsNeedASeededCrawl() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run run = crawl.trawl("round", "--crawl", crawl.uri());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("no crawl at") && run.err().contains("trawl inject"), run.err());
    assertFalse(Files.exists(crawl.root()), "a typo in the crawl root creates nothing");
  }

  @Test
  void aRoundWithNothingToFetchSaysSo() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "# nothing yet\n");
    crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString());
    LocalCrawl.Run run = crawl.ok("round", "--crawl", crawl.uri());
    assertTrue(run.out().contains("nothing to fetch"), run.out());
  }

  @Test
  void hiveDdlAndGetNeedAnExistingCrawl() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run ddl = crawl.trawl("hive-ddl", "--crawl", crawl.uri());
    assertEquals(2, ddl.exit());
    assertTrue(ddl.err().contains("no crawl at"), ddl.err());
    LocalCrawl.Run get = crawl.trawl("get", "--crawl", crawl.uri(), "http://example.org/");
    assertEquals(2, get.exit());
    assertTrue(get.err().contains("no crawl at"), get.err());
    assertFalse(Files.exists(crawl.root()), "nothing was written");
  }
}
