package dev.trawl.mappers.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.dedup.DigestKeys;
import dev.trawl.mappers.SiteLog;
import dev.trawl.mappers.warc.WarcValidator;
import dev.trawl.round.RoundConf;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.url.Urls;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import dev.trawl.mappers.input.FetchListInputFormat;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcResponse;

/**
 * The fetch mapper against the demo site on loopback, driven by MRUnit: what it emits, what it asks
 * the server, and the WARC file and activity log it leaves in the task's output folder.
 */
class FetchMapperTest {
  private static final String USER_AGENT = "trawl-test/0.1 (+http://example.org/bot)";
  private static final long DELAY_MILLIS = 50;
  private static final String WARC = "warc/round=0001/fetch-00000.warc.gz";
  private static final String LOG = "logs/round=0001/fetch-00000.log";

  @TempDir
  Path tmp;

  private LoopbackSite site;
  private SiteGraph graph;

  @AfterEach
  void stopSite() {
    if (site != null) {
      site.close();
    }
  }

  /** What one map task did: its output, its counters, and what the server saw. */
  private record Run(List<Pair<Text, AvroValue<UrlUpdate>>> output, Counters counters, List<LoopbackSite.Request> requests, Path out) {
    List<ManifestRecord> fetched() {
      return output.stream().map(p -> p.getSecond().datum().getFetched()).filter(m -> m != null).toList();
    }

    ManifestRecord fetched(String url) {
      List<ManifestRecord> records = fetched().stream().filter(m -> m.getUrl().equals(url)).toList();
      assertEquals(1, records.size(), "one fetch attempt for " + url + ", got " + records);
      return records.get(0);
    }

    List<FrontierEntry> linked() {
      return output.stream().map(p -> p.getSecond().datum().getLinked()).filter(e -> e != null).toList();
    }

    List<FrontierEntry> carried() {
      return output.stream().map(p -> p.getSecond().datum().getCarried()).filter(e -> e != null).toList();
    }

    Set<String> linkedFrom(String source) {
      return linked().stream().filter(e -> e.getSource().equals(source)).map(FrontierEntry::getUrl).collect(Collectors.toSet());
    }

    long counter(RoundCounter c) {
      return counters.findCounter(c).getValue();
    }

    long status(FetchStatus s) {
      return counters.findCounter(RoundConf.STATUS_COUNTERS, s.name()).getValue();
    }

    List<String> paths() {
      return requests.stream().map(LoopbackSite.Request::path).toList();
    }
  }

  private void startSite(int hosts, int pagesPerHost, long seed) throws Exception {
    site = LoopbackSite.start(hosts, pagesPerHost, seed);
    graph = site.graph();
  }

  private static FrontierEntry entry(String url, int depth) {
    return FrontierEntry.newBuilder().setUrl(url).setHost(Urls.host(url)).setDepth(depth).setRetries(0).build();
  }

  /**
   * Runs a fetch task over {@code entries}; {@code seedHosts} go into the seed batch's hosts.txt.
   * {@code settings} are extra {@code key, value} pairs; the loopback range is allowed unless
   * {@code trawl.fetch.allow-private} is among them.
   */
  private Run run(List<FrontierEntry> entries, Set<String> seedHosts, String... settings) throws Exception {
    return run(0, entries, seedHosts, settings);
  }

