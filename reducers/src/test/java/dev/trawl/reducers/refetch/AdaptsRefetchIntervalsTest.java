package dev.trawl.reducers.refetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.trawl.reducers.TestRecords;
import dev.trawl.reducers.merge.UrlMerge;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.settings.TrawlSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * One page through many simulated rounds of a long crawl, merged by the round's own merge: the
 * schedule says when it is due, the page answers as scripted, and the crawl db entry carries the
 * interval from round to round. Unchanged stretches the interval by 1.4 up to the maximum, changes
 * shrink it by 0.8 down to the minimum, and two 404s in a row make the page gone, checked yearly.
 */
class AdaptsRefetchIntervalsTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final String URL = TestRecords.URL;

  private final TrawlSettings.Refetch settings = settings();
  private final RefetchSchedule schedule = new RefetchSchedule(settings);

  private static TrawlSettings.Refetch settings() {
    Configuration conf = new Configuration(false);
    conf.set("trawl.refetch.after", "10d");
    conf.set("trawl.refetch.min-interval", "2d");
    conf.set("trawl.refetch.max-interval", "30d");
    conf.set("trawl.refetch.gone-after", "2");
    return TrawlSettings.from(conf).refetch();
  }

  /** What the page says when asked, one answer per refetch. */
  enum Answer { UNCHANGED, CHANGED, GONE }

  @Test
  void intervalsStretchShrinkAndClampOverManyRounds() {
    List<Answer> script = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      script.add(Answer.UNCHANGED);
    }
    for (int i = 0; i < 14; i++) {
      script.add(Answer.CHANGED);
    }
    script.add(Answer.GONE);
    script.add(Answer.GONE);

    long now = 0;
    int round = 1;
    CrawlDbEntry entry = merge(null, fetch(Answer.CHANGED, now, true), round, now);
    assertEquals(10 * DAY, entry.getRefetchInterval(), "a new page starts at trawl.refetch.after");
    List<Long> intervals = new ArrayList<>();
    List<Long> refetchDays = new ArrayList<>();
    for (Answer answer : script) {
      // Rounds run every day; the page is fetched in the first round it is due in, and never before.
      do {
        now += DAY;
        round++;
      } while (!schedule.due(entry, now));
      assertFalse(schedule.due(entry, now - DAY), "due the day before? round " + round);
      refetchDays.add(now / DAY);
      entry = merge(entry, fetch(answer, now, false), round, now);
      intervals.add(entry.getRefetchInterval());
    }
    double expected = 10 * DAY;
    for (int i = 0; i < 5; i++) {
      expected = Math.min(30 * DAY, expected * 1.4);
      assertEquals(Math.round(expected), intervals.get(i), 1, "unchanged refetch " + (i + 1));
    }
    assertEquals(30 * DAY, intervals.get(4), "stretched to the maximum and held there");
    for (int i = 5; i < 19; i++) {
      expected = Math.max(2 * DAY, expected * 0.8);
      assertEquals(Math.round(expected), intervals.get(i), 1, "changed refetch " + (i - 4));
    }
    assertEquals(2 * DAY, intervals.get(17), "shrunk to the minimum");
    assertEquals(2 * DAY, intervals.get(18), "and held there");
    assertEquals(14, entry.getChanges());
    assertEquals(5, entry.getUnchanged());

    assertEquals(2 * DAY, intervals.get(19), "a first 404 is confirmed soon");
    assertEquals(30 * DAY, intervals.get(20), "gone: checked only at the maximum interval");
    assertEquals(UrlState.gone, entry.getState());
    assertNotNull(entry.getLastCapture(), "a gone page keeps its last capture");
    assertEquals(List.of(10L, 24L), refetchDays.subList(0, 2), "due exactly when its interval has passed: day 10, then 14 days on");
  }

  @Test
  void aFirstNotFoundIsNotGoneYet() {
    CrawlDbEntry page = merge(null, fetch(Answer.CHANGED, 0, true), 1, 0);
    CrawlDbEntry once = merge(page, fetch(Answer.GONE, 11 * DAY, false), 2, 11 * DAY);
    assertEquals(UrlState.http_error, once.getState());
    assertEquals(1, once.getGoneStrikes());
    CrawlDbEntry back = merge(once, fetch(Answer.UNCHANGED, 13 * DAY, false), 3, 13 * DAY);
    assertEquals(UrlState.not_modified, back.getState());
    assertEquals(0, back.getGoneStrikes(), "back again: the strikes start over");
  }

  private CrawlDbEntry merge(CrawlDbEntry known, ManifestRecord fetched, int round, long now) {
    UrlMerge merge = new UrlMerge(round, 2, new CaptureHistory(schedule, settings.goneAfter(), now));
    if (known != null) {
      merge.add(TestRecords.known(known));
    }
    merge.add(TestRecords.fetched(fetched));
    return merge.result().crawlDb();
  }

  private static int version;

  private static ManifestRecord fetch(Answer answer, long now, boolean first) {
    return switch (answer) {
      case CHANGED -> ManifestRecord.newBuilder(TestRecords.ok(URL, 1)).setFetchTime(now)
          .setDigest("sha1:V" + (++version)).setChange(first ? "new" : "changed").build();
      case UNCHANGED -> TestRecords.attempt(URL, 1, FetchStatus.not_modified, 304).setFetchTime(now).setChange("unchanged").build();
      case GONE -> TestRecords.attempt(URL, 1, FetchStatus.http_error, 404).setFetchTime(now).setChange("gone").build();
    };
  }
}
