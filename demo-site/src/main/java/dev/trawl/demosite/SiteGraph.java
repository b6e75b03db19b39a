package dev.trawl.demosite;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The site's content and link graph, generated from a seed. Pages are {@code /} and
 * {@code /page/N}; {@code /private/N} is disallowed by robots.txt; {@code /old/N} redirects to
 * {@code /page/N}; {@code /missing/N} is a 404. Links are written in the forms real pages use
 * (relative, absolute, with fragments, mailto:), and {@link #outlinks} gives them as a crawler
 * should resolve them.
 */
public final class SiteGraph {
  /** How big the site is and which seed draws its links. */
  public record Shape(int hosts, int pagesPerHost, long seed) {
    public Shape {
      if (hosts < 1 || hosts > 250 || pagesPerHost < 1) {
        throw new IllegalArgumentException("a site needs 1-250 hosts and at least one page per host");
      }
    }
  }

  /** What a URL is on this site. */
  public enum Kind { PAGE, PRIVATE, REDIRECT, MISSING, ROBOTS }

  /** An HTTP response the site sends. */
  public record Response(int status, String contentType, String body, String location, Instant lastModified) {}

  public static final String ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n";
  private static final Instant EPOCH = Instant.parse("2010-01-01T00:00:00Z");

  private final Shape shape;
  private final int port;

  SiteGraph(Shape shape, int port) {
    this.shape = shape;
    this.port = port;
  }

  static String hostName(int h) {
    return "127.0.0." + (h + 2);
  }

  public Shape shape() { return shape; }

  public int port() { return port; }

  /** The hosts' names, 127.0.0.2 first. */
  public List<String> hosts() {
    List<String> hosts = new ArrayList<>();
    for (int h = 0; h < shape.hosts(); h++) {
      hosts.add(hostName(h));
    }
    return hosts;
  }

  /** The absolute URL of {@code path} on host number {@code h}. */
  public String url(int h, String path) {
    return "http://" + hostName(h) + ":" + port + path;
  }

  /** The home page of every host. */
  public List<String> homePages() {
    List<String> homes = new ArrayList<>();
    for (int h = 0; h < shape.hosts(); h++) {
      homes.add(url(h, "/"));
    }
    return homes;
  }

  /** What the URL (absolute, normalised) is. */
  public Kind kind(String url) {
    String path = pathOf(url);
    if (path.equals("/robots.txt")) return Kind.ROBOTS;
    if (path.equals("/") || path.matches("/page/\\d+") && pageNumber(path) < shape.pagesPerHost()) return Kind.PAGE;
    if (path.matches("/private/\\d+")) return Kind.PRIVATE;
    if (path.matches("/old/\\d+") && pageNumber(path) < shape.pagesPerHost()) return Kind.REDIRECT;
    return Kind.MISSING;
  }

  /** True where robots.txt forbids crawling. */
  public boolean disallowed(String url) {
    return pathOf(url).startsWith("/private/");
  }

  /** The distinct http URLs a crawler finds by following {@code url}: a page's links, or a redirect's target. */
  public List<String> outlinks(String url) {
    int h = hostIndex(url);
    String path = pathOf(url);
    Set<String> links = new LinkedHashSet<>();
    switch (kind(url)) {
      case PAGE, PRIVATE -> {
        for (Link link : links(h, path)) {
          if (link.target() != null) links.add(link.target());
        }
      }
      case REDIRECT -> links.add(url(h, pagePath(pageNumber(path))));
      default -> { }
    }
    return new ArrayList<>(links);
  }

  /** The content date a page declares in its metadata. */
  public Instant published(String url) {
    int h = hostIndex(url);
    String path = pathOf(url);
    int n = path.equals("/") ? 0 : pageNumber(path);
    return EPOCH.plus((long) h * shape.pagesPerHost() + n, ChronoUnit.DAYS);
  }

  Response respond(String host, String pathAndQuery) {
    int h = hosts().indexOf(host);
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    String url = url(h, path);
    return switch (kind(url)) {
      case ROBOTS -> new Response(200, "text/plain", ROBOTS_TXT, null, null);
      case PAGE, PRIVATE -> new Response(200, "text/html; charset=utf-8", html(h, path), null,
          published(url).plus(1, ChronoUnit.DAYS));
      case REDIRECT -> new Response(301, "text/html", "", url(h, pagePath(pageNumber(path))), null);
      case MISSING -> new Response(404, "text/html", "<html><body>not found</body></html>", null, null);
    };
  }

  private String html(int h, String path) {
    String url = url(h, path);
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">")
        .append("<title>Host ").append(h).append(' ').append(path).append("</title>")
        .append("<meta property=\"article:published_time\" content=\"").append(published(url)).append("\">")
        .append("</head><body><h1>").append(path).append("</h1><ul>");
    for (Link link : links(h, path)) {
      b.append("<li><a href=\"").append(link.href()).append("\">link</a></li>");
    }
    return b.append("</ul><p>").append("Text of ").append(path).append(". ".repeat(20)).append("</p></body></html>").toString();
  }

  /** A link as written in the page ({@code href}) and as a crawler resolves it ({@code target}; null if not http). */
  private record Link(String href, String target) {}

  private List<Link> links(int h, String path) {
    int n = path.equals("/") ? 0 : pageNumber(path);
    Random r = new Random(shape.seed() * 1_000_003L + h * 10_007L + n + (path.startsWith("/private/") ? 500_009L : 0));
    int pages = shape.pagesPerHost();
    List<Link> links = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      String target = pagePath(r.nextInt(pages));
      String href = switch (k) {
        case 0 -> target;                                    // absolute path
        case 1 -> target + "#section-" + r.nextInt(5);        // fragment: same page
        default -> url(h, target);                            // absolute URL
      };
      links.add(new Link(href, url(h, target)));
    }
    if (shape.hosts() > 1 && r.nextDouble() < 0.3) {
      int other = (h + 1 + r.nextInt(shape.hosts() - 1)) % shape.hosts();
      String target = pagePath(r.nextInt(pages));
      links.add(new Link(url(other, target), url(other, target)));
    }
    if (r.nextDouble() < 0.15) {
      String target = "/private/" + r.nextInt(pages);
      links.add(new Link(target, url(h, target)));
    }
    if (r.nextDouble() < 0.1) {
      String target = "/old/" + r.nextInt(pages);
      links.add(new Link(target, url(h, target)));
    }
    if (r.nextDouble() < 0.05) {
      String target = "/missing/" + r.nextInt(pages);
      links.add(new Link(target, url(h, target)));
    }
    links.add(new Link("mailto:webmaster@example.org", null));
    links.add(new Link("javascript:void(0)", null));
    return links;
  }

  private static String pagePath(int n) {
    return n == 0 ? "/" : "/page/" + n;
  }

  private int hostIndex(String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    String host = rest.substring(0, rest.indexOf(':'));
    int h = hosts().indexOf(host);
    if (h < 0) {
      throw new IllegalArgumentException("not a URL of this site: " + url);
    }
    return h;
  }

  private static String pathOf(String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? "/" : rest.substring(slash);
  }

  private static int pageNumber(String path) {
    return Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
  }
}