  /** As {@link #run(List, Set, String...)}, as attempt {@code attempt} of the fetch task (0: its first). */
  private Run run(int attempt, List<FrontierEntry> entries, Set<String> seedHosts, String... settings) throws Exception {
    Path batch = Files.createDirectories(tmp.resolve("seeds/batch=1"));
    Files.writeString(batch.resolve(dev.trawl.round.CrawlLayout.SEED_HOSTS), String.join("\n", seedHosts) + "\n");
    Path out = tmp.resolve("crawl");

    MapDriver<AvroKey<FrontierEntry>, NullWritable, Text, AvroValue<UrlUpdate>> driver = MapDriver.newMapDriver(new FetchMapper());
    Configuration conf = driver.getConfiguration();
    conf.setInt(RoundConf.ROUND, 1);
    conf.set(RoundConf.SEED_BATCHES, batch.toUri().toString());
    conf.set("mapreduce.output.fileoutputformat.outputdir", out.toUri().toString());
    conf.set("trawl.fetch.allow-private", "127.0.0.0/8");
    conf.set("trawl.fetch.delay", Double.toString(DELAY_MILLIS / 1000.0));
    conf.set("trawl.fetch.user-agent", USER_AGENT);
    conf.set("trawl.round.fetch-lists", "1");
    conf.set("trawl.fetch.threads", "4");
    for (int i = 0; i < settings.length; i += 2) {
      conf.set(settings[i], settings[i + 1]);
    }
    AvroSerialization.addToConfiguration(conf);
    AvroSerialization.setKeyWriterSchema(conf, FrontierEntry.getClassSchema());
    AvroSerialization.setKeyReaderSchema(conf, FrontierEntry.getClassSchema());
    AvroSerialization.setValueWriterSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setValueReaderSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setDataModelClass(conf, SpecificData.class);

    for (FrontierEntry e : entries) {
      driver.withInput(new AvroKey<>(e), NullWritable.get());
    }
    Mockito.when(driver.getContext().getTaskAttemptID())
        .thenReturn(new org.apache.hadoop.mapreduce.TaskAttemptID("trawl", 1, org.apache.hadoop.mapreduce.TaskType.MAP, 0, attempt));
    // The split a round gives the task: fetch list 0, with no stores of an earlier round to carry.
    Mockito.when(driver.getContext().getInputSplit())
        .thenReturn(new FetchListInputFormat.FetchListSplit(0, new org.apache.hadoop.fs.Path[0], new long[0]));
    List<Pair<Text, AvroValue<UrlUpdate>>> output = new ArrayList<>();
    List<ManifestRecord> byDigest = new ArrayList<>();
    for (Pair<Text, AvroValue<UrlUpdate>> p : driver.run()) {
      UrlUpdate u = p.getSecond().datum();
      if (DigestKeys.isDigestKey(p.getFirst().toString())) {
        assertEquals(DigestKeys.captureKey(u.getFetched().getDigest(), u.getFetched().getUrl()), p.getFirst().toString());
        byDigest.add(u.getFetched());
        continue;
      }
      output.add(p);
      String url = u.getFetched() != null ? u.getFetched().getUrl() : u.getLinked() != null ? u.getLinked().getUrl()
          : u.getCarried() != null ? u.getCarried().getUrl() : u.getRobots().getOrigin() + "/robots.txt";
      assertEquals(url, p.getFirst().toString(), "the map output is keyed by the URL it is about");
    }
    Run run = new Run(output, driver.getCounters(), SiteLog.settled(site), out);
    // Every capture with a body also goes to its digest's group, where duplicates meet; nothing else does.
    assertEquals(new HashSet<>(run.fetched().stream().filter(DigestKeys::dedupes).toList()), new HashSet<>(byDigest));
    assertEquals(new HashSet<>(byDigest).size(), byDigest.size());
    return run;
  }

  private Set<String> expectedOutlinks(String url, Set<String> seedHosts) {
    return graph.outlinks(url).stream().map(Urls::normalise).filter(u -> seedHosts.contains(Urls.host(u))).collect(Collectors.toSet());
  }

