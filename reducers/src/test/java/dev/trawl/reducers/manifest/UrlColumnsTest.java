package dev.trawl.reducers.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import org.junit.jupiter.api.Test;

class UrlColumnsTest {
  private static ManifestRecord record(String url, String host) {
    return ManifestRecord.newBuilder().setUrl(url).setHost(host).setDepth(0).setFetchTime(0)
        .setStatus(FetchStatus.fetched).build();
  }

  @Test
  void theRegisteredDomainKnowsPublicSuffixes() {
    ManifestRecord m = UrlColumns.fill(record("https://shop.example.co.uk/forum/thread/42?page=2&sort=new", "shop.example.co.uk"));
    assertEquals("example.co.uk", m.getUrlHostRegisteredDomain());
    assertEquals("/forum/thread/42", m.getUrlPath());
    assertEquals("page=2&sort=new", m.getUrlQuery());
    assertEquals("example.org", UrlColumns.fill(record("http://www.example.org", "www.example.org")).getUrlHostRegisteredDomain());
  }

  @Test
  void addressesHaveNoRegisteredDomainAndAPathAlwaysStartsWithASlash() {
    ManifestRecord m = UrlColumns.fill(record("http://127.0.0.2:8080", "127.0.0.2"));
    assertNull(m.getUrlHostRegisteredDomain());
    assertEquals("/", m.getUrlPath());
    assertNull(m.getUrlQuery());
  }
}
