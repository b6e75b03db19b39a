package dev.trawl.jobs.report;

import dev.trawl.round.RoundCounter;
import dev.trawl.round.RoundSummary;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished round as its manifest and summary tell it: every request's time, host and outcome,
 * what the round table and the throughput series are computed from. Records that made no request
 * (robots_denied, out_of_bounds) count nowhere.
 */
final class RoundActivity {
  /** What a request came to, by the classes the report shows. */
  enum Outcome {
    /** status fetched. */
    PAGE,
    /** redirect, not_modified: answered, but no page. */
    ANSWERED,
    /** http_error 4xx. */
    FAILED_4XX,
    /** http_error 5xx. */
    FAILED_5XX,
    TIMEOUT,
    /** error, and http_error outside 4xx/5xx. */
    ERROR,
    /** blocked_address: the address guard refused the connection. */
    BLOCKED;

    boolean failed() {
      return this != PAGE && this != ANSWERED;
    }
  }

  /** One request. Times are UTC millis. */
  record Request(long time, long millis, String host, Outcome outcome, boolean throttled) {
    long end() {
      return time + millis;
    }
  }

  private final int round;
  private final RoundSummary summary;
  private final List<Request> requests = new ArrayList<>();
  private long bytes;

  RoundActivity(int round, RoundSummary summary) {
    this.round = round;
    this.summary = summary;
  }

  void add(ManifestRecord r) {
    if (r.getStatus() == FetchStatus.robots_denied || r.getStatus() == FetchStatus.out_of_bounds) {
      return;
    }
    Integer http = r.getHttpStatus();
    Outcome outcome = switch (r.getStatus()) {
      case fetched -> Outcome.PAGE;
      case redirect, not_modified -> Outcome.ANSWERED;
      case timeout -> Outcome.TIMEOUT;
      case blocked_address -> Outcome.BLOCKED;
      case http_error -> http != null && http / 100 == 4 ? Outcome.FAILED_4XX
          : http != null && http / 100 == 5 ? Outcome.FAILED_5XX : Outcome.ERROR;
      default -> Outcome.ERROR;
    };
    boolean throttled = http != null && (http == 429 || http == 503);
    requests.add(new Request(r.getFetchTime(), r.getFetchMs(), r.getHost(), outcome, throttled));
    bytes += r.getContentLength() == null ? 0 : r.getContentLength();
  }

  int round() { return round; }

  RoundSummary summary() { return summary; }

  List<Request> requests() { return Collections.unmodifiableList(requests); }

  /** Body bytes received, from the manifest's content_length. */
  long bytes() { return bytes; }

  long count(Outcome outcome) {
    return requests.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** The round's duration as the driver measured it (job submission to commit). */
  double seconds() {
    return summary.seconds();
  }

  /** Share of the fetch tasks' time with URLs queued but every host waiting out its delay; -1 if not measured. */
  double politenessShare() {
    long wait = summary.counter(RoundCounter.POLITENESS_WAIT_MILLIS);
    long fetching = summary.counter(RoundCounter.TASK_FETCHING_MILLIS);
    return wait + fetching == 0 ? -1 : (double) wait / (wait + fetching);
  }

  /** First request start to last request end; 0 without requests. */
  long spanMillis() {
    return requests.isEmpty() ? 0 : lastEnd() - firstStart();
  }

  long firstStart() {
    return requests.stream().mapToLong(Request::time).min().orElse(0);
  }

  long lastEnd() {
    return requests.stream().mapToLong(Request::end).max().orElse(0);
  }

  /** When each host's last request ended, latest first. */
  List<Map.Entry<String, Long>> hostsByLastEnd() {
    Map<String, Long> last = new HashMap<>();
    for (Request r : requests) {
      last.merge(r.host(), r.end(), Math::max);
    }
    List<Map.Entry<String, Long>> hosts = new ArrayList<>(last.entrySet());
    hosts.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return hosts;
  }

  /** A host fetching alone for less than this is no straggler: a request or two of jitter. */
  static final long STRAGGLER_MIN_MILLIS = 1_000;
  /** ... nor for less than this share of the round's fetching span. */
  static final double STRAGGLER_MIN_SHARE = 0.10;

  /**
   * The host still fetching after all others had finished, and for how long; null with fewer than
   * two hosts, or if it was alone for under 1 s or under a tenth of the round's fetching span. A
   * round lasts as long as its slowest host.
   */
  Straggler straggler() {
    List<Map.Entry<String, Long>> hosts = hostsByLastEnd();
    if (hosts.size() < 2) {
      return null;
    }
    long alone = hosts.get(0).getValue() - hosts.get(1).getValue();
    if (alone < STRAGGLER_MIN_MILLIS || alone < STRAGGLER_MIN_SHARE * spanMillis()) {
      return null;
    }
    return new Straggler(hosts.get(0).getKey(), alone);
  }

  record Straggler(String host, long aloneMillis) {}

  /** Requests per host, in order of first appearance. */
  Map<String, List<Request>> byHost() {
    Map<String, List<Request>> hosts = new LinkedHashMap<>();
    for (Request r : requests) {
      hosts.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r);
    }
    return hosts;
  }
}
