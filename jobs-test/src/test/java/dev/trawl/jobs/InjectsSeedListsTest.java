package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.FrontierEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeding as users do it: messy files, repeated injects, more seeds later. Nothing is ever lost. */
class InjectsSeedListsTest {
  @TempDir
  Path tmp;

  @Test
  void reportsEachBadLineAndKeepsTheGoodOnes() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "\uFEFFhttp://Example.org:80/a/../b#frag\n"
        + "\n"
        + "# a comment\n"
        + "ftp://example.org/file\n"
        + "not a url at all\n"
        + "https://example.com/  # trailing comment\n"
        + "/relative/path\n"
        + "http://\n"
        + "https://example.com/\n");
    LocalCrawl.Run run = crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString());
    assertTrue(run.out().contains("line 4: 'ftp://example.org/file': scheme 'ftp' is not http or https"), run.out());
    assertTrue(run.out().contains("line 5: 'not a url at all'"), run.out());
    assertTrue(run.out().contains("line 7: '/relative/path'"), run.out());
    assertTrue(run.out().contains("line 8: 'http://'"), run.out());
    assertEquals(4, run.out().lines().filter(l -> l.startsWith("rejected")).count(), run.out());
    assertEquals(Set.of("http://example.org/b", "https://example.com/"), seedUrls(crawl));
  }

  @Test
  void textAfterAUrlRejectsTheLineUnlessItIsNutchMetadata() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "http://example.org/docs/index.html   trailing words\n"
        + "https://example.net/\tnutch.score=2.5\tnutch.fetchInterval=86400\tuserType=open source\n"
        + "https://example.net/b\tjust words\n"
        + "https://example.net/c\u00a0nbsp\n"
        + "https://example.net/d  # a comment is not trailing text\n"
        + "not a url\tnutch.score=1\n");
    LocalCrawl.Run run = crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString());
    assertTrue(run.out().contains("rejected seeds.txt line 1: 'http://example.org/docs/index.html   trailing words': "
        + "text after the URL ('trailing words')"), run.out());
    assertTrue(run.out().contains("line 3: 'https://example.net/b\tjust words': 'just words' after the URL is not key=value"),
        run.out());
    assertTrue(run.out().contains("line 4: 'https://example.net/c\u00a0nbsp': text after the URL ('nbsp')"), run.out());
    assertTrue(run.out().contains("line 6: 'not a url\tnutch.score=1': not an absolute URL"), "the URL's own fault first:\n" + run.out());
    assertEquals(4, run.out().lines().filter(l -> l.startsWith("rejected")).count(), run.out());
    assertTrue(run.out().contains("note: seeds.txt carries Nutch seed metadata (nutch.fetchInterval, nutch.score, userType): "
        + "its URLs are seeded, the metadata is ignored"), run.out());
    assertEquals(Set.of("https://example.net/", "https://example.net/d"), seedUrls(crawl),
        "no URL holds the text that followed it");
  }

  @Test
  void injectingTwiceChangesNothingAndLaterSeedsAreAdded() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    Path seeds = crawl.writeSeeds("seeds.txt", "https://a.example/\nhttps://b.example/\n");
    crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString());
    List<Path> before = batches(crawl);

    LocalCrawl.Run twice = crawl.trawl("inject", "--crawl", crawl.uri(), "--seeds", seeds.toString());
    assertEquals(0, twice.exit());
    assertTrue(twice.out().contains("nothing added"), twice.out());
    assertEquals(before, batches(crawl));

    Path more = crawl.writeSeeds("more.txt", "https://b.example/\nhttps://c.example/\n");
    LocalCrawl.Run added = crawl.trawl("inject", "--crawl", crawl.uri(), "--seeds", more.toString());
    assertTrue(added.out().contains("1 new seed URLs"), added.out());
    assertEquals(2, batches(crawl).size());
    assertTrue(batches(crawl).containsAll(before), "the first batch is still there");
    assertEquals(Set.of("https://a.example/", "https://b.example/", "https://c.example/"), seedUrls(crawl));
  }

  @Test
  void aMissingSeedFileIsNamedAndNothingIsWritten() throws Exception {
    LocalCrawl crawl = new LocalCrawl(tmp);
    LocalCrawl.Run run = crawl.trawl("inject", "--crawl", crawl.uri(), "--seeds", tmp.resolve("nope.txt").toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("nope.txt does not exist"), run.err());
    assertTrue(!Files.exists(crawl.root().resolve("seeds")));
  }

  private static List<Path> batches(LocalCrawl crawl) throws Exception {
    try (Stream<Path> s = Files.list(crawl.root().resolve("seeds"))) {
      return s.filter(p -> Files.exists(p.resolve("_SUCCESS"))).sorted().toList();
    }
  }

  private static Set<String> seedUrls(LocalCrawl crawl) throws Exception {
    Set<String> urls = new java.util.TreeSet<>();
    for (Path batch : batches(crawl)) {
      urls.addAll(crawl.read(crawl.root().relativize(batch).toString(), FrontierEntry.class).stream()
          .map(FrontierEntry::getUrl).collect(Collectors.toSet()));
    }
    return urls;
  }
}
