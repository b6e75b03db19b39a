package dev.trawl.mappers.output;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.round.RoundCounter;
import java.util.List;

/** Where a fetch task's results go: the map output, in a real task. Called from many threads. */
public interface FetchSink {
  /** A fetch attempt and the in-scope URLs it discovered (outlinks, or a redirect's target). */
  void fetched(ManifestRecord record, List<FrontierEntry> discovered);

  /** URLs found without a fetch of their own to record them by: the sitemaps a robots.txt names. */
  void discovered(List<FrontierEntry> entries);

  /** A fetch list entry this round did not reach. */
  void carried(FrontierEntry entry);

  /** What this round learned of an origin's robots.txt, for later rounds. */
  void robots(RobotsEntry entry);

  void count(RoundCounter counter, long amount);

  void count(FetchStatus status);
}
