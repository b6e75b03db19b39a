package dev.trawl.mappers.parse;

import java.time.Instant;
import java.util.List;

/**
 * What a page tells the crawler.
 *
 * @param links distinct absolute http(s) URLs as written (not yet normalised), at most the cap
 * @param linkCount distinct http(s) links on the page before the cap
 * @param published the content date the page declares, or null
 * @param noFollow the page asked robots not to follow its links
 * @param charset the charset the page was decoded with (the header's, else its meta tag or BOM)
 * @param languages the languages the page declares (html lang, meta content-language), lower-case;
 *     empty if none
 * @param publishedFrom where {@code published} was read: the element's selector, or null if undated
 * @param mainText the page's main text (boilerplate removed) if asked for and found, else null
 */
public record ParsedPage(String title, List<String> links, int linkCount, Instant published, boolean noFollow,
                         String charset, List<String> languages, String publishedFrom, String mainText) {
  public boolean capped() {
    return linkCount > links.size();
  }
}
