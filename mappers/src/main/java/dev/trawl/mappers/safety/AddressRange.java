package dev.trawl.mappers.safety;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR range such as {@code 127.0.0.0/8} or {@code fd00::/8}. */
public record AddressRange(byte[] network, int prefix) {

  public static AddressRange parse(String cidr) {
    String[] parts = cidr.trim().split("/", 2);
    try {
      // Only a literal: a bare word such as "cafe" must not become a DNS lookup.
      if (!parts[0].matches("[0-9a-fA-F:.]+") || !(parts[0].contains(".") || parts[0].contains(":"))) {
        throw new UnknownHostException("not an IP literal");
      }
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
      if (prefix < 0 || prefix > network.length * 8) {
        throw new NumberFormatException("prefix out of range");
      }
      return new AddressRange(network, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + cidr + "' is not a CIDR range such as 127.0.0.0/8 (" + e.getMessage() + ")");
    }
  }

  /** The range as written in CIDR notation, e.g. 127.0.0.0/8 or fc00::/7. */
  public String cidr() {
    try {
      String host = InetAddress.getByAddress(network).getHostAddress();
      // Java writes IPv6 in full (fc00:0:0:0:0:0:0:0); the compressed form is what a user types.
      return (network.length == 16 ? host.replaceFirst("(^|:)(0(:|$)){2,}", "::").replaceFirst(":::", "::") : host) + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }
}
