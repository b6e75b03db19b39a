package dev.trawl.reducers;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.url.Urls;
import java.util.ArrayList;
import java.util.List;

/** Records as the map side sends them to the round reducer, and the orders they may arrive in. */
public final class TestRecords {
  public static final String URL = "http://example.com/page";
  public static final String HOST = "example.com";
  public static final long FETCH_TIME = 1_700_000_000_000L;

  private TestRecords() {}

  public static FrontierEntry entry(String url, int depth, int retries, String source) {
    return FrontierEntry.newBuilder().setUrl(url).setHost(Urls.host(url)).setDepth(depth).setRetries(retries)
        .setSource(source).build();
  }

  public static CrawlDbEntry.Builder crawlDb(String url, UrlState state, int depth, int firstRound) {
    return CrawlDbEntry.newBuilder().setUrl(url).setHost(Urls.host(url)).setDepth(depth).setState(state)
        .setFirstRound(firstRound).setRetries(0).setSource("http://example.com/");
  }

  public static ManifestRecord.Builder attempt(String url, int depth, FetchStatus status, Integer httpStatus) {
    return ManifestRecord.newBuilder().setUrl(url).setHost(Urls.host(url)).setDepth(depth).setFetchTime(FETCH_TIME)
        .setStatus(status).setHttpStatus(httpStatus);
  }

  public static ManifestRecord ok(String url, int depth) {
    return attempt(url, depth, FetchStatus.fetched, 200).setContentType("text/html").setContentLength(1234L)
        .setDigest("sha1:ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").setLastModified(1_600_000_000_000L).setTitle("A page")
        .setOutlinkCount(3).setFetchMs(42L).build();
  }

  public static UrlUpdate known(CrawlDbEntry e) {
    return UrlUpdate.newBuilder().setKnown(e).build();
  }

  public static UrlUpdate fetched(ManifestRecord m) {
    return UrlUpdate.newBuilder().setFetched(m).build();
  }

  public static UrlUpdate carried(FrontierEntry f) {
    return UrlUpdate.newBuilder().setCarried(f).build();
  }

  public static UrlUpdate linked(FrontierEntry f) {
    return UrlUpdate.newBuilder().setLinked(f).build();
  }

  /** Every order of {@code items}. */
  public static <T> List<List<T>> permutations(List<T> items) {
    List<List<T>> out = new ArrayList<>();
    permute(new ArrayList<>(items), 0, out);
    return out;
  }

  private static <T> void permute(List<T> items, int from, List<List<T>> out) {
    if (from == items.size()) {
      out.add(List.copyOf(items));
      return;
    }
    for (int i = from; i < items.size(); i++) {
      java.util.Collections.swap(items, from, i);
      permute(items, from + 1, out);
      java.util.Collections.swap(items, from, i);
    }
  }
}
