package dev.trawl.mappers.dedup;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import dev.trawl.mappers.output.StorageFault;
import java.util.List;

/**
 * Stops a duplicate's outlinks at the source: a page whose body an earlier round already fetched
 * under another URL is marked {@code duplicate_of} that URL, and its links, which the canonical
 * page's links already led to, are not followed again. Duplicates within the round are found by the
 * reducer's digest groups instead, after the fact.
 */
public final class DuplicateFilter implements FetchSink {
  private final FetchSink next;
  private final DigestIndex index;

  public DuplicateFilter(FetchSink next, DigestIndex index) {
    this.next = next;
    this.index = index;
  }

  @Override
  public void fetched(ManifestRecord record, List<FrontierEntry> discovered) {
    if (DigestKeys.dedupes(record)) {
      String canonical;
      try {
        canonical = index.canonical(record.getDigest());
      } catch (IOException e) {
        throw new StorageFault("cannot read the digest index", e);
      }
      if (canonical != null && !canonical.equals(record.getUrl())) {
        next.count(RoundCounter.DROPPED_DUPLICATE, discovered.size());
        next.fetched(ManifestRecord.newBuilder(record).setDuplicateOf(canonical).build(), List.of());
        return;
      }
    }
    next.fetched(record, discovered);
  }

  @Override
  public void discovered(List<FrontierEntry> entries) {
    next.discovered(entries);
  }

  @Override
  public void carried(FrontierEntry entry) {
    next.carried(entry);
  }

  @Override
  public void robots(RobotsEntry entry) {
    next.robots(entry);
  }

  @Override
  public void count(RoundCounter counter, long amount) {
    next.count(counter, amount);
  }

  @Override
  public void count(FetchStatus status) {
    next.count(status);
  }
}
