package dev.trawl.mappers.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.tika.Tika;
import org.junit.jupiter.api.Test;

class ContentFactsTest {
  private static ManifestRecord.Builder record(String url) {
    return ManifestRecord.newBuilder().setUrl(url).setHost("example.org").setDepth(0).setFetchTime(0).setStatus(FetchStatus.fetched);
  }

  @Test
  void theDetectedTypeComesFromTheBytesNotTheHeader() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    ManifestRecord.Builder m = record("http://example.org/logo");
    ContentFacts.describe(m, "text/html; charset=utf-8", null, png);
    assertEquals("image/png", m.getContentMimeDetected());
    assertEquals("UTF-8", m.getContentCharset(), "the header's charset is recorded as sent");

    ManifestRecord.Builder pdf = record("http://example.org/report.pdf");
    ContentFacts.describe(pdf, "application/octet-stream", null, "%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII));
    assertEquals("application/pdf", pdf.getContentMimeDetected());
  }

  @Test
  void languagesJoinTheHeaderAndWhatThePageDeclares() throws Exception {
    byte[] html = "<html lang=\"de\"><head><meta charset=\"windows-1252\"></head><body>x</body></html>".getBytes(StandardCharsets.US_ASCII);
    ManifestRecord.Builder m = record("http://example.org/");
    ContentFacts.describe(m, "text/html", "en, DE", html);
    assertEquals("text/html", m.getContentMimeDetected());
    assertNull(m.getContentCharset(), "no charset in the header");
    ContentFacts.describe(m, new PageParser(100).parse(html, null, "http://example.org/"));
    assertEquals("en,de", m.getContentLanguages());
    assertEquals("windows-1252", m.getContentCharset());
  }

  @Test
  void anEmptyBodyHasNoDetectedTypeAndABadCharsetIsNotAnError() {
    ManifestRecord.Builder m = record("http://example.org/");
    ContentFacts.describe(m, "text/html; charset=no-such-charset", null, new byte[0]);
    assertNull(m.getContentMimeDetected());
    assertNull(m.getContentCharset());
    assertNull(m.getContentLanguages());
  }

  @Test
  void theHtml5ShortcutGivesTikasOwnAnswer() {
    Tika tika = new Tika();
    String page = "<html><head><title>t</title></head><body><p>text</p></body></html>";
    for (String body : List.of("<!DOCTYPE html>" + page, "<!doctype html>\n" + page, "\uFEFF<!DOCTYPE html>" + page,
        "  \r\n<!DOCTYPE HTML >" + page, "<!doctype html>", "<!DOCTYPE html>\nplain words")) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertEquals(tika.detect(bytes, "index.html"), ContentFacts.detect(bytes, "http://example.org/index.html"), body);
      assertEquals(tika.detect(bytes, ""), ContentFacts.detect(bytes, "http://example.org/"), body);
    }
    // Not the doctype alone: Tika decides, as before.
    for (String body : List.of("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">" + page,
        "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"></html>", "{\"json\": true}", "<!doctype htm", "<!DoCtYpE html>")) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertEquals(tika.detect(bytes, ""), ContentFacts.detect(bytes, "http://example.org/"), body);
    }
  }
}
