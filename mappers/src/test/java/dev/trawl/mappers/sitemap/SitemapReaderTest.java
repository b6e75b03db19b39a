package dev.trawl.mappers.sitemap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Each sitemap form the field publishes, read through crawler-commons within the protocol's caps. */
class SitemapReaderTest {
  private static final String BASE = "http://127.0.0.2:8080";
  private final SitemapReader reader = new SitemapReader(50_000, 1 << 20);

  private SitemapReader.Listing read(String url, byte[] body, String encoding) throws IOException {
    return reader.read(url, new ByteArrayInputStream(body), encoding, false);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static List<String> urls(SitemapReader.Listing l) {
    return l.listed().stream().map(SitemapReader.Listed::url).toList();
  }

  @Test
  void anXmlSitemapGivesEachUrlItsLastmod() throws Exception {
    SitemapReader.Listing l = read(BASE + "/sitemap.xml", utf8("""
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <url><loc>%1$s/a</loc><lastmod>2010-03-01</lastmod></url>
          <url><loc>%1$s/b</loc></url>
        </urlset>""".formatted(BASE)), null);
    assertEquals(List.of(BASE + "/a", BASE + "/b"), urls(l));
    assertEquals(Instant.parse("2010-03-01T00:00:00Z"), l.listed().get(0).lastmod());
    assertNull(l.listed().get(1).lastmod());
    assertNull(l.problem());
    assertTrue(!l.index());
  }

  @Test
  void anIndexListsItsSitemaps() throws Exception {
    SitemapReader.Listing l = read(BASE + "/index.xml", utf8("""
        <?xml version="1.0" encoding="UTF-8"?>
        <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>%1$s/s1.xml.gz</loc><lastmod>2011-01-01T00:00:00Z</lastmod></sitemap>
          <sitemap><loc>%1$s/s2.txt</loc></sitemap>
        </sitemapindex>""".formatted(BASE)), null);
    assertTrue(l.index());
    assertEquals(List.of(BASE + "/s1.xml.gz", BASE + "/s2.txt"), urls(l));
  }

  @Test
  void plainTextGzipFilesAndGzipTransferAllRead() throws Exception {
    byte[] text = utf8(BASE + "/one\n" + BASE + "/two\n");
    assertEquals(List.of(BASE + "/one", BASE + "/two"), urls(read(BASE + "/sitemap.txt", text, null)));
    assertEquals(List.of(BASE + "/one", BASE + "/two"), urls(read(BASE + "/sitemap.txt.gz", gzip(text), null)));
    // A .gz file sent with Content-Encoding: gzip as well: two layers, both undone.
    assertEquals(List.of(BASE + "/one", BASE + "/two"), urls(read(BASE + "/sitemap.txt.gz", gzip(gzip(text)), "gzip")));
  }

  @Test
  void rssAndAtomFeedsGiveTheirItemsAndDates() throws Exception {
    SitemapReader.Listing rss = read(BASE + "/feed.rss", utf8("""
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>t</title><link>%1$s/</link><description>d</description>
          <item><title>p</title><link>%1$s/post/1</link><pubDate>Tue, 01 Mar 2011 10:00:00 GMT</pubDate></item>
        </channel></rss>""".formatted(BASE)), null);
    assertEquals(List.of(BASE + "/post/1"), urls(rss));
    assertEquals(Instant.parse("2011-03-01T10:00:00Z"), rss.listed().get(0).lastmod());
    SitemapReader.Listing atom = read(BASE + "/feed.atom", utf8("""
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2012-01-01T00:00:00Z</updated>
          <entry><title>p</title><id>urn:p</id><link href="%1$s/post/2"/><updated>2012-01-01T00:00:00Z</updated></entry>
        </feed>""".formatted(BASE)), null);
    assertEquals(List.of(BASE + "/post/2"), urls(atom));
    assertEquals(Instant.parse("2012-01-01T00:00:00Z"), atom.listed().get(0).lastmod());
  }

  @Test
  void moreThanTheCapKeepsTheFirstOnesAndSaysSo() throws Exception {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
    for (int i = 0; i < 60_000; i++) {
      b.append("<url><loc>").append(BASE).append("/p/").append(i).append("</loc></url>");
    }
    SitemapReader.Listing l = new SitemapReader(50_000, 50 << 20).read(BASE + "/big.xml",
        new ByteArrayInputStream(utf8(b.append("</urlset>").toString())), null, false);
    assertEquals(60_000, l.total());
    assertEquals(50_000, l.listed().size());
    assertEquals(BASE + "/p/0", l.listed().get(0).url());
    assertTrue(l.problem().contains("first 50000 kept"), l.problem());
  }

  @Test
  void gzipBombsAreRefusedWhicheverLayerTheyHideIn() throws Exception {
    byte[] bomb = gzip(new byte[(1 << 20) + 1]);
    assertTrue(bomb.length < 10_000, "a bomb is small: " + bomb.length);
    SitemapReader.Listing file = read(BASE + "/bomb.xml.gz", bomb, null);
    assertTrue(file.listed().isEmpty() && file.problem().startsWith("gzip bomb"), file.problem());
    SitemapReader.Listing transfer = read(BASE + "/bomb.xml", bomb, "gzip");
    assertTrue(transfer.listed().isEmpty() && transfer.problem().startsWith("gzip bomb"), transfer.problem());
  }

  @Test
  void aBodyCutAtTheByteCapOrAnHtmlPageIsRefused() throws Exception {
    SitemapReader.Listing cut = reader.read(BASE + "/huge.xml", new ByteArrayInputStream(new byte[0]), null, true);
    assertTrue(cut.problem().contains("trawl.sitemaps.max-bytes"), cut.problem());
    SitemapReader.Listing html = read(BASE + "/sitemap.xml", utf8("<!DOCTYPE html><html><body>Not found</body></html>"), null);
    assertTrue(html.listed().isEmpty() && html.problem().startsWith("not a sitemap"), html.problem());
  }
}
