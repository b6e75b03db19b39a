package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlState;
import dev.trawl.testsupport.ChangingSite;
import dev.trawl.testsupport.ChangingSite.Page;
import dev.trawl.testsupport.ChangingSite.Validators;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * A site is crawled with refetching on, changes, and is crawled again "a month later" (the schedule's
 * clock moved 31 days on): the second crawl asks for exactly the pages the schedule makes due plus the
 * new one, with the validators each page gave, and records what each answer meant. Judged from the
 * server's request log, the manifest, the crawl db and the WARC files read with jwarc.
 */
class RecrawlsAChangedSiteTest {
  private static final Instant FIRST = Instant.parse("2026-10-01T08:00:00Z");
  private static final Instant SECOND = Instant.parse("2026-11-15T08:00:00Z");

  @TempDir
  Path tmp;

  @Test
  void refreshFetchesOnlyWhatChangedAndRecordsRevisits() throws Exception {
    try (ChangingSite site = ChangingSite.start("127.0.0.9")) {
      String links = "<a href=\"/changed\">c</a> <a href=\"/ims\">i</a> <a href=\"/etag\">e</a> <a href=\"/ignores\">g</a>"
          + " <a href=\"/gone404\">4</a> <a href=\"/gone410\">5</a>";
      site.put("/", Page.of(html("home", links), FIRST, Validators.LAST_MODIFIED));
      site.put("/changed", Page.of(html("changed v1", "<a href=\"/\">home</a>"), FIRST, Validators.LAST_MODIFIED));
      site.put("/ims", Page.of(html("ims", ""), FIRST, Validators.LAST_MODIFIED));
      site.put("/etag", Page.of(html("etag", ""), FIRST, Validators.ETAG));
      site.put("/ignores", Page.of(html("ignores", ""), FIRST, Validators.IGNORED));
      site.put("/gone404", Page.of(html("soon 404", ""), FIRST, Validators.LAST_MODIFIED));
      site.put("/gone410", Page.of(html("soon 410", ""), FIRST, Validators.LAST_MODIFIED));

      LocalCrawl crawl = new LocalCrawl(tmp);
      Path seeds = crawl.writeSeeds("seeds.txt", site.url("/") + "\n");
      LocalCrawl.Run first = crawl.crawl(seeds, "--refetch-after", "30d", "--delay", "0");
      assertEquals(List.of(1, 2), rounds(crawl), "seeds, then their links; nothing due yet, so the crawl stops");
      List<ManifestRecord> firstCaptures = manifests(crawl, 1, 2);

      // A month and a half later: one page changed and links a new one, two were deleted.
      site.put("/changed", Page.of(html("changed v2", "<a href=\"/\">home</a> <a href=\"/fresh\">new</a>"), SECOND, Validators.LAST_MODIFIED));
      site.put("/fresh", Page.of(html("fresh", ""), SECOND, Validators.LAST_MODIFIED));
      site.put("/gone404", Page.gone(404));
      site.put("/gone410", Page.gone(410));
      site.clearLog();

      crawl.ok("crawl", "--crawl", crawl.uri(), "-D", "trawl.internal.clock-offset=P31D",
          "-D", "trawl.refetch.gone-after=1");

      // The server's log: each known page once, conditionally, and the new page once; nothing else.
      Map<String, ChangingSite.Request> asked = new TreeMap<>();
      for (ChangingSite.Request r : site.requests()) {
        if (!r.path().equals("/robots.txt")) {
          assertNull(asked.put(r.path(), r), "asked twice for " + r.path() + ": " + site.requests());
        }
      }
      assertEquals(List.of("/", "/changed", "/etag", "/fresh", "/gone404", "/gone410", "/ignores", "/ims"), List.copyOf(asked.keySet()));
      String firstDate = ChangingSite.HTTP_DATE.format(FIRST);
      assertEquals(firstDate, asked.get("/ims").ifModifiedSince());
      assertNull(asked.get("/ims").ifNoneMatch(), "the page sent no ETag");
      assertNull(asked.get("/etag").ifModifiedSince(), "the page sent no Last-Modified");
      assertEquals(Page.of(html("etag", ""), FIRST, Validators.ETAG).etag(), asked.get("/etag").ifNoneMatch());
      assertNotNull(asked.get("/ignores").ifModifiedSince());
      assertNotNull(asked.get("/ignores").ifNoneMatch());
      assertNull(asked.get("/fresh").ifModifiedSince(), "a new page is fetched plainly");
      assertEquals(Map.of("/", 304, "/changed", 200, "/etag", 304, "/fresh", 200, "/gone404", 404, "/gone410", 410,
          "/ignores", 200, "/ims", 304), asked.values().stream().collect(Collectors.toMap(ChangingSite.Request::path, ChangingSite.Request::status)));

      // The manifest: what each answer meant.
      int last = rounds(crawl).get(rounds(crawl).size() - 1);
      List<ManifestRecord> refresh = manifests(crawl, 3, last);
      Map<String, ManifestRecord> byPath = refresh.stream().collect(Collectors.toMap(m -> m.getUrl().substring(site.url("").length()), Function.identity()));
      assertEquals(asked.keySet(), byPath.keySet());
      assertOutcome(byPath.get("/"), FetchStatus.not_modified, "unchanged");
      assertOutcome(byPath.get("/ims"), FetchStatus.not_modified, "unchanged");
      assertOutcome(byPath.get("/etag"), FetchStatus.not_modified, "unchanged");
      assertOutcome(byPath.get("/ignores"), FetchStatus.not_modified, "unchanged");
      assertEquals(200, byPath.get("/ignores").getHttpStatus(), "the same bytes again, answered 200");
      assertOutcome(byPath.get("/changed"), FetchStatus.fetched, "changed");
      assertOutcome(byPath.get("/fresh"), FetchStatus.fetched, "new");
      assertOutcome(byPath.get("/gone404"), FetchStatus.http_error, "gone");
      assertOutcome(byPath.get("/gone410"), FetchStatus.http_error, "gone");

      // The crawl db: gone pages keep their history; refetched pages keep their depth; the new page is one further.
      Map<String, CrawlDbEntry> db = crawl.read(String.format("crawldb/round=%04d", last), CrawlDbEntry.class).stream()
          .collect(Collectors.toMap(e -> e.getUrl().substring(site.url("").length()), Function.identity()));
      assertEquals(UrlState.gone, db.get("/gone404").getState());
      assertEquals(UrlState.gone, db.get("/gone410").getState());
      String v1 = firstCaptures.stream().filter(m -> m.getUrl().endsWith("/gone404")).findFirst().orElseThrow().getDigest();
      assertEquals(v1, db.get("/gone404").getLastCapture().getDigest(), "a gone page keeps its last capture");
      assertEquals(1, db.get("/changed").getDepth());
      assertEquals(2, db.get("/fresh").getDepth());
      assertEquals(1, db.get("/changed").getChanges());
      assertEquals(1, db.get("/ims").getUnchanged());
      assertTrue(db.get("/ims").getNextFetchTime() > db.get("/changed").getNextFetchTime(),
          "an unchanged page waits longer (x1.4) than a changed one (x0.8)");

      // The WARC files, read with jwarc: each not_modified capture is a revisit naming the capture it repeats.
      for (String path : List.of("/", "/ims", "/etag", "/ignores")) {
        ManifestRecord m = byPath.get(path);
        WarcRecord record = recordAt(crawl, m.getWarcFile(), m.getWarcOffset(), m.getWarcLength());
        WarcRevisit revisit = assertInstanceOf(record, path);
        ManifestRecord original = firstCaptures.stream().filter(o -> o.getUrl().equals(m.getUrl())).findFirst().orElseThrow();
        WarcResponse response = (WarcResponse) recordAt(crawl, original.getWarcFile(), original.getWarcOffset(), original.getWarcLength());
        assertEquals(path.equals("/ignores") ? WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1 : WarcRevisit.SERVER_NOT_MODIFIED_1_1, revisit.profile(), path);
        assertEquals(m.getUrl(), revisit.refersToTargetURI().orElseThrow().toString());
        assertEquals(response.date(), revisit.refersToDate().orElseThrow());
        assertEquals(response.id(), revisit.refersTo().orElseThrow());
        assertEquals(response.payloadDigest(), revisit.payloadDigest(), "the revisit stands for the original payload");
        assertEquals(path.equals("/ignores") ? 200 : 304, revisit.http().status());
        assertEquals(original.getWarcFile(), m.getRefersToWarcFile());
      }

      // status and report: per round and per host, what the refresh found.
      LocalCrawl.Run status = crawl.trawl("status", "--crawl", crawl.uri());
      LocalCrawl.Run report = crawl.trawl("report", "--crawl", crawl.uri(), "--out", tmp.resolve("report").toString());
      for (LocalCrawl.Run run : List.of(status, report)) {
        assertEquals(List.of("2", "6", "0", "0", "0"), changeRow(run.out(), "2"), "round 2 of the first crawl:\n" + run.out());
        assertEquals(List.of("4", "0", "1", "4", "2"), changeRow(run.out(), "4"), "the refresh:\n" + run.out());
        assertEquals(List.of("5", "1", "0", "0", "0"), changeRow(run.out(), "5"), "the new page:\n" + run.out());
        assertEquals(List.of("127.0.0.9", "8", "1", "4", "2"), changeRow(run.out(), "127.0.0.9"), run.out());
      }
      assertTrue(status.out().contains("up to date after round 5"), status.out());

      // get on a revisit: says where the content is, and prints it.
      LocalCrawl.Run get = crawl.ok("get", "--crawl", crawl.uri(), site.url("/ims"));
      assertTrue(get.err().contains("revisit record") && get.err().contains(byPath.get("/ims").getRefersToWarcFile()), get.err());
      assertTrue(get.out().contains("<title>ims</title>"), get.out());
    }
  }

