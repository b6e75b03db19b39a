package dev.trawl.testsupport;

import dev.trawl.round.CrawlLayout;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * What each example query of hive/queries.sql must return on a crawl, computed straight from the
 * manifest's Avro files with Avro's own reader: the figures the Hive and Spark tests hold each
 * engine's answers to. Rows are tab-separated, as Hive prints them.
 */
public final class ManifestFigures {
  private static final Pattern QUERY = Pattern.compile("-- name: (\\w+)\\n((?:--[^\\n]*\\n)*)(.*?);", Pattern.DOTALL);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** One manifest record and its round, written as the engine under test shows the partition. */
  public record Capture(String round, ManifestRecord m) {}

  private ManifestFigures() {}

  /** Every record under {@code manifest} (a crawl root's manifest/ folder), its round shown by {@code roundAs}. */
  public static List<Capture> read(Path manifest, IntFunction<String> roundAs) throws IOException {
    List<Capture> captures = new ArrayList<>();
    try (var rounds = Files.list(manifest)) {
      for (Path dir : rounds.sorted().toList()) {
        java.util.OptionalInt n = CrawlLayout.roundOf(dir.getFileName().toString());
        if (n.isEmpty()) {
          continue;
        }
        String round = roundAs.apply(n.getAsInt());
        try (var files = Files.list(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".avro")).sorted().toList()) {
            try (DataFileReader<ManifestRecord> reader = new DataFileReader<>(f.toFile(), new SpecificDatumReader<>(ManifestRecord.class))) {
              for (ManifestRecord m : reader) {
                captures.add(new Capture(round, m));
              }
            }
          }
        }
      }
    }
    return captures;
  }

  /** The example queries in a queries.sql file, by name, as shipped. */
  public static Map<String, String> exampleQueries(Path queriesSql) throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    Matcher m = QUERY.matcher(Files.readString(queriesSql));
    while (m.find()) {
      queries.put(m.group(1), m.group(3).strip());
    }
    return queries;
  }

  /** Each example query's figure, by the query's name. */
  public static Map<String, Function<List<Capture>, List<String>>> expected() {
    return Map.of(
        "status_per_round", ManifestFigures::statusPerRound,
        "pages_and_bytes_per_host", ManifestFigures::pagesAndBytesPerHost,
        "hosts_with_most_failures", ManifestFigures::hostsWithMostFailures,
        "pages_per_item", ManifestFigures::pagesPerItem,
        "duplicates", ManifestFigures::duplicates,
        "throughput_per_minute", ManifestFigures::throughputPerMinute,
        "what_changed_since_round", ManifestFigures::whatChangedSinceRound1,
        "pages_that_changed_most_often", ManifestFigures::pagesThatChangedMostOften);
  }

  /** Each query of hive/ccindex-queries.sql's figure, by the query's name. */
  public static Map<String, Function<List<Capture>, List<String>>> expectedOfCcIndex() {
    return Map.of(
        "captures_per_host", ManifestFigures::capturesPerHost,
        "html_records_to_fetch", ManifestFigures::htmlRecordsToFetch,
        "captures_per_subset_and_status", ManifestFigures::capturesPerSubsetAndStatus);
  }

  /** The Common Crawl style queries in a file, by name, for a table named {@code view} and a crawl named {@code crawl}. */
  public static Map<String, String> ccIndexQueries(Path queriesSql, String view, String crawl) throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    exampleQueries(queriesSql).forEach((name, q) ->
        queries.put(name, q.replace("FROM ccindex", "FROM " + view).replace("'CC-MAIN-2024-33'", "'" + crawl + "'")));
    return queries;
  }

  /** A row of the ccindex view: a record that points at a WARC record. */
  private static boolean inCcIndex(Capture c) {
    return c.m().getWarcFile() != null;
  }

  private static String subset(ManifestRecord m) {
    Integer s = m.getHttpStatus();
    return (s != null && s >= 200 && s < 300) || m.getRefersToDate() != null ? "warc" : "crawldiagnostics";
  }

  public static List<String> capturesPerHost(List<Capture> rows) {
    Map<String, Long> counts = new TreeMap<>();
    rows.stream().filter(ManifestFigures::inCcIndex).filter(c -> subset(c.m()).equals("warc"))
        .forEach(c -> counts.merge(c.m().getHost(), 1L, Long::sum));
    return counts.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
        .map(e -> e.getValue() + "\t" + e.getKey()).toList();
  }

  public static List<String> htmlRecordsToFetch(List<Capture> rows) {
    return rows.stream().filter(ManifestFigures::inCcIndex).map(Capture::m)
        .filter(m -> subset(m).equals("warc") && Integer.valueOf(200).equals(m.getHttpStatus()) && m.getContentType() != null
            && m.getContentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT).equals("text/html"))
        .sorted(Comparator.comparing(ManifestRecord::getUrlSurtkey).thenComparing(ManifestRecord::getFetchTime)
            .thenComparing(ManifestRecord::getWarcFile))
        .map(m -> m.getUrl() + "\t" + m.getWarcFile() + "\t" + m.getWarcOffset() + "\t" + m.getWarcLength()).toList();
  }

  public static List<String> capturesPerSubsetAndStatus(List<Capture> rows) {
    Map<String, Map<Integer, Long>> counts = new TreeMap<>();
    rows.stream().filter(ManifestFigures::inCcIndex).map(Capture::m)
        .forEach(m -> counts.computeIfAbsent(subset(m), k -> new TreeMap<>()).merge(m.getHttpStatus(), 1L, Long::sum));
    List<String> out = new ArrayList<>();
    counts.forEach((subset, byStatus) -> byStatus.forEach((status, n) -> out.add(subset + "\t" + status + "\t" + n)));
    return out;
  }

  public static List<String> whatChangedSinceRound1(List<Capture> rows) {
    Map<String, String> last = new TreeMap<>();
    for (Capture r : rows) {
      String change = r.m().getChange();
      if (Integer.parseInt(r.round()) > 1 && change != null && List.of("new", "changed", "gone").contains(change)) {
        last.merge(r.m().getUrl() + "\t" + change, r.round(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
      }
    }
    return last.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
  }

  public static List<String> pagesThatChangedMostOften(List<Capture> rows) {
    Map<String, long[]> byUrl = new TreeMap<>();
    for (Capture r : rows) {
      String change = r.m().getChange();
      if (change != null) {
        long[] v = byUrl.computeIfAbsent(r.m().getUrl(), u -> new long[3]);
        v[0] += change.equals("changed") ? 1 : 0;
        v[1] += change.equals("changed") || change.equals("unchanged") ? 1 : 0;
        v[2]++;
      }
    }
    return byUrl.entrySet().stream()
        .sorted(java.util.Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
            .thenComparingLong(e -> -e.getValue()[1]).thenComparing(Map.Entry::getKey))
        .limit(20).map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1] + "\t" + e.getValue()[2]).toList();
  }

  public static List<String> statusPerRound(List<Capture> rows) {
    Map<String, Long> counts = new TreeMap<>();
    for (Capture r : rows) {
      counts.merge(r.round() + "\t" + r.m().getStatus(), 1L, Long::sum);
    }
    return counts.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
  }

  public static List<String> pagesAndBytesPerHost(List<Capture> rows) {
    Map<String, long[]> byHost = new TreeMap<>();
    for (Capture r : rows) {
      if (r.m().getStatus().name().equals("fetched")) {
        long[] v = byHost.computeIfAbsent(r.m().getHost(), h -> new long[2]);
        v[0]++;
        v[1] += r.m().getContentLength();
      }
    }
    return byHost.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1]).toList();
  }

  public static List<String> hostsWithMostFailures(List<Capture> rows) {
    Set<String> failures = Set.of("http_error", "timeout", "error", "blocked_address");
    Map<String, long[]> byHost = new TreeMap<>();
    for (Capture r : rows) {
      String status = r.m().getStatus().name();
      if (failures.contains(status)) {
        long[] v = byHost.computeIfAbsent(r.m().getHost(), h -> new long[3]);
        v[0]++;
        v[1] += status.equals("http_error") ? 1 : 0;
        v[2] += status.equals("timeout") || status.equals("error") ? 1 : 0;
      }
    }
    return byHost.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]).thenComparing(Map.Entry::getKey))
        .limit(20).map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1] + "\t" + e.getValue()[2]).toList();
  }

  public static List<String> pagesPerItem(List<Capture> rows) {
    Pattern item = Pattern.compile("^/page/([0-9]+)");
    Map<String, List<String>> urls = new TreeMap<>();
    for (Capture r : rows) {
      Matcher m = item.matcher(r.m().getUrlPath());
      if (r.m().getStatus().name().equals("fetched") && m.find()) {
        urls.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(r.m().getUrl());
      }
    }
    return urls.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
        .map(e -> e.getKey() + "\t" + e.getValue().size() + "\t" + new HashSet<>(e.getValue()).size()).toList();
  }

  public static List<String> duplicates(List<Capture> rows) {
    Map<String, List<Capture>> byCanonical = rows.stream().filter(r -> r.m().getDuplicateOf() != null)
        .collect(Collectors.groupingBy(r -> r.m().getDuplicateOf()));
    return byCanonical.entrySet().stream()
        .sorted(Comparator.comparingInt((Map.Entry<String, List<Capture>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
        .map(e -> e.getKey() + "\t" + e.getValue().size() + "\t"
            + e.getValue().stream().map(Capture::round).min(Comparator.naturalOrder()).orElseThrow())
        .toList();
  }

  public static List<String> throughputPerMinute(List<Capture> rows) {
    Map<String, long[]> byMinute = new TreeMap<>();
    for (Capture r : rows) {
      if (r.m().getHttpStatus() != null) {
        String minute = MINUTE.format(Instant.ofEpochMilli(r.m().getFetchTime() / 60_000 * 60_000));
        long[] v = byMinute.computeIfAbsent(r.round() + "\t" + minute, k -> new long[2]);
        v[0]++;
        v[1] += r.m().getContentLength() == null ? 0 : r.m().getContentLength();
      }
    }
    return byMinute.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()[0] + "\t" + e.getValue()[1]).toList();
  }
}
