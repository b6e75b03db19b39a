package dev.trawl.url;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A bracketed IPv6 literal host ({@code [2001:db8::1]}) in the one form browsers serialise it to (the
 * WHATWG URL standard, which agrees with RFC 5952): lower-case hex, no leading zeros, the first
 * longest run of two or more zero pieces written {@code ::}, an IPv4-mapped address in hex
 * ({@code [::ffff:7f00:1]}). So {@code [0:0:0:0:0:0:0:1]}, {@code [::0001]} and {@code [::1]} are one
 * host, and the address guard judges the address it names.
 */
final class Ipv6Host {
  private Ipv6Host() {}

  /**
   * @param literal what lies between the brackets
   * @return the canonical form, brackets included
   * @throws Urls.BadUrlException if it is no IPv6 address, or carries a zone id (which names one
   *     machine's interface, not a place on the web; browsers refuse it too)
   */
  static String normalise(String literal) {
    if (literal.contains("%")) {
      throw new Urls.BadUrlException("IPv6 host [" + literal + "] has a zone id: not an address on the web");
    }
    // Only hex digits, colons and dots, with a colon: InetAddress then parses a literal and never asks DNS.
    if (!literal.contains(":") || !literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      throw new Urls.BadUrlException("host [" + literal + "] is not an IPv6 address");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName("[" + literal + "]");
    } catch (UnknownHostException e) {
      throw new Urls.BadUrlException("host [" + literal + "] is not an IPv6 address");
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      // Java hands back an IPv4-mapped address (::ffff:a.b.c.d) as the IPv4 address it maps.
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      bytes = mapped;
    }
    return "[" + serialise(bytes) + "]";
  }

  private static String serialise(byte[] bytes) {
    int[] pieces = new int[8];
    for (int i = 0; i < 8; i++) {
      pieces[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && pieces[j] == 0) {
        j++;
      }
      if (j - i > runLength) {
        runStart = i;
        runLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == runStart) {
        out.append(i == 0 ? "::" : ":");
        i += runLength - 1;
        continue;
      }
      out.append(Integer.toHexString(pieces[i]).toLowerCase(Locale.ROOT));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}