  @Test
  void fetchesEverySeedPageAndEmitsItsOutlinksAsDiscoveries() throws Exception {
    startSite(3, 10, 1);
    Set<String> seedHosts = new HashSet<>(graph.hosts());
    List<String> urls = new ArrayList<>(graph.homePages());
    urls.add(graph.url(0, "/page/5"));
    urls.add(graph.url(0, "/page/7"));

    Run run = run(urls.stream().map(u -> entry(u, 0)).toList(), seedHosts);

    assertEquals(urls.size(), run.fetched().size());
    for (String url : urls) {
      ManifestRecord m = run.fetched(url);
      assertEquals(FetchStatus.fetched, m.getStatus(), url);
      assertEquals(200, m.getHttpStatus());
      assertEquals(Urls.host(url), m.getHost());
      assertEquals(0, m.getDepth());
      assertEquals("text/html; charset=utf-8", m.getContentType());
      assertTrue(m.getContentLength() > 0);
      assertFalse(m.getContentTruncated());
      assertTrue(m.getTitle().startsWith("Host "), m.getTitle());
      assertEquals(graph.published(url).toEpochMilli(), m.getPublished(), "the date in the page's metadata");
      assertNotNull(m.getLastModified());
      assertEquals(graph.outlinks(url).size(), m.getOutlinkCount());
      assertTrue(m.getDigest().startsWith("sha1:"));
      assertEquals(WARC, m.getWarcFile());
      assertNotNull(m.getWarcOffset());
      assertTrue(m.getWarcLength() > 0);
      assertNull(m.getError());

      Set<String> expected = expectedOutlinks(url, seedHosts);
      assertEquals(expected, run.linkedFrom(url), "discoveries from " + url);
    }
    for (FrontierEntry link : run.linked()) {
      assertEquals(1, link.getDepth(), "one link from a seed");
      assertEquals(Urls.host(link.getUrl()), link.getHost());
      assertEquals(0, link.getRetries());
    }
    assertTrue(run.carried().isEmpty(), "no bound was set, nothing carries over");
    assertEquals(urls.size(), run.counter(RoundCounter.FETCH_LIST_ENTRIES));
    assertEquals(urls.size(), run.counter(RoundCounter.REQUESTS));
    assertEquals(3, run.counter(RoundCounter.ROBOTS_FETCHES));
    assertEquals(urls.size(), run.status(FetchStatus.fetched));
    assertEquals(run.linked().size(), run.fetched().stream().mapToLong(ManifestRecord::getOutlinkCount).sum(),
        "every link is in scope: all hosts are seed hosts");
  }

