package dev.trawl.jobs.inspect;

import dev.trawl.jobs.get.CaptureReader;
import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.jobs.urls.Attempts;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcResponse;

/**
 * {@code trawl links}: the outlinks of a stored capture, read back from its WARC record and parsed as
 * the fetch task parsed it, each with the crawl's scope decision.
 */
public final class PageLinks {
  private final CrawlRoot root;
  private final Configuration conf;
  private final PrintStream out;

  public PageLinks(CrawlRoot root, Configuration conf, PrintStream out) {
    this.root = root;
    this.conf = conf;
    this.out = out;
  }

  /** @param round the capture of this round, or 0 for the latest */
  public void print(String url, int round) throws IOException {
    root.requireExisting();
    root.loadSettingsForReading(conf);
    TrawlSettings settings = TrawlSettings.from(conf);
    List<Attempts.Attempt> attempts = Attempts.of(root, url);
    Attempts.Attempt capture = null;
    for (Attempts.Attempt a : attempts) {
      if (a.record().getWarcFile() != null && (round == 0 || a.round() == round)) {
        capture = a;
      }
    }
    if (capture == null) {
      throw new IllegalArgumentException("no stored capture of " + url + (round > 0 ? " in round " + round : "")
          + (attempts.isEmpty() ? "" : " (attempts: " + attempts.stream().map(a -> "round " + a.round() + " "
              + a.record().getStatus()).toList() + ")") + "; 'trawl url --crawl " + root.path() + " " + url + "' says why");
    }
    ManifestRecord m = capture.record();
    CaptureReader reader = new CaptureReader(root);
    // A revisit (not_modified) holds no body: its links are those of the capture it refers to.
    WarcResponse response = m.getRefersToWarcFile() != null
        ? reader.read(new CaptureReader.Pointer(capture.round(), url, m.getRefersToWarcFile(), m.getRefersToWarcOffset(), m.getRefersToWarcLength()))
        : reader.read(new CaptureReader.Pointer(capture.round(), url, m.getWarcFile(), m.getWarcOffset(), m.getWarcLength()));
    MessageHeaders h = response.http().headers();
    PageReading reading;
    try (InputStream body = response.http().body().stream()) {
      reading = PageReading.of(settings, h.first("Content-Type").orElse(null), h.first("Content-Encoding").orElse(null),
          h.first("Last-Modified").orElse(null), body, url);
    }
    out.printf("%s (round %d: %s, HTTP %d)%n", url, capture.round(), m.getStatus(), response.http().status());
    if (reading.problem() != null) {
      out.println("  " + reading.problem());
      return;
    }
    Set<String> seeds = root.seedHosts();
    String notFollowed = LinkDecisions.noFollow(reading.page());
    if (m.getStatus() == FetchStatus.out_of_bounds) {
      notFollowed = "the page is out of bounds (" + m.getError() + ")";
    } else if (m.getStatus() == FetchStatus.not_modified) {
      notFollowed = "the page is not modified since its last capture, whose links the crawl already followed";
    } else if (m.getStatus() != FetchStatus.fetched) {
      notFollowed = "the capture is " + m.getStatus();
    }
    out.printf("  %d links%s; scope %s, seed hosts %s%n", reading.page().linkCount(),
        notFollowed == null ? "" : ", none followed: " + notFollowed, settings.scope().name().toLowerCase(java.util.Locale.ROOT),
        String.join(", ", seeds));
    if (m.getDuplicateOf() != null) {
      out.println("  duplicate of " + m.getDuplicateOf() + ": if that page was fetched in an earlier round, these links "
          + "were not followed again (counter DROPPED_DUPLICATE)");
    }
    // The links sit one step further from the seeds than the page: at the bound, the crawl keeps them but fetches none.
    int linkDepth = m.getDepth() + 1;
    boolean beyondDepth = notFollowed == null && settings.depth().isPresent() && linkDepth >= settings.depth().getAsInt();
    if (beyondDepth) {
      out.printf("  its links are at depth %d, beyond the depth bound (%s=%d fetches depths 0 to %d): they wait in the frontier, "
          + "unfetched; --depth %d --change-settings fetches them%n", linkDepth, Setting.DEPTH.key(), settings.depth().getAsInt(),
          settings.depth().getAsInt() - 1, linkDepth + 1);
    }
    LinkDecisions.print(reading.page(), settings, seeds, notFollowed, beyondDepth, out);
  }
}
