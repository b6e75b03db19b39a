package dev.trawl.jobs.inspect;

import dev.trawl.jobs.urls.ScopeReasons;
import dev.trawl.mappers.parse.ParsedPage;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.settings.TrawlSettings;
import java.io.PrintStream;
import java.util.Set;

/** A page's links, each with the scope filter's decision, as {@code links} and {@code parse} print them. */
final class LinkDecisions {
  private LinkDecisions() {}

  /**
   * @param notFollowed why none of the page's links is followed (nofollow, out of bounds), or null
   * @param beyondDepth the links' depth is at the depth bound: followed into the frontier, never fetched
   * @return the links followed
   */
  static int print(ParsedPage page, TrawlSettings settings, Set<String> seedHosts, String notFollowed, boolean beyondDepth,
                   PrintStream out) {
    ScopeFilter scope = new ScopeFilter(settings, seedHosts);
    int followed = 0;
    for (String link : page.links()) {
      ScopeFilter.Verdict v = scope.check(link);
      if (v.followed() && notFollowed == null) {
        followed++;
        out.println((beyondDepth ? "  beyond depth  " : "  follow  ") + v.url());
      } else if (v.followed()) {
        out.println("  in scope, not followed  " + v.url());
      } else {
        out.println("  drop    " + (v.url() != null ? v.url() : link) + "  " + ScopeReasons.rule(v.dropped()) + ": "
            + ScopeReasons.of(v.dropped(), v.host(), settings, null));
      }
    }
    if (page.capped()) {
      out.printf("  ... %d more links past %s=%d are not followed%n", page.linkCount() - page.links().size(),
          dev.trawl.settings.Setting.PARSE_MAX_OUTLINKS.key(), settings.maxOutlinks());
    }
    return followed;
  }

  /** The header line's summary: why links are not followed, if the page says so. */
  static String noFollow(ParsedPage page) {
    return page.noFollow() ? "the page's meta robots says nofollow" : null;
  }
}
