package dev.trawl.reducers;

import static dev.trawl.reducers.TestRecords.URL;
import static dev.trawl.reducers.TestRecords.attempt;
import static dev.trawl.reducers.TestRecords.carried;
import static dev.trawl.reducers.TestRecords.crawlDb;
import static dev.trawl.reducers.TestRecords.entry;
import static dev.trawl.reducers.TestRecords.fetched;
import static dev.trawl.reducers.TestRecords.known;
import static dev.trawl.reducers.TestRecords.linked;
import static dev.trawl.reducers.TestRecords.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.reducers.manifest.UrlColumns;
import dev.trawl.reducers.output.RoundOutputFormat;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.DigestEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.HostLoad;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.settings.InvalidSettingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundReducerTest {
  private static final int ROUND = 3;

  private ReduceDriver<Text, AvroValue<UrlUpdate>, AvroKey<Object>, NullWritable> driver;

  @BeforeEach
  void setUp() {
    driver = ReduceDriver.newReduceDriver(new RoundReducer());
    Configuration conf = driver.getConfiguration();
    conf.setInt(RoundConf.ROUND, ROUND);
    // What the round job configures through AvroJob: UrlUpdate map output values, the union of records as output keys.
    AvroSerialization.addToConfiguration(conf);
    AvroSerialization.setValueWriterSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setValueReaderSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setKeyWriterSchema(conf, RoundOutputFormat.RECORDS);
    AvroSerialization.setKeyReaderSchema(conf, RoundOutputFormat.RECORDS);
  }

  private void input(String url, UrlUpdate... updates) {
    List<AvroValue<UrlUpdate>> values = new ArrayList<>();
    for (UrlUpdate u : updates) {
      values.add(new AvroValue<>(u));
    }
    driver.addInput(new Text(url), values);
  }

  private List<Object> run() throws IOException {
    List<Object> records = new ArrayList<>();
    for (Pair<AvroKey<Object>, NullWritable> p : driver.run()) {
      records.add(p.getFirst().datum());
    }
    return records;
  }

  private long counter(RoundCounter c) {
    return driver.getCounters().findCounter(c).getValue();
  }

  private static <T> List<T> only(List<Object> records, Class<T> type) {
    return records.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void newLinkIsWrittenToTheCrawlDbAndTheNextFrontier() throws IOException {
    FrontierEntry link = entry(URL, 1, 0, "http://example.com/");
    input(URL, linked(link));

    List<Object> out = run();

    assertEquals(3, out.size(), out.toString());
    CrawlDbEntry db = only(out, CrawlDbEntry.class).get(0);
    assertEquals(URL, db.getUrl());
    assertEquals(UrlState.queued, db.getState());
    assertEquals(ROUND, db.getFirstRound());
    assertEquals(List.of(link), only(out, FrontierEntry.class));
    assertEquals(List.of(HostLoad.newBuilder().setHost("example.com").setPages(1).build()), only(out, HostLoad.class));
    assertEquals(List.of(), only(out, ManifestRecord.class));
    assertEquals(1, counter(RoundCounter.CRAWLDB_URLS));
    assertEquals(1, counter(RoundCounter.URLS_NEW));
    assertEquals(1, counter(RoundCounter.FRONTIER_NEXT));
    assertEquals(1, counter(RoundCounter.FRONTIER_NEXT_IN_DEPTH), "no depth bound: everything is in depth");
    assertEquals(0, counter(RoundCounter.RETRIES_QUEUED));
  }

  @Test
  void bestOfManyLinksIsKeptAlthoughHadoopReusesTheValueObject() throws IOException {
    // MRUnit, like Hadoop, deserialises every value into one reused object.
    input(URL, linked(entry(URL, 3, 0, "http://example.com/c")), linked(entry(URL, 1, 0, "http://example.com/b")),
        linked(entry(URL, 2, 0, "http://example.com/a")), linked(entry(URL, 1, 0, "http://example.com/z")));

    List<Object> out = run();

    assertEquals(List.of(entry(URL, 1, 0, "http://example.com/b")), only(out, FrontierEntry.class));
    assertEquals("http://example.com/b", only(out, CrawlDbEntry.class).get(0).getSource());
  }

  @Test
  void fetchedPageIsWrittenToTheCrawlDbAndTheManifest() throws IOException {
    ManifestRecord page = ok(URL, 1);
    input(URL, known(crawlDb(URL, UrlState.queued, 1, 2).build()), fetched(page),
        linked(entry(URL, 2, 0, "http://example.com/other")));
    // The fetch mapper sends a capture with a body to its digest group too, which writes its manifest record.
    input(DigestKeys.captureKey(page.getDigest(), URL), fetched(page));

    List<Object> out = run();

    assertEquals(3, out.size(), out.toString());
    CrawlDbEntry db = only(out, CrawlDbEntry.class).get(0);
    assertEquals(UrlState.fetched, db.getState());
    assertEquals(ROUND, db.getLastFetchRound());
    assertEquals(2, db.getFirstRound());
    assertEquals(List.of(UrlColumns.fill(page)), only(out, ManifestRecord.class));
    assertEquals("/page", only(out, ManifestRecord.class).get(0).getUrlPath());
    assertEquals(List.of(DigestEntry.newBuilder().setDigest(page.getDigest()).setUrl(URL).build()), only(out, DigestEntry.class));
    assertEquals(List.of(), only(out, FrontierEntry.class));
    assertEquals(1, counter(RoundCounter.CRAWLDB_URLS));
    assertEquals(0, counter(RoundCounter.URLS_NEW));
    assertEquals(0, counter(RoundCounter.FRONTIER_NEXT));
    assertEquals(0, counter(RoundCounter.RETRIES_QUEUED));
  }

  @Test
  void transientFailureIsRetriedNextRoundAndCountedAsARetry() throws IOException {
    ManifestRecord unavailable = attempt(URL, 1, FetchStatus.http_error, 503).build();
    input(URL, known(crawlDb(URL, UrlState.queued, 1, 2).build()), fetched(unavailable));

    List<Object> out = run();

    assertEquals(4, out.size(), out.toString());
    assertEquals(UrlState.queued, only(out, CrawlDbEntry.class).get(0).getState());
    assertEquals(List.of(UrlColumns.fill(unavailable)), only(out, ManifestRecord.class), "no body to dedupe: the URL's group writes it");
    assertEquals(List.of(entry(URL, 1, 1, "http://example.com/")), only(out, FrontierEntry.class));
    assertEquals(1, counter(RoundCounter.RETRIES_QUEUED));
    assertEquals(1, counter(RoundCounter.FRONTIER_NEXT));
    assertEquals(0, counter(RoundCounter.URLS_NEW));
  }

  @Test
  void countsTheNextFrontierPerHostWithItsCrawlDelay() throws IOException {
    input("http://a.example/robots.txt", UrlUpdate.newBuilder().setRobots(RobotsEntry.newBuilder()
        .setOrigin("http://a.example").setHost("a.example").setFetchTime(1).setCrawlDelayMs(4000L).build()).build());
    input("http://a.example/1", linked(entry("http://a.example/1", 1, 0, "http://a.example/")));
    input("http://a.example/2", linked(entry("http://a.example/2", 1, 0, "http://a.example/")));
    input("http://b.example/1", linked(entry("http://b.example/1", 1, 0, "http://a.example/")));
    input("http://b.example/2", known(crawlDb("http://b.example/2", UrlState.fetched, 1, 1).build()));

    assertEquals(List.of(
        HostLoad.newBuilder().setHost("a.example").setPages(2).setCrawlDelayMs(4000L).build(),
        HostLoad.newBuilder().setHost("b.example").setPages(1).build()), only(run(), HostLoad.class));
  }

  @Test
  void maxRetriesComesFromTheSettings() throws IOException {
    driver.getConfiguration().set("trawl.fetch.max-retries", "0");
    input(URL, known(crawlDb(URL, UrlState.queued, 1, 2).build()), fetched(attempt(URL, 1, FetchStatus.timeout, null).build()));

    List<Object> out = run();

    assertEquals(UrlState.failed, only(out, CrawlDbEntry.class).get(0).getState());
    assertEquals(List.of(), only(out, FrontierEntry.class));
    assertEquals(0, counter(RoundCounter.RETRIES_QUEUED));
  }

  @Test
  void notFoundIsFinal() throws IOException {
    input(URL, known(crawlDb(URL, UrlState.queued, 1, 2).build()), fetched(attempt(URL, 1, FetchStatus.http_error, 404).build()));

    List<Object> out = run();

    assertEquals(UrlState.http_error, only(out, CrawlDbEntry.class).get(0).getState());
    assertEquals(1, only(out, ManifestRecord.class).size());
    assertEquals(List.of(), only(out, FrontierEntry.class));
    assertEquals(0, counter(RoundCounter.FRONTIER_NEXT));
    assertEquals(0, counter(RoundCounter.RETRIES_QUEUED));
  }

  @Test
  void carriedEntryIsQueuedAgainButNotCountedAsARetry() throws IOException {
    FrontierEntry unreached = entry(URL, 1, 0, "http://example.com/");
    input(URL, known(crawlDb(URL, UrlState.queued, 1, 2).build()), carried(unreached));

    List<Object> out = run();

    assertEquals(List.of(unreached), only(out, FrontierEntry.class));
    assertEquals(List.of(), only(out, ManifestRecord.class));
    assertEquals(1, counter(RoundCounter.FRONTIER_NEXT));
    assertEquals(0, counter(RoundCounter.RETRIES_QUEUED));
    assertEquals(0, counter(RoundCounter.URLS_NEW));
  }

  @Test
  void knownUrlOnlyIsCopiedToTheNewCrawlDb() throws IOException {
    CrawlDbEntry before = crawlDb(URL, UrlState.fetched, 0, 1).setLastFetchRound(1).setHttpStatus(200).build();
    input(URL, known(before));

    assertEquals(List.of(before), run());
    assertEquals(1, counter(RoundCounter.CRAWLDB_URLS));
    assertEquals(0, counter(RoundCounter.URLS_NEW));
    assertEquals(0, counter(RoundCounter.FRONTIER_NEXT));
  }

  @Test
  void countersAddUpOverManyUrls() throws IOException {
    driver.getConfiguration().set("trawl.bounds.depth", "2");
    String fetchedUrl = "http://example.com/fetched";
    String retried = "http://example.com/retried";
    String shallow = "http://example.com/new-shallow";
    String deep = "http://other.example/new-deep";
    String old = "http://example.com/old";
    input(fetchedUrl, fetched(ok(fetchedUrl, 0)));
    input(DigestKeys.captureKey(ok(fetchedUrl, 0).getDigest(), fetchedUrl), fetched(ok(fetchedUrl, 0)));
    input(retried, known(crawlDb(retried, UrlState.queued, 1, 1).build()),
        fetched(attempt(retried, 1, FetchStatus.timeout, null).build()));
    input(shallow, linked(entry(shallow, 1, 0, fetchedUrl)));
    input(deep, linked(entry(deep, 2, 0, fetchedUrl)));
    input(old, known(crawlDb(old, UrlState.fetched, 0, 1).build()), linked(entry(old, 1, 0, fetchedUrl)));

    List<Object> out = run();

    assertEquals(5, only(out, CrawlDbEntry.class).size());
    assertEquals(2, only(out, ManifestRecord.class).size());
    assertEquals(3, only(out, FrontierEntry.class).size());
    assertEquals(5, counter(RoundCounter.CRAWLDB_URLS));
    assertEquals(3, counter(RoundCounter.URLS_NEW), "the fetched seed and two new links");
    assertEquals(3, counter(RoundCounter.FRONTIER_NEXT));
    assertEquals(2, counter(RoundCounter.FRONTIER_NEXT_IN_DEPTH), "depth 2 is beyond trawl.bounds.depth=2");
    assertEquals(1, counter(RoundCounter.RETRIES_QUEUED));
  }

  @Test
  void refusesToRunOutsideARound() {
    driver.getConfiguration().unset(RoundConf.ROUND);
    input(URL, linked(entry(URL, 1, 0, "http://example.com/")));

    IllegalStateException e = assertThrows(IllegalStateException.class, this::run);
    assertTrue(e.getMessage().contains("trawl.internal.round"), e.getMessage());
  }

  @Test
  void invalidSettingsFailTheTaskWithTheKeyNamed() {
    driver.getConfiguration().set("trawl.fetch.max-retries", "lots");
    input(URL, linked(entry(URL, 1, 0, "http://example.com/")));

    InvalidSettingException e = assertThrows(InvalidSettingException.class, this::run);
    assertTrue(e.getMessage().contains("trawl.fetch.max-retries = 'lots'"), e.getMessage());
  }

  @Test
  void aDigestGroupMarksEveryCaptureButTheCanonicalOneAsItsDuplicate() throws IOException {
    String digest = "sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    String earlier = "http://example.com/first-seen-in-round-1";
    List<AvroValue<UrlUpdate>> values = new ArrayList<>();
    values.add(new AvroValue<>(UrlUpdate.newBuilder().setCanonical(DigestEntry.newBuilder().setDigest(digest).setUrl(earlier).build()).build()));
    values.add(new AvroValue<>(fetched(ok("http://example.com/a", 1))));
    values.add(new AvroValue<>(fetched(ok("http://example.com/b?x=1", 1))));
    // One group: the grouping comparator has joined the index entry and both captures, canonical first.
    driver.addInput(new Text(DigestKeys.indexKey(digest)), values);

    List<Object> out = run();

    List<ManifestRecord> manifest = only(out, ManifestRecord.class);
    assertEquals(List.of("http://example.com/a", "http://example.com/b?x=1"), manifest.stream().map(ManifestRecord::getUrl).toList());
    assertEquals(List.of(earlier, earlier), manifest.stream().map(ManifestRecord::getDuplicateOf).toList());
    assertEquals("x=1", manifest.get(1).getUrlQuery());
    assertEquals(List.of(DigestEntry.newBuilder().setDigest(digest).setUrl(earlier).build()), only(out, DigestEntry.class));
    assertEquals(List.of(), only(out, CrawlDbEntry.class), "a digest group writes no crawl db entry");
    assertEquals(2, counter(RoundCounter.DUPLICATES));
  }
}
