package dev.trawl.round;

/**
 * Kinds of fetch error the manifest's {@code error} text marks, where the round must tell them
 * apart: a failure that repeats the same way every time is not worth a retry.
 */
public final class FetchErrors {
  /** A TLS failure (an untrusted, expired or mismatched certificate, a failed handshake). */
  public static final String TLS_PREFIX = "TLS: ";

  private FetchErrors() {}

  /** True for an error that fails the same way every time it is tried. */
  public static boolean permanent(String error) {
    return error != null && error.startsWith(TLS_PREFIX);
  }
}
