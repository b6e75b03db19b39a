package dev.trawl.jobs.urls;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.summaries.BlockedUrls;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.round.CrawlLayout.RoundFolder;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * {@code trawl url}: what the crawl knows of one URL (its crawl db entry, every attempt in the
 * manifests) and, for a URL never fetched, why: pending, beyond the depth bound, out of scope (the
 * rule), or unknown. Every file is streamed; the search stops at the URL.
 */
public final class UrlLookup {
  /** Why a URL was never fetched. */
  public enum Reason { PENDING, BEYOND_DEPTH, OUT_OF_SCOPE, UNKNOWN }

  /** The answer, for printing and for tests. */
  public record Answer(String url, CrawlDbEntry entry, List<Attempts.Attempt> attempts, Reason reason, String why) {}

  private final CrawlRoot root;
  private final Configuration conf;
  private final PrintStream out;

  public UrlLookup(CrawlRoot root, Configuration conf, PrintStream out) {
    this.root = root;
    this.conf = conf;
    this.out = out;
  }

  public Answer find(String url) throws IOException {
    int last = CrawlDbRound.of(root, 0);
    root.loadSettingsForReading(conf);
    TrawlSettings settings = TrawlSettings.from(conf);
    CrawlDbEntry entry = last == 0 ? null : crawlDbEntry(root.crawlDb(last), url);
    List<Attempts.Attempt> attempts = Attempts.of(root, url);
    if (!attempts.isEmpty()) {
      boolean blocked = entry != null && entry.getState() == UrlState.blocked_address;
      return new Answer(url, entry, attempts, null, blocked ? "blocked: the address guard refused its host's address (the "
          + "attempt's error names it); 'trawl crawl --crawl " + root.path() + " --allow-private "
          + BlockedUrls.of(root.summariesBefore(Integer.MAX_VALUE)).flagValue() + " --change-settings' allows the range, and "
          + "the next rounds fetch it" : null);
    }
    if (entry != null && entry.getState() == UrlState.queued) {
      if (settings.depth().isPresent() && entry.getDepth() >= settings.depth().getAsInt()) {
        int bound = settings.depth().getAsInt();
        return new Answer(url, entry, attempts, Reason.BEYOND_DEPTH, String.format("beyond the depth bound: depth %d, and %s=%d "
            + "fetches depths 0 to %d; it waits in the frontier for a deeper crawl (trawl crawl --crawl %s --depth %d "
            + "--change-settings)", entry.getDepth(), Setting.DEPTH.key(), bound, bound - 1, root.path(), entry.getDepth() + 1));
      }
      String held = heldBack(settings);
      return new Answer(url, entry, attempts, Reason.PENDING, "pending: it waits in " + RoundFolder.FRONTIER.of(last + 1) + "; "
          + (held != null ? held : "the next round fetches it (unless a page bound or the time limit leaves it for a later one)"));
    }
    if (entry != null) {
      return new Answer(url, entry, attempts, null, "the crawl db has it as " + UrlStatus.of(entry.getState())
          + " but no manifest records an attempt");
    }
    String batch = pendingSeedBatch(url);
    if (batch != null) {
      String held = heldBack(settings);
      return new Answer(url, null, attempts, Reason.PENDING, "pending: seeded in " + batch + "; "
          + (held != null ? held : "the next round fetches it"));
    }
    Set<String> seedHosts = root.seedHosts();
    ScopeFilter.Verdict v;
    v = new ScopeFilter(settings, seedHosts).check(url);
    if (!v.followed()) {
      return new Answer(url, null, attempts, Reason.OUT_OF_SCOPE, "out of scope (" + ScopeReasons.rule(v.dropped()) + "): "
          + ScopeReasons.of(v.dropped(), v.host(), settings, seedHosts) + "; a link to it is dropped, never fetched");
    }
    return new Answer(url, null, attempts, Reason.UNKNOWN, last == 0 ? "unknown: no round has finished yet"
        : "unknown: in scope, but no page fetched in rounds 1 to " + last + " links to it and it was never seeded");
  }

