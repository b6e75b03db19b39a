package dev.trawl.mappers.parse;

import dev.trawl.schema.ManifestRecord;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
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
      m.setContentMimeDetected(TIKA.detect(body, fileName(m.getUrl())));
    }
    m.setContentCharset(headerCharset(contentType));
    m.setContentLanguages(join(contentLanguage == null ? new String[0] : contentLanguage.split(","), null));
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

  private static String headerCharset(String contentType) {
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
