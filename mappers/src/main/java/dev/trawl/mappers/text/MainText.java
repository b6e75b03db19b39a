package dev.trawl.mappers.text;

import java.util.Set;
import java.util.regex.Pattern;
import net.dankito.readability4j.Article;
import net.dankito.readability4j.Readability4J;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * A page's main text, its navigation, footers, cookie notes and sidebars left out: Mozilla
 * Readability's algorithm (Readability4J) over the jsoup Document the parser already has. Chosen
 * over boilerpipe on real pages (docs/text-and-indexes.md): boilerpipe kept cookie notes and
 * "Next / Up" navigation, and lost most of an API reference page. The text keeps its blocks apart,
 * a line each, as Common Crawl's WET files do. A page that is mostly links (an index) has none.
 */
public final class MainText {
  private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "header", "footer", "li", "ul", "ol",
      "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "tr", "br", "hr", "figcaption", "td", "th");

  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
  /** More of the text than this in links, and it is a list of links (an index page), not a text. */
  static final double MAX_LINK_SHARE = 0.5;
  /**
   * Larger pages get no text: Readability's work and garbage grow with the page (an 8.4 MB page took
   * seconds and 1.6 GB of allocations, peaking near 300 MB of heap), and parse slots run one per core.
   */
  public static final int MAX_HTML_BYTES = 2 << 20;
  private static final String CONSENT_NOTICES = "[id~=(?i)cookie|consent|gdpr], [class~=(?i)cookie|consent|gdpr]";

  private MainText() {}

  /**
   * The main text, or null if the page has none Readability finds. Readability changes the
   * document as it reads it: call this last.
   */
  public static String of(Document doc, String url) {
    // Readability drops a cookie notice from a long page as an unlikely candidate, but a page too short
    // for its first pass is read again with nothing dropped, and the notice comes back: drop it first.
    doc.select(CONSENT_NOTICES).remove();
    Article article = new Readability4J(url, doc).parse();
    Element content = article.getArticleContent();
    if (content == null || linkText(content) > MAX_LINK_SHARE * content.text().length()) {
      // An index page: what Readability returns of it is its list of links, which is no text.
      return null;
    }
    StringBuilder text = new StringBuilder();
    NodeTraversor.traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode t) {
          // As a browser renders it: runs of white space one space, none at the start of a line.
          String s = WHITE_SPACE.matcher(t.getWholeText()).replaceAll(" ");
          if (text.isEmpty() || text.charAt(text.length() - 1) == '\n' || text.charAt(text.length() - 1) == ' ') {
            s = s.stripLeading();
          }
          text.append(s);
        } else if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          newLine(text);
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
          newLine(text);
        }
      }
    }, content);
    String result = text.toString().strip();
    return result.isEmpty() ? null : result;
  }

  private static int linkText(Element content) {
    int chars = 0;
    for (Element a : content.select("a")) {
      chars += a.text().length();
    }
    return chars;
  }

  private static void newLine(StringBuilder text) {
    while (!text.isEmpty() && text.charAt(text.length() - 1) == ' ') {
      text.setLength(text.length() - 1);
    }
    if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
  }
}
