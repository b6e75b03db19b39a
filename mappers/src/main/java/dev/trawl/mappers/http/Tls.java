package dev.trawl.mappers.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
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
  /** Where a connection made without a trusted certificate keeps why, for the exchange's record. */
  private static final String UNVERIFIED = "trawl.tls-unverified";

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

  /**
   * How https connections are made: Java's own trust and name checks, or with {@code trustAll} the
   * same checks run but their failure only noted on the session (see {@link #unverified}), as
   * archival crawlers fetch hosts with broken certificates.
   */
  static TlsSocketStrategy strategy(boolean trustAll) {
    if (!trustAll) {
      return ClientTlsStrategyBuilder.create().useSystemProperties().buildClassic();
    }
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      X509ExtendedTrustManager java = null;
      for (TrustManager t : factory.getTrustManagers()) {
        if (t instanceof X509ExtendedTrustManager x) {
          java = x;
        }
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new NotingTrustManager(java)}, null);
      HostnameVerifier names = new DefaultHostnameVerifier();
      return ClientTlsStrategyBuilder.create().setSslContext(context)
          .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
          .setHostnameVerifier((host, session) -> {
            if (!names.verify(host, session)) {
              note(session, "the server's certificate is for another name than " + host);
            }
            return true;
          })
          .buildClassic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java has no usable TLS", e);
    }
  }

  /** Why the exchange's connection was not verified (with trust-all), or null if it was, or was not TLS. */
  static String unverified(SSLSession session) {
    return session == null ? null : (String) session.getValue(UNVERIFIED);
  }

  private static void note(SSLSession session, String why) {
    if (session != null && session.getValue(UNVERIFIED) == null) {
      session.putValue(UNVERIFIED, why);
    }
  }

  /** Java's trust decision, taken and noted on the handshake's session, but never refusing. */
  private static final class NotingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager java;

    NotingTrustManager(X509ExtendedTrustManager java) {
      this.java = java;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
      try {
        java.checkServerTrusted(chain, authType, socket);
      } catch (CertificateException e) {
        note(((SSLSocket) socket).getHandshakeSession(), why(chain, e));
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      try {
        java.checkServerTrusted(chain, authType, engine);
      } catch (CertificateException e) {
        note(engine.getHandshakeSession(), why(chain, e));
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      try {
        java.checkServerTrusted(chain, authType);
      } catch (CertificateException e) {
        // No session to note it on: this form is not used for client connections.
      }
    }

    /** Every reason, the certificate's own dates first: a path check stops at the first problem. */
    private static String why(X509Certificate[] chain, CertificateException e) {
      String dates = "";
      try {
        if (chain.length > 0) {
          chain[0].checkValidity();
        }
      } catch (CertificateExpiredException expired) {
        dates = "the server's certificate has expired; ";
      } catch (CertificateNotYetValidException early) {
        dates = "the server's certificate is not valid yet; ";
      }
      if (causedBy(e, CertificateExpiredException.class) || causedBy(e, CertificateNotYetValidException.class)) {
        return dates.isEmpty() ? "a certificate in the server's chain is out of its validity dates" : dates.substring(0, dates.length() - 2);
      }
      return dates + "the server's certificate is not trusted (" + e.getMessage() + ")";
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      java.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      java.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      java.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return java.getAcceptedIssuers();
    }
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
