package dev.trawl.mappers.scope;

import dev.trawl.round.RoundCounter;
import dev.trawl.settings.Scope;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which discovered URLs the crawl follows. Every refusal has a reason, counted, so nothing
 * is dropped silently.
 */
public final class ScopeFilter {
  private final Scope scope;
  private final Set<String> seedHosts;
  private final List<Pattern> includes;
  private final int maxUrlLength;

  /** The verdict on one link: the normalised URL and its host, or why it is dropped. */
  public record Verdict(String url, String host, RoundCounter dropped) {
    public boolean followed() {
      return dropped == null;
    }
  }

  public ScopeFilter(TrawlSettings settings, Set<String> seedHosts) {
    this.scope = settings.scope();
    this.seedHosts = Set.copyOf(seedHosts);
    this.includes = settings.includes();
    this.maxUrlLength = settings.maxUrlLength();
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
    if (url.length() > maxUrlLength) {
      return new Verdict(url, host, RoundCounter.DROPPED_URL_LENGTH);
    }
    if (scope == Scope.HOST && !seedHosts.contains(host)) {
      return new Verdict(url, host, RoundCounter.DROPPED_SCOPE_HOST);
    }
    if (!includes.isEmpty() && includes.stream().noneMatch(p -> p.matcher(url).find())) {
      return new Verdict(url, host, RoundCounter.DROPPED_SCOPE_INCLUDE);
    }
    return new Verdict(url, host, null);
  }
}
