package dev.trawl.mappers.robots;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.trawl.mappers.fetch.HttpFetcher;
import dev.trawl.mappers.safety.AddressGuard;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * robots.txt per origin (scheme, host, port), fetched once per fetch task before any other URL of the
 * origin and obeyed as RFC 9309 says: 2xx is parsed; 4xx means no rules; 5xx or an unreachable
 * server means nothing may be fetched; up to five redirects are followed.
 */
public final class RobotsCache {
  private static final int MAX_REDIRECTS = 5;

  private final HttpFetcher fetcher;
  private final List<String> agentNames;
  private final SimpleRobotRulesParser parser = new SimpleRobotRulesParser(Long.MAX_VALUE / 2, 5);
  private final Map<String, BaseRobotRules> rules = new ConcurrentHashMap<>();

  /** The outcome of fetching one origin's robots.txt: the rules, and every exchange made, for the WARC. */
  public record Fetch(BaseRobotRules rules, List<HttpFetcher.Response> exchanges, String note, boolean blocked) {}

  public RobotsCache(HttpFetcher fetcher, String agentName) {
    this.fetcher = fetcher;
    this.agentNames = List.of(agentName);
  }

  /** The origin a URL's robots.txt belongs to, e.g. {@code http://example.org:8080}. */
  public static String originOf(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  /** The rules for the URL's origin, or null if its robots.txt has not been fetched yet. */
  public BaseRobotRules rulesFor(String url) {
    return rules.get(originOf(url));
  }

  /** Fetches and caches the robots.txt of the URL's origin. */
  public Fetch fetch(String url) {
    String origin = originOf(url);
    List<HttpFetcher.Response> exchanges = new ArrayList<>();
    String target = origin + "/robots.txt";
    BaseRobotRules result;
    String note;
    boolean blocked = false;
    try {
      HttpFetcher.Response r = fetcher.get(target);
      exchanges.add(r);
      for (int hops = 0; r.status() >= 300 && r.status() < 400 && r.header("Location") != null; hops++) {
        if (hops == MAX_REDIRECTS) {
          break;
        }
        target = URI.create(target).resolve(r.header("Location")).toString();
        r = fetcher.get(target);
        exchanges.add(r);
      }
      int status = r.status();
      if (status >= 200 && status < 300) {
        result = parser.parseContent(target, r.body(), r.header("Content-Type"), agentNames);
        note = "robots.txt " + status + (result.isAllowAll() ? ", allows all" : "");
      } else if (status >= 400 && status < 500) {
        result = new SimpleRobotRules(RobotRulesMode.ALLOW_ALL);
        note = "robots.txt " + status + ", no rules";
      } else {
        result = new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
        note = "robots.txt " + status + ", host disallowed for this round";
      }
    } catch (AddressGuard.BlockedAddressException e) {
      result = new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
      note = e.getMessage();
      blocked = true;
    } catch (IOException e) {
      result = new SimpleRobotRules(RobotRulesMode.ALLOW_NONE);
      note = "robots.txt unreachable (" + e.getMessage() + "), host disallowed for this round";
    }
    rules.put(origin, result);
    return new Fetch(result, exchanges, note, blocked);
  }
}
