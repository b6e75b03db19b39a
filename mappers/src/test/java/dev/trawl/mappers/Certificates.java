package dev.trawl.mappers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Server certificates Java does not trust, as the real web has them, made by the JDK's own keytool:
 * self-signed, and expired. For loopback https test hosts.
 */
public final class Certificates {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private Certificates() {}

  /** A self-signed certificate for {@code ip}, valid now. */
  public static SSLContext selfSigned(Path dir, String ip) throws Exception {
    return make(dir, ip, List.of("-validity", "2"));
  }

  /** A self-signed certificate for {@code ip} that expired yesterday. */
  public static SSLContext expired(Path dir, String ip) throws Exception {
    return make(dir, ip, List.of("-startdate", "-10d", "-validity", "9"));
  }

  private static SSLContext make(Path dir, String ip, List<String> validity) throws Exception {
    Path store = Files.createTempFile(dir, "cert", ".p12");
    Files.delete(store);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + ip,
        "-ext", "san=ip:" + ip, "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)));
    cmd.addAll(validity);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }
}
