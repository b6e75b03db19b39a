package dev.trawl.mappers.refetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.mappers.TestSettings;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.LastCapture;
import dev.trawl.schema.UrlState;
import dev.trawl.settings.TrawlSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which known URLs a round puts back in the frontier: due ones still in scope, at their own depth,
 * carrying their last capture's validators (sent back as If-None-Match and If-Modified-Since).
 */
class DueRefetchesTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long DAY = Duration.ofDays(1).toMillis();

  private final List<RoundCounter> counted = new ArrayList<>();

  private DueRefetches due(String... settings) {
    TrawlSettings s = TestSettings.of(settings);
    return new DueRefetches(new RefetchSchedule(s.refetch()), new ScopeFilter(s, Set.of("example.com")), NOW);
  }

  private static CrawlDbEntry page(String url, long lastFetch, Long next) {
    return CrawlDbEntry.newBuilder().setUrl(url).setHost("example.com").setDepth(3).setState(UrlState.fetched)
        .setFirstRound(2).setSource("http://example.com/").setLastFetchRound(4).setLastFetchTime(lastFetch)
        .setNextFetchTime(next).setLastCapture(LastCapture.newBuilder().setFetchTime(lastFetch).setRound(4)
            .setEtag("\"v1\"").setLastModified(1_700_000_000_000L).setDigest("sha1:AAAA").build()).build();
  }

  @Test
  void aDuePageInScopeGoesBackAtItsDepthWithItsValidators() {
    FrontierEntry f = due("trawl.refetch.after", "30d").of(page("http://example.com/a", NOW - 31 * DAY, null), counted::add);
    assertEquals(3, f.getDepth(), "a refetch is no step further from the seeds");
    assertEquals("http://example.com/", f.getSource());
    assertEquals(Map.entry("If-None-Match", "\"v1\""), ConditionalHeaders.of(f.getPrevious()).get(0));
    assertEquals(Map.entry("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT"), ConditionalHeaders.of(f.getPrevious()).get(1));
  }

  @Test
  void notYetDueOrRefetchingOffIsLeftAlone() {
    assertNull(due("trawl.refetch.after", "30d").of(page("http://example.com/a", NOW - 29 * DAY, null), counted::add));
    assertNull(due("trawl.refetch.after", "30d").of(page("http://example.com/a", NOW - 40 * DAY, NOW + DAY), counted::add),
        "the adaptive schedule's next fetch time wins over the first interval");
    assertNull(due().of(page("http://example.com/a", NOW - 400 * DAY, null), counted::add));
    assertEquals(List.of(), counted);
  }

  @Test
  void aPageTheScopeNowExcludesIsNotRefetched() {
    DueRefetches due = due("trawl.refetch.after", "30d", "trawl.scope.exclude", "/old/");
    assertNull(due.of(page("http://example.com/old/a", NOW - 31 * DAY, null), counted::add));
    assertEquals(List.of(RoundCounter.REFETCH_OUT_OF_SCOPE), counted);
  }

  @Test
  void aCrawlDbFromBeforeLastCapturesStillRefetchesConditionally() {
    CrawlDbEntry legacy = CrawlDbEntry.newBuilder(page("http://example.com/a", NOW - 31 * DAY, null)).setLastCapture(null)
        .setDigest("sha1:BBBB").setLastModified(1_700_000_000_000L).build();
    FrontierEntry f = due("trawl.refetch.after", "30d").of(legacy, counted::add);
    assertEquals("sha1:BBBB", f.getPrevious().getDigest());
    assertEquals(List.of(Map.entry("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT")), ConditionalHeaders.of(f.getPrevious()));
  }

  @Test
  void aSitemapDatingThePageAfterItsLastFetchMakesItDueAtOnceAndASitemapStaysASitemap() {
    CrawlDbEntry notDue = page("http://example.com/a", NOW - 2 * DAY, NOW + 20 * DAY);
    assertNull(due("trawl.refetch.after", "30d").of(notDue, counted::add));
    CrawlDbEntry listedAsChanged = CrawlDbEntry.newBuilder(notDue).setSitemapLastmod(NOW - DAY)
        .setFoundBy(dev.trawl.schema.FoundBy.sitemap).build();
    FrontierEntry f = due("trawl.refetch.after", "30d").of(listedAsChanged, counted::add);
    assertEquals(NOW - DAY, f.getSitemapLastmod());
    assertEquals(dev.trawl.schema.FoundBy.sitemap, f.getFoundBy());
    assertNull(due().of(listedAsChanged, counted::add), "refetching off: never");
    CrawlDbEntry sitemap = CrawlDbEntry.newBuilder(page("http://example.com/sitemap.xml", NOW - 31 * DAY, null)).setSitemapLevel(0).build();
    assertEquals(0, due("trawl.refetch.after", "30d").of(sitemap, counted::add).getSitemapLevel(), "read again as a sitemap");
  }

  @Test
  void blockedUrlsAreDueOnlyWhenTheAllowedRangesChangedAndStillInScope() {
    TrawlSettings s = TestSettings.of("trawl.scope.exclude", "/old/");
    CrawlDbEntry blocked = CrawlDbEntry.newBuilder(page("http://example.com/a", NOW - DAY, null)).setState(UrlState.blocked_address)
        .setLastCapture(null).build();
    CrawlDbEntry blockedOut = CrawlDbEntry.newBuilder(blocked).setUrl("http://example.com/old/a").build();
    DueRefetches unchanged = new DueRefetches(new RefetchSchedule(s.refetch()), new ScopeFilter(s, Set.of("example.com")), NOW, false);
    assertNull(unchanged.of(blocked, counted::add), "the same ranges would block it again");
    DueRefetches changed = new DueRefetches(new RefetchSchedule(s.refetch()), new ScopeFilter(s, Set.of("example.com")), NOW, true);
    FrontierEntry again = changed.of(blocked, counted::add);
    assertEquals(3, again.getDepth(), "at the depth it was found at");
    assertNull(again.getPrevious(), "never fetched: no validators to send");
    assertNull(changed.of(page("http://example.com/b", NOW - DAY, null), counted::add), "a fetched page is not due for it");
    assertNull(changed.of(blockedOut, counted::add), "out of scope now");
    assertEquals(List.of(RoundCounter.BLOCKED_REQUEUED, RoundCounter.REFETCH_OUT_OF_SCOPE), counted);
  }
}
