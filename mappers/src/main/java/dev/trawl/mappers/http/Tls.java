package dev.trawl.mappers.http;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * What a TLS failure was, in words a person can act on. Such a failure says nothing about the
 * site's availability: it fails the same way every time, so it is an error, never a transient
 * failure to retry, and never a robots.txt decision.
 */
public final class Tls {
  /** How every TLS failure's manifest error begins, so a reader (and the round's retry rule) can tell it apart. */
  public static final String ERROR_PREFIX = dev.trawl.round.FetchErrors.TLS_PREFIX;

  private Tls() {}

  public static String reason(SSLException e) {
    String why;
    if (causedBy(e, CertificateExpiredException.class)) {
      why = "the server's certificate has expired";
    } else if (causedBy(e, CertificateNotYetValidException.class)) {
      why = "the server's certificate is not valid yet";
    } else if (causedBy(e, CertPathValidatorException.class) || String.valueOf(e.getMessage()).contains("PKIX")) {
      why = "the server's certificate is not trusted (self-signed, an unknown authority, or a missing intermediate certificate)";
    } else if (e instanceof SSLPeerUnverifiedException) {
      why = "the server's certificate is for another name";
    } else if (e instanceof SSLHandshakeException) {
      why = "the TLS handshake failed";
    } else {
      why = "the TLS connection failed";
    }
    return ERROR_PREFIX + why + " (" + e.getMessage() + "); " + dev.trawl.settings.Setting.FETCH_TLS_TRUST_ALL.key()
        + "=true fetches such hosts anyway";
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
