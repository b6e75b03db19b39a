package dev.trawl.url;

import crawlercommons.domains.EffectiveTldFinder;
import crawlercommons.filters.basic.BasicURLNormalizer;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one way trawl turns a string into the URL it keys the crawl db by, so that inject, the fetch
 * mapper and the reducer agree on what "the same URL" is.
 */
public final class Urls {
  // Thread-safe: it holds only configuration.
  private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

  /** A name no URL has (.invalid is reserved, RFC 2606), held in an IPv6 literal's place while the rest is normalised. */
  private static final String IPV6_STAND_IN = "ipv6-literal.invalid";

  private Urls() {}

  /**
   * The normalised form of an absolute http(s) URL: fragment dropped, host lower-cased, default
   * port removed, path dot-segments resolved, percent-encoding made canonical (crawler-commons).
   *
   * @throws BadUrlException naming why the URL cannot be crawled
   */
  public static String normalise(String raw) {
    String url = raw.strip();
    int hash = url.indexOf('#');
    if (hash >= 0) {
      url = url.substring(0, hash);
    }
    String ipv6 = withIpv6Literal(url);
    if (ipv6 != null) {
      return ipv6;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // The normaliser also escapes what URI rejects (spaces, non-ASCII); try it first.
      String escaped = NORMALIZER.filter(url);
      if (escaped == null) {
        throw new BadUrlException("not a URL (" + e.getReason() + ")");
      }
      return checked(escaped);
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new BadUrlException("not an absolute URL (no scheme)");
    }
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (!lower.equals("http") && !lower.equals("https")) {
      throw new BadUrlException("scheme '" + scheme + "' is not http or https");
    }
    String normalised = NORMALIZER.filter(url);
    if (normalised == null) {
      throw new BadUrlException("not a URL the normaliser accepts");
    }
    return checked(normalised);
  }

  /**
   * The normalised URL if its host is a bracketed IPv6 literal, else null. crawler-commons refuses
   * such URLs: the rest of the URL is normalised with a stand-in name in the literal's place, and the
   * literal, in its canonical form, is put back.
   */
  private static String withIpv6Literal(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int hostStart = Math.max(start, url.lastIndexOf('@', end - 1) + 1);
    if (hostStart >= end || url.charAt(hostStart) != '[') {
      return null;
    }
    int close = url.indexOf(']', hostStart);
    if (close < 0 || close > end) {
      throw new BadUrlException("IPv6 host without its closing ']'");
    }
    String literal = Ipv6Host.normalise(url.substring(hostStart + 1, close));
    String standIn = normalise(url.substring(0, hostStart) + IPV6_STAND_IN + url.substring(close + 1));
    return withHost(standIn, literal);
  }

  private static String checked(String normalised) {
    String host = hostOrNull(normalised);
    if (host == null || host.isEmpty()) {
      throw new BadUrlException("no host");
    }
    if (!normalised.startsWith("http://") && !normalised.startsWith("https://")) {
      throw new BadUrlException("not an http or https URL");
    }
    return withHost(normalised, Ipv4Host.normalise(host));
  }

  /** The URL with its host replaced (user info and port kept); the URL itself if the host is the same. */
  private static String withHost(String url, String host) {
    int start = url.indexOf("://") + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    int hostStart = authority.lastIndexOf('@') + 1;
    int colon = authority.indexOf(':', hostStart);
    int hostEnd = colon < 0 ? authority.length() : colon;
    if (authority.substring(hostStart, hostEnd).equalsIgnoreCase(host)) {
      return url;
    }
    return url.substring(0, start + hostStart) + host + url.substring(start + hostEnd);
  }

  /** The lower-case host of a normalised URL (no port, no user info). */
  public static String host(String normalisedUrl) {
    String host = hostOrNull(normalisedUrl);
    if (host == null) {
      throw new BadUrlException("no host in " + normalisedUrl);
    }
    return host;
  }

  private static String hostOrNull(String url) {
    try {
      String host = new URI(url).getHost();
      if (host == null) {
        // java.net.URI refuses host names with '_', which the web has; java.net.URL takes them.
        host = new java.net.URL(url).getHost();
      }
      return host == null || host.isEmpty() ? null : host.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException | java.net.MalformedURLException e) {
      return null;
    }
  }

  /**
   * The domain a host is registered under, public suffix list aware (example.co.uk for
   * www.example.co.uk; each *.github.io site its own, as the list's private section says); null for an
   * IP address or a host under no known public suffix.
   */
  public static String registeredDomain(String host) {
    if (host.isEmpty() || host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
      return null;
    }
    return EffectiveTldFinder.getAssignedDomain(host, true, false);
  }

  /** The host's registered domain, or the host itself where it has none (an IP address): what groups hosts. */
  public static String domainOrHost(String host) {
    String domain = registeredDomain(host);
    return domain == null ? host : domain;
  }

  /** A URL trawl will not crawl, and why. */
  public static final class BadUrlException extends IllegalArgumentException {
    public BadUrlException(String reason) {
      super(reason);
    }
  }
}
