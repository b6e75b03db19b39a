package dev.trawl.mappers.robots;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.trawl.mappers.http.FailedRequest;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.http.Tls;
import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.round.FetchErrors;
import dev.trawl.schema.RobotsEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * robots.txt per origin (scheme, host, port), obeyed as RFC 9309 says. Rules fetched in an earlier
 * round are reused while younger than the maximum age; otherwise robots.txt is fetched before any
 * other URL of the origin. 2xx is parsed; 4xx means no rules; 5xx, 429 or an unreachable server
 * defer the origin (its URLs wait for a later round) until it has failed for too many rounds in a
 * row, when it counts as disallowed. Up to five redirects are followed.
 */
public final class RobotsCache {
  private static final int MAX_REDIRECTS = 5;
  /** RFC 9309: crawlers must parse at least 500 KiB of a robots.txt. */
  private static final int MAX_ROBOTS_BYTES = 500 * 1024;

  private final HttpFetcher fetcher;
  private final List<String> agentNames;
  private final long maxAgeMillis;
  private final int maxFailures;
  private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser(Long.MAX_VALUE / 2, 5);
  private final Map<String, BaseRobotRules> rules = new ConcurrentHashMap<>();
  private final Map<String, Integer> earlierFailures = new ConcurrentHashMap<>();

  /**
   * The outcome of fetching one origin's robots.txt.
   *
   * @param exchanges every response received, for the WARC file (the caller closes them)
   * @param deferred robots.txt is unavailable for now: leave the origin's URLs for a later round
   * @param blocked the origin's address is refused by the address guard: no request was made
   * @param entry what to keep for later rounds; null if nothing was learned (blocked, TLS, DNS)
   * @param originError the origin cannot be reached at all, and its pages fail the same way: its TLS
   *     failed (see {@link Tls#reason}), its name did not resolve ({@link FetchErrors#dns}) or it does
   *     not speak HTTP ({@link FetchErrors#PROTOCOL_PREFIX}); not a robots.txt decision
   */
  public record Fetch(BaseRobotRules rules, List<HttpFetcher.Response> exchanges, String note,
                      boolean deferred, boolean blocked, RobotsEntry entry, String originError) {}

  public RobotsCache(HttpFetcher fetcher, String agentName, long maxAgeMillis, int maxFailures) {
    this.fetcher = fetcher;
    this.agentNames = List.of(agentName);
    this.maxAgeMillis = maxAgeMillis;
    this.maxFailures = maxFailures;
  }

