package dev.trawl.mappers.fetch;

import static dev.trawl.mappers.fetch.FetchTaskTest.PAGE;
import static dev.trawl.mappers.fetch.FetchTaskTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.Certificates;
import dev.trawl.mappers.TestHost;
import dev.trawl.round.FetchErrors;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https hosts whose certificates Java does not trust: by default their URLs are errors naming the
 * TLS reason (never a robots.txt decision, never deferred); with trawl.fetch.tls-trust-all they are
 * fetched, and each capture says what was wrong.
 */
class TlsFailuresTest {
  @TempDir
  Path certs;
  private final List<TestHost> hosts = new ArrayList<>();

  @AfterEach
  void stop() {
    hosts.forEach(TestHost::close);
  }

  private TestHost https(String ip, boolean expired) throws Exception {
    TestHost h = TestHost.startTls(ip, expired ? Certificates.expired(certs, ip) : Certificates.selfSigned(certs, ip));
    hosts.add(h);
    h.on("/robots.txt", 200, "text/plain", "User-agent: *\nDisallow: /private\n");
    h.on("/1", 200, "text/html", PAGE);
    h.on("/2", 200, "text/html", PAGE);
    return h;
  }

  @Test
  void anUntrustedCertificateIsAnErrorNamingWhyNotARobotsDecision() throws Exception {
    TestHost h = https("127.0.0.2", false);
    TaskHarness run = TaskHarness.run(settings(), List.of(h.url("/1"), h.url("/2")));
    for (String path : List.of("/1", "/2")) {
      ManifestRecord r = run.record(h.url(path));
      assertEquals(FetchStatus.error, r.getStatus());
      assertTrue(r.getError().startsWith(FetchErrors.TLS_PREFIX) && r.getError().contains("not trusted"), r.getError());
      assertEquals(FetchErrors.PERMANENT, r.getErrorClass(), "the round will not retry it");
    }
    assertEquals(0, run.count(RoundCounter.HOSTS_DEFERRED_ROBOTS), "not 'robots.txt unreachable'");
    assertTrue(run.carried.isEmpty(), "not left for later rounds");
    assertTrue(run.robots.isEmpty(), "nothing learned of its robots.txt to keep");
    assertEquals(List.of(), h.paths(), "no HTTP request got through the failed handshake");
  }

  @Test
  void trustAllFetchesSuchHostsAndMarksEachCapture() throws Exception {
    TestHost selfSigned = https("127.0.0.2", false);
    TestHost expired = https("127.0.0.3", true);
    TaskHarness run = TaskHarness.run(settings("trawl.fetch.tls-trust-all", "true"),
        List.of(selfSigned.url("/1"), selfSigned.url("/private"), expired.url("/1")));
    ManifestRecord page = run.record(selfSigned.url("/1"));
    assertEquals(FetchStatus.fetched, page.getStatus(), page.getError());
    assertTrue(page.getTlsUnverified().contains("not trusted"), page.getTlsUnverified());
    assertEquals(FetchStatus.robots_denied, run.record(selfSigned.url("/private")).getStatus(), "its robots.txt was read and obeyed");
    ManifestRecord old = run.record(expired.url("/1"));
    assertEquals(FetchStatus.fetched, old.getStatus(), old.getError());
    assertTrue(old.getTlsUnverified().contains("expired"), old.getTlsUnverified());
  }

  @Test
  void plainHttpIsNotMarked() throws Exception {
    TestHost h = TestHost.start("127.0.0.2");
    hosts.add(h);
    h.on("/robots.txt", 404, "text/plain", "");
    h.on("/1", 200, "text/html", PAGE);
    TaskHarness run = TaskHarness.run(settings("trawl.fetch.tls-trust-all", "true"), List.of(h.url("/1")));
    assertNull(run.record(h.url("/1")).getTlsUnverified());
  }
}
