package dev.trawl.mappers.fetch;

import dev.trawl.mappers.safety.AddressGuard;
import dev.trawl.settings.TrawlSettings;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.util.Timeout;

/**
 * One HTTP GET at a time per caller, with trawl's rules: no redirects followed (they are recorded and
 * their targets queued), no automatic retries (the round retries transient failures), no content
 * decoding (the WARC keeps the bytes as sent), a body cap, and the {@link AddressGuard} on every
 * connection.
 */
public final class HttpFetcher implements Closeable {
  private final CloseableHttpClient client;
  private final int maxBodyBytes;

  /** What the server answered, as recorded: headers in order, the body up to the cap. */
  public record Response(URI uri, Instant start, long millis, int status, String reason,
                         List<Map.Entry<String, String>> headers, byte[] body, boolean truncated,
                         InetAddress address, String requestTarget, List<Map.Entry<String, String>> requestHeaders) {
    public String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }
  }

  public HttpFetcher(TrawlSettings settings) {
    ConnectionConfig connection = ConnectionConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMillis()))
        .setSocketTimeout(Timeout.ofMilliseconds(settings.readTimeoutMillis()))
        .build();
    this.client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(new AddressGuard(settings.allowPrivate()))
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
  }

  /** GETs {@code url}; network failures, timeouts and blocked addresses surface as IOExceptions. */
  public Response get(String url) throws IOException {
    URI uri = URI.create(url);
    HttpGet get = new HttpGet(uri);
    get.setHeader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8");
    HttpClientContext context = HttpClientContext.create();
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    ClassicHttpResponse response = client.executeOpen(null, get, context);
    boolean truncated = false;
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      HttpEntity entity = response.getEntity();
      if (entity != null) {
        truncated = readCapped(entity, body);
      }
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
          response.getReasonPhrase(), headers, body.toByteArray(), truncated, remoteAddress(context),
          get.getRequestUri(), requestHeaders);
    } finally {
      if (truncated && response instanceof ModalCloseable exchange) {
        // A graceful close would read the rest of a huge body: drop the connection instead.
        exchange.close(CloseMode.IMMEDIATE);
      } else {
        response.close();
      }
    }
  }

  private boolean readCapped(HttpEntity entity, ByteArrayOutputStream body) throws IOException {
    InputStream in = entity.getContent();
    byte[] buffer = new byte[16384];
    int n;
    while ((n = in.read(buffer, 0, Math.min(buffer.length, maxBodyBytes - body.size() + 1))) > 0) {
      if (body.size() + n > maxBodyBytes) {
        body.write(buffer, 0, maxBodyBytes - body.size());
        return true;
      }
      body.write(buffer, 0, n);
    }
    return false;
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
    client.close();
  }
}
