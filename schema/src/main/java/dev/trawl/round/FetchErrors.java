package dev.trawl.round;

/**
 * Kinds of fetch error the manifest's {@code error} text marks, where the round must tell them
 * apart: a failure that repeats the same way every time is not worth a retry.
 */
public final class FetchErrors {
  /** A TLS failure (an untrusted, expired or mismatched certificate, a failed handshake). */
  public static final String TLS_PREFIX = "TLS: ";
  /** The host name does not resolve: the name does not exist, or has no address. */
  public static final String DNS_NO_SUCH_HOST = "DNS: no such host";
  /** The resolver could not answer now (a timeout, a server failure): worth asking again later. */
  public static final String DNS_TEMPORARY = "DNS: temporary failure";

  private FetchErrors() {}

  /** True for an error that fails the same way every time it is tried. */
  public static boolean permanent(String error) {
    return error != null && (error.startsWith(TLS_PREFIX) || error.startsWith(DNS_NO_SUCH_HOST));
  }

  /**
   * A name that did not resolve, in words that say which kind. The resolver's own text tells them
   * apart (getaddrinfo's EAI_AGAIN reads "Temporary failure in name resolution"; a name absent from
   * DNS or from the JVM's hosts file reads otherwise); only the temporary kind is worth a retry.
   */
  public static String dns(String host, String resolverMessage) {
    String said = resolverMessage == null ? "" : resolverMessage;
    String lower = said.toLowerCase(java.util.Locale.ROOT);
    boolean temporary = lower.contains("temporary failure") || lower.contains("try again");
    return (temporary ? DNS_TEMPORARY : DNS_NO_SUCH_HOST) + " (" + host + (said.isEmpty() ? "" : ": " + said) + ")";
  }
}
