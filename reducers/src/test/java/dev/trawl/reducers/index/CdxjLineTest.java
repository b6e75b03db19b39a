package dev.trawl.reducers.index;

import static dev.trawl.reducers.TestRecords.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.reducers.manifest.UrlColumns;
import dev.trawl.schema.ManifestRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The line of a manifest record; that they equal jwarc's own for the same WARC files is checked on a crawl (jobs-test). */
class CdxjLineTest {
  @Test
  void surtKeysAreJwarcs() {
    assertEquals("org,example)/a/b?x=1&y=2", UrlColumns.surt("http://www.Example.org:80/a/b?y=2&x=1"));
  }

  @Test
  void aCaptureAndARevisit() {
    ManifestRecord page = ok("http://www.example.org/a/b?q=%221%22", 0);
    page.setFetchTime(Instant.parse("2026-12-04T05:06:07.890Z").toEpochMilli());
    page.setContentType("text/html; charset=ISO-8859-1");
    page.setHttpStatus(200);
    page.setDigest("sha1:AAAA");
    page.setWarcFile("warc/round=0002/fetch-00001.warc.gz");
    page.setWarcOffset(1234L);
    page.setWarcLength(567L);

    assertEquals(UrlColumns.surt(page.getUrl()) + " 20261204050607 {\"url\": \"http://www.example.org/a/b?q=%221%22\", \"mime\": \"text/html\","
        + " \"status\": \"200\", \"digest\": \"sha1:AAAA\", \"length\": \"567\", \"offset\": \"1234\", \"filename\": \"warc/round=0002/fetch-00001.warc.gz\"}",
        CdxjLine.of(UrlColumns.fill(page)));

    page.setHttpStatus(304);
    page.setRefersToDate(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    page.setDigest(null);
    assertEquals("{\"url\": \"http://www.example.org/a/b?q=%221%22\", \"mime\": \"warc/revisit\", \"status\": \"304\", \"digest\": \"-\"",
        CdxjLine.of(UrlColumns.fill(page)).replaceAll("^[^{]*", "").replaceAll(", \"length.*", ""));

    page.setWarcFile(null);
    assertNull(CdxjLine.of(page), "a failure without a WARC record has no line");
  }
}
