package dev.trawl.mappers.sitemap;

import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.output.FetchSink;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * A fetched sitemap (2xx, already in the WARC) read into its manifest record and the URLs it adds
 * to the crawl. What cannot be read (not a sitemap, too large, a gzip bomb) is said in the record's
 * {@code error}, and adds nothing.
 */
public final class SitemapFetch {
  private final SitemapReader reader;
  private final SitemapLinks links;
  private final FetchSink sink;
  // A sitemap may hold 50 MB uncompressed in memory while it is parsed: one at a time per task.
  private final Semaphore slot = new Semaphore(1);

  public SitemapFetch(TrawlSettings.Sitemaps settings, SitemapLinks links, FetchSink sink) {
    this.reader = new SitemapReader(settings.maxUrls(), settings.maxBytes());
    this.links = links;
    this.sink = sink;
  }

  /** Reads the response of {@code sitemap}; sets its record's sitemap_urls (and error); returns what it lists, in scope. */
  public List<FrontierEntry> read(FrontierEntry sitemap, HttpFetcher.Response r, ManifestRecord.Builder m) {
    SitemapReader.Listing listing;
    slot.acquireUninterruptibly();
    try (InputStream body = r.body().stream()) {
      listing = reader.read(sitemap.getUrl(), body, r.header("Content-Encoding"), r.truncated());
    } catch (IOException e) {
      throw new StorageFault("cannot read a response body back", e);
    } finally {
      slot.release();
    }
    m.setSitemapUrls(listing.total());
    if (listing.problem() != null) {
      m.setError("sitemap " + listing.problem());
      sink.count(listing.listed().isEmpty() ? RoundCounter.SITEMAPS_REFUSED : RoundCounter.SITEMAP_URLS_CAPPED, 1);
    }
    return links.listed(sitemap, listing);
  }
}
