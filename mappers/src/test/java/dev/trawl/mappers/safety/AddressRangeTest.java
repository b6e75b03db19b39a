package dev.trawl.mappers.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void loopbackRangeHoldsAllOf127AndNothingElse() throws Exception {
    AddressRange r = AddressRange.parse("127.0.0.0/8");
    assertTrue(r.contains(ip("127.0.0.1")));
    assertTrue(r.contains(ip("127.0.0.2")));
    assertTrue(r.contains(ip("127.255.255.255")));
    assertFalse(r.contains(ip("126.255.255.255")));
    assertFalse(r.contains(ip("128.0.0.0")));
    assertFalse(r.contains(ip("::1")), "an IPv4 range holds no IPv6 address");
  }

  @Test
  void prefixesNotOnAByteBoundaryAreHonoured() throws Exception {
    AddressRange r = AddressRange.parse("192.168.0.0/20");
    assertTrue(r.contains(ip("192.168.0.0")));
    assertTrue(r.contains(ip("192.168.15.255")));
    assertFalse(r.contains(ip("192.168.16.0")));
    AddressRange odd = AddressRange.parse("10.0.0.128/25");
    assertTrue(odd.contains(ip("10.0.0.200")));
    assertFalse(odd.contains(ip("10.0.0.127")));
  }

  @Test
  void anAddressWithoutPrefixIsASingleHost() throws Exception {
    AddressRange r = AddressRange.parse(" 10.1.2.3 ");
    assertEquals(32, r.prefix());
    assertTrue(r.contains(ip("10.1.2.3")));
    assertFalse(r.contains(ip("10.1.2.4")));
    assertTrue(AddressRange.parse("::1").contains(ip("::1")));
    assertFalse(AddressRange.parse("::1").contains(ip("::2")));
  }

  @Test
  void ipv6RangesWork() throws Exception {
    AddressRange uniqueLocal = AddressRange.parse("fc00::/7");
    assertTrue(uniqueLocal.contains(ip("fc00::1")));
    assertTrue(uniqueLocal.contains(ip("fdab:cdef::42")));
    assertFalse(uniqueLocal.contains(ip("fe80::1")));
    assertFalse(uniqueLocal.contains(ip("2001:db8::1")));
    assertFalse(uniqueLocal.contains(ip("10.0.0.1")));
    assertTrue(AddressRange.parse("::/0").contains(ip("2001:db8::1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.0/33", "127.0.0.0/-1", "127.0.0.0/x", "127.0.0.0/", "::/129",
      "localhost/8", "example.org", "127.0.0.0 /8x", "", "10.0.0.0/8/8"})
  void malformedRangesAreRejectedNamingTheInput(String cidr) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(cidr));
    assertTrue(e.getMessage().contains("'" + cidr + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.0/8"), "the message shows an example: " + e.getMessage());
  }
}
