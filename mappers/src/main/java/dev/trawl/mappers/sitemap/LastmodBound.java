package dev.trawl.mappers.sitemap;

import dev.trawl.mappers.scope.DateWindow;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.time.Instant;

/**
 * The date bounds applied before fetching: a URL whose sitemap {@code <lastmod>} lies outside
 * --published-before/--published-after is recorded {@code out_of_bounds}, dated by its lastmod,
 * with no request made. The rule is {@link DateWindow}'s, the same that judges a fetched page; the
 * lastmod stands where the Last-Modified header would. A URL the lastmod keeps is fetched and its
 * own metadata date, if any, decides as for any page: the page's statement of its publication date
 * is more specific than a sitemap's lastmod, which is often the time the sitemap was generated.
 * A URL without a lastmod is fetched (--require-date is for the page's own date).
 *
 * <p>A lastmod is when the URL last changed, not when it was first published: with
 * --published-before, a page published in bounds and edited since is skipped, as a page dated by
 * its Last-Modified alone would be. trawl.sitemaps.lastmod-bounds=false leaves such sites to their
 * pages' own dates. With --published-after the skip is always safe: nothing is published after it last changed.
 */
public final class LastmodBound {
  /** What {@code published_source} says of a date that came from a sitemap. */
  public static final String SOURCE = "sitemap";

  private LastmodBound() {}

  /**
   * True if the URL's lastmod puts it outside the bounds: it will cost no request, so a page bound
   * (--max-pages) neither counts nor holds it back.
   */
  public static boolean skips(TrawlSettings settings, FrontierEntry entry) {
    return why(settings, entry) != null;
  }

  /** The URL's out_of_bounds record if its lastmod puts it outside the bounds, else null (fetch it). */
  public static ManifestRecord skip(TrawlSettings settings, FrontierEntry entry) {
    String why = why(settings, entry);
    if (why == null) {
      return null;
    }
    long lastmod = entry.getSitemapLastmod();
    return ManifestRecord.newBuilder().setUrl(entry.getUrl()).setHost(entry.getHost()).setDepth(entry.getDepth())
        .setFetchTime(System.currentTimeMillis()).setStatus(FetchStatus.out_of_bounds)
        .setError("by its sitemap <lastmod>: " + why + "; not fetched")
        .setPublished(lastmod).setPublishedSource(SOURCE).setSitemapLastmod(lastmod).setFoundBy(entry.getFoundBy())
        .build();
  }

  private static String why(TrawlSettings settings, FrontierEntry entry) {
    Long lastmod = entry.getSitemapLastmod();
    if (lastmod == null || entry.getSitemapLevel() != null || !settings.sitemaps().lastmodBounds()) {
      return null;
    }
    return DateWindow.outside(settings, Instant.ofEpochMilli(lastmod));
  }
}
