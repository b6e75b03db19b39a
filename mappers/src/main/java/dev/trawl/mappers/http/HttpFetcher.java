package dev.trawl.mappers.http;

import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.settings.TrawlSettings;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;

/**
 * One HTTP GET at a time per caller, with trawl's rules: no redirects followed (they are recorded and
 * their targets queued), no automatic retries (the round retries transient failures), bodies kept as
 * sent (the WARC holds them; parsing decodes), a body cap, header caps, a deadline for the whole
 * request, and the {@link AddressGuard} on every connection.
 */
public final class HttpFetcher implements Closeable {
  /** Bodies up to this stay in memory; the rest of a longer body goes to a temporary file. */
  static final int SPILL_BYTES = 1 << 20;

  private final CloseableHttpClient client;
  private final HostAddresses addresses;
  private final AddressGuard guard;
  private final long maxBodyBytes;
  private final long requestTimeoutMillis;
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fetch-deadlines");
    t.setDaemon(true);
    return t;
  });

  /**
   * What the server answered: headers in order, the body up to the cap. Close it: a large body
   * lives in a temporary file.
   */
  public record Response(URI uri, Instant start, long millis, int status, String reason,
                         List<Map.Entry<String, String>> headers, Body body,
                         InetAddress address, String requestTarget, List<Map.Entry<String, String>> requestHeaders,
                         String tlsUnverified)
      implements Closeable {
    public String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }

    public boolean truncated() {
      return body.truncated();
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  public HttpFetcher(TrawlSettings settings) {
    this(settings, SystemDefaultDnsResolver.INSTANCE);
  }

  /** @param dns how names resolve before the address guard checks them (tests map names to loopback) */
  public HttpFetcher(TrawlSettings settings, DnsResolver dns) {
    ConnectionConfig connection = ConnectionConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMillis()))
        .setSocketTimeout(Timeout.ofMilliseconds(settings.readTimeoutMillis()))
        .build();
    Http1Config http1 = Http1Config.custom()
        .setMaxLineLength(settings.maxHeaderLine())
        .setMaxHeaderCount(settings.maxHeaders())
        .build();
    this.addresses = new HostAddresses(dns);
    this.guard = new AddressGuard(settings.allowPrivate(), addresses);
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(guard)
            .setTlsSocketStrategy(Tls.strategy(settings.tlsTrustAll()))
            .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                // HttpCore's strict parser, not the client's lenient default: a line that is no status
                // line is a protocol violation, said at once. The lenient one skips such lines, so a
                // server speaking another protocol reads as "failed to respond" (as if the connection
                // dropped, worth a retry) or holds the thread until the read timeout. curl too refuses
                // a response without a status line unless told to accept HTTP/0.9.
                // (Given the caps itself: it does not take them from the connection factory's.)
                .responseParserFactory(new DefaultHttpResponseParserFactory(http1))
                .http1Config(http1)
                .build())
            .setDefaultConnectionConfig(connection)
            .setMaxConnTotal(settings.fetchThreads() * 2)
            .setMaxConnPerRoute(2)
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setResponseTimeout(Timeout.ofMilliseconds(settings.readTimeoutMillis()))
            .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMillis()))
            .build())
        .setUserAgent(settings.userAgent())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .build();
    this.maxBodyBytes = settings.maxBodyBytes();
    this.requestTimeoutMillis = settings.requestTimeoutMillis();
  }

  /** The task's name lookups, each host resolved once: what the connections and per-address politeness use. */
  public HostAddresses addresses() {
    return addresses;
  }

  /** Connections the address guard refused, by the range of the address refused. */
  public java.util.Map<String, Long> refusedByRange() {
    return guard.refusedByRange();
  }

  /** GETs {@code url}; network failures, timeouts and blocked addresses surface as IOExceptions. */
  public Response get(String url) throws IOException {
    return get(url, maxBodyBytes, List.of());
  }

  /** A GET with extra request headers: a refetch's If-None-Match and If-Modified-Since. */
  public Response get(String url, List<Map.Entry<String, String>> extraHeaders) throws IOException {
    return get(url, maxBodyBytes, extraHeaders);
  }

  /**
   * As {@link #get(String)}, keeping at most {@code maxBody} bytes of the body (a sitemap's own cap),
   * with extra request headers (a refetch's If-None-Match and If-Modified-Since).
   */
  public Response get(String url, long maxBody, List<Map.Entry<String, String>> extraHeaders) throws IOException {
    URI uri = URI.create(url);
    HttpGet get = new HttpGet(uri);
    for (Map.Entry<String, String> h : extraHeaders) {
      get.setHeader(h.getKey(), h.getValue());
    }
    get.setHeader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8");
    // Compressed transfer saves the crawl's bandwidth; the WARC keeps the bytes as sent.
    get.setHeader("Accept-Encoding", "gzip, deflate");
    HttpClientContext context = HttpClientContext.create();
    AtomicBoolean expired = new AtomicBoolean();
    // A server dripping one byte just inside the read timeout could hold a thread for hours.
    ScheduledFuture<?> deadline = deadlines.schedule(() -> {
      expired.set(true);
      get.cancel();
    }, requestTimeoutMillis, TimeUnit.MILLISECONDS);
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    ClassicHttpResponse response = null;
    Body body = null;
    try {
      response = client.executeOpen(null, get, context);
      HttpEntity entity = response.getEntity();
      body = entity == null ? Body.of(new byte[0]) : Body.read(entity.getContent(), maxBody, SPILL_BYTES);
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (Header h : response.getHeaders()) {
        headers.add(Map.entry(h.getName(), h.getValue()));
      }
      HttpRequest sent = context.getRequest() != null ? context.getRequest() : get;
      List<Map.Entry<String, String>> requestHeaders = new ArrayList<>();
      for (Header h : sent.getHeaders()) {
        requestHeaders.add(Map.entry(h.getName(), h.getValue()));
      }
      return new Response(uri, start, (System.nanoTime() - t0) / 1_000_000, response.getCode(),
          response.getReasonPhrase(), headers, body, remoteAddress(context), get.getRequestUri(), requestHeaders,
          Tls.unverified(context.getSSLSession()));
    } catch (IOException | RuntimeException e) {
      if (body != null) {
        body.close();
      }
      if (expired.get()) {
        throw new SocketTimeoutException("request took longer than " + requestTimeoutMillis / 1000.0 + " s");
      }
      throw e;
    } finally {
      deadline.cancel(false);
      if (response != null) {
        if ((body != null && body.truncated()) || expired.get()) {
          // A graceful close would read the rest of a huge body: drop the connection instead.
          ((ModalCloseable) response).close(CloseMode.IMMEDIATE);
        } else {
          response.close();
        }
      }
    }
  }

  private static InetAddress remoteAddress(HttpClientContext context) {
    EndpointDetails details = context.getEndpointDetails();
    if (details != null && details.getRemoteAddress() instanceof InetSocketAddress socket) {
      return socket.getAddress();
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    client.close();
  }
}
