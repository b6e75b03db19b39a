package dev.trawl.jobs;

import dev.trawl.round.CrawlLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.HostLoad;
import dev.trawl.url.FetchLists;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round's shuffle shortcuts change where records travel, never what they say: a crawl with the
 * discovery combiner and balanced fetch lists gives the same records as one with neither. And a
 * balanced layout keeps each host in one fetch list, and evens the lists out.
 */
class BalancesFetchListsTest {
  private static final int ROUNDS = 3;

  @TempDir
  Path tmp;

  @Test
  void combinedAndBalancedRoundsGiveThePlainRoundsRecords() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(6, 40, 11)) {
      // Host 0 starts with many seeds, so it is the heavy host of the next frontiers.
      List<String> seeds = new ArrayList<>(site.graph().homePages());
      IntStream.range(1, 16).forEach(i -> seeds.add(site.graph().url(0, "/page/" + i)));
      LocalCrawl balanced = crawl("balanced", seeds);
      LocalCrawl plain = crawl("plain", seeds, "-D", "trawl.round.balance-lists=false", "-D", "trawl.round.combine=false");

      for (int r = 1; r <= ROUNDS; r++) {
        assertEquals(plain.records(r), balanced.records(r), "round " + r);
      }
      for (int r = 2; r <= ROUNDS + 1; r++) {
        assertHostsInTheirLists(balanced, r);
        assertHostsInTheirLists(plain, r);
      }
      assertEquals(FetchLists.hashed(2), layout(plain, 3), "plain: hashed");

      // Round 2 laid out frontier 3 from frontier 2's hosts: evener than the hash, by the same measure.
      FetchLists layout = layout(balanced, 3);
      Map<String, Long> pages = pages(balanced, 2);
      long[] planned = new long[2];
      long[] hashed = new long[2];
      pages.forEach((host, n) -> {
        planned[layout.of(host)] += n;
        hashed[FetchLists.hash(host, 2)] += n;
      });
      System.out.println("frontier 2's pages per list: hashed " + List.of(hashed[0], hashed[1]) + ", balanced "
          + List.of(planned[0], planned[1]) + ", hosts " + pages);
      assertTrue(Math.max(planned[0], planned[1]) < Math.max(hashed[0], hashed[1]),
          "balanced " + List.of(planned[0], planned[1]) + " vs hashed " + List.of(hashed[0], hashed[1]));
      assertNotEquals(FetchLists.hashed(2), layout);

      // Each round's summary tells how even its lists were expected to be: the same total either way.
      for (int r = 2; r <= ROUNDS; r++) {
        List<Double> even = expectedSeconds(balanced, r);
        List<Double> hashedLists = expectedSeconds(plain, r);
        System.out.println("round " + r + " expected seconds per list: balanced " + even + ", hashed " + hashedLists);
        assertEquals(2, even.size());
        assertEquals(hashedLists.stream().mapToDouble(Double::doubleValue).sum(), even.stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
      }
    }
  }

  @Test
  void seedsInjectedForTheNextRoundAreFetchedInTheLayoutOfARoundRunAgain() throws Exception {
    try (LoopbackSite site = LoopbackSite.start(3, 10, 5)) {
      LocalCrawl crawl = crawl("reruns", site.graph().homePages().subList(0, 2));
      // Seeds injected after round 3 are laid out as frontier 4 is; a forced round 3 reads frontier 3.
      String seed = site.graph().homePages().get(2);
      Path more = crawl.writeSeeds("more.txt", seed);
      crawl.ok("inject", "--crawl", crawl.uri(), "--seeds", more.toString());
      Path batch;
      try (var batches = Files.list(crawl.root().resolve("seeds"))) {
        batch = batches.sorted().reduce((a, b) -> b).orElseThrow();
      }
      assertEquals(layout(crawl, 4), FetchLists.read(Files.newInputStream(batch.resolve(CrawlLayout.FETCH_LISTS))));
      // Make it differ from frontier 3's for certain, as a balanced frontier 4's may or may not.
      // (Hadoop's local file system keeps a checksum beside each file: edited by hand, it goes.)
      Files.delete(batch.resolve("." + CrawlLayout.FETCH_LISTS + ".crc"));
      int[] elsewhere = new int[FetchLists.buckets(2)];
      java.util.Arrays.fill(elsewhere, 1 - layout(crawl, 3).of(java.net.URI.create(seed).getHost()));
      try (var out = Files.newOutputStream(batch.resolve(CrawlLayout.FETCH_LISTS))) {
        new FetchLists(2, elsewhere, Map.of()).write(out);
      }
      byte[] before = Files.readAllBytes(batch.resolve(CrawlLayout.FETCH_LISTS));

      crawl.ok("round", "--crawl", crawl.uri(), "--round", "3", "--force", "--fetch-lists", "2");
      assertEquals(List.of(batch.getFileName().toString()), seedBatches(crawl, 3));
      assertTrue(crawl.read("manifest/round=0003", dev.trawl.schema.ManifestRecord.class).stream()
          .anyMatch(m -> m.getUrl().equals(seed)), "the seed was fetched");
      // From a copy in frontier 3's layout: its host in the one fetch list that owns it.
      assertHostsInTheirLists(crawl, batch.resolve("for-round=0003"), layout(crawl, 3));
      assertArrayEquals(before, Files.readAllBytes(batch.resolve(CrawlLayout.FETCH_LISTS)), "the batch itself is never rewritten");
    }
  }

  private static List<Double> expectedSeconds(LocalCrawl crawl, int round) throws Exception {
    List<Double> seconds = new ArrayList<>();
    summary(crawl, round).path("fetch_list_expected_seconds").forEach(n -> seconds.add(n.asDouble()));
    return seconds;
  }

  private static com.fasterxml.jackson.databind.JsonNode summary(LocalCrawl crawl, int round) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(crawl.root().resolve(String.format("rounds/%04d.json", round)).toFile());
  }

  private static List<String> seedBatches(LocalCrawl crawl, int round) throws Exception {
    List<String> names = new ArrayList<>();
    summary(crawl, round).path("seed_batches").forEach(n -> names.add(n.asText()));
    return names;
  }

  private LocalCrawl crawl(String name, List<String> seeds, String... options) throws Exception {
    Files.createDirectories(tmp.resolve(name));
    LocalCrawl crawl = new LocalCrawl(tmp.resolve(name));
    Path seedFile = crawl.writeSeeds("seeds.txt", String.join("\n", seeds));
    List<String> args = new ArrayList<>(List.of("--depth", Integer.toString(ROUNDS), "--delay", "0.01", "--fetch-lists", "2"));
    args.addAll(List.of(options));
    crawl.crawl(seedFile, args.toArray(new String[0]));
    return crawl;
  }

  /** Every frontier file k holds only hosts its layout puts in list k: one fetch task owns each host. */
  private static void assertHostsInTheirLists(LocalCrawl crawl, int round) throws Exception {
    assertHostsInTheirLists(crawl, crawl.root().resolve(String.format("frontier/round=%04d", round)), layout(crawl, round));
  }

  private static void assertHostsInTheirLists(LocalCrawl crawl, Path dir, FetchLists layout) throws Exception {
    int files = 0;
    try (var all = Files.list(dir)) {
      for (Path file : all.filter(p -> p.toString().endsWith(".avro")).toList()) {
        int k = Integer.parseInt(file.getFileName().toString().replaceAll("\\D", ""));
        try (DataFileReader<FrontierEntry> r = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(FrontierEntry.class))) {
          for (FrontierEntry e : r) {
            assertEquals(k, layout.of(e.getHost()), e.getUrl() + " in " + file);
          }
        }
        files++;
      }
    }
    assertTrue(files > 0, "fetch lists in " + dir);
  }

  private static FetchLists layout(LocalCrawl crawl, int round) throws Exception {
    Path file = crawl.root().resolve(String.format("frontier/round=%04d/%s", round, CrawlLayout.FETCH_LISTS));
    if (!Files.exists(file)) {
      return FetchLists.hashed(2);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return FetchLists.read(in);
    }
  }

  private static Map<String, Long> pages(LocalCrawl crawl, int round) throws Exception {
    Map<String, Long> pages = new HashMap<>();
    for (HostLoad h : crawl.read(String.format("frontier/round=%04d/_hosts", round), HostLoad.class)) {
      pages.merge(h.getHost(), h.getPages(), Long::sum);
    }
    return pages;
  }
}
