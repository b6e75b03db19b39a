package dev.trawl.jobs.summaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.round.RoundSummary;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the round summaries say is blocked, and when the next round must queue those URLs again. */
class BlockedUrlsTest {

  private static RoundSummary summary(String json) throws Exception {
    return RoundSummary.parse(json);
  }

  @Test
  void theCrawlDbsCountAndEveryRoundsRangesAreTold() throws Exception {
    List<RoundSummary> rounds = List.of(
        summary("{\"blocked_ranges\": {\"127.0.0.0/8\": 2}, \"counters\": {\"CRAWLDB_BLOCKED\": 2}}"),
        summary("{\"blocked_ranges\": {\"10.0.0.0/8\": 1}, \"counters\": {\"CRAWLDB_BLOCKED\": 3, \"CRAWLDB_ROBOTS_DENIED\": 4}}"));
    BlockedUrls b = BlockedUrls.of(rounds);
    assertEquals(new BlockedUrls(3, 4, Set.of("10.0.0.0/8", "127.0.0.0/8")), b);
    String words = b.explained("file:/c");
    assertTrue(words.contains("3 URLs blocked (blocked_address)")
        && words.contains("'trawl crawl --crawl file:/c --allow-private 10.0.0.0/8 --allow-private 127.0.0.0/8 --change-settings'"), words);
    assertTrue(words.contains("4 URLs denied by the site's robots.txt (robots_denied"), "kept apart: " + words);
  }

  @Test
  void roundsFromBeforeTheCountsSumTheirBlockedFetchesAndNameNoRange() throws Exception {
    BlockedUrls b = BlockedUrls.of(List.of(summary("{\"status\": {\"blocked_address\": 2}, \"counters\": {}}")));
    assertEquals(2, b.blocked());
    assertTrue(b.explained("file:/c").contains("--allow-private CIDR --change-settings"), b.explained("file:/c"));
    assertEquals("", BlockedUrls.of(List.of(summary("{\"counters\": {\"CRAWLDB_BLOCKED\": 0}}"))).explained("file:/c"));
  }

  @Test
  void blockedUrlsAreQueuedAgainOnlyWhenTheRangesChanged() throws Exception {
    List<RoundSummary> blocked = List.of(summary(
        "{\"settings\": {\"trawl.fetch.allow-private\": \"\"}, \"counters\": {\"CRAWLDB_BLOCKED\": 1}}"));
    assertTrue(BlockedUrls.requeueDue(blocked, "127.0.0.0/8"));
    assertFalse(BlockedUrls.requeueDue(blocked, " "), "the same (empty) ranges would block them again");
    List<RoundSummary> allowed = List.of(summary(
        "{\"settings\": {\"trawl.fetch.allow-private\": \"127.0.0.0/8, ::1/128\"}, \"counters\": {\"CRAWLDB_BLOCKED\": 1}}"));
    assertFalse(BlockedUrls.requeueDue(allowed, "127.0.0.0/8,::1/128"), "spacing is no change");
    List<RoundSummary> none = List.of(summary("{\"settings\": {\"trawl.fetch.allow-private\": \"\"}, \"counters\": {\"CRAWLDB_BLOCKED\": 0}}"));
    assertFalse(BlockedUrls.requeueDue(none, "127.0.0.0/8"), "nothing to queue");
    assertFalse(BlockedUrls.requeueDue(List.of(), "127.0.0.0/8"));
  }
}
