package dev.trawl.mappers.sitemap;

import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FoundBy;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.settings.TrawlSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Where sitemap URLs enter the crawl, and at what depth. A sitemap robots.txt names takes the depth
 * of the host's page that led to its robots.txt (usually its seed); a sitemap an index lists keeps
 * its index's depth, since an index is the same list split in files; a URL a sitemap lists is one
 * link below its sitemap, as if linked from that page. So with --depth, a sitemap's pages are
 * fetched when the host's first page's links are, whatever the nesting. Every URL passes scope.
 */
public final class SitemapLinks {
  private final ScopeFilter scope;
  private final FetchSink sink;
  private final int maxNesting;
  private final boolean guess;

  public SitemapLinks(ScopeFilter scope, FetchSink sink, TrawlSettings.Sitemaps settings) {
    this.scope = scope;
    this.sink = sink;
    this.maxNesting = settings.maxNesting();
    this.guess = settings.guess();
  }

  /**
   * The sitemaps the robots.txt of {@code origin} names, or its /sitemap.xml if it names none and
   * trawl.sitemaps.guess is on; {@code page} is the host's URL that needed robots.txt.
   */
  public List<FrontierEntry> named(String origin, List<String> sitemaps, FrontierEntry page) {
    List<String> urls = sitemaps.isEmpty() && guess ? List.of(origin + "/sitemap.xml") : sitemaps;
    List<FrontierEntry> entries = new ArrayList<>();
    for (String url : urls) {
      add(entries, url, page.getDepth(), origin + "/robots.txt", null, 0);
    }
    return entries;
  }

  /** What a fetched sitemap lists: nested sitemaps (an index), or pages with their lastmod. */
  public List<FrontierEntry> listed(FrontierEntry sitemap, SitemapReader.Listing listing) {
    List<FrontierEntry> entries = new ArrayList<>();
    int level = sitemap.getSitemapLevel() == null ? 0 : sitemap.getSitemapLevel();
    if (listing.index() && level >= maxNesting) {
      sink.count(RoundCounter.SITEMAPS_TOO_DEEP, listing.listed().size());
      return entries;
    }
    for (SitemapReader.Listed l : listing.listed()) {
      if (listing.index()) {
        add(entries, l.url(), sitemap.getDepth(), sitemap.getUrl(), null, level + 1);
      } else {
        add(entries, l.url(), sitemap.getDepth() + 1, sitemap.getUrl(), l.lastmod() == null ? null : l.lastmod().toEpochMilli(), null);
      }
    }
    if (!listing.index()) {
      sink.count(RoundCounter.SITEMAP_URLS, entries.size());
    }
    return entries;
  }

  private void add(List<FrontierEntry> into, String url, int depth, String source, Long lastmod, Integer level) {
    ScopeFilter.Verdict v = scope.check(url);
    if (!v.followed()) {
      sink.count(v.dropped(), 1);
      return;
    }
    into.add(FrontierEntry.newBuilder().setUrl(v.url()).setHost(v.host()).setDepth(depth).setRetries(0)
        .setSource(source).setRedirects(0).setFoundBy(FoundBy.sitemap).setSitemapLastmod(lastmod)
        .setSitemapLevel(level).build());
  }
}
