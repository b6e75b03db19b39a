package dev.trawl.mappers.fetch;

import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.log.TaskStats;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.queue.HostQueues;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FrontierEntry;

/**
 * URLs this round does not reach go to the next round's frontier unchanged (depth, retries,
 * redirect hops and all): a bound, the time limit, a deferred or skipped host. Never dropped.
 */
final class CarryOver {
  private final HostQueues queues;
  private final FetchSink sink;
  private final TaskStats stats;
  private final ActivityLog log;
  private volatile boolean timeLimit;

  CarryOver(HostQueues queues, FetchSink sink, TaskStats stats, ActivityLog log) {
    this.queues = queues;
    this.sink = sink;
    this.stats = stats;
    this.log = log;
  }

  /** From now on every URL carried over is carried by the round's time limit: the round's summary says the limit cut it. */
  void timeLimitReached() {
    timeLimit = true;
  }

  void entry(FrontierEntry entry) {
    sink.count(RoundCounter.CARRIED_OVER, 1);
    if (timeLimit) {
      sink.count(RoundCounter.TIME_LIMIT_CARRIED, 1);
    }
    stats.carried(entry.getHost());
    sink.carried(entry);
  }

  /** Closes a leased host for the round and carries all its remaining URLs over. */
  void host(HostQueues.Host host, String event, String why) {
    host.close();
    int n = queues.drain(host, this::entry);
    log.event(event, host.name() + " " + why + "; " + n + " URLs carried over");
  }
}
