package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.testsupport.LoopbackS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl root that cannot work (a typo in the scheme, no bucket, a bucket that is not there, no or
 * wrong credentials) fails at once, before anything is written or a job starts, with an error that
 * names the problem. The seeds given are not lost: nothing was consumed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusesUnusableCrawlRootsTest {
  @TempDir
  static Path tmp;
  private LoopbackS3 s3;
  private Path seeds;

  @BeforeAll
  void start() throws Exception {
    s3 = LoopbackS3.start(tmp.resolve("s3"));
    s3.createBucket("crawls");
    seeds = tmp.resolve("seeds.txt");
    Files.writeString(seeds, "http://127.0.0.2:9/\n");
  }

  @AfterAll
  void stop() throws Exception {
    s3.close();
  }

  private LocalCrawl.Run crawl(CrawlOnS3 c) throws Exception {
    LocalCrawl.Run run = c.trawl("crawl", "--crawl", c.uri(), "--seeds", seeds.toString(), "--allow-private", "127.0.0.0/8");
    assertEquals(2, run.exit(), run.out() + run.err());
    assertFalse(run.out().contains("inject:") || run.out().contains("round 1"), "nothing should have started: " + run.out());
    return run;
  }

  private CrawlOnS3 at(String uri) {
    return new CrawlOnS3(s3, tmp.resolve("work"), uri);
  }

  @Test
  void aTypoInTheSchemeIsNamed() throws Exception {
    String err = crawl(at("sa3://crawls/c1")).err();
    assertTrue(err.contains("no Hadoop FileSystem serves the scheme 'sa3'") && err.contains("did you mean s3a://?"), err);
    err = crawl(at("s3n://crawls/c1")).err();
    assertTrue(err.contains("s3n:// was removed from Hadoop; write s3a://"), err);
    // Outside EMR nothing serves s3://.
    err = crawl(at("s3://crawls/c1")).err();
    assertTrue(err.contains("s3:// is served by EMR's S3A (EMR 7.10+); elsewhere write s3a://"), err);
  }

  @Test
  void aRootWithoutABucketIsNamed() throws Exception {
    String err = crawl(at("s3a:/crawls/c1")).err();
    assertTrue(err.contains("names no bucket: write s3a://BUCKET/prefix"), err);
  }

  @Test
  void aMissingBucketIsNamed() throws Exception {
    String err = crawl(at("s3a://no-such-bucket/c1")).err();
    assertTrue(err.contains("bucket 'no-such-bucket' does not exist (or not at " + s3.endpoint() + ")"), err);
    assertTrue(err.contains("aws s3 mb s3://no-such-bucket"), err);
    assertFalse(Files.exists(tmp.resolve("s3/no-such-bucket")), "no bucket was created");
  }

  @Test
  void missingCredentialsAreNamed() throws Exception {
    String err = crawl(at("s3a://crawls/c2").with("fs.s3a.access.key", "").with("fs.s3a.secret.key", "")).err();
    assertTrue(err.contains("no AWS credentials found for s3a://crawls/c2"), err);
    assertTrue(err.contains("AWS_ACCESS_KEY_ID"), err);
    assertNothingWritten("crawls/c2");
  }

  @Test
  void wrongCredentialsAreNamed() throws Exception {
    String err = crawl(at("s3a://crawls/c3").with("fs.s3a.secret.key", "not-the-secret")).err();
    assertTrue(err.contains("S3 refused access to s3a://crawls/c3"), err);
    assertTrue(err.contains("check the credentials"), err);
    assertNothingWritten("crawls/c3");
  }

  @Test
  void anS3EndpointThatDoesNotAnswerIsNamed() throws Exception {
    String err = crawl(at("s3a://crawls/c4").with("fs.s3a.endpoint", "http://127.0.0.1:9")).err();
    assertTrue(err.contains("cannot reach S3 at http://127.0.0.1:9 for s3a://crawls/c4"), err);
    assertTrue(err.contains("Connection refused"), err);
  }

  private void assertNothingWritten(String prefix) throws Exception {
    Path dir = tmp.resolve("s3").resolve(prefix);
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        assertEquals(0, files.filter(Files::isRegularFile).count(), "files written under " + prefix);
      }
    }
  }
}
