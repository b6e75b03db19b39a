package dev.trawl.mappers.sitemap;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import dev.trawl.mappers.parse.ContentDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One sitemap's bytes to the URLs it lists, with crawler-commons' {@link SiteMapParser} (XML
 * sitemaps and indexes, plain-text sitemaps, RSS and Atom feeds) and the protocol's caps: at most
 * {@code maxBytes} uncompressed, whether the bytes came gzip-encoded in transfer, as a {@code .gz}
 * file, or both; at most {@code maxUrls} URLs kept. Decompression is done here, never past the cap,
 * because the parser's own gzip path would expand a bomb without limit.
 */
public final class SitemapReader {
  /** A URL (or, in an index, a sitemap) the sitemap lists, with its {@code <lastmod>} if it gave one. */
  public record Listed(String url, Instant lastmod) {}

  /**
   * What a sitemap said: whether it is an index, the first {@code maxUrls} of what it lists, how many
   * it listed in all, and why it was refused or cut (null: read whole).
   */
  public record Listing(boolean index, List<Listed> listed, int total, String problem) {
    static Listing refused(String why) {
      return new Listing(false, List.of(), 0, why);
    }
  }

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private final int maxUrls;
  private final int maxBytes;

  public SitemapReader(int maxUrls, int maxBytes) {
    this.maxUrls = maxUrls;
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the sitemap at {@code url} from its body as sent.
   *
   * @param cut true if the fetch already stopped the body at the byte cap
   * @throws IOException only if the body cannot be read back (the task's own temporary file)
   */
  public Listing read(String url, InputStream body, String contentEncoding, boolean cut) throws IOException {
    String tooBig = "larger than " + maxBytes + " bytes (trawl.sitemaps.max-bytes), the protocol's limit: refused";
    if (cut) {
      return Listing.refused(tooBig);
    }
    byte[] bytes;
    try {
      ContentDecoder.Decoded decoded = ContentDecoder.decode(body, contentEncoding, maxBytes);
      if (decoded.bytes() == null) {
        return Listing.refused("content encoding " + contentEncoding + " not decoded");
      }
      if (decoded.truncated()) {
        return Listing.refused("gzip bomb: its Content-Encoding expands past " + maxBytes + " bytes (trawl.sitemaps.max-bytes): refused");
      }
      bytes = decoded.bytes();
      if (bytes.length > 1 && (bytes[0] & 0xff) == GZIP_MAGIC_1 && (bytes[1] & 0xff) == GZIP_MAGIC_2) {
        bytes = gunzip(bytes);
        if (bytes == null) {
          return Listing.refused("gzip bomb: expands past " + maxBytes + " bytes (trawl.sitemaps.max-bytes): refused");
        }
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      return Listing.refused("corrupt gzip: " + e.getMessage());
    }
    AbstractSiteMap sitemap;
    try {
      // Not strict: which URLs to follow is the crawl's scope to decide, not the sitemap's path.
      // Partial: a sitemap cut short still lists the URLs before the break, as Nutch and StormCrawler keep them.
      sitemap = new SiteMapParser(false, true).parseSiteMap(bytes, URI.create(url).toURL());
    } catch (UnknownFormatException e) {
      return Listing.refused("not a sitemap: " + e.getMessage());
    } catch (MalformedURLException | IllegalArgumentException e) {
      return Listing.refused("unusable sitemap URL: " + e.getMessage());
    }
    List<Listed> listed = new ArrayList<>();
    int total;
    if (sitemap instanceof SiteMapIndex index) {
      Collection<AbstractSiteMap> sitemaps = index.getSitemaps();
      total = sitemaps.size();
      for (AbstractSiteMap s : sitemaps) {
        if (listed.size() == maxUrls) {
          break;
        }
        listed.add(new Listed(s.getUrl().toString(), instant(s.getLastModified())));
      }
    } else {
      Collection<SiteMapURL> urls = ((SiteMap) sitemap).getSiteMapUrls();
      total = urls.size();
      for (SiteMapURL u : urls) {
        if (listed.size() == maxUrls) {
          break;
        }
        listed.add(new Listed(u.getUrl().toString(), instant(u.getLastModified())));
      }
    }
    String problem = total > listed.size()
        ? "lists " + total + " URLs; the first " + listed.size() + " kept (trawl.sitemaps.max-urls, the protocol's limit)" : null;
    return new Listing(sitemap.isIndex(), List.copyOf(listed), total, problem);
  }

  /** The uncompressed bytes, or null if they go on past the cap. */
  private byte[] gunzip(byte[] gzipped) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      return bytes.length > maxBytes ? null : bytes;
    }
  }

  private static Instant instant(Date d) {
    return d == null ? null : d.toInstant();
  }
}
