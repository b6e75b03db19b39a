package dev.trawl.mappers.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.mappers.TestSettings;
import dev.trawl.round.RoundCounter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeFilterTest {
  private static final Set<String> SEEDS = Set.of("example.org", "127.0.0.2");

  private static ScopeFilter filter(String... settings) {
    return new ScopeFilter(TestSettings.of(settings), SEEDS);
  }

  @Test
  void aLinkOnASeedHostIsFollowedInItsNormalisedForm() {
    ScopeFilter.Verdict v = filter().check("HTTP://Example.ORG:80/a/./b/../c?x=1#frag");
    assertTrue(v.followed());
    assertNull(v.dropped());
    assertEquals("http://example.org/a/c?x=1", v.url());
    assertEquals("example.org", v.host());
    ScopeFilter.Verdict withPort = filter().check("http://127.0.0.2:8080/page/1");
    assertTrue(withPort.followed(), "the port is not part of the host");
    assertEquals("127.0.0.2", withPort.host());
  }

  @Test
  void hostScopeDropsOtherHostsSubdomainsIncluded() {
    for (String link : new String[] {"http://other.org/", "http://www.example.org/", "https://example.org.evil.com/"}) {
      ScopeFilter.Verdict v = filter().check(link);
      assertFalse(v.followed(), link);
      assertEquals(RoundCounter.DROPPED_SCOPE_HOST, v.dropped(), link);
    }
    assertTrue(filter().check("https://example.org/secure").followed(), "https on a seed host is the same host");
  }

  @Test
  void scopeAnyFollowsEveryHost() {
    ScopeFilter any = filter("trawl.scope", "any");
    ScopeFilter.Verdict v = any.check("http://Other.org/x");
    assertTrue(v.followed());
    assertEquals("other.org", v.host());
  }

  @Test
  void includePatternsMustMatchOneOfThem() {
    ScopeFilter f = filter("trawl.scope.include", "/docs/\n^https?://example\\.org/blog/");
    assertTrue(f.check("http://example.org/docs/intro").followed());
    assertTrue(f.check("http://example.org/blog/2024/post").followed());
    ScopeFilter.Verdict shop = f.check("http://example.org/shop/item");
    assertFalse(shop.followed());
    assertEquals(RoundCounter.DROPPED_SCOPE_INCLUDE, shop.dropped());
    assertEquals("http://example.org/shop/item", shop.url(), "a dropped URL is still reported, normalised");
    assertEquals(RoundCounter.DROPPED_SCOPE_HOST, f.check("http://other.org/docs/x").dropped(),
        "an include pattern does not widen the host scope");
  }

  @Test
  void urlsLongerThanTheCapAreDroppedAsProbableTraps() {
    ScopeFilter f = filter("trawl.url.max-length", "40");
    String fits = "http://example.org/" + "a".repeat(40 - "http://example.org/".length());
    assertEquals(40, fits.length());
    assertTrue(f.check(fits).followed());
    ScopeFilter.Verdict tooLong = f.check(fits + "a");
    assertFalse(tooLong.followed());
    assertEquals(RoundCounter.DROPPED_URL_LENGTH, tooLong.dropped());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.org/file", "mailto:someone@example.org", "javascript:void(0)",
      "/relative/only", "http://", "http:///path", "not a url at all", "file:///etc/passwd"})
  void urlsTrawlCannotCrawlAreDroppedAsBad(String link) {
    ScopeFilter.Verdict v = filter("trawl.scope", "any").check(link);
    assertFalse(v.followed(), link);
    assertEquals(RoundCounter.DROPPED_BAD_URL, v.dropped(), link);
    assertNull(v.url());
  }
}
