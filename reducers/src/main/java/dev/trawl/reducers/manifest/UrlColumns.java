package dev.trawl.reducers.manifest;

import dev.trawl.schema.ManifestRecord;
import dev.trawl.url.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import org.netpreserve.jwarc.URIs;

/**
 * The manifest's URL columns, split out once so queries need no URL parsing: the registered domain
 * (public suffix aware, so "pages per site" groups www.example.co.uk with shop.example.co.uk), the
 * path, the query, and the SURT key (what CDXJ indexes and Common Crawl's index sort by).
 */
public final class UrlColumns {
  private UrlColumns() {}

  /** The record with url_host_registered_domain, url_path, url_query and url_surtkey set from its url. */
  public static ManifestRecord fill(ManifestRecord m) {
    ManifestRecord.Builder b = ManifestRecord.newBuilder(m).setUrlHostRegisteredDomain(Urls.registeredDomain(m.getHost()))
        .setUrlSurtkey(surt(m.getUrl()));
    try {
      URI uri = new URI(m.getUrl());
      String path = uri.getRawPath();
      b.setUrlPath(path == null || path.isEmpty() ? "/" : path).setUrlQuery(uri.getRawQuery());
    } catch (URISyntaxException e) {
      // Normalised URLs parse; one that does not keeps its url and leaves the split columns empty.
      b.setUrlPath(null).setUrlQuery(null);
    }
    return b.build();
  }

  /** The URL's SURT key as jwarc's cdx tool writes it; null for a URL jwarc cannot read (none trawl normalised). */
  public static String surt(String url) {
    try {
      return URIs.toNormalizedSurt(url);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
