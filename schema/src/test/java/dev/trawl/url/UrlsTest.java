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

  /**
   * Numeric hosts as the WHATWG URL standard (and so every browser) reads them. Read with java.net's
   * rules, the octal ones are public addresses: {@code 0177.0.0.1} is 177.0.0.1 there, 127.0.0.1 here.
   * Parsed only; nothing is fetched.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://0177.0.0.0143/, http://127.0.0.99/",
      "http://0177.0.0.1/a, http://127.0.0.1/a",
      "http://0x7f000063/, http://127.0.0.99/",
      "http://0X7F.0x0.0.1/, http://127.0.0.1/",
      "http://127.1/, http://127.0.0.1/",
      "http://127.0.1/, http://127.0.0.1/",
      "http://2130706433/, http://127.0.0.1/",
      "http://127.0.0.1./p, http://127.0.0.1/p",
      "http://0300.0250.0.1:8080/x?q, http://192.168.0.1:8080/x?q",
      "http://user@0x7f.1/, http://127.0.0.1/",
      "http://1.2.3.0x4/, http://1.2.3.4/",
      "http://example.com.123abc/, http://example.com.123abc/",
      "http://123.example/, http://123.example/"})
  void numericHostsAreReadAsBrowsersReadThem(String raw, String expected) {
    assertEquals(expected, Urls.normalise(raw));
    assertEquals(expected, Urls.normalise(expected), "the dotted form is its own normal form");
  }

  @ParameterizedTest(name = "{0} rejected")
  @ValueSource(strings = {"http://1.2.3.4.5/", "http://256.0.0.1/", "http://1.2.3.256/x", "http://09.1.1.1/",
      "http://1.2.65536/", "http://4294967296/", "http://example.0x10/", "http://1..2.3/"})
  void hostsEndingInANumberThatAreNoAddressAreRefusedAsBrowsersRefuseThem(String raw) {
    BadUrlException e = assertThrows(BadUrlException.class, () -> Urls.normalise(raw));
    assertTrue(e.getMessage().startsWith("host "), e.getMessage());
  }

  /** IPv6 literals in the form browsers serialise them to (WHATWG URL, RFC 5952); parsed only. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://[::1]/, http://[::1]/, [::1]",
      "http://[0:0:0:0:0:0:0:1]:8080/a/../b#f, http://[::1]:8080/b, [::1]",
      "http://[::0001]/, http://[::1]/, [::1]",
      "HTTP://[2001:DB8:0:0:1:0:0:1]:80/, http://[2001:db8::1:0:0:1]/, [2001:db8::1:0:0:1]",
      "https://[2001:db8::]:443/x?q=1, https://[2001:db8::]/x?q=1, [2001:db8::]",
      "http://user@[fe80::1]/, http://[fe80::1]/, [fe80::1]",
      "http://[::ffff:127.0.0.1]/, http://[::ffff:7f00:1]/, [::ffff:7f00:1]",
      "http://[64:ff9b::10.0.0.1]/, http://[64:ff9b::a00:1]/, [64:ff9b::a00:1]",
      "http://[1:0:0:2:0:0:0:3]/, http://[1:0:0:2::3]/, [1:0:0:2::3]"})
  void ipv6LiteralsAreKeptInTheirCanonicalForm(String raw, String expected, String host) {
    assertEquals(expected, Urls.normalise(raw));
    assertEquals(expected, Urls.normalise(expected), "the canonical form is its own normal form");
    assertEquals(host, Urls.host(expected));
  }

  @ParameterizedTest(name = "{0} rejected")
  @ValueSource(strings = {"http://[::1/", "http://[fe80::1%25eth0]/", "http://[example.com]/", "http://[1:2:3:4:5:6:7:8:9]/",
      "http://[12345::1]/", "http://[abcd]/"})
  void bracketedHostsThatAreNoIpv6AddressAreRefused(String raw) {
    BadUrlException e = assertThrows(BadUrlException.class, () -> Urls.normalise(raw));
    assertTrue(e.getMessage().contains("IPv6"), e.getMessage());
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
