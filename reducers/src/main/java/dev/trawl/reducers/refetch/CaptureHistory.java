package dev.trawl.reducers.refetch;

import dev.trawl.refetch.Change;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.LastCapture;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;

/**
 * What a fetch adds to a URL's history in the crawl db: its last capture (kept through 304s,
 * unchanged bodies and 404s, replaced by a new body), how often it changed, its next refetch time on
 * the adaptive schedule, and whether repeated 404/410 answers have made it gone.
 */
public final class CaptureHistory {
  private final RefetchSchedule schedule;
  private final int goneAfter;
  private final long asOf;

  /**
   * @param goneAfter refetches in a row answering 404/410 after which the URL is gone
   * @param asOf the round's reference time; the next fetch is due this plus the interval
   */
  public CaptureHistory(RefetchSchedule schedule, int goneAfter, long asOf) {
    this.schedule = schedule;
    this.goneAfter = goneAfter;
    this.asOf = asOf;
  }

  /**
   * Updates {@code entry} (already holding the fetch's state) from the previous entry {@code known}
   * (null for a new URL) and this round's {@code fetched} record of round {@code round}.
   */
  public void apply(CrawlDbEntry.Builder entry, CrawlDbEntry known, ManifestRecord fetched, int round) {
    Change change = Change.of(fetched.getChange());
    LastCapture last = known == null ? null : known.getLastCapture();
    int strikes = known == null ? 0 : known.getGoneStrikes();
    int changes = known == null ? 0 : known.getChanges();
    int unchanged = known == null ? 0 : known.getUnchanged();
    if (change == Change.NEW || change == Change.CHANGED) {
      last = capture(fetched, round);
      strikes = 0;
    } else if (change == Change.UNCHANGED) {
      unchanged++;
      strikes = 0;
      if (last != null) {
        // A server may send new validators with a 304; the next request should carry them.
        LastCapture.Builder b = LastCapture.newBuilder(last);
        if (fetched.getEtag() != null) {
          b.setEtag(fetched.getEtag());
        }
        if (fetched.getLastModified() != null) {
          b.setLastModified(fetched.getLastModified());
        }
        last = b.build();
      }
    } else if (change == Change.GONE) {
      strikes++;
    }
    if (change == Change.CHANGED) {
      changes++;
    }
    if (last != null && (change == Change.UNCHANGED || change == Change.GONE)) {
      // The crawl db's digest and date stay those of the content the URL last had.
      entry.setDigest(last.getDigest()).setLastModified(last.getLastModified());
    }
    UrlState state = entry.getState();
    if (change == Change.GONE && strikes >= goneAfter) {
      state = UrlState.gone;
      entry.setState(state);
    }
    if (change != null) {
      entry.setLastChange(change.value());
    }
    entry.setLastCapture(last).setGoneStrikes(strikes).setChanges(changes).setUnchanged(unchanged);
    Long interval = schedule.interval(known == null ? null : known.getRefetchInterval(), change, state);
    entry.setRefetchInterval(interval).setNextFetchTime(interval == null ? null : asOf + interval);
  }

  static LastCapture capture(ManifestRecord m, int round) {
    return LastCapture.newBuilder().setFetchTime(m.getFetchTime()).setRound(round).setDigest(m.getDigest())
        .setLastModified(m.getLastModified()).setEtag(m.getEtag()).setWarcRecordId(m.getWarcRecordId())
        .setWarcFile(m.getWarcFile()).setWarcOffset(m.getWarcOffset()).setWarcLength(m.getWarcLength()).build();
  }
}
