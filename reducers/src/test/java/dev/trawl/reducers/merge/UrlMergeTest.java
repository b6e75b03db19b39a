package dev.trawl.reducers.merge;

import static dev.trawl.reducers.TestRecords.FETCH_TIME;
import static dev.trawl.reducers.TestRecords.HOST;
import static dev.trawl.reducers.TestRecords.URL;
import static dev.trawl.reducers.TestRecords.attempt;
import static dev.trawl.reducers.TestRecords.carried;
import static dev.trawl.reducers.TestRecords.crawlDb;
import static dev.trawl.reducers.TestRecords.entry;
import static dev.trawl.reducers.TestRecords.fetched;
import static dev.trawl.reducers.TestRecords.known;
import static dev.trawl.reducers.TestRecords.linked;
import static dev.trawl.reducers.TestRecords.ok;
import static dev.trawl.reducers.TestRecords.permutations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.FetchErrors;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlMergeTest {
  private static final int ROUND = 3;
  private static final int MAX_RETRIES = 2;

  private static UrlMerge.Result merge(List<UrlUpdate> updates) {
    return merge(MAX_RETRIES, updates);
  }

  private static UrlMerge.Result merge(int maxRetries, List<UrlUpdate> updates) {
    UrlMerge m = new UrlMerge(ROUND, maxRetries);
    updates.forEach(m::add);
    return m.result();
  }

  // --- sitemaps ---

  @Test
  void aSitemapsLastmodSurvivesATieWithALinkInAnyOrderAndReachesTheCrawlDbAndFrontier() {
    long lastmod = 1_300_000_000_000L;
    FrontierEntry link = FrontierEntry.newBuilder(entry(URL, 1, 0, "http://example.com/a")).setFoundBy(FoundBy.link).build();
    FrontierEntry listed = FrontierEntry.newBuilder(entry(URL, 1, 0, "http://example.com/sitemap.xml"))
        .setFoundBy(FoundBy.sitemap).setSitemapLastmod(lastmod).build();
    for (List<UrlUpdate> order : permutations(List.of(linked(link), linked(listed)))) {
      UrlMerge.Result r = merge(order);
      assertEquals(FoundBy.sitemap, r.crawlDb().getFoundBy());
      assertEquals(lastmod, r.crawlDb().getSitemapLastmod());
      assertEquals(lastmod, r.nextFrontier().getSitemapLastmod(), "the fetch task judges the URL by it");
    }
    // Shallower still wins: the depth rule comes first.
    FrontierEntry shallow = FrontierEntry.newBuilder(link).setDepth(0).build();
    assertEquals(FoundBy.link, merge(List.of(linked(listed), linked(shallow))).crawlDb().getFoundBy());
  }

  @Test
  void aKnownUrlKeepsHowItWasFoundAndTakesTheLastmodASitemapGivesItLater() {
    long lastmod = 1_300_000_000_000L;
    CrawlDbEntry db = crawlDb(URL, UrlState.fetched, 1, 1).setFoundBy(FoundBy.link).build();
    FrontierEntry listed = FrontierEntry.newBuilder(entry(URL, 1, 0, "http://example.com/sitemap.xml"))
        .setFoundBy(FoundBy.sitemap).setSitemapLastmod(lastmod).build();
    UrlMerge.Result r = merge(List.of(known(db), linked(listed)));
    assertEquals(FoundBy.link, r.crawlDb().getFoundBy());
    assertEquals(lastmod, r.crawlDb().getSitemapLastmod());
    assertNull(r.nextFrontier(), "known: not queued again");
  }

  @Test
  void aFetchRecordsHowItsUrlWasFoundAndASitemapRetryStaysASitemap() {
    ManifestRecord m = attempt(URL, 0, FetchStatus.timeout, null).setFoundBy(FoundBy.sitemap).setSitemapLevel(1).build();
    UrlMerge.Result r = merge(List.of(fetched(m)));
    assertEquals(FoundBy.sitemap, r.crawlDb().getFoundBy());
    assertEquals(1, r.crawlDb().getSitemapLevel());
    assertEquals(1, r.nextFrontier().getSitemapLevel(), "retried as a sitemap, not fetched as a page");
  }

  // --- discoveries ---

  @Test
  void newLinkIsQueuedInTheCrawlDbAndGoesToTheNextFrontier() {
    FrontierEntry link = entry(URL, 2, 0, "http://example.com/from");

    UrlMerge.Result r = merge(List.of(linked(link)));

    CrawlDbEntry db = r.crawlDb();
    assertEquals(URL, db.getUrl());
    assertEquals(HOST, db.getHost());
    assertEquals(2, db.getDepth());
    assertEquals(UrlState.queued, db.getState());
    assertEquals(ROUND, db.getFirstRound(), "first seen this round");
    assertEquals(0, db.getRetries());
    assertEquals("http://example.com/from", db.getSource());
    assertNull(db.getLastFetchRound());
    assertNull(db.getLastFetchTime());
    assertEquals(link, r.nextFrontier());
    assertNull(r.manifest());
    assertTrue(r.isNew());
  }

  @Test
  void shallowestLinkWinsAndTiesGoToTheSmallestSourceWhateverTheOrder() {
    List<UrlUpdate> links = List.of(
        linked(entry(URL, 2, 0, "http://a.example/")),
        linked(entry(URL, 1, 0, "http://example.com/c")),
        linked(entry(URL, 1, 0, "http://example.com/b")),
        linked(entry(URL, 3, 0, "http://0.example/")),
        linked(entry(URL, 1, 0, "http://example.com/d")));

    List<List<UrlUpdate>> orders = permutations(links);
    assertEquals(120, orders.size());
    for (List<UrlUpdate> order : orders) {
      UrlMerge.Result r = merge(order);
      assertEquals(entry(URL, 1, 0, "http://example.com/b"), r.nextFrontier(), "order " + order);
      assertEquals(1, r.crawlDb().getDepth());
      assertEquals("http://example.com/b", r.crawlDb().getSource());
    }
  }

  @Test
  void knownUrlLinkedAgainIsUnchangedAndNotQueuedAgain() {
    CrawlDbEntry before = crawlDb(URL, UrlState.fetched, 1, 1).setLastFetchRound(1).setLastFetchTime(FETCH_TIME)
        .setHttpStatus(200).setDigest("sha1:X").build();
    List<UrlUpdate> updates = List.of(known(before), linked(entry(URL, 0, 0, "http://example.com/a")),
        linked(entry(URL, 4, 0, "http://example.com/z")));

    for (List<UrlUpdate> order : permutations(updates)) {
      UrlMerge.Result r = merge(order);
      assertEquals(before, r.crawlDb());
      assertNull(r.nextFrontier(), "a known URL is not fetched again because it was linked again");
      assertNull(r.manifest());
      assertFalse(r.isNew());
    }
  }

  @Test
  void knownQueuedUrlLinkedAgainStaysAsItWas() {
    // Already in this round's frontier (state queued): linking it again must not queue a duplicate.
    CrawlDbEntry before = crawlDb(URL, UrlState.queued, 2, 2).build();
    UrlMerge.Result r = merge(List.of(linked(entry(URL, 1, 0, "http://example.com/a")), known(before)));
    assertEquals(before, r.crawlDb());
    assertNull(r.nextFrontier());
  }

  @Test
  void aBlockedUrlQueuedAgainAfterTheAllowedRangesChangedIsQueuedNotARefetch() {
    CrawlDbEntry before = crawlDb(URL, UrlState.blocked_address, 0, 1).setLastFetchRound(1).setLastFetchTime(FETCH_TIME).build();
    FrontierEntry again = entry(URL, 0, 0, null);
    List<UrlUpdate> updates = List.of(known(before), UrlUpdate.newBuilder().setDue(again).build());
    for (List<UrlUpdate> order : permutations(updates)) {
      UrlMerge.Result r = merge(order);
      assertEquals(UrlState.queued, r.crawlDb().getState(), "no longer blocked: the next round judges it by the new ranges");
      assertEquals(again, r.nextFrontier());
      assertFalse(r.refetch(), "a new try, not a scheduled refetch");
      assertNull(r.manifest());
    }
  }

  // --- fetches ---

  @Test
  void fetchedPageGivesItsManifestRecordAndItsNewState() {
    CrawlDbEntry before = crawlDb(URL, UrlState.queued, 1, 2).setSource("http://example.com/").build();
    ManifestRecord attempt = ok(URL, 1);

    UrlMerge.Result r = merge(List.of(known(before), fetched(attempt)));

    assertEquals(attempt, r.manifest());
    CrawlDbEntry db = r.crawlDb();
    assertEquals(UrlState.fetched, db.getState());
    assertEquals(ROUND, db.getLastFetchRound());
    assertEquals(FETCH_TIME, db.getLastFetchTime());
    assertEquals(200, db.getHttpStatus());
    assertEquals(attempt.getDigest(), db.getDigest());
    assertEquals(attempt.getLastModified(), db.getLastModified());
    assertNull(db.getRedirectTo());
    assertEquals(2, db.getFirstRound(), "first round is kept");
    assertEquals("http://example.com/", db.getSource(), "source is kept");
    assertEquals(1, db.getDepth());
    assertEquals(0, db.getRetries());
    assertNull(r.nextFrontier());
    assertFalse(r.isNew());
  }

  @Test
  void fetchedSeedIsNewInTheCrawlDb() {
    // Seeds enter the crawl db when first fetched: there is no earlier entry.
    UrlMerge.Result r = merge(List.of(fetched(ok(URL, 0))));

    assertTrue(r.isNew());
    assertEquals(ROUND, r.crawlDb().getFirstRound());
    assertEquals(UrlState.fetched, r.crawlDb().getState());
    assertEquals(0, r.crawlDb().getDepth());
    assertNull(r.crawlDb().getSource());
    assertEquals(ok(URL, 0), r.manifest());
    assertNull(r.nextFrontier());
  }

  @Test
  void fetchedSeedAlsoLinkedTakesTheLinkAsSourceButIsNotQueuedAgain() {
    List<UrlUpdate> updates = List.of(fetched(ok(URL, 0)), linked(entry(URL, 1, 0, "http://example.com/index")));
    for (List<UrlUpdate> order : permutations(updates)) {
      UrlMerge.Result r = merge(order);
      assertEquals("http://example.com/index", r.crawlDb().getSource());
      assertEquals(0, r.crawlDb().getDepth(), "the fetched depth, not the link's");
      assertNull(r.nextFrontier());
      assertTrue(r.isNew());
    }
  }

  @Test
  void fetchKeepsTheShortestKnownDepth() {
    CrawlDbEntry before = crawlDb(URL, UrlState.queued, 2, 1).build();
    UrlMerge.Result r = merge(List.of(known(before), fetched(ok(URL, 0))));
    assertEquals(0, r.crawlDb().getDepth());
  }

  @Test
  void redirectRecordsItsTarget() {
    ManifestRecord attempt = attempt(URL, 1, FetchStatus.redirect, 301).setRedirectTo("https://example.com/page").build();
    UrlMerge.Result r = merge(List.of(known(crawlDb(URL, UrlState.queued, 1, 1).build()), fetched(attempt)));
    assertEquals(UrlState.redirect, r.crawlDb().getState());
    assertEquals("https://example.com/page", r.crawlDb().getRedirectTo());
    assertEquals(301, r.crawlDb().getHttpStatus());
    assertNull(r.nextFrontier());
  }

  @Test
  void twoAttemptsInOneRoundKeepTheEarlier() {
    ManifestRecord early = attempt(URL, 1, FetchStatus.fetched, 200).setFetchTime(FETCH_TIME).build();
    ManifestRecord late = attempt(URL, 1, FetchStatus.http_error, 404).setFetchTime(FETCH_TIME + 5_000).build();
    for (List<UrlUpdate> order : permutations(List.of(fetched(early), fetched(late)))) {
      UrlMerge.Result r = merge(order);
      assertEquals(early, r.manifest());
      assertEquals(UrlState.fetched, r.crawlDb().getState());
    }
  }

  // --- failures ---

  @ParameterizedTest(name = "{0} {1} is retried")
  @CsvSource({"timeout,", "error,", "http_error, 429", "http_error, 503", "http_error, 500", "http_error, 502"})
  void transientFailureIsQueuedAgainWithOneMoreRetryUntilMaxRetriesThenFails(FetchStatus status, Integer http) {
    ManifestRecord attempt = attempt(URL, 2, status, http).setError(status == FetchStatus.http_error ? null : "boom").build();

    for (int before = 0; before < MAX_RETRIES; before++) {
      CrawlDbEntry prior = crawlDb(URL, UrlState.queued, 2, 1).setRetries(before).build();
      UrlMerge.Result r = merge(List.of(known(prior), fetched(attempt)));

      assertEquals(UrlState.queued, r.crawlDb().getState(), "retry " + (before + 1));
      assertEquals(before + 1, r.crawlDb().getRetries());
      assertEquals(ROUND, r.crawlDb().getLastFetchRound());
      assertEquals(attempt, r.manifest(), "the failed attempt is still in the manifest");
      assertEquals(entry(URL, 2, before + 1, "http://example.com/"), r.nextFrontier());
    }

    CrawlDbEntry exhausted = crawlDb(URL, UrlState.queued, 2, 1).setRetries(MAX_RETRIES).build();
    UrlMerge.Result r = merge(List.of(known(exhausted), fetched(attempt)));
    assertEquals(UrlState.failed, r.crawlDb().getState());
    assertEquals(MAX_RETRIES, r.crawlDb().getRetries());
    assertEquals(attempt, r.manifest());
    assertNull(r.nextFrontier(), "given up after trawl.fetch.max-retries");
  }

  @Test
  void transientFailureOfANewSeedIsQueuedForItsFirstRetry() {
    UrlMerge.Result r = merge(List.of(fetched(attempt(URL, 0, FetchStatus.timeout, null).build())));
    assertTrue(r.isNew());
    assertEquals(UrlState.queued, r.crawlDb().getState());
    assertEquals(1, r.crawlDb().getRetries());
    assertEquals(entry(URL, 0, 1, null), r.nextFrontier());
  }

  @Test
  void aRetryOfARedirectTargetKeepsItsHopsSoAChainCannotOutgrowTheCapAcrossRounds() {
    FrontierEntry target = FrontierEntry.newBuilder(entry(URL, 2, 0, "http://example.com/")).setRedirects(4).build();
    UrlMerge.Result queued = merge(List.of(linked(target)));
    assertEquals(4, queued.crawlDb().getRedirects(), "the crawl db remembers how it was reached");

    UrlMerge.Result retried = merge(List.of(known(queued.crawlDb()),
        fetched(attempt(URL, 2, FetchStatus.timeout, null).setError("timed out").build())));
    assertEquals(4, retried.nextFrontier().getRedirects(), "the retry is still four hops down the chain");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "error |      | TLS: the server's certificate is not trusted",
      "error |      | DNS: no such host (gone.example)",
      "error |      | protocol: not an HTTP response: Invalid protocol version",
      "error |      | URL: no request can be formed for it (java.lang.IllegalArgumentException)",
      "http_error | 999 | protocol: status 999 is outside HTTP's 100-599",
      "http_error | 404 | "})
  void aFailureThatRepeatsTheSameWayIsFinalNotRetried(FetchStatus status, Integer http, String error) {
    UrlMerge.Result r = merge(List.of(known(crawlDb(URL, UrlState.queued, 1, 1).build()),
        fetched(attempt(URL, 1, status, http).setError(error).build())));
    assertEquals(status == FetchStatus.error ? UrlState.failed : UrlState.http_error, r.crawlDb().getState());
    assertNull(r.nextFrontier(), "it would fail the same way every round");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "error |      | DNS: temporary failure (flaky.example: Temporary failure in name resolution)",
      "error |      | java.net.SocketException: Connection reset",
      "error |      | org.apache.hc.core5.http.NoHttpResponseException: The target server failed to respond",
      "timeout |    | java.net.SocketTimeoutException: Read timed out",
      "http_error | 408 | ",
      "http_error | 502 | "})
  void aFailureThatMayPassIsTriedAgain(FetchStatus status, Integer http, String error) {
    UrlMerge.Result r = merge(List.of(known(crawlDb(URL, UrlState.queued, 1, 1).build()),
        fetched(attempt(URL, 1, status, http).setError(error).build())));
    assertEquals(UrlState.queued, r.crawlDb().getState());
    assertEquals(URL, r.nextFrontier().getUrl(), "retried next round");
  }

  @Test
  void noRetriesAllowedMeansTheFirstTransientFailureIsFinal() {
    UrlMerge.Result r = merge(0, List.of(known(crawlDb(URL, UrlState.queued, 1, 1).build()),
        fetched(attempt(URL, 1, FetchStatus.http_error, 503).build())));
    assertEquals(UrlState.failed, r.crawlDb().getState());
    assertEquals(0, r.crawlDb().getRetries());
    assertNull(r.nextFrontier());
  }

  @ParameterizedTest(name = "{0} {1} is final: state {2}")
  @CsvSource({
      "http_error, 404, http_error",
      "http_error, 410, http_error",
      "http_error, 403, http_error",
      "http_error, 400, http_error",
      "not_modified, 304, not_modified",
      "robots_denied, , robots_denied",
      "blocked_address, , blocked_address",
      "out_of_bounds, 200, out_of_bounds",
      "fetched, 200, fetched"})
  void finalOutcomeIsRecordedAndNotRetried(FetchStatus status, Integer http, UrlState state) {
    CrawlDbEntry prior = crawlDb(URL, UrlState.queued, 1, 1).setRetries(1).build();
    ManifestRecord attempt = attempt(URL, 1, status, http).build();

    UrlMerge.Result r = merge(List.of(known(prior), fetched(attempt)));

    assertEquals(state, r.crawlDb().getState());
    assertEquals(http, r.crawlDb().getHttpStatus());
    assertEquals(1, r.crawlDb().getRetries(), "earlier transient failures stay counted");
    assertEquals(attempt, r.manifest());
    assertNull(r.nextFrontier());
  }

  // --- carried over ---

  @Test
  void carriedEntryGoesToTheNextFrontierAgain() {
    CrawlDbEntry prior = crawlDb(URL, UrlState.queued, 1, 2).setRetries(1).build();
    FrontierEntry unreached = entry(URL, 1, 1, "http://example.com/");

    for (List<UrlUpdate> order : permutations(List.of(known(prior), carried(unreached),
        linked(entry(URL, 0, 0, "http://example.com/a"))))) {
      UrlMerge.Result r = merge(order);
      assertEquals(unreached, r.nextFrontier(), "the carried entry, not a new discovery");
      assertEquals(CrawlDbEntry.newBuilder(prior).setState(UrlState.queued).build(), r.crawlDb());
      assertNull(r.manifest());
      assertFalse(r.isNew());
    }
  }

  @Test
  void carriedSeedIsNewAndQueued() {
    FrontierEntry seed = entry(URL, 0, 0, null);
    UrlMerge.Result r = merge(List.of(carried(seed)));
    assertTrue(r.isNew());
    assertEquals(seed, r.nextFrontier());
    assertEquals(UrlState.queued, r.crawlDb().getState());
    assertEquals(ROUND, r.crawlDb().getFirstRound());
    assertEquals(0, r.crawlDb().getDepth());
  }

  // --- order and reuse ---

  @Test
  void everyOrderOfTheSameValuesGivesTheSameResult() {
    CrawlDbEntry prior = crawlDb(URL, UrlState.queued, 2, 1).setRetries(1).build();
    List<List<UrlUpdate>> cases = List.of(
        List.of(known(prior), fetched(attempt(URL, 2, FetchStatus.timeout, null).build()),
            linked(entry(URL, 1, 0, "http://example.com/b")), linked(entry(URL, 1, 0, "http://example.com/a"))),
        List.of(known(prior), fetched(ok(URL, 2)), linked(entry(URL, 3, 0, "http://example.com/x"))),
        List.of(fetched(ok(URL, 0)), linked(entry(URL, 2, 0, "http://example.com/y")),
            linked(entry(URL, 1, 0, "http://example.com/z")), linked(entry(URL, 1, 0, "http://example.com/w"))),
        List.of(known(prior), carried(entry(URL, 2, 1, "http://example.com/")), linked(entry(URL, 1, 0, "http://a/"))));

    for (List<UrlUpdate> values : cases) {
      UrlMerge.Result first = merge(values);
      for (List<UrlUpdate> order : permutations(values)) {
        assertEquals(first, merge(order), "order " + order);
      }
    }
  }

  @Test
  void keepsCopiesBecauseHadoopReusesValueObjects() {
    FrontierEntry reused = entry(URL, 1, 0, "http://example.com/a");
    CrawlDbEntry reusedKnown = crawlDb(URL, UrlState.queued, 1, 1).build();
    UrlMerge m = new UrlMerge(ROUND, MAX_RETRIES);
    m.add(linked(reused));
    m.add(known(reusedKnown));
    reused.setDepth(9);
    reused.setSource("http://example.com/zzz");
    reusedKnown.setState(UrlState.fetched);

    UrlMerge.Result r = m.result();
    assertEquals(UrlState.queued, r.crawlDb().getState());
    assertEquals(1, r.crawlDb().getDepth());
  }

  @Test
  void resultsDoNotShareObjectsWithTheInput() {
    ManifestRecord attempt = ok(URL, 1);
    UrlMerge m = new UrlMerge(ROUND, MAX_RETRIES);
    m.add(fetched(attempt));
    attempt.setTitle("changed after add");
    assertEquals("A page", m.result().manifest().getTitle());
  }

  @Test
  void nothingToMergeIsAnError() {
    assertThrows(IllegalStateException.class, () -> new UrlMerge(ROUND, MAX_RETRIES).result());
  }
}
