package dev.trawl.jobs.inspect;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.mappers.http.HttpFetcher;
import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.settings.TrawlSettings;
import dev.trawl.url.Urls;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code trawl parse}: a page through trawl's eyes before a crawl is started, fetched with trawl's
 * own HTTP client (its address guard included) or read from a file: title, the content date the
 * date bounds would use and where it came from, languages, and each link with its scope decision.
 */
public final class PageCheck {
  private final CrawlRoot root;
  private final Configuration conf;
  private final PrintStream out;

  /** @param root the crawl whose scope and seed hosts decide the links, or null: the page's own host is the seed */
  public PageCheck(CrawlRoot root, Configuration conf, PrintStream out) {
    this.root = root;
    this.conf = conf;
    this.out = out;
  }

  /**
   * @param target an http(s) URL to fetch, or a local HTML file
   * @param base the URL relative links of a file resolve against (null: the file's own URI)
   */
  public void print(String target, String base) throws IOException {
    TrawlSettings settings = TrawlSettings.from(conf);
    boolean web = target.startsWith("http://") || target.startsWith("https://");
    String url = web ? Urls.normalise(target) : base != null ? Urls.normalise(base) : Path.of(target).toAbsolutePath().toUri().toString();
    PageReading reading;
    if (web) {
      try (HttpFetcher fetcher = new HttpFetcher(settings); HttpFetcher.Response r = fetcher.get(url)) {
        out.printf("%s (HTTP %d %s, %s, %d bytes in %d ms)%n", url, r.status(), r.reason(), r.header("Content-Type"),
            r.body().length(), r.millis());
        if (r.status() >= 300 && r.status() < 400 && r.header("Location") != null) {
          out.println("  redirect to " + r.header("Location") + ": trawl records a redirect and fetches its target in a later "
              + "round; run trawl parse on the target");
          return;
        }
        if (r.status() < 200 || r.status() >= 300) {
          out.println("  an HTTP error: the crawl records it as http_error and reads no links");
          return;
        }
        try (InputStream body = r.body().stream()) {
          reading = PageReading.of(settings, r.header("Content-Type"), r.header("Content-Encoding"), r.header("Last-Modified"),
              body, url);
        }
      } catch (AddressGuard.BlockedAddressException e) {
        throw new IllegalArgumentException(url + ": " + e.getMessage() + " (the crawl would record blocked_address; "
            + "--allow-private CIDR opens a range)", e);
      }
    } else {
      Path file = Path.of(target);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(target + " is neither an http(s) URL nor a file");
      }
      out.printf("%s (file, %d bytes%s)%n", target, Files.size(file), base != null ? ", links relative to " + url : "");
      try (InputStream body = Files.newInputStream(file)) {
        reading = PageReading.of(settings, null, null, null, body, url);
      }
    }
    if (reading.problem() != null) {
      out.println("  " + reading.problem());
      return;
    }
    var page = reading.page();
    out.println("  title         " + (page.title() == null ? "(none)" : page.title()));
    out.println("  content date  " + (reading.contentDate() == null ? "none (the page declares none, and no Last-Modified)"
        : reading.contentDate() + ", from " + reading.dateFrom()));
    String outside = reading.outsideDateWindow(settings);
    boolean bounded = settings.publishedBefore() != null || settings.publishedAfter() != null || settings.requireDate();
    out.println("  date bounds   " + (!bounded ? "none set (--published-before, --published-after, --require-date)"
        : outside != null ? "out_of_bounds: " + outside + "; its links would not be followed" : "within them"));
    out.println("  languages     " + (page.languages().isEmpty() ? "(none declared)" : String.join(", ", page.languages())));
    out.println("  charset       " + page.charset());
    Set<String> seeds = root != null ? root.seedHosts() : Set.of(Urls.host(url));
    String notFollowed = LinkDecisions.noFollow(page);
    if (outside != null) {
      notFollowed = "the page is out of bounds";
    }
    out.printf("  links         %d%s; scope %s, seed hosts %s%s%n", page.linkCount(), notFollowed == null ? "" : ", none followed: "
        + notFollowed, settings.scope().name().toLowerCase(Locale.ROOT), String.join(", ", seeds),
        root != null ? " (the crawl's)" : " (this page's host, as if it were the seed; --crawl C uses a crawl's)");
    LinkDecisions.print(page, settings, seeds, notFollowed, false, out);
  }
}
