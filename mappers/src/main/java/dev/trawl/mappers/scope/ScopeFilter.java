package dev.trawl.mappers.scope;

import dev.trawl.round.RoundCounter;
import dev.trawl.settings.Scope;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides which discovered URLs the crawl follows: the scope (seed hosts, their registered domains,
 * or anywhere), include and exclude patterns, and guards against crawler traps (URL length, path
 * depth, a path segment repeating, query parameters). Every refusal has a reason, counted, so
 * nothing is dropped silently.
 */
public final class ScopeFilter {
  private final Scope scope;
  private final Set<String> seedHosts;
  private final Set<String> seedDomains;
  private final List<Pattern> includes;
  private final List<Pattern> excludes;
  private final int maxUrlLength;
  private final int maxPathDepth;
  private final int maxSegmentRepeats;
  private final int maxQueryParams;

  /** The verdict on one link: the normalised URL and its host, or why it is dropped. */
  public record Verdict(String url, String host, RoundCounter dropped) {
    public boolean followed() {
      return dropped == null;
    }
  }

  public ScopeFilter(TrawlSettings settings, Set<String> seedHosts) {
    this.scope = settings.scope();
    this.seedHosts = Set.copyOf(seedHosts);
    // Only domain scope needs the public suffix list; host scope need not wait for it to load.
    this.seedDomains = scope != Scope.DOMAIN ? Set.of()
        : seedHosts.stream().map(Urls::domainOrHost).collect(Collectors.toUnmodifiableSet());
    this.includes = settings.includes();
    this.excludes = settings.excludes();
    this.maxUrlLength = settings.maxUrlLength();
    this.maxPathDepth = settings.maxPathDepth();
    this.maxSegmentRepeats = settings.maxSegmentRepeats();
    this.maxQueryParams = settings.maxQueryParams();
  }

  public Verdict check(String link) {
    String url;
    String host;
    try {
      url = Urls.normalise(link);
      host = Urls.host(url);
    } catch (Urls.BadUrlException e) {
      return new Verdict(null, null, RoundCounter.DROPPED_BAD_URL);
    }
    RoundCounter trap = trap(url);
    if (trap != null) {
      return new Verdict(url, host, trap);
    }
    if (scope == Scope.HOST && !seedHosts.contains(host)) {
      return new Verdict(url, host, RoundCounter.DROPPED_SCOPE_HOST);
    }
    if (scope == Scope.DOMAIN && !seedDomains.contains(Urls.domainOrHost(host))) {
      return new Verdict(url, host, RoundCounter.DROPPED_SCOPE_DOMAIN);
    }
    if (!includes.isEmpty() && includes.stream().noneMatch(p -> p.matcher(url).find())) {
      return new Verdict(url, host, RoundCounter.DROPPED_SCOPE_INCLUDE);
    }
    if (excludes.stream().anyMatch(p -> p.matcher(url).find())) {
      return new Verdict(url, host, RoundCounter.DROPPED_SCOPE_EXCLUDE);
    }
    return new Verdict(url, host, null);
  }

  /** The trap guard a URL trips, or null. */
  private RoundCounter trap(String url) {
    if (url.length() > maxUrlLength) {
      return RoundCounter.DROPPED_URL_LENGTH;
    }
    URI uri = URI.create(url);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.split("/");
    Map<String, Integer> seen = new HashMap<>();
    int depth = 0;
    for (String segment : segments) {
      if (segment.isEmpty()) {
        continue;
      }
      depth++;
      if (seen.merge(segment, 1, Integer::sum) > maxSegmentRepeats) {
        return RoundCounter.DROPPED_SEGMENT_REPEATS;
      }
    }
    if (depth > maxPathDepth) {
      return RoundCounter.DROPPED_PATH_DEPTH;
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty() && query.split("&").length > maxQueryParams) {
      return RoundCounter.DROPPED_QUERY_PARAMS;
    }
    return null;
  }
}
