package dev.trawl.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.url.Urls.BadUrlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://example.com/page#section-2, http://example.com/page",
      "http://Example.COM/Path, http://example.com/Path",
      "HTTP://example.com/, http://example.com/",
      "http://example.com:80/a, http://example.com/a",
      "https://example.com:443/a, https://example.com/a",
      "https://example.com:8443/a, https://example.com:8443/a",
      "http://example.com:8080/a, http://example.com:8080/a",
      "http://example.com/a/./b/../c, http://example.com/a/c",
      "http://example.com/a/../../b, http://example.com/b",
      "http://example.com, http://example.com/",
      "http://Example.COM:80/a/./b/../c#frag, http://example.com/a/c",
      "'  http://example.com/trimmed  ', http://example.com/trimmed",
      "http://example.com/a b, http://example.com/a%20b",
      "http://example.com/%7euser, http://example.com/~user",
      "http://user:secret@example.com/p, http://example.com/p",
      "http://bücher.de/ü, http://xn--bcher-kva.de/%C3%BC",
      "http://127.0.0.1:8080/x, http://127.0.0.1:8080/x"})
  void normalises(String raw, String expected) {
    assertEquals(expected, Urls.normalise(raw));
  }

  @Test
  void differentSpellingsOfOnePageKeyTheSameUrl() {
    String a = Urls.normalise("http://EXAMPLE.com:80/docs/../index.html#top");
    String b = Urls.normalise("http://example.com/./index.html");
    assertEquals(a, b);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://Example.COM:80/a/./b/../c#frag",
      "https://example.com:8443/a b?x=1",
      "http://bücher.de/ü",
      "http://example.com/%7euser"})
  void normalisingTwiceChangesNothing(String raw) {
    String once = Urls.normalise(raw);
    assertEquals(once, Urls.normalise(once));
  }

  @ParameterizedTest(name = "{0} rejected: {1}")
  @CsvSource(delimiter = '|', value = {
      "ftp://example.com/file.txt | scheme 'ftp' is not http or https",
      "ftp://example.com/a file.txt | not an http or https URL",
      "mailto:someone@example.com | scheme 'mailto' is not http or https",
      "javascript:alert(1) | scheme 'javascript' is not http or https",
      "/relative/path.html | not an absolute URL (no scheme)",
      "page.html | not an absolute URL (no scheme)",
      "example.com/page | not an absolute URL (no scheme)",
      "::garbage:: | not a URL",
      "http:// | not a URL",
      "http:/example.com/one-slash | no host",
      "http://exa mple.com/ | not a URL"})
  void rejectsWithAReason(String raw, String reason) {
    BadUrlException e = assertThrows(BadUrlException.class, () -> Urls.normalise(raw));
    assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
  }

  @Test
  void rejectsTheEmptyString() {
    assertThrows(BadUrlException.class, () -> Urls.normalise("   "));
  }

  @Test
  void aBadUrlIsAnIllegalArgument() {
    // Callers that skip bad outlinks or seeds catch IllegalArgumentException.
    assertThrows(IllegalArgumentException.class, () -> Urls.normalise("mailto:someone@example.com"));
  }

  @ParameterizedTest(name = "host of {0} is {1}")
  @CsvSource({
      "http://example.com/a, example.com",
      "http://Example.COM/a, example.com",
      "http://example.com:8080/a, example.com",
      "https://user@www.example.org/, www.example.org",
      "http://127.0.0.1:43123/p, 127.0.0.1"})
  void hostIsLowerCaseWithoutPortOrUser(String url, String host) {
    assertEquals(host, Urls.host(url));
  }

  @Test
  void hostOfAUrlWithoutOneIsABadUrl() {
    BadUrlException e = assertThrows(BadUrlException.class, () -> Urls.host("/just/a/path"));
    assertTrue(e.getMessage().contains("/just/a/path"), e.getMessage());
  }
}
