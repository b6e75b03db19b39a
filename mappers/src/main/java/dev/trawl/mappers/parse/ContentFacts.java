package dev.trawl.mappers.parse;

import dev.trawl.schema.ManifestRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hc.core5.http.ContentType;
import org.apache.tika.Tika;

/**
 * The manifest's content columns that Common Crawl's index found worth having: the media type the
 * bytes really are (a server's Content-Type is often wrong), the charset and the declared languages.
 */
public final class ContentFacts {
  // Tika's facade is thread-safe; with tika-core alone it detects by magic bytes and name patterns.
  private static final Tika TIKA = new Tika();

  private ContentFacts() {}

  /** Sets what the headers and the raw body tell: detected media type, header charset and languages. */
  public static void describe(ManifestRecord.Builder m, String contentType, String contentLanguage, byte[] body) {
    if (body.length > 0) {
      m.setContentMimeDetected(detect(body, m.getUrl()));
    }
    m.setContentCharset(charsetOf(contentType));
    m.setContentLanguages(join(contentLanguage == null ? new String[0] : contentLanguage.split(","), null));
  }

  /**
   * The media type the bytes are. A body that opens with the HTML5 doctype is text/html, which is
   * what Tika says of it too (a test holds the two to the same answer): saying so without Tika's
   * pass over its 1,500 magic patterns saves most of a page's CPU time on a fast network.
   */
  static String detect(byte[] body, String url) {
    return html5(body) ? "text/html" : TIKA.detect(body, fileName(url));
  }

  /** The doctype as pages spell it, and as Tika's own magic for text/html knows it (mixed cases it does not). */
  private static final List<byte[]> DOCTYPES = Stream.of("<!DOCTYPE html", "<!doctype html", "<!DOCTYPE HTML")
      .map(d -> d.getBytes(StandardCharsets.US_ASCII)).toList();

  /** Opens (after a UTF-8 byte-order mark and white space) with the HTML5 doctype, {@code <!DOCTYPE html>}. */
  private static boolean html5(byte[] body) {
    int i = body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf ? 3 : 0;
    i = skipSpace(body, i);
    for (byte[] doctype : DOCTYPES) {
      if (Arrays.equals(body, i, Math.min(body.length, i + doctype.length), doctype, 0, doctype.length)) {
        int j = skipSpace(body, i + doctype.length);
        return j < body.length && body[j] == '>';
      }
    }
    return false;
  }

  private static int skipSpace(byte[] body, int i) {
    while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
      i++;
    }
    return i;
  }

  /** Adds what the parsed page declares: the charset it was read with, its html lang. */
  public static void describe(ManifestRecord.Builder m, ParsedPage page) {
    if (m.getContentCharset() == null) {
      m.setContentCharset(page.charset());
    }
    String header = m.getContentLanguages();
    m.setContentLanguages(join(header == null ? new String[0] : header.split(","), page.languages().toArray(new String[0])));
  }

  private static String join(String[] first, String[] more) {
    Set<String> langs = new LinkedHashSet<>();
    for (String[] tags : new String[][] {first, more == null ? new String[0] : more}) {
      for (String tag : tags) {
        if (!tag.isBlank()) {
          langs.add(tag.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return langs.isEmpty() ? null : String.join(",", langs);
  }

  /** The charset a Content-Type header names, or null (none, or a name Java does not know). */
  public static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    try {
      ContentType t = ContentType.parse(contentType);
      return t.getCharset() == null ? null : t.getCharset().name();
    } catch (RuntimeException e) {
      // An unknown or malformed charset name is the server's mistake, not a reason to lose the page.
      return null;
    }
  }

  /** The last path segment: Tika's name patterns (.pdf, .json) refine what the magic bytes say. */
  private static String fileName(String url) {
    String path = url.replaceFirst("^[a-z]+://[^/]*", "").replaceFirst("[?#].*$", "");
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