  /** The origin a URL's robots.txt belongs to, e.g. {@code http://example.org:8080}. */
  public static String originOf(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  /** Takes what an earlier round learned of an origin; rules are reused if young enough. */
  public void remember(RobotsEntry entry, long nowMillis) {
    Integer status = entry.getHttpStatus();
    boolean answered = status != null && status != 429 && status < 500;
    if (!answered) {
      earlierFailures.put(entry.getOrigin(), entry.getFailures());
    } else if (nowMillis - entry.getFetchTime() < maxAgeMillis) {
      rules.put(entry.getOrigin(), rulesOf(entry.getOrigin(), status,
          entry.getContent() == null ? new byte[0] : bytes(entry.getContent())));
    }
  }

  /** The rules for an origin ({@link #originOf}), or null if its robots.txt is still to be fetched. */
  public BaseRobotRules rulesFor(String origin) {
    return rules.get(origin);
  }

  /**
   * Fetches the robots.txt of the URL's origin, once (redirects followed, nothing retried), and
   * caches what it says for this task.
   *
   * @param host the URL's host as the frontier has it ({@link java.net.URI} has none for names such as a_b.example)
   */
  public Fetch fetch(String url, String host) {
    String origin = originOf(url);
    List<HttpFetcher.Response> exchanges = new ArrayList<>();
    long now = System.currentTimeMillis();
    String target = origin + "/robots.txt";
    try {
      HttpFetcher.Response r = fetcher.get(target);
      exchanges.add(r);
      String unusable = null;
      for (int hops = 0; r.status() >= 300 && r.status() < 400 && r.header("Location") != null; hops++) {
        if (hops == MAX_REDIRECTS) {
          break;
        }
        String location = r.header("Location");
        try {
          target = URI.create(target).resolve(location.strip()).toString();
        } catch (IllegalArgumentException e) {
          // A Location nobody can follow ends the chain as one too long would.
          unusable = location;
          break;
        }
        r = fetcher.get(target);
        exchanges.add(r);
      }
      int status = r.status();
      if (status == 429 || status >= 500) {
        return unavailable(origin, host, now, status, "robots.txt " + status, exchanges);
      }
      byte[] content = status >= 200 && status < 300 ? r.body().head(MAX_ROBOTS_BYTES) : new byte[0];
      BaseRobotRules result = rulesOf(target, status, content);
      rules.put(origin, result);
      String note = "robots.txt " + status + (unusable != null ? " to an unusable Location '" + unusable + "', host disallowed"
          : status >= 300 && status < 400 ? " (redirects beyond " + MAX_REDIRECTS + "), host disallowed"
          : status >= 400 ? ", no rules" : result.isAllowAll() ? ", allows all" : "");
      RobotsEntry entry = RobotsEntry.newBuilder().setOrigin(origin).setHost(host).setFetchTime(now)
          .setHttpStatus(status).setContent(status < 300 ? ByteBuffer.wrap(content) : null).setFailures(0)
          .setSitemaps(result.getSitemaps())
          .setCrawlDelayMs(result.getCrawlDelay() > 0 && result.getCrawlDelay() != BaseRobotRules.UNSET_CRAWL_DELAY ? result.getCrawlDelay() : null)
          .build();
      return new Fetch(result, exchanges, note, false, false, entry, null);
    } catch (AddressGuard.BlockedAddressException e) {
      BaseRobotRules none = new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
      rules.put(origin, none);
      return new Fetch(none, exchanges, e.getMessage(), false, true, null, null);
    } catch (IOException | RuntimeException e) {
      FailedRequest failure = FailedRequest.of(host, e);
      if (failure.error().startsWith(FetchErrors.DNS_PREFIX) || FetchErrors.permanent(failure.error())) {
        // Not a robots.txt decision: the origin cannot be reached at all (its TLS fails, its name does
        // not resolve, it does not speak HTTP), and its pages would fail the same way; they get this
        // error, once each, without a request. Nothing is kept for later rounds: a temporary DNS
        // failure is asked again when the origin's URLs are retried.
        BaseRobotRules none = new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
        rules.put(origin, none);
        return new Fetch(none, exchanges, "robots.txt not fetched: " + failure.error(), false, false, null, failure.error());
      }
      // A refused, reset or cut-short connection, a timeout: RFC 9309's unreachable robots.txt.
      return unavailable(origin, host, now, null, "robots.txt unreachable (" + e.getMessage() + ")", exchanges);
    }
  }

  private Fetch unavailable(String origin, String host, long now, Integer status, String why, List<HttpFetcher.Response> exchanges) {
    int failures = earlierFailures.getOrDefault(origin, 0) + 1;
    RobotsEntry entry = RobotsEntry.newBuilder().setOrigin(origin).setHost(host).setFetchTime(now)
        .setHttpStatus(status).setFailures(failures).build();
    if (failures >= maxFailures) {
      BaseRobotRules none = new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
      rules.put(origin, none);
      return new Fetch(none, exchanges, why + " for " + failures + " rounds in a row, host disallowed for this round",
          false, false, entry, null);
    }
    // Not cached: the origin's URLs are carried over, and the next round asks again.
    return new Fetch(null, exchanges, why + ", host deferred to a later round (" + failures + " of " + maxFailures + ")",
        true, false, entry, null);
  }

  /** What robots.txt says; a redirect chain that never ended means the origin is out of bounds. */
  private BaseRobotRules rulesOf(String url, int status, byte[] content) {
    if (status >= 200 && status < 300) {
      return parser.parseContent(url, content, "text/plain", agentNames);
    }
    if (status >= 400) {
      return new SimpleRobotRules(RobotRulesMode.ALLOW_ALL);
    }
    return new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer copy = b.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
