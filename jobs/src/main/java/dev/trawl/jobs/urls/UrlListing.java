package dev.trawl.jobs.urls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.schema.CrawlDbEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code trawl urls}: the crawl db after a round, one URL a line (TSV or JSON lines), filtered by
 * status and host, streamed from the files as they are read (nothing is collected).
 */
public final class UrlListing {
  /** The columns, in order: the same names in the TSV header and the JSON lines. */
  public static final List<String> COLUMNS = List.of("url", "status", "http_status", "depth", "first_round",
      "last_fetch_round", "source");
  private static final ObjectMapper JSON = new ObjectMapper();

  public enum Format {
    TSV, JSONL;

    public static Format named(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--format takes tsv or jsonl, not '" + name + "'");
      }
    }
  }

  private final CrawlRoot root;
  private final PrintStream out;

  public UrlListing(CrawlRoot root, PrintStream out) {
    this.root = root;
    this.out = out;
  }

  /** Which entries to list: a status of the legend and a host, each null for any. */
  public static Predicate<CrawlDbEntry> filter(String status, String host) {
    String s = status == null ? null : UrlStatus.parse(status);
    String h = host == null ? null : host.toLowerCase(Locale.ROOT);
    return e -> (s == null || s.equals(UrlStatus.of(e.getState()))) && (h == null || h.equals(e.getHost()));
  }

  /** @param round the crawl db after this round; 0 for the latest finished round */
  public void list(int round, Predicate<CrawlDbEntry> filter, Format format) throws IOException {
    int r = CrawlDbRound.of(root, round);
    if (format == Format.TSV) {
      out.println(String.join("\t", COLUMNS));
    }
    if (r == 0) {
      out.flush();
      return;
    }
    AvroFiles.stream(root, root.crawlDb(r), CrawlDbEntry.class, e -> {
      if (filter.test(e)) {
        out.println(format == Format.TSV ? tsv(e) : json(e));
      }
      return !out.checkError();
    });
    out.flush();
  }

  private static Map<String, Object> columns(CrawlDbEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", e.getUrl());
    m.put("status", UrlStatus.of(e.getState()));
    m.put("http_status", e.getHttpStatus());
    m.put("depth", e.getDepth());
    m.put("first_round", e.getFirstRound());
    m.put("last_fetch_round", e.getLastFetchRound());
    m.put("source", e.getSource());
    return m;
  }

  /** Tab-separated, an absent value empty (URLs hold no tabs: they are normalised). */
  static String tsv(CrawlDbEntry e) {
    StringBuilder b = new StringBuilder();
    for (Object v : columns(e).values()) {
      if (!b.isEmpty()) {
        b.append('\t');
      }
      b.append(v == null ? "" : v.toString());
    }
    return b.toString();
  }

  private static String json(CrawlDbEntry e) {
    try {
      return JSON.writeValueAsString(columns(e));
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("a map of strings and numbers is always serialisable", x);
    }
  }
}
