package dev.trawl.bench;

import dev.trawl.mappers.output.FetchSink;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.RobotsEntry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A fetch task's output as the benchmarks keep it: pages fetched and their request time, the rest dropped. */
public final class CountingSink implements FetchSink {
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong fetchMillis = new AtomicLong();

  @Override
  public void fetched(ManifestRecord record, List<FrontierEntry> discovered) {
    if (record.getStatus() == FetchStatus.fetched) {
      fetched.incrementAndGet();
      fetchMillis.addAndGet(record.getFetchMs());
    }
  }

  @Override public void discovered(List<FrontierEntry> entries) { }
  @Override public void carried(FrontierEntry entry) { }
  @Override public void robots(RobotsEntry entry) { }
  @Override public void count(RoundCounter counter, long amount) { }
  @Override public void count(FetchStatus status) { }

  /** Pages fetched (status fetched). */
  public long fetched() { return fetched.get(); }

  /** Their request milliseconds, summed. */
  public long fetchMillis() { return fetchMillis.get(); }
}
