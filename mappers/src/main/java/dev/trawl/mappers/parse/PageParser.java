package dev.trawl.mappers.parse;

import dev.trawl.mappers.text.MainText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Reads an HTML page with jsoup: its title, its outlinks, the date it declares for its content and,
 * if asked, its main text.
 * Every link is kept up to a high cap (a low default cap silently loses much of a site).
 */
public final class PageParser {
  /** Where pages declare their content date, most specific first. */
  private static final String[] DATE_META = {
      "meta[property=article:published_time]", "meta[itemprop=datePublished]", "meta[name=date]",
      "meta[name=dc.date]", "meta[name=DC.date.issued]", "meta[property=og:published_time]",
      "meta[property=article:modified_time]", "meta[property=og:updated_time]"};
  private static final String[] TIME_ELEMENTS = {"article time[datetime]", "main time[datetime]", "time[datetime]"};
  private static final Pattern JSON_LD_DATE = Pattern.compile("\"datePublished\"\\s*:\\s*\"([^\"]+)\"");

  private final int maxLinks;

  public PageParser(int maxLinks) {
    this.maxLinks = maxLinks;
  }

  /** True if the content type is one this parser reads. */
  public static boolean parses(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.toLowerCase(Locale.ROOT);
    return t.startsWith("text/html") || t.startsWith("application/xhtml+xml");
  }

  /**
   * @param charset the charset from the Content-Type header, or null to let jsoup detect it from the
   *     byte-order mark or the page's meta tag
   */
  public ParsedPage parse(byte[] body, String charset, String baseUrl) throws IOException {
    return parse(body, charset, baseUrl, false);
  }

  /** @param mainText whether to find the page's main text too ({@link MainText}: the costlier part) */
  public ParsedPage parse(byte[] body, String charset, String baseUrl, boolean mainText) throws IOException {
    Document doc = Jsoup.parse(new ByteArrayInputStream(body), charset, baseUrl);
    String robots = doc.select("meta[name=robots]").attr("content").toLowerCase(Locale.ROOT);
    boolean noFollow = robots.contains("nofollow") || robots.contains("none");
    Set<String> links = new LinkedHashSet<>();
    for (Element e : doc.select("a[href], area[href], frame[src], iframe[src]")) {
      String abs = e.absUrl(e.hasAttr("href") ? "href" : "src");
      if (!(abs.startsWith("http://") || abs.startsWith("https://"))) {
        continue;
      }
      int hash = abs.indexOf('#');
      String link = hash >= 0 ? abs.substring(0, hash) : abs;
      links.add(link);
    }
    String title = doc.title().isBlank() ? null : doc.title().strip();
    List<String> kept = links.stream().limit(maxLinks).toList();
    Dated dated = published(doc);
    List<String> declared = languages(doc);
    String decodedWith = doc.charset().name();
    // Last: Readability takes the document apart as it reads it.
    String text = mainText ? MainText.of(doc, baseUrl) : null;
    return new ParsedPage(title, kept, links.size(), dated.at(), noFollow, decodedWith, declared, dated.from(), text);
  }

  /** The languages a page declares for itself; cheap, unlike detecting them from the text. */
  private static List<String> languages(Document doc) {
    Set<String> langs = new LinkedHashSet<>();
    for (String declared : List.of(doc.select("html[lang]").attr("lang"),
        doc.select("meta[http-equiv=content-language]").attr("content"))) {
      for (String tag : declared.split(",")) {
        if (!tag.isBlank()) {
          langs.add(tag.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return List.copyOf(langs);
  }

  /** A content date and the element it was read from (what `trawl parse` shows a user). */
  private record Dated(Instant at, String from) {}

  private static Dated published(Document doc) {
    for (String selector : DATE_META) {
      Instant t = ContentDates.parse(doc.select(selector).attr("content"));
      if (t != null) {
        return new Dated(t, selector);
      }
    }
    for (Element script : doc.select("script[type=application/ld+json]")) {
      Matcher m = JSON_LD_DATE.matcher(script.data());
      if (m.find()) {
        Instant t = ContentDates.parse(m.group(1));
        if (t != null) {
          return new Dated(t, "script[type=application/ld+json] datePublished");
        }
      }
    }
    // One selector at a time: a selector list matches in document order, so a date in the page
    // header would win over the article's own.
    for (String selector : TIME_ELEMENTS) {
      Element time = doc.selectFirst(selector);
      Instant t = time == null ? null : ContentDates.parse(time.attr("datetime"));
      if (t != null) {
        return new Dated(t, selector);
      }
    }
    return new Dated(null, null);
  }
}
