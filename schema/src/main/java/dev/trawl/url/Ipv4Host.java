package dev.trawl.url;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A URL host read as browsers read it: the WHATWG URL standard's IPv4 parser. A host whose last label
 * is a number is an IPv4 address in any of its spellings (each part decimal, octal with a leading 0,
 * or hex with 0x; one to four parts, the last filling the remaining bytes), so {@code 0177.0.0.0143},
 * {@code 0x7f000063} and {@code 127.0.0.99} are one host. java.net reads the first as 177.0.0.143, a
 * different (public) address, and the second as a name to resolve: trawl's URL identity, scope and
 * address guard must see the address a browser would reach.
 */
final class Ipv4Host {
  private static final BigInteger BYTE = BigInteger.valueOf(256);

  private Ipv4Host() {}

  /**
   * The host in dotted decimal if it is an IPv4 address in any spelling, the host unchanged if it is a
   * name.
   *
   * @throws Urls.BadUrlException if it ends in a number but is no valid address ({@code 1.2.3.4.5},
   *     {@code 256.0.0.1}, {@code 09.1.1.1}): browsers refuse such a URL
   */
  static String normalise(String host) {
    List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    String last = parts.get(parts.size() - 1);
    if (last.isEmpty() || (!last.chars().allMatch(c -> c >= '0' && c <= '9') && number(last) == null)) {
      return host;
    }
    if (parts.size() > 4) {
      throw new Urls.BadUrlException("host " + host + " ends in a number but has more than four parts: not an IPv4 address");
    }
    List<BigInteger> numbers = new ArrayList<>();
    for (String part : parts) {
      BigInteger n = number(part);
      if (n == null) {
        throw new Urls.BadUrlException("host " + host + " ends in a number but '" + part + "' is no decimal, octal or hex number");
      }
      numbers.add(n);
    }
    for (int i = 0; i < numbers.size() - 1; i++) {
      if (numbers.get(i).compareTo(BYTE) >= 0) {
        throw new Urls.BadUrlException("host " + host + ": part " + parts.get(i) + " is over 255");
      }
    }
    BigInteger lastNumber = numbers.get(numbers.size() - 1);
    if (lastNumber.compareTo(BYTE.pow(5 - numbers.size())) >= 0) {
      throw new Urls.BadUrlException("host " + host + ": its last part is too large for an IPv4 address");
    }
    long address = lastNumber.longValue();
    for (int i = 0; i < numbers.size() - 1; i++) {
      address += numbers.get(i).longValue() << (8 * (3 - i));
    }
    return (address >> 24) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
  }

  /** WHATWG's IPv4 number parser: 0x hex, a leading 0 octal, else decimal; null if it is none of them. */
  private static BigInteger number(String part) {
    if (part.isEmpty()) {
      return null;
    }
    int radix = 10;
    String digits = part;
    if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      radix = 16;
      digits = part.substring(2);
    } else if (part.length() >= 2 && part.startsWith("0")) {
      radix = 8;
      digits = part.substring(1);
    }
    if (digits.isEmpty()) {
      return BigInteger.ZERO;
    }
    for (char c : digits.toCharArray()) {
      // ASCII only: Character.digit also accepts other scripts' digits, which no URL parser reads as numbers.
      if (c > 'z' || Character.digit(c, radix) < 0) {
        return null;
      }
    }
    return new BigInteger(digits, radix);
  }
}
