package dev.trawl.reducers.manifest;

import dev.trawl.schema.ManifestRecord;
import dev.trawl.url.Urls;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The manifest's URL columns, split out once so queries need no URL parsing: the registered domain
 * (public suffix aware, so "pages per site" groups www.example.co.uk with shop.example.co.uk), the
 * path and the query.
 */
public final class UrlColumns {
  private UrlColumns() {}

  /** The record with url_host_registered_domain, url_path and url_query set from its url. */
  public static ManifestRecord fill(ManifestRecord m) {
    ManifestRecord.Builder b = ManifestRecord.newBuilder(m).setUrlHostRegisteredDomain(Urls.registeredDomain(m.getHost()));
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
}
