package dev.trawl.mappers.safety;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The SSRF guard: resolves host names for the HTTP client and refuses addresses a public crawler
 * must never reach (loopback, private, link-local including the cloud metadata address 169.254.169.254,
 * multicast, unique-local), unless a range is explicitly allowed. Because the client resolves through
 * this at connect time, for every request and every redirect hop, DNS rebinding and links to IP
 * literals are caught alike.
 */
public final class AddressGuard implements DnsResolver {
  /** The non-public ranges {@link #isNonPublic} refuses, by name, most specific first. */
  private static final List<AddressRange> NON_PUBLIC = java.util.stream.Stream.of("127.0.0.0/8", "10.0.0.0/8",
      "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "0.0.0.0/8", "224.0.0.0/4", "240.0.0.0/4",
      "::1/128", "fe80::/10", "fc00::/7", "ff00::/8", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "::/96",
      "2001:db8::/32").map(AddressRange::parse).toList();
  private final List<AddressRange> allowed = new ArrayList<>();
  private final DnsResolver dns;
  /** Refusals by the range covering the refused address: the round names these, so the user knows what to allow. */
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

  /** @param allowedRanges CIDR ranges that may be fetched although non-public (tests and the demo use loopback) */
  public AddressGuard(List<String> allowedRanges) {
    this(allowedRanges, SystemDefaultDnsResolver.INSTANCE);
  }

  /** @param dns the resolver whose answers the guard checks */
  public AddressGuard(List<String> allowedRanges, DnsResolver dns) {
    this.dns = dns;
    for (String cidr : allowedRanges) {
      allowed.add(AddressRange.parse(cidr));
    }
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] all = dns.resolve(host);
    List<InetAddress> permitted = new ArrayList<>();
    for (InetAddress a : all) {
      if (permits(a)) {
        permitted.add(a);
      }
    }
    if (permitted.isEmpty()) {
      refused.computeIfAbsent(rangeOf(all[0]), r -> new LongAdder()).increment();
      throw new BlockedAddressException(host, all[0]);
    }
    return permitted.toArray(new InetAddress[0]);
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return dns.resolveCanonicalHostname(host);
  }

  /** True if a crawler may connect to {@code a}. */
  public boolean permits(InetAddress a) {
    for (AddressRange r : allowed) {
      if (r.contains(a)) {
        return true;
      }
    }
    return !isNonPublic(a);
  }

  /** How many connections the guard refused, by the range ({@link #rangeOf}) of the address refused. */
  public Map<String, Long> refusedByRange() {
    Map<String, Long> counts = new TreeMap<>();
    refused.forEach((range, n) -> counts.put(range, n.sum()));
    return counts;
  }

  /**
   * The well-known range (RFC 6890) a non-public address belongs to, as a CIDR: what
   * {@code --allow-private} would need to open to reach it, and no more.
   */
  public static String rangeOf(InetAddress a) {
    for (AddressRange r : NON_PUBLIC) {
      if (r.contains(a)) {
        return r.cidr();
      }
    }
    return a.getHostAddress() + (a.getAddress().length == 4 ? "/32" : "/128");
  }

  static boolean isNonPublic(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (b.length == 16) {
      // fc00::/7 unique-local; IPv4-mapped addresses (::ffff:a.b.c.d) Java already gives as IPv4.
      if ((b[0] & 0xfe) == 0xfc) {
        return true;
      }
      // 2001:db8::/32 is for documentation: no web server lives there.
      if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
        return true;
      }
      // IPv6 forms that carry an IPv4 address reach that address through a gateway: judged as it.
      Inet4Address embedded = embeddedIpv4(b);
      return embedded != null && isNonPublic(embedded);
    } else {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      // 100.64/10 carrier-grade NAT, 0/8 "this network", 240/4 reserved: never a public web server.
      return first == 0 || first >= 240 || (first == 100 && second >= 64 && second < 128);
    }
  }

  /**
   * The IPv4 address an IPv6 address carries, where a gateway would deliver it there: NAT64's
   * well-known prefix 64:ff9b::/96 (RFC 6052; its local-use 64:ff9b:1::/48, RFC 8215, is refused
   * whole), 6to4's 2002::/16 (RFC 3056) and the deprecated IPv4-compatible ::/96; null otherwise.
   */
  static Inet4Address embeddedIpv4(byte[] b) {
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    if (nat64 && b[4] == 0 && b[5] == 1) {
      return LOCAL_NAT64;
    }
    boolean zeroesTo = true;
    for (int i = 4; i < 12; i++) {
      zeroesTo &= b[i] == 0;
    }
    boolean compatible = zeroesTo && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0;
    try {
      if ((nat64 && zeroesTo) || compatible) {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if (b[0] == 0x20 && b[1] == 0x02) {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are an IPv4 address", e);
    }
    return null;
  }

  /** Stands for any address behind a local-use NAT64 prefix: its embedding is the network's own, so it is refused. */
  private static final Inet4Address LOCAL_NAT64 = v4(new byte[] {10, 0, 0, 0});

  private static Inet4Address v4(byte[] b) {
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The host resolved only to addresses the guard refuses. */
  public static final class BlockedAddressException extends UnknownHostException {
    public BlockedAddressException(String host, InetAddress address) {
      super(host + " resolves to " + address.getHostAddress() + ", a non-public address; allow it with --allow-private "
          + rangeOf(address) + " (trawl.fetch.allow-private; with --change-settings for a crawl already begun)");
    }
  }
}
