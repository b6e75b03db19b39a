package dev.trawl.jobs.changes;

import dev.trawl.refetch.Change;
import dev.trawl.schema.ManifestRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What re-crawling found, per round and per host, from the manifests' {@code change} column: new
 * pages (first captures), changed (another body), unchanged (304, or the same body digest) and gone
 * (404/410 where there was a page). {@code status} and {@code report} print it once a crawl has
 * refetched anything.
 */
public final class ChangeCounts {
  private static final Change[] KINDS = Change.values();
  private final Map<Integer, long[]> byRound = new TreeMap<>();
  private final Map<String, long[]> byHost = new TreeMap<>();

  /** Counts one manifest record of {@code round}; records with no change (redirects, errors) count nowhere. */
  public void add(int round, ManifestRecord m) {
    Change c = Change.of(m.getChange());
    if (c == null) {
      return;
    }
    byRound.computeIfAbsent(round, r -> new long[KINDS.length])[c.ordinal()]++;
    byHost.computeIfAbsent(m.getHost(), h -> new long[KINDS.length])[c.ordinal()]++;
  }

  /** True once any page was refetched: before that every page is simply new, and the table says nothing. */
  public boolean anyRefetch() {
    return byRound.values().stream().anyMatch(n -> n[Change.CHANGED.ordinal()] + n[Change.UNCHANGED.ordinal()] + n[Change.GONE.ordinal()] > 0);
  }

  /** The two tables as text, or "" when nothing was refetched. */
  public String text(int hostLimit) {
    if (!anyRefetch()) {
      return "";
    }
    StringBuilder b = new StringBuilder("what changed (manifest column change: new, changed, unchanged = 304 or same body, gone = 404/410):\n");
    b.append(line("round", "new", "changed", "unchanged", "gone", 5));
    byRound.forEach((r, n) -> b.append(line(Integer.toString(r), n, 5)));
    int width = Math.max(4, byHost.keySet().stream().mapToInt(String::length).max().orElse(4));
    b.append(String.format("by host (%s):%n", byHost.size() > hostLimit ? "first " + hostLimit + " of " + byHost.size() : "all rounds"));
    b.append(line("host", "new", "changed", "unchanged", "gone", width));
    byHost.entrySet().stream().limit(hostLimit).forEach(e -> b.append(line(e.getKey(), e.getValue(), width)));
    return b.toString();
  }

  /** The same as JSON-ready maps: {@code by_round} and {@code by_host}, each of new/changed/unchanged/gone. */
  public Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> rounds = new LinkedHashMap<>();
    byRound.forEach((r, n) -> rounds.put(Integer.toString(r), counts(n)));
    Map<String, Object> hosts = new LinkedHashMap<>();
    byHost.forEach((h, n) -> hosts.put(h, counts(n)));
    doc.put("by_round", rounds);
    doc.put("by_host", hosts);
    return doc;
  }

  private static Map<String, Long> counts(long[] n) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Change c : KINDS) {
      m.put(c.value(), n[c.ordinal()]);
    }
    return m;
  }

  private static String line(String key, long[] n, int width) {
    List<String> cells = new ArrayList<>();
    for (long v : n) {
      cells.add(Long.toString(v));
    }
    return line(key, cells.get(0), cells.get(1), cells.get(2), cells.get(3), width);
  }

  private static String line(String key, String a, String b, String c, String d, int width) {
    return String.format(Locale.ROOT, "  %-" + width + "s %7s %8s %10s %6s%n", key, a, b, c, d);
  }
}
