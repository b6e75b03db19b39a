package dev.trawl.jobs.urls;

import dev.trawl.round.RoundCounter;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.util.Set;

/** Why the scope filter drops a URL, in words, with the setting that decides it. */
public final class ScopeReasons {
  private ScopeReasons() {}

  /** @param seedHosts listed in the reason if not null */
  public static String of(RoundCounter dropped, String host, TrawlSettings s, Set<String> seedHosts) {
    return switch (dropped) {
      case DROPPED_SCOPE_HOST -> "host " + host + " is not a seed host (" + Setting.SCOPE.key() + "=host"
          + (seedHosts == null ? "" : "; seed hosts: " + String.join(", ", seedHosts)) + ")";
      case DROPPED_SCOPE_DOMAIN -> "host " + host + " is not under a seed's registered domain (" + Setting.SCOPE.key() + "=domain)";
      case DROPPED_SCOPE_INCLUDE -> "matches no " + Setting.SCOPE_INCLUDE.key() + " pattern (" + s.includes() + ")";
      case DROPPED_SCOPE_EXCLUDE -> "matches a " + Setting.SCOPE_EXCLUDE.key() + " pattern (" + s.excludes() + ")";
      case DROPPED_URL_LENGTH -> "longer than " + Setting.URL_MAX_LENGTH.key() + "=" + s.maxUrlLength() + " characters";
      case DROPPED_PATH_DEPTH -> "more path segments than " + Setting.URL_MAX_PATH_DEPTH.key() + "=" + s.maxPathDepth();
      case DROPPED_SEGMENT_REPEATS -> "a path segment repeats more than " + Setting.URL_MAX_SEGMENT_REPEATS.key() + "="
          + s.maxSegmentRepeats() + " times";
      case DROPPED_QUERY_PARAMS -> "more query parameters than " + Setting.URL_MAX_QUERY_PARAMS.key() + "=" + s.maxQueryParams();
      case DROPPED_BAD_URL -> "not a crawlable http(s) URL";
      default -> dropped.name();
    };
  }

  /** The rule's short name, as a column: scope-host, url-length, ... */
  public static String rule(RoundCounter dropped) {
    return dropped.name().substring("DROPPED_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
