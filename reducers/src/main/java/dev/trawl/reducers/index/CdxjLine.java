package dev.trawl.reducers.index;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.trawl.reducers.manifest.UrlColumns;
import dev.trawl.schema.ManifestRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.netpreserve.jwarc.MediaType;

/**
 * One WARC record's line of a CDXJ index (a capture's, or its text's), made from its manifest record: the SURT key, the 14-digit
 * capture time, then the JSON block pywb reads, with the fields and in the form jwarc's own
 * {@code cdx --format CDXJ} writes them. The filename is the WARC file's path from the crawl root
 * (jwarc writes the bare name; a crawl has one fetch-00000.warc.gz per round), so a replay tool
 * given the crawl root as its archive path finds every round's files.
 */
public final class CdxjLine {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  /** The media type pywb and jwarc give a revisit record. */
  static final String REVISIT_MIME = "warc/revisit";
  /** A WET record's media type: its text is UTF-8 plain text. */
  static final String TEXT_MIME = "text/plain";

  private CdxjLine() {}

  /** The line of the record the manifest points at, or null if it points at none. */
  public static String of(ManifestRecord m) {
    if (m.getWarcFile() == null || m.getWarcOffset() == null || m.getWarcLength() == null) {
      return null;
    }
    // A revisit record (not modified, or an identical body) repeats an earlier capture.
    boolean revisit = m.getRefersToDate() != null;
    StringBuilder b = key(m);
    field(b, "url", m.getUrl());
    field(b, "mime", revisit ? REVISIT_MIME : mime(m.getContentType()));
    field(b, "status", m.getHttpStatus() == null ? "-" : m.getHttpStatus().toString());
    field(b, "digest", m.getDigest() == null ? "-" : m.getDigest());
    field(b, "length", m.getWarcLength().toString());
    field(b, "offset", m.getWarcOffset().toString());
    field(b, "filename", m.getWarcFile());
    return b.append('}').toString();
  }

  /**
   * The line of the record's text, its WET conversion record, or null if it has none: as jwarc writes
   * a conversion record's (no status, no digest), at the capture's time.
   */
  public static String ofText(ManifestRecord m) {
    if (m.getWetFile() == null || m.getWetOffset() == null || m.getWetLength() == null) {
      return null;
    }
    StringBuilder b = key(m);
    field(b, "url", m.getUrl());
    field(b, "mime", TEXT_MIME);
    field(b, "length", m.getWetLength().toString());
    field(b, "offset", m.getWetOffset().toString());
    field(b, "filename", m.getWetFile());
    return b.append('}').toString();
  }

  /** The SURT key and the 14-digit time, and the JSON block opened. */
  private static StringBuilder key(ManifestRecord m) {
    String surt = m.getUrlSurtkey() != null ? m.getUrlSurtkey() : UrlColumns.surt(m.getUrl());
    return new StringBuilder(256).append(surt == null ? m.getUrl() : surt).append(' ')
        .append(TIMESTAMP.format(Instant.ofEpochMilli(m.getFetchTime()))).append(" {");
  }

  /** The Content-Type's type/subtype as jwarc reads it from the HTTP header. */
  private static String mime(String contentType) {
    return (contentType == null ? MediaType.OCTET_STREAM : MediaType.parseLeniently(contentType)).base().toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    if (b.charAt(b.length() - 1) != '{') {
      b.append(", ");
    }
    b.append('"').append(name).append("\": \"");
    JsonStringEncoder.getInstance().quoteAsString(value, b);
    b.append('"');
  }
}
