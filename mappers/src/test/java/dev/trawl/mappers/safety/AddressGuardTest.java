package dev.trawl.mappers.safety;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
  private final AddressGuard byDefault = new AddressGuard(List.of());

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "169.254.169.254",   // cloud metadata
      "169.254.1.1",       // link-local
      "127.0.0.1", "127.0.0.2",
      "10.0.0.1", "172.16.5.4", "192.168.1.1",
      "100.64.0.1",        // carrier-grade NAT
      "0.0.0.0", "224.0.0.1", "255.255.255.255",
      "::1", "::", "fe80::1", "fc00::1", "fd12:3456:789a::1", "ff02::1",
      "::ffff:127.0.0.1", "::ffff:169.254.169.254",
      // IPv6 forms that carry a private IPv4 address to a gateway: NAT64, local-use NAT64, 6to4, IPv4-compatible.
      "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b::10.0.0.1", "64:ff9b:1::808:808", "2002:7f00:1::1",
      "2002:a9fe:a9fe::", "::127.0.0.1", "::10.1.2.3", "2001:db8::1"})
  void nonPublicAddressesAreRefusedByDefault(String address) throws Exception {
    assertFalse(byDefault.permits(ip(address)), address + " must not be fetched by default");
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "100.128.0.1", "2606:4700::6810:85e5",
      // The same forms carrying a public IPv4 address are as public as it.
      "64:ff9b::808:808", "2002:808:808::1"})
  void publicAddressesArePermitted(String address) throws Exception {
    assertTrue(byDefault.permits(ip(address)), address);
  }

  @Test
  void anAllowedRangeOpensOnlyThatRange() throws Exception {
    AddressGuard guard = new AddressGuard(List.of("127.0.0.0/8"));
    assertTrue(guard.permits(ip("127.0.0.1")));
    assertTrue(guard.permits(ip("127.0.0.7")));
    assertFalse(guard.permits(ip("169.254.169.254")), "allowing loopback must not open the metadata address");
    assertFalse(guard.permits(ip("10.0.0.1")));
    assertFalse(guard.permits(ip("::1")), "127.0.0.0/8 is IPv4 only");
  }

  @Test
  void ipv6LoopbackAndUniqueLocalCanBeAllowedExplicitly() throws Exception {
    AddressGuard guard = new AddressGuard(List.of("::1/128", "fc00::/7"));
    assertTrue(guard.permits(ip("::1")));
    assertTrue(guard.permits(ip("fd00::1")));
    assertFalse(guard.permits(ip("fe80::1")));
    assertFalse(guard.permits(ip("127.0.0.1")));
  }

  @Test
  void resolvingALoopbackHostIsRefusedWithAnExplanation() {
    AddressGuard.BlockedAddressException e = assertThrows(AddressGuard.BlockedAddressException.class,
        () -> byDefault.resolve("127.0.0.1"));
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertTrue(e.getMessage().contains("trawl.fetch.allow-private"), "says how to allow it: " + e.getMessage());
    assertThrows(AddressGuard.BlockedAddressException.class, () -> byDefault.resolve("169.254.169.254"));
    assertThrows(AddressGuard.BlockedAddressException.class, () -> byDefault.resolve("::1"));
    assertThrows(AddressGuard.BlockedAddressException.class, () -> byDefault.resolve("localhost"));
  }

  @Test
  void resolvingKeepsOnlyPermittedAddresses() throws Exception {
    AddressGuard guard = new AddressGuard(List.of("127.0.0.0/8"));
    assertArrayEquals(new InetAddress[] {ip("127.0.0.2")}, guard.resolve("127.0.0.2"));
    InetAddress[] localhost = guard.resolve("localhost");
    assertTrue(localhost.length > 0);
    assertTrue(Arrays.stream(localhost).allMatch(a -> a.getAddress().length == 4 && (a.getAddress()[0] & 0xff) == 127),
        "only the IPv4 loopback addresses of localhost are allowed: " + Arrays.toString(localhost));
  }

  @Test
  void malformedAllowedRangesFailWhenTheGuardIsBuilt() {
    assertThrows(IllegalArgumentException.class, () -> new AddressGuard(List.of("127.0.0.0/8", "127.0.0.0/40")));
  }

  @Test
  void aRefusalNamesTheWellKnownRangeToAllow() throws Exception {
    assertEquals("127.0.0.0/8", AddressGuard.rangeOf(ip("127.0.0.2")));
    assertEquals("10.0.0.0/8", AddressGuard.rangeOf(ip("10.1.2.3")));
    assertEquals("172.16.0.0/12", AddressGuard.rangeOf(ip("172.31.0.1")));
    assertEquals("169.254.0.0/16", AddressGuard.rangeOf(ip("169.254.169.254")));
    assertEquals("::1/128", AddressGuard.rangeOf(ip("::1")));
    assertEquals("fc00::/7", AddressGuard.rangeOf(ip("fd12:3456:789a::1")));
    assertEquals("127.0.0.0/8", AddressGuard.rangeOf(ip("::ffff:127.0.0.1")), "IPv4-mapped reads as IPv4");
    assertEquals("64:ff9b::/96", AddressGuard.rangeOf(ip("64:ff9b::7f00:1")), "NAT64 of 127.0.0.1 names NAT64's range");

    // IP literals: the system resolver reads them without asking any name server.
    AddressGuard guard = new AddressGuard(List.of());
    assertThrows(AddressGuard.BlockedAddressException.class, () -> guard.resolve("127.0.0.2"));
    assertThrows(AddressGuard.BlockedAddressException.class, () -> guard.resolve("127.0.0.3"));
    assertThrows(AddressGuard.BlockedAddressException.class, () -> guard.resolve("10.0.0.1"));
    assertEquals(java.util.Map.of("127.0.0.0/8", 2L, "10.0.0.0/8", 1L), guard.refusedByRange());
  }
}
