package dev.trawl.mappers.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageParserTest {
  private static final String BASE = "http://example.org/dir/page.html";
  private final PageParser parser = new PageParser(10_000);

  private ParsedPage parse(String html) throws Exception {
    return parser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", BASE);
  }

  private static String page(String head, String body) {
    return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
  }

  @Test
  void linksAreMadeAbsoluteAgainstThePageUrl() throws Exception {
    ParsedPage p = parse(page("", """
        <a href="other.html">relative</a>
        <a href="/root">root-relative</a>
        <a href="../up">parent</a>
        <a href="//cdn.example.net/x">protocol-relative</a>
        <a href="https://secure.example.org/s?q=1">absolute</a>
        <a href="HTTP://Upper.Example.org/">upper-case scheme</a>
        """));
    assertEquals(List.of(
        "http://example.org/dir/other.html",
        "http://example.org/root",
        "http://example.org/up",
        "http://cdn.example.net/x",
        "https://secure.example.org/s?q=1",
        "http://Upper.Example.org/"), p.links());
    assertEquals(6, p.linkCount());
    assertFalse(p.capped());
  }

  @Test
  void fragmentsAreDroppedAndTheSameLinkIsKeptOnce() throws Exception {
    ParsedPage p = parse(page("", """
        <a href="/a#top">a</a><a href="/a#bottom">a again</a><a href="/a">a once more</a>
        <a href="#section-2">this page</a><a href="/b">b</a>
        """));
    assertEquals(List.of("http://example.org/a", "http://example.org/dir/page.html", "http://example.org/b"), p.links());
    assertEquals(3, p.linkCount());
  }

  @Test
  void nonHttpLinksAreIgnored() throws Exception {
    ParsedPage p = parse(page("", """
        <a href="mailto:someone@example.org">mail</a>
        <a href="javascript:void(0)">script</a>
        <a href="tel:+123">phone</a>
        <a href="ftp://files.example.org/f">ftp</a>
        <a href="data:text/plain,hi">data</a>
        <a>no href</a>
        <a href="/kept">kept</a>
        """));
    assertEquals(List.of("http://example.org/kept"), p.links());
    assertEquals(1, p.linkCount(), "only http(s) links count");
  }

  @Test
  void baseHrefIsHonoured() throws Exception {
    ParsedPage p = parse(page("<base href=\"https://mirror.example.com/docs/\">", "<a href=\"guide.html\">g</a><a href=\"/top\">t</a>"));
    assertEquals(List.of("https://mirror.example.com/docs/guide.html", "https://mirror.example.com/top"), p.links());
  }

  @Test
  void framesAndImageMapsAreLinksToo() throws Exception {
    ParsedPage p = parse(page("", """
        <iframe src="/embedded"></iframe>
        <map name="m"><area href="/area" shape="rect" coords="0,0,1,1"></map>
        <img src="/image.png">
        """));
    assertEquals(List.of("http://example.org/embedded", "http://example.org/area"), p.links(), "images are not pages to crawl");
  }

  @Test
  void theCapKeepsTheFirstLinksAndCountsAll() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 25; i++) {
      body.append("<a href=\"/p/").append(i).append("\">").append(i).append("</a>");
      body.append("<a href=\"/p/").append(i).append("#dup\">dup</a>");
    }
    ParsedPage p = new PageParser(10).parse(page("", body.toString()).getBytes(StandardCharsets.UTF_8), "UTF-8", BASE);
    assertEquals(10, p.links().size());
    assertEquals("http://example.org/p/0", p.links().get(0));
    assertEquals("http://example.org/p/9", p.links().get(9));
    assertEquals(25, p.linkCount(), "distinct links before the cap");
    assertTrue(p.capped());
  }

  @Test
  void titleWhitespaceIsNormalisedAndABlankTitleIsAbsent() throws Exception {
    assertEquals("A page", parse(page("<title>\n  A  page \n</title>", "")).title());
    assertNull(parse(page("<title>   </title>", "")).title());
    assertNull(parse(page("", "<h1>no title</h1>")).title());
  }

  @Test
  void theCharsetDeclaredInThePageIsUsedWhenTheServerGaveNone() throws Exception {
    byte[] latin1 = page("<meta charset=\"iso-8859-1\"><title>Caf\u00e9 cr\u00e8me</title>", "")
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals("Caf\u00e9 cr\u00e8me", parser.parse(latin1, null, BASE).title());
  }

  @Test
  void publishedDateComesFromMetadataFirst() throws Exception {
    ParsedPage p = parse(page("""
        <meta property="article:published_time" content="2021-06-01T12:00:00Z">
        <script type="application/ld+json">{"datePublished": "2019-01-01"}</script>
        """, "<time datetime=\"2018-01-01\">then</time>"));
    assertEquals(Instant.parse("2021-06-01T12:00:00Z"), p.published());
  }

  @Test
  void publishedDateFromOtherMetaNames() throws Exception {
    assertEquals(Instant.parse("2020-02-03T00:00:00Z"),
        parse(page("<meta itemprop=\"datePublished\" content=\"2020-02-03\">", "")).published());
    assertEquals(Instant.parse("2020-02-04T00:00:00Z"),
        parse(page("<meta name=\"date\" content=\"2020-02-04\">", "")).published());
    assertEquals(Instant.parse("2020-02-05T08:00:00Z"),
        parse(page("<meta property=\"og:updated_time\" content=\"2020-02-05T10:00:00+02:00\">", "")).published());
  }

  @Test
  void publishedDateFromJsonLdWhenNoMetaTag() throws Exception {
    ParsedPage p = parse(page("""
        <meta name="date" content="sometime last week">
        <script type="application/ld+json">
          {"@context": "https://schema.org", "@type": "NewsArticle",
           "headline": "x", "datePublished" : "2022-07-08T09:10:11+00:00"}
        </script>
        """, "<time datetime=\"2018-01-01\">then</time>"));
    assertEquals(Instant.parse("2022-07-08T09:10:11Z"), p.published(), "an unreadable meta date is skipped");
  }

  @Test
  void publishedDateFromATimeElementAsALastResortTheArticlesFirst() throws Exception {
    ParsedPage p = parse(page("", """
        <header><time datetime="2030-01-01">today's date in the site header</time></header>
        <article><h1>news</h1><time datetime="2023-11-12T13:14:15Z">Nov 12</time></article>
        """));
    assertEquals(Instant.parse("2023-11-12T13:14:15Z"), p.published(), "the article's time wins over the header's");
    assertEquals(Instant.parse("2023-11-13T00:00:00Z"), parse(page("", """
        <nav><time datetime="2030-01-01">today</time></nav><main><time datetime="2023-11-13">then</time></main>
        """)).published());
    assertEquals(Instant.parse("2023-11-14T00:00:00Z"), parse(page("", """
        <p>Posted <time datetime="2023-11-14">a day</time> ago</p>
        """)).published(), "any time element, as a last resort");
  }

  @Test
  void noDateMeansNull() throws Exception {
    assertNull(parse(page("<title>t</title>", "<time>no datetime attribute</time>")).published());
  }

  @Test
  void metaRobotsNofollowIsReported() throws Exception {
    String links = "<a href=\"/x\">x</a>";
    assertTrue(parse(page("<meta name=\"robots\" content=\"noindex, NOFOLLOW\">", links)).noFollow());
    assertTrue(parse(page("<meta name=\"robots\" content=\"none\">", links)).noFollow());
    assertFalse(parse(page("<meta name=\"robots\" content=\"noindex\">", links)).noFollow());
    assertFalse(parse(page("", links)).noFollow());
    assertEquals(List.of("http://example.org/x"),
        parse(page("<meta name=\"robots\" content=\"nofollow\">", links)).links(), "the links are still reported, for counting");
  }

  @Test
  void onlyHtmlContentTypesAreParsed() {
    assertTrue(PageParser.parses("text/html"));
    assertTrue(PageParser.parses("Text/HTML; charset=utf-8"));
    assertTrue(PageParser.parses("application/xhtml+xml"));
    assertFalse(PageParser.parses("text/plain"));
    assertFalse(PageParser.parses("application/pdf"));
    assertFalse(PageParser.parses(null));
  }

  @Test
  void theDeclaredLanguagesAndTheCharsetUsedAreReported() throws Exception {
    ParsedPage p = parser.parse("<html lang=\"en-GB\"><head><meta charset=\"iso-8859-1\"><meta http-equiv=\"content-language\" content=\"en-GB, cy\"></head><body>caf\u00e9</body></html>"
        .getBytes(StandardCharsets.ISO_8859_1), null, BASE);
    assertEquals(List.of("en-gb", "cy"), p.languages());
    assertEquals("ISO-8859-1", p.charset());
    assertEquals(List.of(), parse(page("", "no declaration")).languages());
  }
}
