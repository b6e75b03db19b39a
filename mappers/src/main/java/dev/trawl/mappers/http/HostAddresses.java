package dev.trawl.mappers.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.DnsResolver;

/**
 * A fetch task's name lookups: each host name resolved once, its answer (or its failure) kept for the
 * task's life. The connection and the per-address politeness then see the same address, a name that
 * does not resolve costs one lookup however many URLs it has, and the time lookups took is known.
 */
public final class HostAddresses implements DnsResolver {
  private final DnsResolver dns;
  /** Each name's InetAddress[] or the UnknownHostException its lookup ended with; its first asker looks it up. */
  private final Map<String, CompletableFuture<Object>> answers = new ConcurrentHashMap<>();
  private final AtomicLong lookups = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  public HostAddresses(DnsResolver dns) {
    this.dns = dns;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    CompletableFuture<Object> earlier = answers.putIfAbsent(host, answer);
    if (earlier == null) {
      // Looked up outside the map's lock: a lookup may take seconds, and other names must not wait on it.
      answer.complete(lookUp(host));
    } else {
      answer = earlier;
    }
    Object result = answer.join();
    if (result instanceof UnknownHostException e) {
      throw e;
    }
    return ((InetAddress[]) result).clone();
  }

  private Object lookUp(String host) {
    long start = System.nanoTime();
    try {
      return dns.resolve(host);
    } catch (UnknownHostException e) {
      return e;
    } catch (RuntimeException e) {
      return new UnknownHostException(host + ": " + e);
    } finally {
      lookups.incrementAndGet();
      nanos.addAndGet(System.nanoTime() - start);
    }
  }

  /**
   * The address a connection to {@code host} tries first, which stands for its server; the name itself
   * if it does not resolve (its requests fail with the DNS error, and it shares no server).
   */
  public String serverOf(String host) {
    try {
      return resolve(host)[0].getHostAddress();
    } catch (UnknownHostException e) {
      return host;
    }
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return dns.resolveCanonicalHostname(host);
  }

  /** Names looked up so far (each once). */
  public long lookups() { return lookups.get(); }

  /** Milliseconds the lookups took, summed over threads. */
  public long millis() { return nanos.get() / 1_000_000; }
}
