package dev.trawl.round;

import dev.trawl.schema.FetchStatus;
import java.util.List;
import java.util.Locale;

/**
 * The one place that decides which failed fetches are worth another try: a failure that repeats the
 * same way every time (a TLS failure, a name that does not exist, a server that does not speak HTTP,
 * a 404) is <em>permanent</em> and never retried; one that may pass (a timeout, a reset, a refused
 * connection, a resolver that could not answer, 408, 429, 5xx) is <em>transient</em> and retried in
 * later rounds up to {@code trawl.fetch.max-retries}. The fetch task writes the class into the
 * manifest's {@code error_class} and counts it; the round's merge asks the same question of the same
 * fields, so records written before the class existed are judged alike.
 *
 * <p>The kinds of permanent {@code error} are told apart by how their text begins.
 */
public final class FetchErrors {
  public static final String TRANSIENT = "transient";
  public static final String PERMANENT = "permanent";

  /** A TLS failure (an untrusted, expired or mismatched certificate, a failed handshake). */
  public static final String TLS_PREFIX = "TLS: ";
  /** How every failure to resolve the host's name begins. */
  public static final String DNS_PREFIX = "DNS: ";
  /** The host name does not resolve: the name does not exist, or has no address. */
  public static final String DNS_NO_SUCH_HOST = DNS_PREFIX + "no such host";
  /** The resolver could not answer now (a timeout, a server failure): worth asking again later. */
  public static final String DNS_TEMPORARY = DNS_PREFIX + "temporary failure";
  /**
   * The server's answer broke HTTP: no status line, a header over the caps, a malformed chunked
   * body, a status outside 100-599. A server that does this does it again tomorrow.
   */
  public static final String PROTOCOL_PREFIX = "protocol: ";
  /** No request can be formed for the URL at all (a host name the HTTP client refuses, say). */
  public static final String UNREQUESTABLE_PREFIX = "URL: ";

  private static final List<String> PERMANENT_PREFIXES = List.of(TLS_PREFIX, DNS_NO_SUCH_HOST, PROTOCOL_PREFIX, UNREQUESTABLE_PREFIX);

  private FetchErrors() {}

  /**
   * {@link #TRANSIENT} or {@link #PERMANENT} for a failed fetch ({@code timeout}, {@code error},
   * {@code http_error}); null for any other outcome, which is no failure to retry.
   */
  public static String classOf(FetchStatus status, Integer httpStatus, String error) {
    return switch (status) {
      case timeout -> TRANSIENT;
      case error -> permanent(error) ? PERMANENT : TRANSIENT;
      case http_error -> httpStatus != null && transientStatus(httpStatus) ? TRANSIENT : PERMANENT;
      default -> null;
    };
  }

  /** True for a failed fetch the round tries again. */
  public static boolean retried(FetchStatus status, Integer httpStatus, String error) {
    return TRANSIENT.equals(classOf(status, httpStatus, error));
  }

  /** 408 Request Timeout, 429 Too Many Requests and 5xx say "not now", not "never". */
  private static boolean transientStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599);
  }

  /** True for an {@code error} text that fails the same way every time it is tried. */
  public static boolean permanent(String error) {
    return error != null && PERMANENT_PREFIXES.stream().anyMatch(error::startsWith);
  }

  /** True for an HTTP status HTTP defines (RFC 9110: three digits, 100 to 599). */
  public static boolean validStatus(int status) {
    return status >= 100 && status <= 599;
  }

  /**
   * A name that did not resolve, in words that say which kind. The resolver's own text tells them
   * apart (getaddrinfo's EAI_AGAIN reads "Temporary failure in name resolution"; a name absent from
   * DNS or from the JVM's hosts file reads otherwise); only the temporary kind is worth a retry.
   */
  public static String dns(String host, String resolverMessage) {
    String said = resolverMessage == null ? "" : resolverMessage;
    String lower = said.toLowerCase(Locale.ROOT);
    boolean temporary = lower.contains("temporary failure") || lower.contains("try again");
    return (temporary ? DNS_TEMPORARY : DNS_NO_SUCH_HOST) + " (" + host + (said.isEmpty() ? "" : ": " + said) + ")";
  }
}
