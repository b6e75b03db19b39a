package dev.trawl.jobs.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.jobs.resources.AttemptWords;
import dev.trawl.jobs.resources.ResourceLines;
import dev.trawl.jobs.resources.ResourceWarnings;
import dev.trawl.jobs.round.RoundStop;
import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.round.RoundFailure;
import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import dev.trawl.settings.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code trawl status} as text for a terminal, or as one JSON document with the same content. */
public final class StatusReport {
  /** Hosts listed unless the user asks for more: the table is for reading, the crawl db holds the rest. */
  public static final int DEFAULT_HOSTS = 20;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CrawlStatus status;
  private final int hostLimit;

  /** @param hostLimit hosts to list, most URLs first ({@code Integer.MAX_VALUE}: all) */
  public StatusReport(CrawlStatus status, int hostLimit) {
    this.status = status;
    this.hostLimit = hostLimit;
  }

  private List<HostCounts> shownHosts() {
    return status.hosts().subList(0, Math.min(hostLimit, status.hosts().size()));
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("crawl ").append(status.crawl()).append('\n');
    if (!status.settings().isEmpty()) {
      b.append("settings (crawl.json: scope, depth, delay, and those not at their default):\n");
      shownSettings().forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v.isEmpty() ? "(none)" : v).append('\n'));
    }
    b.append("finished rounds: ").append(status.rounds().size()).append('\n');
    if (!status.rounds().isEmpty()) {
      b.append(RoundTable.header()).append('\n');
      for (int i = 0; i < status.rounds().size(); i++) {
        b.append(RoundTable.row(status.rounds().get(i), previous(i))).append('\n');
      }
      b.append(RoundTable.LISTS_HEADING).append('\n');
      status.rounds().forEach(r -> b.append(RoundTable.lists(r)).append('\n'));
      b.append(RoundTable.STOPS_HEADING).append('\n');
      status.rounds().forEach(r -> b.append(RoundTable.stop(r) == null ? "  round " + r.round()
          + ": not recorded (an older trawl ran it)" : RoundTable.stop(r)).append('\n'));
      b.append(ResourceLines.HEADING).append('\n');
      ResourceLines.of(status.rounds()).forEach(line -> b.append(line).append('\n'));
    }
    CrawlStatus.Unfinished u = status.unfinished();
    b.append("unfinished round: ").append(u == null ? "none" : u.round() + (u.running() ? " (running now)" : " (see the problems below)"))
        .append('\n');
    RoundFailure failure = status.failure();
    if (failure != null) {
      b.append("failed: round ").append(failure.round()).append("'s job ").append(failure.job()).append(" failed at ")
          .append(failure.failed()).append(" (").append(failure.why()).append(")\n");
      AttemptWords.lines(failure.attempts()).forEach(a -> b.append("  ").append(a).append('\n'));
    }
    b.append("writer: ").append(status.writer() == null ? "none" : status.writer()).append('\n');
    b.append("pending seed batches: ");
    if (status.pendingSeeds().isEmpty()) {
      b.append("none\n");
    } else {
      b.append(String.join(", ", status.pendingSeeds().stream().map(s -> s.name() + " (" + s.urls() + " URLs)").toList()))
          .append(": the next round fetches them\n");
    }

    if (status.crawlDbRound() == 0) {
      b.append("URLs by host: none yet (no finished round)\n");
    } else {
      List<HostCounts> shown = shownHosts();
      b.append(String.format("URLs by host after round %d (%s%d hosts, most URLs first%s):%n", status.crawlDbRound(),
          shown.size() < status.hosts().size() ? "top " + shown.size() + " of " : "", status.hosts().size(),
          shown.size() < status.hosts().size() ? "; --hosts all lists every one" : ""));
      int width = Math.max(4, shown.stream().mapToInt(h -> h.host().length()).max().orElse(0));
      StringBuilder header = new StringBuilder(String.format("%-" + width + "s %8s", "host", "urls"));
      for (UrlClass c : UrlClass.values()) {
        header.append(String.format(" %" + Math.max(7, c.column().length()) + "s", c.column()));
      }
      b.append(header).append('\n');
      shown.forEach(h -> b.append(hostLine(h, width)).append('\n'));
      b.append(hostLine(status.total(), width)).append('\n');
    }

    b.append(status.changes().text(hostLimit));
    b.append(String.format("out of scope: %d links dropped over %d round%s", status.outOfScopeTotal(), status.rounds().size(),
        status.rounds().size() == 1 ? "" : "s"));
    List<String> reasons = new ArrayList<>();
    status.outOfScope().forEach((reason, n) -> {
      if (n > 0) {
        reasons.add(reason + " " + n);
      }
    });
    b.append(reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")").append('\n');

    CrawlStatus.Sitemaps sm = status.sitemaps();
    b.append(String.format("sitemaps: %d fetched, %d URLs listed, %d URLs skipped by their lastmod (the date bounds, no request), "
        + "%d URLs of the crawl db first found by a sitemap%n", sm.fetched(), sm.listed(), sm.skippedByLastmod(), sm.foundBySitemap()));

    CrawlStatus.Checked c = status.checked();
    b.append(String.format("cross-check: %d manifest records, %d WARC pointers into %d files: %s%n", c.manifestRecords(),
        c.warcPointers(), c.warcFiles(), status.consistent() ? "consistent" : status.problems().size() + (status.problems().size() == 1 ? " problem" : " problems")));
    status.problems().forEach(p -> b.append("problem: ").append(p).append('\n'));
    warnings().forEach(w -> b.append("warning: ").append(w).append('\n'));
    b.append("verdict: ").append(status.verdict()).append('\n');
    return b.toString();
  }

  /** What a user should know that is no inconsistency: rounds a time limit cut, and machines used badly. */
  private List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (var r : status.rounds()) {
      String w = RoundStop.timeLimitWarning(r);
      if (w != null) {
        warnings.add(w);
      }
    }
    warnings.addAll(ResourceWarnings.of(status.rounds()));
    return warnings;
  }

  /** The summary of the round before the i-th finished one, if that round is the one before it. */
  private RoundSummary previous(int i) {
    if (i == 0) {
      return null;
    }
    RoundSummary before = status.rounds().get(i - 1);
    return before.round() == status.rounds().get(i).round() - 1 ? before : null;
  }

  /** The settings worth a line: the bounds and scope always, the rest where the crawl departs from the default. */
  private Map<String, String> shownSettings() {
    Map<String, String> shown = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      String v = status.settings().get(s.key());
      // A per-run setting in an older crawl.json is no longer the crawl's: each round's own line says what it used.
      if (v != null && !s.perRun() && (s == Setting.DEPTH || s == Setting.SCOPE || s == Setting.FETCH_DELAY || !v.equals(s.defaultValue()))) {
        shown.put(s.key(), v);
      }
    }
    return shown;
  }

  private static String hostLine(HostCounts h, int width) {
    StringBuilder line = new StringBuilder(String.format("%-" + width + "s %8d", h.host(), h.urls()));
    for (UrlClass c : UrlClass.values()) {
      line.append(String.format(" %" + Math.max(7, c.column().length()) + "d", h.count(c)));
    }
    return line.toString();
  }

  public String json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("crawl", status.crawl());
    doc.put("consistent", status.consistent());
    doc.put("verdict", status.verdict());
    doc.put("settings", status.settings());
    List<Map<String, Object>> rounds = new ArrayList<>();
    for (int i = 0; i < status.rounds().size(); i++) {
      RoundTable.Row row = RoundTable.Row.of(status.rounds().get(i), previous(i));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", row.round());
      m.put("requests", row.requests());
      m.put("fetched", row.fetched());
      m.put("redirect", row.redirect());
      m.put("robots_denied", row.robotsDenied());
      m.put("failed", row.failed());
      m.put("seeds", row.seeds());
      m.put("discovered", row.discovered());
      m.put("next_frontier", row.nextFrontier());
      m.put("seconds", row.seconds());
      var summary = status.rounds().get(i);
      m.put("fetch_lists", row.lists());
      m.put("stopped_by", summary.stoppedBy());
      m.put("fetch_lists_why", summary.fetchListsWhy());
      m.put("fetch_start_skew_seconds", summary.fetchStartSkewSeconds());
      m.put("resources", summary.resources() == null ? null : resources(summary.resources()));
      m.put("attempts", summary.attempts());
      // Each fetch task's own figures; its samples over time are the report's chart, not status.
      m.put("tasks", summary.tasks().stream().map(t -> {
        Map<String, Object> task = fields(t);
        task.remove("samples");
        return task;
      }).toList());
      rounds.add(m);
    }
    doc.put("finished_rounds", rounds);
    CrawlStatus.Unfinished u = status.unfinished();
    if (u == null) {
      doc.put("unfinished_round", null);
    } else {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("round", u.round());
      m.put("committed", u.committed());
      m.put("uncommitted", u.uncommitted());
      m.put("job_leftovers", u.jobLeftovers());
      m.put("running", u.running());
      doc.put("unfinished_round", m);
    }
    doc.put("failure", status.failure());
    doc.put("writer", status.writer());
    doc.put("pending_seed_batches", status.pendingSeeds().stream()
        .map(s -> ordered("batch", s.name(), "urls", s.urls())).toList());
    doc.put("crawldb_round", status.crawlDbRound());
    if (status.changes().anyRefetch()) {
      doc.put("changes", status.changes().json());
    }
    doc.put("hosts_total", status.hosts().size());
    doc.put("hosts", shownHosts().stream().map(StatusReport::counts).toList());
    doc.put("all_hosts", counts(status.total()));
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("total", status.outOfScopeTotal());
    scope.put("by_reason", status.outOfScope());
    doc.put("out_of_scope", scope);
    CrawlStatus.Sitemaps sm = status.sitemaps();
    doc.put("sitemaps", ordered("fetched", sm.fetched(), "urls_listed", sm.listed(), "skipped_by_lastmod", sm.skippedByLastmod(),
        "found_by_sitemap", sm.foundBySitemap()));
    CrawlStatus.Checked c = status.checked();
    doc.put("checked", ordered("manifest_records", c.manifestRecords(), "warc_pointers", c.warcPointers(),
        "warc_files", c.warcFiles()));
    doc.put("problems", status.problems());
    doc.put("warnings", warnings());
    try {
      return JSON.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status is plain maps and lists, always serialisable", e);
    }
  }

  /** The round's resources as its summary has them, with the shares worked out for a reader of the JSON. */
  private static Map<String, Object> resources(RoundResources r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("measured", r.measured());
    m.put("fetch", usage(r.fetch()));
    m.put("reduce", usage(r.reduce()));
    m.put("unmeasured", r.unmeasured());
    m.put("hadoop_counters", r.hadoopCounters());
    return m;
  }

  private static Map<String, Object> usage(RoundResources.Usage u) {
    if (u == null) {
      return null;
    }
    Map<String, Object> m = fields(u);
    m.put("cpu_share", u.cpuShare());
    m.put("memory_share", u.memoryShare());
    m.put("bytes_received_per_second", u.bytesPerSecond());
    return m;
  }

  /** A summary record's fields as it writes them, in order, to add to or leave out of. */
  private static Map<String, Object> fields(Object record) {
    return JSON.convertValue(record, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
  }

  /** A JSON object whose keys keep the order given (name, value, name, value...). */
  private static Map<String, Object> ordered(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> counts(HostCounts h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", h.host());
    m.put("urls", h.urls());
    for (UrlClass c : UrlClass.values()) {
      m.put(c.name(), h.count(c));
    }
    return m;
  }
}
