package dev.trawl.mappers.queue;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A fetch task's time, on this JVM's nanoTime clock: where its wall-clock time goes (requests in
 * flight, every host waiting out its delay, hosts due with no thread free), for the round's
 * counters, and when the crawl's last round stopped fetching, which politeness counts from. Not
 * thread-safe: {@link HostQueues} calls it under its lock.
 */
final class TaskClock {
  private long accountedNanos = System.nanoTime();
  private long fetchingNanos;
  private long politenessNanos;
  private long turnWaitNanos;
  private OptionalLong lastRoundEndNanos = OptionalLong.empty();

  /**
   * Adds the time since the last change of state to what the state was; call before changing it.
   *
   * @param fetching at least one host is leased: a request is in flight
   * @param waitingOnDelays URLs are queued and no host is leased: only politeness holds them back
   */
  void account(boolean fetching, boolean waitingOnDelays) {
    long now = System.nanoTime();
    if (fetching) {
      fetchingNanos += now - accountedNanos;
    } else if (waitingOnDelays) {
      politenessNanos += now - accountedNanos;
    }
    accountedNanos = now;
  }

  /** A host was due {@code nanos} before a thread took it. */
  void turnWaited(long nanos) {
    turnWaitNanos += nanos;
  }

  long fetchingMillis() {
    return TimeUnit.NANOSECONDS.toMillis(fetchingNanos);
  }

  long politenessWaitMillis() {
    return TimeUnit.NANOSECONDS.toMillis(politenessNanos);
  }

  long turnWaitMillis() {
    return TimeUnit.NANOSECONDS.toMillis(turnWaitNanos);
  }

  /** The last round stopped fetching at {@code epochMillis}, a wall-clock time from the driver. */
  void lastRoundEnded(long epochMillis) {
    lastRoundEndNanos = OptionalLong.of(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - epochMillis));
  }

  /** The earliest nanoTime a host with this delay may be asked, counted from the last round's end; none before a first round. */
  OptionalLong politeAfterLastRound(long delayMillis) {
    return lastRoundEndNanos.isPresent()
        ? OptionalLong.of(lastRoundEndNanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(delayMillis))
        : OptionalLong.empty();
  }
}
