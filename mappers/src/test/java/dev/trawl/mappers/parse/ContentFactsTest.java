package dev.trawl.mappers.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.nio.charset.StandardCharsets;
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
}
