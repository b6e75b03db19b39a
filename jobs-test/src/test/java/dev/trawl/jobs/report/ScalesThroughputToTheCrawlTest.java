package dev.trawl.jobs.report;

import dev.trawl.round.RoundSummary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The report at any length, from synthetic rounds: a 10-second crawl in seconds, a 2-hour crawl in
 * minutes, rounds marked, plain time labels on the chart, rates only over intervals that carry them,
 * and no straggler named for a blink.
 */
class ScalesThroughputToTheCrawlTest {
  private static final long T0 = Instant.parse("2026-11-28T18:40:00.400Z").toEpochMilli();

  /** A round of {@code pages} pages over two hosts, evenly from {@code start} for {@code millis}. */
  private static RoundActivity round(int n, long start, long millis, int pages) throws Exception {
    RoundActivity r = new RoundActivity(n, RoundSummary.parse("{\"round\": " + n + ", \"seconds\": " + millis / 1000.0
        + ", \"fetch_list_sizes\": {\"0\": " + pages + "}, \"counters\": {\"URLS_NEW\": " + (pages + 3) + "}}"));
    for (int i = 0; i < pages; i++) {
      r.add(ManifestRecord.newBuilder().setUrl("http://h" + i % 2 + ".example/" + n + "/" + i).setHost("h" + i % 2 + ".example")
          .setDepth(n - 1).setFetchTime(start + i * millis / pages).setFetchMs(10).setStatus(FetchStatus.fetched)
          .setHttpStatus(200).build());
    }
    return r;
  }

  private static String svgText(Throughput t) throws Exception {
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    new ThroughputChart(t, "test").writeSvg(svg);
    return svg.toString(StandardCharsets.UTF_8);
  }

