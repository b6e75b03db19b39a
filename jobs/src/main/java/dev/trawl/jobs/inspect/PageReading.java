package dev.trawl.jobs.inspect;

import dev.trawl.mappers.parse.ContentDates;
import dev.trawl.mappers.parse.ContentFacts;
import dev.trawl.mappers.parse.ContentDecoder;
import dev.trawl.mappers.parse.PageParser;
import dev.trawl.mappers.parse.ParsedPage;
import dev.trawl.mappers.scope.DateWindow;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * A page read as the fetch task reads it: the body decoded of its Content-Encoding up to the cap,
 * parsed by {@link PageParser}, its content date the page's own, else Last-Modified.
 */
record PageReading(ParsedPage page, Instant contentDate, String dateFrom, boolean decodedTruncated, String problem) {

  /**
   * @param contentType the Content-Type header, or null for a local file (read as HTML)
   * @return a reading whose {@code problem} says why the page could not be parsed, if it could not
   */
  static PageReading of(TrawlSettings settings, String contentType, String contentEncoding, String lastModified,
                        InputStream body, String url) throws IOException {
    Instant modified = ContentDates.parse(lastModified);
    if (contentType != null && !PageParser.parses(contentType)) {
      return new PageReading(null, modified, modified == null ? null : "Last-Modified header", false,
          "not HTML (" + contentType + "): trawl reads links and dates from text/html and application/xhtml+xml only");
    }
    ContentDecoder.Decoded decoded = ContentDecoder.decode(body, contentEncoding, settings.maxDecodedBytes());
    if (decoded.bytes() == null) {
      return new PageReading(null, modified, null, false, "content encoding " + contentEncoding + " not decoded; links not followed");
    }
    ParsedPage page = new PageParser(settings.maxOutlinks()).parse(decoded.bytes(), ContentFacts.charsetOf(contentType), url);
    if (page.published() != null) {
      return new PageReading(page, page.published(), page.publishedFrom(), decoded.truncated(), null);
    }
    return new PageReading(page, modified, modified == null ? null : "Last-Modified header", decoded.truncated(), null);
  }

  /** Why the content date puts the page out of bounds, or null if it is within them: the fetch task's rule. */
  String outsideDateWindow(TrawlSettings settings) {
    return DateWindow.outside(settings, contentDate);
  }
}