  public void print(String url) throws IOException {
    Answer a = find(url);
    out.println(a.url());
    CrawlDbEntry e = a.entry();
    if (e != null) {
      out.printf("  status     %s%s%n", UrlStatus.of(e.getState()), e.getHttpStatus() == null ? "" : " (HTTP " + e.getHttpStatus() + ")");
      out.printf("  depth      %d%n", e.getDepth());
      out.printf("  found      %s, round %d%n", foundLine(e,
          e.getFoundBy() == null || e.getFoundBy() == FoundBy.seed ? seedBatchOf(e.getUrl()) : null), e.getFirstRound());
      if (e.getSitemapLastmod() != null) {
        out.printf("  lastmod    %s (its sitemap's; the date bounds judge it before fetching)%n", Instant.ofEpochMilli(e.getSitemapLastmod()));
      }
      if (e.getRedirectTo() != null) {
        out.printf("  redirects  to %s%n", e.getRedirectTo());
      }
      if (e.getRetries() > 0) {
        out.printf("  retries    %d%n", e.getRetries());
      }
    } else {
      out.println("  status     " + (a.reason() == Reason.PENDING ? "pending" : "not in the crawl db"));
    }
    if (a.attempts().isEmpty()) {
      out.println("  attempts   none");
    } else {
      out.println("  attempts:");
      for (Attempts.Attempt t : a.attempts()) {
        ManifestRecord m = t.record();
        StringBuilder line = new StringBuilder(String.format("    round %d  %s", t.round(), m.getStatus()));
        if (m.getHttpStatus() != null) {
          line.append(' ').append(m.getHttpStatus());
        }
        line.append("  ").append(Instant.ofEpochMilli(m.getFetchTime())).append("  ").append(m.getFetchMs()).append(" ms");
        if (m.getWarcFile() != null) {
          line.append("  ").append(m.getWarcFile()).append(" offset ").append(m.getWarcOffset()).append(" length ")
              .append(m.getWarcLength());
        }
        if (m.getRedirectTo() != null) {
          line.append("  -> ").append(m.getRedirectTo());
        }
        if (m.getDuplicateOf() != null) {
          line.append("  duplicate of ").append(m.getDuplicateOf());
        }
        if (m.getError() != null) {
          line.append("  (").append(m.getError()).append(')');
        }
        out.println(line);
      }
    }
    if (a.why() != null) {
      out.println("  why        " + a.why());
    }
  }

  /**
   * What keeps every pending URL from being fetched, as RoundRunner would refuse the next round: the
   * crawl's max pages already reached, or its deadline passed. Null if nothing does.
   */
  private String heldBack(TrawlSettings settings) throws IOException {
    if (settings.maxPages().isPresent()) {
      long requests = 0;
      for (var summary : root.summariesBefore(Integer.MAX_VALUE)) {
        requests += summary.counter(dev.trawl.round.RoundCounter.REQUESTS);
      }
      long max = settings.maxPages().getAsLong();
      if (requests >= max) {
        return String.format("but no round fetches it: the crawl's max pages is reached (%d of %d requests); "
            + "'trawl crawl --crawl %s --max-pages N --change-settings' with a larger N goes on", requests, max, root.path());
      }
    }
    if (settings.deadline() != null && Instant.now().isAfter(settings.deadline())) {
      return "but no round fetches it: the crawl's deadline " + settings.deadline() + " has passed ("
          + Setting.DEADLINE.key() + "; a later one with --change-settings goes on)";
    }
    return null;
  }

  private CrawlDbEntry crawlDbEntry(Path dir, String url) throws IOException {
    CrawlDbEntry[] found = {null};
    AvroFiles.stream(root, dir, CrawlDbEntry.class, e -> {
      if (url.equals(e.getUrl())) {
        found[0] = CrawlDbEntry.newBuilder(e).build();
        return false;
      }
      return true;
    });
    return found[0];
  }

  private String pendingSeedBatch(String url) throws IOException {
    for (Path batch : root.pendingSeedBatches(-1)) {
      boolean[] found = {false};
      AvroFiles.stream(root, batch, FrontierEntry.class, f -> !(found[0] = url.equals(f.getUrl())));
      if (found[0]) {
        return root.layout().seeds().getName() + "/" + batch.getName();
      }
    }
    return null;
  }

  /** The seed batch that holds {@code url}, or null if none does. */
  private String seedBatchOf(String url) throws IOException {
    for (Path batch : root.seedBatches()) {
      boolean[] found = {false};
      AvroFiles.stream(root, batch, FrontierEntry.class, f -> !(found[0] = url.equals(f.getUrl())));
      if (found[0]) {
        return batch.getName();
      }
    }
    return null;
  }

  /**
   * How the URL was found first, in the words of the manifest's found_by. A seed stays a seed
   * though a page links to it later (even itself): the crawl db then keeps that page as its source.
   */
  static String foundLine(CrawlDbEntry e, String seedBatch) {
    if (e.getFoundBy() == FoundBy.seed || e.getSource() == null || (e.getFoundBy() == null && seedBatch != null)) {
      return seedBatch == null ? "a seed" : "a seed, " + seedBatch;
    }
    if (e.getFoundBy() == FoundBy.sitemap) {
      return (e.getSitemapLevel() != null ? "a sitemap, named by " : "listed in the sitemap ") + e.getSource();
    }
    return (e.getFoundBy() == FoundBy.redirect ? "redirected to from " : "linked from ") + e.getSource();
  }
}
