package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.ManifestRecord;
import dev.trawl.testsupport.ChangingSite;
import dev.trawl.testsupport.ChangingSite.Page;
import dev.trawl.testsupport.ChangingSite.Validators;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;
import org.netpreserve.jwarc.cdx.CdxFormat;
import org.netpreserve.jwarc.cdx.CdxWriter;

/**
 * Each round writes a CDXJ index of its WARC records for replay tools (pywb, cdx-toolkit): checked
 * against the index jwarc's own cdx writer builds from the same WARC and WET files, over a crawl and
 * its refresh a month later (captures, 404s, revisit records for pages not modified, and texts).
 */
class IndexesEachRoundForReplayToolsTest {
  private static final Instant FIRST = Instant.parse("2026-10-01T08:00:00Z");
  private static final Instant SECOND = Instant.parse("2026-11-15T08:00:00Z");
  /** Byte order: what `LC_ALL=C sort` gives and pywb's binary search expects. */
  private static final Comparator<String> C_ORDER =
      (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  @TempDir
  Path tmp;

  @Test
  void eachRoundsIndexIsJwarcsIndexOfItsWarcFilesSortedBySurtKey() throws Exception {
    try (ChangingSite site = ChangingSite.start("127.0.0.9")) {
      site.put("/", Page.of(html("<a href=\"/changed\">c</a> <a href=\"/same\">s</a> <a href=\"/etag\">e</a> <a href=\"/Upper?b=2&amp;a=1\">u</a>"
          + " <a href=\"/gone\">g</a> <a href=\"/never\">n</a>"), FIRST, Validators.LAST_MODIFIED));
      site.put("/changed", Page.of(html("v1"), FIRST, Validators.LAST_MODIFIED));
      site.put("/same", Page.of(html("same"), FIRST, Validators.IGNORED));
      site.put("/etag", Page.of(html("etag"), FIRST, Validators.ETAG));
      site.put("/Upper?b=2&a=1", Page.of(html("query"), FIRST, Validators.LAST_MODIFIED));
      site.put("/gone", Page.of(html("soon gone"), FIRST, Validators.LAST_MODIFIED));
      site.put("/never", Page.gone(404));
      LocalCrawl crawl = new LocalCrawl(tmp);
      crawl.crawl(crawl.writeSeeds("seeds.txt", site.url("/") + "\n"), "--refetch-after", "30d", "--delay", "0", "-D", "trawl.text=true");
      site.put("/changed", Page.of(html("v2"), SECOND, Validators.LAST_MODIFIED));
      site.put("/gone", Page.gone(410));
      crawl.ok("crawl", "--crawl", crawl.uri(), "-D", "trawl.internal.clock-offset=P31D");

      List<String> all = new ArrayList<>();
      for (int r : rounds(crawl)) {
        List<String> ours = ourIndex(crawl, r);
        assertEquals(jwarcsIndex(crawl, r), ours, "round " + r);
        long pointers = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class).stream()
            .filter(m -> m.getWarcFile() != null).count();
        long texts = crawl.read(String.format("manifest/round=%04d", r), ManifestRecord.class).stream()
            .filter(m -> m.getWetFile() != null).count();
        assertTrue(texts > 0 || r > 2, "round " + r + " kept texts");
        assertEquals(pointers + texts, ours.size(), "round " + r + ": a line per manifest record with a WARC record, and per text");
        all.addAll(ours);
      }
      assertTrue(all.stream().anyMatch(l -> l.contains("\"mime\": \"warc/revisit\", \"status\": \"304\"")), String.join("\n", all));
      assertTrue(all.stream().anyMatch(l -> l.contains("\"mime\": \"warc/revisit\", \"status\": \"200\"")), "an identical body again");
      assertTrue(all.stream().anyMatch(l -> l.contains("\"status\": \"404\"")) && all.stream().anyMatch(l -> l.contains("\"status\": \"410\"")));
      assertTrue(all.stream().anyMatch(l -> l.startsWith("9,0,0,127:" + site.url("/").replaceAll(".*:(\\d+)/", "$1") + ")/upper?a=1&b=2 ")),
          "SURT keys are lower-cased with their query sorted, as replay tools look them up: " + String.join("\n", all));
    }
  }

  @Test
  void aCrawlCanGoWithoutTheIndex() throws Exception {
    try (ChangingSite site = ChangingSite.start("127.0.0.9")) {
      site.put("/", Page.of(html("home"), FIRST, Validators.LAST_MODIFIED));
      LocalCrawl crawl = new LocalCrawl(tmp);
      crawl.crawl(crawl.writeSeeds("seeds.txt", site.url("/") + "\n"), "--delay", "0", "-D", "trawl.index.cdxj=false");
      assertFalse(Files.exists(crawl.root().resolve("cdxj")));
      LocalCrawl.Run status = crawl.ok("status", "--crawl", crawl.uri());
      assertFalse(status.out().contains("cdxj/round"), "a round without the index is whole: " + status.out());
    }
  }

  /** The round's index files, each checked to be in C order, merged. */
  private static List<String> ourIndex(LocalCrawl crawl, int round) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(crawl.root().resolve(String.format("cdxj/round=%04d", round)))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".cdxj")).toList()) {
        List<String> part = Files.readAllLines(f, StandardCharsets.UTF_8);
        List<String> sorted = new ArrayList<>(part);
        sorted.sort(C_ORDER);
        assertEquals(sorted, part, f + " is sorted by SURT key");
        lines.addAll(part);
      }
    }
    lines.sort(C_ORDER);
    return lines;
  }

  /**
   * jwarc's CDXJ index of the round's WARC and WET files (responses, revisits, texts), each named from
   * the crawl root, without robots.txt records (fetched to obey them, archived, but no manifest record's).
   */
  private static List<String> jwarcsIndex(LocalCrawl crawl, int round) throws IOException {
    StringWriter out = new StringWriter();
    try (CdxWriter writer = new CdxWriter(out)) {
      writer.setFormat(CdxFormat.CDXJ);
      writer.setRecordFilter(r -> r instanceof WarcResponse || r instanceof WarcRevisit || r instanceof WarcConversion);
      for (String folder : List.of(String.format("warc/round=%04d", round), String.format("wet/round=%04d", round))) {
        if (!Files.exists(crawl.root().resolve(folder))) {
          continue;
        }
        try (Stream<Path> files = Files.list(crawl.root().resolve(folder))) {
          for (Path f : files.filter(p -> p.toString().endsWith(".gz")).sorted().toList()) {
            try (WarcReader reader = new WarcReader(f)) {
              writer.process(reader, folder + "/" + f.getFileName());
            }
          }
        }
      }
    }
    List<String> lines = new ArrayList<>(out.toString().lines().filter(l -> !l.contains("/robots.txt\"")).toList());
    lines.sort(C_ORDER);
    return lines;
  }

  private static List<Integer> rounds(LocalCrawl crawl) throws IOException {
    try (Stream<Path> files = Files.list(crawl.root().resolve("rounds"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{4}\\.json"))
          .map(n -> Integer.parseInt(n.substring(0, 4))).sorted().toList();
    }
  }

  private static String html(String body) {
    return "<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>";
  }
}