  /** The cells of the "what changed" table's line for {@code key} (a round or a host). */
  private static List<String> changeRow(String out, String key) {
    String table = out.substring(out.indexOf("what changed"));
    return table.lines().map(String::strip).filter(l -> l.startsWith(key + " ")).findFirst()
        .map(l -> List.of(l.split("\\s+"))).orElse(List.of());
  }

  private static WarcRevisit assertInstanceOf(WarcRecord record, String path) {
    assertTrue(record instanceof WarcRevisit, path + " is a " + record.type() + " record");
    return (WarcRevisit) record;
  }

  private static void assertOutcome(ManifestRecord m, FetchStatus status, String change) {
    assertEquals(status, m.getStatus(), m.getUrl());
    assertEquals(change, m.getChange(), m.getUrl());
  }

  private static String html(String title, String body) {
    return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>";
  }

  private static List<Integer> rounds(LocalCrawl crawl) throws Exception {
    try (var files = java.nio.file.Files.list(crawl.root().resolve("rounds"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> Integer.parseInt(n.substring(0, 4))).sorted().toList();
    }
  }

  private static List<ManifestRecord> manifests(LocalCrawl crawl, int from, int to) throws Exception {
    List<ManifestRecord> all = new ArrayList<>();
    for (int r = from; r <= to; r++) {
      all.addAll(crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class));
    }
    return all;
  }

  private static WarcRecord recordAt(LocalCrawl crawl, String file, long offset, long length) throws Exception {
    byte[] bytes = crawl.slice(file, offset, Math.toIntExact(length));
    return new WarcReader(new ByteArrayInputStream(bytes)).next().orElseThrow();
  }
}
