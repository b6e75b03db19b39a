package dev.trawl.mappers.http;

import dev.trawl.round.FetchErrors;
import dev.trawl.schema.FetchStatus;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.TruncatedChunkException;

/**
 * A request that got no usable response, as the manifest records it: the outcome and an error text
 * whose beginning says its kind ({@link FetchErrors} decides from it whether a later round tries
 * again). What the HTTP client throws is read here and nowhere else.
 */
public record FailedRequest(FetchStatus status, String error) {

  /** @param e what {@link HttpFetcher#get} threw, other than a blocked address */
  public static FailedRequest of(String host, Exception e) {
    if (e instanceof UnknownHostException) {
      return new FailedRequest(FetchStatus.error, FetchErrors.dns(host, e.getMessage()));
    }
    if (e instanceof SSLException ssl) {
      return new FailedRequest(FetchStatus.error, Tls.reason(ssl));
    }
    if (e instanceof InterruptedIOException) {
      // SocketTimeoutException, the client's ConnectTimeoutException and trawl's request deadline.
      return new FailedRequest(FetchStatus.timeout, e.toString());
    }
    if (e instanceof TruncatedChunkException) {
      // The connection ended inside a chunk: a reset looks the same, so it may pass.
      return new FailedRequest(FetchStatus.error, e.toString());
    }
    if (e instanceof MessageConstraintException) {
      return protocol("a response header over trawl's caps (trawl.fetch.max-header-line, trawl.fetch.max-headers): " + e.getMessage());
    }
    if (e instanceof MalformedChunkCodingException) {
      return protocol("a malformed chunked body: " + e.getMessage());
    }
    if (e instanceof ClientProtocolException) {
      // The status line is not HTTP's (another protocol answering, or a bare body with no head).
      return protocol("not an HTTP response: " + e.getMessage());
    }
    if (e instanceof IllegalArgumentException) {
      // The client could not form a request for the URL (java.net.URI refuses it, say).
      return new FailedRequest(FetchStatus.error, FetchErrors.UNREQUESTABLE_PREFIX + "no request can be formed for it (" + e + ")");
    }
    // Refused and reset connections, a server closing without an answer or in the middle of a body;
    // and what nobody foresaw, named, and tried again.
    return new FailedRequest(FetchStatus.error, e.toString());
  }

  /** The words for a response whose status HTTP does not define (say, 999). */
  public static String invalidStatus(int status) {
    return FetchErrors.PROTOCOL_PREFIX + "status " + status + " is outside HTTP's 100-599";
  }

  private static FailedRequest protocol(String what) {
    return new FailedRequest(FetchStatus.error, FetchErrors.PROTOCOL_PREFIX + what);
  }
}
