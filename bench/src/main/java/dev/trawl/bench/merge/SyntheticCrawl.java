package dev.trawl.bench.merge;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * A crawl made up without fetching: {@code urls} known URLs spread over {@code hosts} hosts, URL i
 * being page i / hosts of host i mod hosts. Every tenth URL is queued, and this round "fetches"
 * them. A fetched page links to {@code links} URLs of its own host, as sites do: the host's first
 * ten pages (its navigation, linked from every page), then known pages of the host at random, and
 * one in six links to a page not known yet. Every 20th page has the same body as the one before it.
 * Everything is a function of the numbers, so two jobs see the same records.
 */
public record SyntheticCrawl(long urls, int hosts, int links) {
  static final String URLS = "trawl.bench.urls";
  static final String HOSTS = "trawl.bench.hosts";
  static final String LINKS = "trawl.bench.links-per-page";
  private static final int NAVIGATION = 10;
  private static final long FETCH_TIME = 1_767_225_600_000L;

  public static SyntheticCrawl from(Configuration conf) {
    return new SyntheticCrawl(conf.getLong(URLS, 0), conf.getInt(HOSTS, 0), conf.getInt(LINKS, 0));
  }

  public void to(Configuration conf) {
    conf.setLong(URLS, urls);
    conf.setInt(HOSTS, hosts);
    conf.setInt(LINKS, links);
  }

  /** Pages fetched this round: the queued tenth of the known URLs. */
  public long fetched() {
    return urls / 10;
  }

  public String host(long i) {
    return "h" + (i % hosts) + ".example";
  }

  public String url(long i) {
    return "http://" + host(i) + "/p/" + (i / hosts);
  }

  private long perHost() {
    return Math.max(1, urls / hosts);
  }

  public CrawlDbEntry known(long i) {
    boolean queued = i % 10 == 0;
    return CrawlDbEntry.newBuilder().setUrl(url(i)).setHost(host(i)).setDepth(2).setFirstRound(1).setRetries(0)
        .setSource(url(i / 2)).setState(queued ? UrlState.queued : UrlState.fetched)
        .setLastFetchRound(queued ? null : 1).setLastFetchTime(queued ? null : FETCH_TIME)
        .setHttpStatus(queued ? null : 200).setDigest(queued ? null : digest(i)).build();
  }

  /** The fetch of queued URL number {@code 10 p}. */
  public ManifestRecord fetch(long p) {
    long i = 10 * p;
    return ManifestRecord.newBuilder().setUrl(url(i)).setHost(host(i)).setDepth(2).setFetchTime(FETCH_TIME + p)
        .setStatus(FetchStatus.fetched).setHttpStatus(200).setContentType("text/html").setContentLength(20_000L + p % 5000)
        .setDigest(digest(p % 20 == 19 ? 10 * (p - 1) : i)).setTitle("Page " + i).setOutlinkCount(links).setFetchMs(120L)
        .setWarcFile("warc/round=0002/fetch-00000.warc.gz").setWarcOffset(p * 8000).setWarcLength(8000L).build();
  }

  public List<FrontierEntry> outlinks(long p) {
    long i = 10 * p;
    long host = i % hosts;
    SplittableRandom random = new SplittableRandom(p);
    List<FrontierEntry> out = new ArrayList<>(links);
    for (int j = 0; j < links; j++) {
      String target;
      if (j < NAVIGATION) {
        target = url(host + (long) hosts * (j % perHost()));
      } else if (j % 6 == 5) {
        target = "http://" + host(i) + "/new/" + p + "-" + j;
      } else {
        target = url(host + (long) hosts * random.nextLong(perHost()));
      }
      out.add(FrontierEntry.newBuilder().setUrl(target).setHost(host(i)).setDepth(3).setRetries(0).setSource(url(i)).build());
    }
    return out;
  }

  private static String digest(long i) {
    StringBuilder b = new StringBuilder("sha1:");
    String n = Long.toString(i, 32).toUpperCase();
    b.append("A".repeat(32 - n.length())).append(n);
    return b.toString();
  }
}
