package dev.trawl.mappers.fetch;

import dev.trawl.mappers.log.ActivityLog;
import dev.trawl.mappers.log.TaskStats;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.queue.HostQueues;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.time.Instant;

/**
 * What a host's answer means for its next turn: 429 and 503 back it off (Retry-After honoured,
 * else exponentially from its delay), timeouts and connection failures count against it, and a host
 * that keeps failing, or asks to wait longer than the cap, is left for the next round.
 */
final class Backoff {
  private final TrawlSettings settings;
  private final FetchSink sink;
  private final TaskStats stats;
  private final ActivityLog log;
  private final CarryOver carry;

  Backoff(TrawlSettings settings, FetchSink sink, TaskStats stats, ActivityLog log, CarryOver carry) {
    this.settings = settings;
    this.sink = sink;
    this.stats = stats;
    this.log = log;
    this.carry = carry;
  }

  /** The host's rest after {@code attempt}; closes the host (carrying its URLs over) if it is given up. */
  Rest after(HostQueues.Host host, PageFetch.Attempt attempt) {
    ManifestRecord record = attempt.record();
    Integer http = record.getHttpStatus();
    if (http != null && (http == 429 || http == 503)) {
      host.failed();
      long wait = attempt.retryAfterMillis() != null ? attempt.retryAfterMillis()
          : Math.max(1000, host.delayMillis()) << Math.min(host.failures() - 1, 16);
      if (wait > settings.maxBackoffMillis() || host.failures() >= settings.hostMaxFailures()) {
        sink.count(RoundCounter.HOSTS_GIVEN_UP, 1);
        carry.host(host, "GIVE_UP", "answered " + http + " " + host.failures() + " times in a row"
            + (wait > settings.maxBackoffMillis() ? " and asks to wait " + wait / 1000 + " s" : ""));
        return Rest.NONE;
      }
      long rest = Math.max(wait, host.delayMillis());
      sink.count(RoundCounter.HOST_BACKOFFS, 1);
      sink.count(RoundCounter.BACKOFF_MILLIS, rest);
      stats.backedOff(host.name(), rest);
      log.event("BACKOFF", host.name() + " answered " + http + "; resuming at "
          + Instant.now().plusMillis(rest) + " (" + rest / 1000.0 + " s)");
      return new Rest(attempt.endedNanos(), rest);
    }
    if (countsAgainstHost(record)) {
      host.failed();
      if (host.failures() >= settings.hostMaxFailures()) {
        sink.count(RoundCounter.HOSTS_GIVEN_UP, 1);
        carry.host(host, "GIVE_UP", host.failures() + " failures in a row (" + record.getError() + ")");
        return Rest.NONE;
      }
    } else {
      host.answered();
    }
    return new Rest(attempt.endedNanos(), host.delayMillis());
  }

  /** A timeout or a failed connection says the host is in trouble; a page's own problem does not. */
  private static boolean countsAgainstHost(ManifestRecord record) {
    return record.getStatus() == FetchStatus.timeout
        || (record.getStatus() == FetchStatus.error && record.getHttpStatus() == null);
  }
}
