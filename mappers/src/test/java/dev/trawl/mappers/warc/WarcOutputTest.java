package dev.trawl.mappers.warc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.demosite.LoopbackSite;
import dev.trawl.demosite.SiteGraph;
import dev.trawl.mappers.ScriptedServer;
import dev.trawl.mappers.TestSettings;
import dev.trawl.mappers.http.HttpFetcher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.Warcinfo;

class WarcOutputTest {
  private static final String FILE = "warc/round=0001/fetch-00000.warc.gz";
  private static final Map<String, List<String>> INFO = Map.of("software", List.of("trawl"), "robots", List.of("obey"));

  private static LoopbackSite site;
  private static SiteGraph graph;
  private static HttpFetcher fetcher;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    site = LoopbackSite.start(1, 6, 5);
    graph = site.graph();
    fetcher = new HttpFetcher(TestSettings.of("trawl.fetch.allow-private", TestSettings.LOOPBACK));
  }

  @AfterAll
  static void stop() throws Exception {
    fetcher.close();
    site.close();
  }

  private static byte[] payload(WarcResponse response) throws Exception {
    return response.http().body().stream().readAllBytes();
  }

  private static WarcRecord recordAt(Path file, long offset) throws Exception {
    try (FileChannel ch = FileChannel.open(file)) {
      ch.position(offset);
      WarcReader reader = new WarcReader(ch);
      return reader.next().orElseThrow();
    }
  }

  @Test
  void theResponseIsAtThePointerAndItsRequestFollows() throws Exception {
    String url = graph.url(0, "/page/3");
    HttpFetcher.Response r = fetcher.get(url);
    Path file = tmp.resolve("fetch-00000.warc.gz");
    WarcOutput.Pointer p;
    try (OutputStream out = Files.newOutputStream(file); WarcOutput warc = new WarcOutput(out, FILE, INFO)) {
      warc.write(fetcher.get(graph.url(0, "/")));
      p = warc.write(r);
    }
    assertEquals(FILE, p.file());
    assertTrue(p.offset() > 0 && p.length() > 0);

    try (FileChannel ch = FileChannel.open(file)) {
      ch.position(p.offset());
      WarcReader reader = new WarcReader(ch);
      WarcResponse response = assertInstanceOf(WarcResponse.class, reader.next().orElseThrow());
      assertEquals(url, response.target());
      assertEquals(200, response.http().status());
      assertArrayEquals(r.body().bytes(), payload(response), "the WARC keeps the body as received");
      assertEquals(Optional.of(new WarcDigest(p.payloadDigest())), response.payloadDigest());
      assertEquals("127.0.0.2", response.ipAddress().orElseThrow().getHostAddress());
      assertEquals(r.start().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), response.date(), "to the millisecond, as the manifest");

      WarcRequest request = assertInstanceOf(WarcRequest.class, reader.next().orElseThrow());
      assertEquals(url, request.target());
      assertEquals(List.of(response.id()), request.concurrentTo());
      assertEquals("GET", request.http().method());
      assertEquals("/page/3", request.http().target());
      assertTrue(request.http().headers().first("User-Agent").isPresent());
      assertTrue(request.http().headers().first("Host").isPresent());
    }
  }

  @Test
  void thePayloadDigestIsTheBase32Sha1OfTheBody() throws Exception {
    HttpFetcher.Response r = fetcher.get(graph.url(0, "/page/1"));
    WarcOutput.Pointer p;
    try (WarcOutput warc = new WarcOutput(new ByteArrayOutputStream(), FILE, INFO)) {
      p = warc.write(r);
    }
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(r.body().bytes());
    assertEquals("sha1:" + new WarcDigest("sha1", sha1).base32(), p.payloadDigest());
  }

  @Test
  void theFileStartsWithWarcinfoAndEveryPointerSliceIsOneRecord() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<WarcOutput.Pointer> pointers = new ArrayList<>();
    List<String> urls = List.of(graph.url(0, "/"), graph.url(0, "/page/1"), graph.url(0, "/old/2"), graph.url(0, "/missing/4"));
    try (WarcOutput warc = new WarcOutput(bytes, FILE, INFO)) {
      for (String u : urls) {
        pointers.add(warc.write(fetcher.get(u)));
      }
    }
    byte[] all = bytes.toByteArray();
    try (WarcReader reader = new WarcReader(new ByteArrayInputStream(all))) {
      Warcinfo info = assertInstanceOf(Warcinfo.class, reader.next().orElseThrow());
      assertEquals(Optional.of("fetch-00000.warc.gz"), info.filename());
      assertEquals(List.of("trawl"), info.fields().all("software"));
      assertEquals(List.of("obey"), info.fields().all("robots"));
      assertEquals(MessageVersion.WARC_1_1, info.version());
      List<String> types = new ArrayList<>();
      for (WarcRecord record : reader) {
        assertEquals(MessageVersion.WARC_1_1, record.version(), "every record is WARC 1.1, as the design says");
        types.add(record.type());
      }
      assertEquals(List.of("response", "request", "response", "request", "response", "request", "response", "request"), types);
    }
    for (int i = 0; i < urls.size(); i++) {
      WarcOutput.Pointer p = pointers.get(i);
      byte[] slice = Arrays.copyOfRange(all, (int) p.offset(), (int) (p.offset() + p.length()));
      try (WarcReader reader = new WarcReader(new ByteArrayInputStream(slice))) {
        WarcResponse response = assertInstanceOf(WarcResponse.class, reader.next().orElseThrow());
        assertEquals(urls.get(i), response.target());
        assertFalse(reader.next().isPresent(), "warc_offset and warc_length frame exactly one gzip member");
      }
    }
  }

  @Test
  void aTruncatedBodyIsMarkedAndTheFileStillValidates() throws Exception {
    String url = graph.url(0, "/page/2");
    Path file = tmp.resolve("truncated.warc.gz");
    WarcOutput.Pointer p;
    HttpFetcher.Response full = fetcher.get(url);
    try (HttpFetcher capped = new HttpFetcher(TestSettings.of("trawl.fetch.allow-private", TestSettings.LOOPBACK, "trawl.fetch.max-body", "100"));
         OutputStream out = Files.newOutputStream(file);
         WarcOutput warc = new WarcOutput(out, FILE, INFO)) {
      HttpFetcher.Response r = capped.get(url);
      assertTrue(r.truncated());
      p = warc.write(r);
    }
    WarcResponse response = assertInstanceOf(WarcResponse.class, recordAt(file, p.offset()));
    assertEquals(WarcTruncationReason.LENGTH, response.truncated());
    assertArrayEquals(Arrays.copyOf(full.body().bytes(), 100), payload(response));
    assertEquals(Optional.of("100"), response.http().headers().first("Content-Length"), "Content-Length matches the payload kept");
    assertEquals(Optional.of(Integer.toString(full.body().bytes().length)), response.http().headers().first("X-Crawler-Content-Length"));

    WarcValidator.Result v = WarcValidator.validate(file);
    assertTrue(v.valid(), v.output());
  }

  @Test
  void aWholeFileOfDifferentResponsesPassesJwarcsValidator() throws Exception {
    Path file = tmp.resolve("mixed.warc.gz");
    byte[] big = new byte[70_000];
    Arrays.fill(big, (byte) 'y');
    WarcOutput.Pointer chunkedPointer = null;
    try (ScriptedServer server = ScriptedServer.start();
         OutputStream out = Files.newOutputStream(file);
         WarcOutput warc = new WarcOutput(out, FILE, INFO)) {
      server.on("/chunked", 200, "text/plain; charset=us-ascii", big, true)
          .on("/robots.txt", 200, "text/plain", "User-agent: *\nDisallow:\n")
          .on("/empty", 204, "text/plain", new byte[0], false)
          .redirect("/moved", 302, "/chunked");
      for (String u : List.of(graph.url(0, "/robots.txt"), graph.url(0, "/"), graph.url(0, "/old/1"), graph.url(0, "/missing/2"))) {
        warc.write(fetcher.get(u));
      }
      for (String path : List.of("/robots.txt", "/chunked", "/empty", "/moved")) {
        HttpFetcher.Response r = fetcher.get(server.url(path));
        WarcOutput.Pointer p = warc.write(r);
        if (path.equals("/chunked")) {
          chunkedPointer = p;
        }
      }
    }
    WarcValidator.Result v = WarcValidator.validate(file);
    assertTrue(v.valid(), v.output());
    assertTrue(v.output().contains("payload digest pass"), v.output());

    WarcResponse chunked = assertInstanceOf(WarcResponse.class, recordAt(file, chunkedPointer.offset()));
    assertArrayEquals(big, payload(chunked), "the payload is the de-chunked body");
    assertFalse(chunked.http().headers().first("Transfer-Encoding").isPresent());
    assertEquals(Optional.of("chunked"), chunked.http().headers().first("X-Crawler-Transfer-Encoding"));
  }

  @Test
  void concurrentWritersEachGetAPointerToTheirOwnRecord() throws Exception {
    List<HttpFetcher.Response> responses = new ArrayList<>();
    for (int n = 0; n < 6; n++) {
      responses.add(fetcher.get(graph.url(0, n == 0 ? "/" : "/page/" + n)));
    }
    Path file = tmp.resolve("concurrent.warc.gz");
    List<Map.Entry<String, WarcOutput.Pointer>> written = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (OutputStream out = Files.newOutputStream(file); WarcOutput warc = new WarcOutput(out, FILE, INFO)) {
      List<Future<?>> jobs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        jobs.add(pool.submit(() -> {
          for (HttpFetcher.Response r : responses) {
            written.add(Map.entry(r.uri().toString(), warc.write(r)));
          }
          return null;
        }));
      }
      for (Future<?> j : jobs) {
        j.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(24, written.size());
    for (Map.Entry<String, WarcOutput.Pointer> w : written) {
      WarcResponse response = assertInstanceOf(WarcResponse.class, recordAt(file, w.getValue().offset()));
      assertEquals(w.getKey(), response.target());
    }
    WarcValidator.Result v = WarcValidator.validate(file);
    assertTrue(v.valid(), v.output());
  }
}
