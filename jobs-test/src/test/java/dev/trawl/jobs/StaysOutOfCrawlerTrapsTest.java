package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.schema.ManifestRecord;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An infinite calendar: every month links to the next and the previous, to "events/" relative to
 * itself (which piles up: events/events/events/...), to a faceted search with thirteen parameters,
 * and to an archive path seventeen folders deep. A crawl with the default guards fetches exactly the
 * pages the guards allow, counts every drop by reason, and ends.
 */
class StaysOutOfCrawlerTrapsTest {
  private static final int DEPTH = 5;

  @TempDir
  Path tmp;

  /** The links of a calendar page, absolute. */
  private static List<String> links(String base, String path) {
    List<String> links = new ArrayList<>();
    String[] parts = path.split("/");
    if (path.matches("/cal/\\d{4}/\\d{2}/")) {
      YearMonth month = YearMonth.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
      links.add(base + monthPath(month.plusMonths(1)));
      links.add(base + monthPath(month.minusMonths(1)));
      links.add(base + "/search?a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11&l=12&m=13");
      links.add(base + "/archive/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17");
    }
    links.add(URI.create(base + path).resolve("events/").toString());
    return links;
  }

  private static String monthPath(YearMonth m) {
    return String.format("/cal/%04d/%02d/", m.getYear(), m.getMonthValue());
  }

  @Test
  void theDefaultGuardsKeepAnInfiniteCalendarFinite() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 0), 16);
    String base = "http://127.0.0.9:" + server.getAddress().getPort();
    server.createContext("/", e -> {
      String path = e.getRequestURI().getRawPath();
      byte[] body;
      int status = 200;
      if (path.equals("/robots.txt")) {
        status = 404;
        body = new byte[0];
      } else {
        StringBuilder b = new StringBuilder("<html><body>");
        for (String link : links(base, path)) {
          b.append("<a href=\"").append(link.substring(base.length())).append("\">x</a>");
        }
        body = b.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
      }
      e.getResponseHeaders().set("Content-Type", "text/html");
      e.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      LocalCrawl crawl = new LocalCrawl(tmp);
      String seed = base + "/cal/2011/05/";
      Path seeds = crawl.writeSeeds("seeds.txt", seed + "\n");
      LocalCrawl.Run run = crawl.crawl(seeds, "--depth", Integer.toString(DEPTH), "--delay", "0.01");
      assertTrue(run.out().contains("crawl done"), run.out());

      // The expected crawl, with the guards' default rules written out here.
      Set<String> expected = new TreeSet<>();
      Map<String, Long> drops = new HashMap<>(Map.of("DROPPED_SEGMENT_REPEATS", 0L, "DROPPED_QUERY_PARAMS", 0L,
          "DROPPED_PATH_DEPTH", 0L));
      Set<String> known = new HashSet<>(List.of(seed));
      List<String> layer = List.of(seed);
      for (int d = 0; d < DEPTH; d++) {
        List<String> next = new ArrayList<>();
        for (String url : layer) {
          expected.add(url);
          for (String link : links(base, URI.create(url).getRawPath())) {
            String guard = guard(link);
            if (guard != null) {
              drops.merge(guard, 1L, Long::sum);
            } else if (known.add(link)) {
              next.add(link);
            }
          }
        }
        layer = next;
      }

      Set<String> fetched = new TreeSet<>();
      Map<String, Long> counted = new HashMap<>();
      for (int r = 1; Files.exists(crawl.root().resolve(String.format("rounds/%04d.json", r))); r++) {
        crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class).forEach(m -> fetched.add(m.getUrl()));
        var counters = new ObjectMapper().readTree(crawl.root().resolve(String.format("rounds/%04d.json", r)).toFile()).path("counters");
        for (String c : drops.keySet()) {
          counted.merge(c, counters.path(c).asLong(), Long::sum);
        }
      }
      assertEquals(expected, fetched);
      assertEquals(drops, counted);
      drops.values().forEach(n -> assertTrue(n > 0, "every guard was tested: " + drops));
    } finally {
      server.stop(0);
    }
  }

  /** The default trap guard a URL trips, as the settings document them; null if none. */
  private static String guard(String url) {
    URI u = URI.create(url);
    List<String> segments = Arrays.stream(u.getRawPath().split("/")).filter(s -> !s.isEmpty()).toList();
    for (String s : segments) {
      if (segments.stream().filter(s::equals).count() > 3) {
        return "DROPPED_SEGMENT_REPEATS";
      }
    }
    if (segments.size() > 16) {
      return "DROPPED_PATH_DEPTH";
    }
    if (u.getRawQuery() != null && u.getRawQuery().split("&").length > 12) {
      return "DROPPED_QUERY_PARAMS";
    }
    return null;
  }
}