  private static List<String> tickLabels(String svg) {
    List<String> labels = new ArrayList<>();
    Matcher m = Pattern.compile(">(\\d\\d:\\d\\d[^<]*)</text>").matcher(svg);
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  @Test
  void aTenSecondCrawlIsDrawnInSeconds() throws Exception {
    // The demo's shape: three rounds of a few seconds each, 10 s from first request to last.
    List<RoundActivity> rounds = List.of(round(1, T0, 1_600, 4), round(2, T0 + 3_000, 3_000, 12), round(3, T0 + 7_000, 3_000, 34));
    Throughput t = Throughput.of(rounds);
    assertEquals(1_000, t.binMillis());
    assertEquals("second", t.binName());
    assertEquals("/s", t.unit());
    assertEquals(11, t.bins().size(), "18:40:00.4 to 18:40:10.3: 18:40:00 to 18:40:10, one bin a second");
    assertEquals(50, java.util.Arrays.stream(t.pages()).sum());
    assertEquals(Instant.parse("2026-11-28T18:40:00Z").toEpochMilli(), t.bins().get(0).start(), "bins start on the second");
    assertEquals("1  2   3", CrawlReport.roundMarks(t, 1), "each round's number under the bin of its first request");

    String svg = svgText(t);
    List<String> labels = tickLabels(svg);
    assertFalse(labels.isEmpty(), svg);
    for (String label : labels) {
      assertTrue(label.matches("18:40:\\d\\d"), "a plain label, to the second: " + labels);
    }
    assertTrue(svg.contains(">round 1<") && svg.contains(">round 3<"), "rounds marked on the chart");
    assertTrue(svg.contains("pages/s"), "the series says its unit");
  }

  @Test
  void aTwoHourCrawlIsDrawnInMinutes() throws Exception {
    long hour = 3_600_000;
    List<RoundActivity> rounds = List.of(round(1, T0, hour - 60_000, 600), round(2, T0 + hour, hour, 900));
    Throughput t = Throughput.of(rounds);
    assertEquals(120_000, t.binMillis(), "2 h in at most 72 bins: 2-minute bins (1-minute bins would be 120)");
    assertEquals("2 minutes", t.binName());
    assertEquals("/2 min", t.unit());
    assertTrue(t.bins().size() <= Throughput.MAX_BINS && t.bins().size() >= 60, "bins: " + t.bins().size());
    assertEquals(1500, java.util.Arrays.stream(t.pages()).sum());
    assertEquals(0, t.bins().get(0).start() % 120_000, "bins start on the even minute");
    assertEquals(30, t.binOf(rounds.get(1).firstStart()), "round 2 starts an hour, 30 bins, in");
    String marks = CrawlReport.roundMarks(t, 1);
    assertEquals('1', marks.charAt(0));
    assertEquals('2', marks.charAt(30));
    List<String> labels = tickLabels(svgText(t));
    assertFalse(labels.isEmpty());
    for (String label : labels) {
      assertTrue(label.matches("\\d\\d:\\d\\d"), "hours and minutes: " + label);
    }
    assertEquals(120_000 * 5, Throughput.binFor(6 * hour) / 1, "6 h in 5-minute bins");
    assertEquals(3_600_000, Throughput.binFor(2 * 24 * hour), "2 days in hours");
  }

  @Test
  void ratesAndStragglersOnlyWhereTheRoundCarriesThem() throws Exception {
    RoundActivity blink = round(2, T0, 600, 12);
    // 12 fetch list entries, 10 of them the frontier round 1 left: 2 seeds among the 15 new URLs.
    RoundRow row = RoundRow.of(blink, RoundSummary.parse("{\"round\": 1, \"counters\": {\"FRONTIER_NEXT\": 10}}"), null);
    assertEquals("-", row.cells().get(RoundRow.HEADERS.indexOf("pages/s")), "no rate over 0.6 s");
    assertNull(blink.straggler(), "a host 50 ms behind the other is no straggler");
    assertEquals(13, row.discovered(), "the new URLs that are not the round's seeds");

    RoundActivity slow = round(1, T0, 60_000, 120);
    for (int i = 0; i < 10; i++) {
      slow.add(ManifestRecord.newBuilder().setUrl("http://h0.example/late/" + i).setHost("h0.example").setDepth(0)
          .setFetchTime(T0 + 60_000 + i * 1_000).setFetchMs(10).setStatus(FetchStatus.fetched).setHttpStatus(200).build());
    }
    RoundRow slowRow = RoundRow.of(slow, null, null);
    assertEquals(String.format(java.util.Locale.ROOT, "%.1f", 130 / 60.0), slowRow.cells().get(RoundRow.HEADERS.indexOf("pages/s")));
    assertEquals("h0.example +9.5s", slowRow.straggler(), "alone for 9.5 s of 69.5: a straggler");
  }

  @Test
  void roundLabelsCloseInTimeStandBelowOneAnotherNotOverEachOther() throws Exception {
    // A long first round, then six short ones a minute or less apart: their marks are pixels apart.
    List<RoundActivity> rounds = new ArrayList<>(List.of(round(1, T0, 3_000_000, 400)));
    long[] starts = {3_600_000, 3_660_000, 3_700_000, 3_760_000, 3_800_000, 3_830_000};
    for (int i = 0; i < starts.length; i++) {
      rounds.add(round(i + 2, T0 + starts[i], 30_000, 20));
    }
    Matcher m = Pattern.compile("<text x='([\\d.]+)' y='([\\d.]+)'[^>]*>round (\\d+)</text>").matcher(svgText(Throughput.of(rounds)));
    List<double[]> labels = new ArrayList<>();
    while (m.find()) {
      labels.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    assertEquals(7, labels.size(), "every round labelled");
    for (int a = 0; a < labels.size(); a++) {
      for (int b = a + 1; b < labels.size(); b++) {
        boolean apartAcross = Math.abs(labels.get(a)[0] - labels.get(b)[0]) >= 40;
        boolean apartDown = Math.abs(labels.get(a)[1] - labels.get(b)[1]) >= 10;
        assertTrue(apartAcross || apartDown, "labels of rounds " + (a + 1) + " and " + (b + 1) + " overlap: " + labels.get(a)[0]
            + "," + labels.get(a)[1] + " and " + labels.get(b)[0] + "," + labels.get(b)[1]);
      }
    }
  }
}