  @Test
  void robotsTxtComesFirstAndRequestsToAHostAreSpacedByTheDelay() throws Exception {
    startSite(2, 10, 1);
    List<String> urls = List.of(graph.url(0, "/"), graph.url(0, "/page/1"), graph.url(0, "/page/2"),
        graph.url(0, "/page/3"), graph.url(1, "/"), graph.url(1, "/page/1"));

    Run run = run(urls.stream().map(u -> entry(u, 0)).toList(), new HashSet<>(graph.hosts()));

    assertEquals(urls.size(), run.status(FetchStatus.fetched));
    Map<String, List<LoopbackSite.Request>> byHost = new HashMap<>();
    run.requests().forEach(r -> byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r));
    assertEquals(Set.of("127.0.0.2", "127.0.0.3"), byHost.keySet());
    for (List<LoopbackSite.Request> requests : byHost.values()) {
      assertEquals("/robots.txt", requests.get(0).path(), "robots.txt before any page of " + requests.get(0).host());
      assertEquals(1, requests.stream().filter(r -> r.path().equals("/robots.txt")).count(), "robots.txt once per host");
      for (int i = 1; i < requests.size(); i++) {
        long gap = TimeUnit.NANOSECONDS.toMillis(requests.get(i).startNanos() - requests.get(i - 1).startNanos());
        assertTrue(gap >= DELAY_MILLIS, requests.get(i).host() + requests.get(i).path() + " started " + gap
            + "ms after the previous request to the host; the delay is " + DELAY_MILLIS + "ms");
      }
    }
    assertEquals(5, byHost.get("127.0.0.2").size());
    assertTrue(run.requests().stream().allMatch(r -> USER_AGENT.equals(r.userAgent())), "every request says who is crawling");
  }

  /**
   * An attempt run again (the first was killed or lost with its node) cannot know when the first last
   * asked each host: at the latest, just before this one started. So no host is asked before its delay
   * from the attempt's start; a first attempt asks at once.
   */
  @Test
  void anAttemptRunAgainWaitsEachHostsDelayFromItsStart() throws Exception {
    startSite(2, 10, 1);
    List<FrontierEntry> entries = List.of(entry(graph.url(0, "/"), 0), entry(graph.url(1, "/"), 0));
    // The site's clock is nanoTime, the activity log's the wall clock.
    long wallMinusNanoMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    Run again = run(1, entries, new HashSet<>(graph.hosts()), "trawl.fetch.delay", "1", "trawl.text", "true");
    assertEquals(2, again.status(FetchStatus.fetched));
    String log = Files.readString(again.out().resolve(dev.trawl.round.CrawlLayout.activityLog(1, 0)));
    String line = log.lines().filter(l -> l.contains(" AGAIN ")).findFirst().orElseThrow(() -> new AssertionError(log));
    long began = java.time.Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli();
    long first = TimeUnit.NANOSECONDS.toMillis(again.requests().stream().mapToLong(LoopbackSite.Request::startNanos).min().orElseThrow())
        + wallMinusNanoMillis;
    assertTrue(first - began >= 950, "first request " + (first - began) + " ms after the attempt began; the delay is 1 s: " + log);
    assertEquals(1, again.counters().findCounter(RoundCounter.FETCH_TASKS_RUN_AGAIN).getValue());
    // Its own WARC file: the first attempt's may hold the records some reducer copied.
    assertEquals("warc/round=0001/fetch-00000.attempt1.warc.gz", again.fetched(graph.url(0, "/")).getWarcFile());
    assertEquals("wet/round=0001/fetch-00000.attempt1.warc.wet.gz", again.fetched(graph.url(0, "/")).getWetFile(), "and its own WET file");
    assertTrue(Files.exists(again.out().resolve("warc/round=0001/fetch-00000.attempt1.warc.gz")));
    assertFalse(Files.exists(again.out().resolve("warc/round=0001/fetch-00000.warc.gz")));
  }

  @Test
  void robotsDeniedUrlsAreRecordedAndNeverRequested() throws Exception {
    startSite(3, 10, 1);
    String home = graph.url(1, "/");
    List<String> denied = List.of(graph.url(1, "/private/0"), graph.url(1, "/private/5"));
    assertTrue(graph.outlinks(home).contains(denied.get(0)), "precondition: the home page links to a private page");
    List<FrontierEntry> entries = new ArrayList<>();
    entries.add(entry(home, 0));
    denied.forEach(u -> entries.add(entry(u, 1)));

    Run run = run(entries, new HashSet<>(graph.hosts()));

    for (String url : denied) {
      assertTrue(graph.disallowed(url));
      ManifestRecord m = run.fetched(url);
      assertEquals(FetchStatus.robots_denied, m.getStatus());
      assertEquals(1, m.getDepth());
      assertNull(m.getHttpStatus());
      assertNull(m.getWarcFile(), "nothing was fetched, so nothing was archived");
      assertTrue(run.linkedFrom(url).isEmpty());
    }
    assertEquals(FetchStatus.fetched, run.fetched(home).getStatus());
    assertEquals(2, run.status(FetchStatus.robots_denied));
    assertEquals(1, run.counter(RoundCounter.REQUESTS), "only the home page was requested");
    assertEquals(List.of("/robots.txt", "/"), run.paths());
    assertTrue(run.paths().stream().noneMatch(p -> p.startsWith("/private/")));
  }

  @Test
  void redirectsAndMissingPagesAreRecordedWithTheirStatus() throws Exception {
    startSite(1, 10, 1);
    String old = graph.url(0, "/old/4");
    String missing = graph.url(0, "/missing/3");

    Run run = run(List.of(entry(old, 1), entry(missing, 1)), Set.of("127.0.0.2"));

    ManifestRecord redirect = run.fetched(old);
    assertEquals(FetchStatus.redirect, redirect.getStatus());
    assertEquals(301, redirect.getHttpStatus());
    assertEquals(graph.url(0, "/page/4"), redirect.getRedirectTo());
    assertEquals(Set.of(graph.url(0, "/page/4")), run.linkedFrom(old), "the redirect target is queued, not followed now");
    assertEquals(2, run.linked().get(0).getDepth());
    assertFalse(run.paths().contains("/page/4"));

    ManifestRecord notFound = run.fetched(missing);
    assertEquals(FetchStatus.http_error, notFound.getStatus());
    assertEquals(404, notFound.getHttpStatus());
    assertNotNull(notFound.getWarcOffset(), "error pages are archived too");
    assertTrue(run.linkedFrom(missing).isEmpty());
  }

  @Test
  void linksToHostsOutsideTheSeedHostsAreDroppedAndCounted() throws Exception {
    startSite(3, 10, 1);
    Set<String> seedHosts = Set.of("127.0.0.2", "127.0.0.3");
    String home = graph.url(1, "/");
    List<String> outside = graph.outlinks(home).stream().filter(u -> u.contains("127.0.0.4")).toList();
    assertEquals(1, outside.size(), "precondition: host 1's home page links once to the unseeded host 127.0.0.4");

    Run run = run(List.of(entry(graph.url(0, "/"), 0), entry(home, 0)), seedHosts);

    assertEquals(expectedOutlinks(home, seedHosts), run.linkedFrom(home));
    assertFalse(run.linkedFrom(home).contains(outside.get(0)));
    assertEquals(1, run.counter(RoundCounter.DROPPED_SCOPE_HOST));
    assertTrue(run.requests().stream().noneMatch(r -> r.host().equals("127.0.0.4")));
  }

  @Test
  void loopbackIsRefusedByDefault() throws Exception {
    startSite(2, 5, 1);
    Run run = run(graph.homePages().stream().map(u -> entry(u, 0)).toList(), new HashSet<>(graph.hosts()),
        "trawl.fetch.allow-private", "");

    for (String url : graph.homePages()) {
      ManifestRecord m = run.fetched(url);
      assertEquals(FetchStatus.blocked_address, m.getStatus());
      assertNull(m.getHttpStatus());
    }
    assertEquals(2, run.status(FetchStatus.blocked_address));
    assertTrue(run.linked().isEmpty());
    assertTrue(run.requests().isEmpty(), "the server saw no request at all: " + run.paths());
    String log = Files.readString(run.out().resolve(LOG), StandardCharsets.UTF_8);
    assertTrue(log.contains("trawl.fetch.allow-private"), "the log tells the user how to allow the range:\n" + log);
  }

  @Test
  void theWarcFileAndActivityLogAreWrittenToTheTaskOutput() throws Exception {
    startSite(2, 10, 1);
    List<String> urls = List.of(graph.url(0, "/"), graph.url(0, "/page/2"), graph.url(1, "/"));

    Run run = run(urls.stream().map(u -> entry(u, 0)).toList(), new HashSet<>(graph.hosts()));

    Path warc = run.out().resolve(WARC);
    assertTrue(Files.size(warc) > 0, warc + " exists");
    for (String url : urls) {
      ManifestRecord m = run.fetched(url);
      try (FileChannel ch = FileChannel.open(warc)) {
        ch.position(m.getWarcOffset());
        WarcResponse response = assertInstanceOf(WarcResponse.class, new WarcReader(ch).next().orElseThrow());
        assertEquals(url, response.target(), "warc_offset points at this URL's response");
        assertEquals(m.getDigest(), response.payloadDigest().orElseThrow().prefixedBase32());
      }
    }
    WarcValidator.Result validation = WarcValidator.validate(warc);
    assertTrue(validation.valid(), validation.output());
    assertTrue(validation.output().contains("/robots.txt"), "robots.txt exchanges are archived too");

    List<String> log = Files.readAllLines(run.out().resolve(LOG), StandardCharsets.UTF_8);
    assertTrue(log.get(0).contains(" START round 1, fetch list 0"), log.get(0));
    assertTrue(log.get(log.size() - 1).contains(" END 3 fetch attempts"), log.get(log.size() - 1));
    assertEquals(2, log.stream().filter(l -> l.contains(" ROBOTS ")).count());
    for (String url : urls) {
      assertTrue(log.stream().anyMatch(l -> l.contains(" FETCH " + url + " fetched 200 ")), "a FETCH line for " + url);
    }
    for (String line : log) {
      Instant.parse(line.substring(0, line.indexOf(' '))); // every line starts with its UTC time
    }
  }

  @Test
  void boundsCarryEntriesOverInsteadOfDroppingThem() throws Exception {
    startSite(1, 10, 1);
    List<FrontierEntry> entries = List.of(entry(graph.url(0, "/"), 0), entry(graph.url(0, "/page/1"), 0),
        entry(graph.url(0, "/page/2"), 0), entry(graph.url(0, "/page/3"), 2));

    Run run = run(entries, Set.of("127.0.0.2"), "trawl.bounds.max-per-host", "2", "trawl.bounds.depth", "2");

    assertEquals(2, run.status(FetchStatus.fetched), "two pages per host this round");
    assertEquals(2, run.counter(RoundCounter.REQUESTS));
    Set<String> carried = run.carried().stream().map(FrontierEntry::getUrl).collect(Collectors.toSet());
    Set<String> fetched = run.fetched().stream().map(ManifestRecord::getUrl).collect(Collectors.toSet());
    assertTrue(carried.contains(graph.url(0, "/page/3")), "beyond the depth bound: kept for later, not fetched");
    assertEquals(1, run.counter(RoundCounter.BEYOND_DEPTH));
    Set<String> all = new HashSet<>(carried);
    all.addAll(fetched);
    assertEquals(entries.stream().map(FrontierEntry::getUrl).collect(Collectors.toSet()), all, "every entry is fetched or carried");
    assertEquals(4, carried.size() + fetched.size(), "none is both");
  }

  @Test
  void aPageBoundFetchesTheSelectedEntriesAndCarriesTheRest() throws Exception {
    startSite(2, 10, 1);
    List<FrontierEntry> entries = new ArrayList<>();
    for (int h = 0; h < 2; h++) {
      for (String path : List.of("/", "/page/1", "/page/2")) {
        entries.add(entry(graph.url(h, path), 0));
      }
    }

    // The driver's cut: at depth 0, URLs up to host 0's /page/2 (the first three in URL order).
    Run run = run(entries, new HashSet<>(graph.hosts()),
        "trawl.internal.select.depth", "0", "trawl.internal.select.last-url", graph.url(0, "/page/2"));

    assertEquals(3, run.fetched().size());
    assertTrue(run.fetched().stream().allMatch(m -> m.getHost().equals(graph.hosts().get(0))), "host 0's three URLs sort first");
    assertEquals(3, run.carried().size());
    assertEquals(3, run.counter(RoundCounter.NOT_SELECTED));
    assertEquals(3, run.paths().stream().filter(p -> !p.equals("/robots.txt")).count(), "the server saw three page requests");
  }

  @Test
  void aPassedDeadlineCarriesEverythingOverWithoutARequest() throws Exception {
    startSite(1, 10, 1);
    List<FrontierEntry> entries = List.of(entry(graph.url(0, "/"), 0), entry(graph.url(0, "/page/1"), 0));

    Run run = run(entries, Set.of("127.0.0.2"), RoundConf.FETCH_DEADLINE, Long.toString(System.currentTimeMillis() - 1000));

    assertTrue(run.fetched().isEmpty());
    assertEquals(entries, run.carried());
    assertTrue(run.requests().isEmpty());
  }
}
