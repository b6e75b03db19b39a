package dev.trawl.mappers.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.netpreserve.jwarc.WarcDigest;

/**
 * A response body as received, up to the body cap. Small bodies stay in memory; past
 * {@code spillBytes} the rest goes to a temporary file, so a fetch task's heap does not grow with
 * page sizes: fifty threads each reading a 10 MiB page hold fifty spill buffers, not 500 MiB.
 */
public final class Body implements Closeable {
  private final byte[] head;
  private final Path spill;
  private final long length;
  private final boolean truncated;
  private final String sha1;

  private Body(byte[] head, Path spill, long length, boolean truncated, String sha1) {
    this.head = head;
    this.spill = spill;
    this.length = length;
    this.truncated = truncated;
    this.sha1 = sha1;
  }

  /** An in-memory body (robots.txt rules, tests). */
  public static Body of(byte[] bytes) {
    return new Body(bytes, null, bytes.length, false, digest(bytes, bytes.length));
  }

  /** Reads {@code in} up to {@code max} bytes; {@link #truncated()} tells whether more was there. */
  public static Body read(InputStream in, long max, int spillBytes) throws IOException {
    MessageDigest sha1 = newSha1();
    ByteArrayOutputStream memory = new ByteArrayOutputStream();
    Path spill = null;
    OutputStream file = null;
    long length = 0;
    boolean truncated = false;
    byte[] buffer = new byte[16384];
    try {
      int n;
      while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, max - length + 1))) > 0) {
        if (length + n > max) {
          n = (int) (max - length);
          truncated = true;
        }
        sha1.update(buffer, 0, n);
        if (file == null && memory.size() + n > spillBytes) {
          spill = Files.createTempFile("trawl-body", ".tmp");
          file = Files.newOutputStream(spill);
        }
        (file != null ? file : memory).write(buffer, 0, n);
        length += n;
        if (truncated) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      if (file != null) {
        file.close();
        Files.deleteIfExists(spill);
      }
      throw e;
    }
    if (file != null) {
      file.close();
    }
    return new Body(memory.toByteArray(), spill, length, truncated, new WarcDigest(sha1).prefixedBase32());
  }

  /** Bytes received (after truncation). */
  public long length() { return length; }

  /** True if the body was longer than the cap and cut there. */
  public boolean truncated() { return truncated; }

  /** {@code sha1:BASE32} of the bytes kept: WARC-Payload-Digest and the manifest's digest. */
  public String sha1() { return sha1; }

  /** {@code sha1:BASE32} of {@code prefix} then the body: a WARC record's block digest (HTTP header, then payload). */
  public String sha1After(byte[] prefix) throws IOException {
    MessageDigest d = newSha1();
    d.update(prefix);
    try (InputStream in = stream()) {
      byte[] buffer = new byte[16384];
      int n;
      while ((n = in.read(buffer)) > 0) {
        d.update(buffer, 0, n);
      }
    }
    return new WarcDigest(d).prefixedBase32();
  }

  /** The whole body, for streaming into the WARC file. */
  public InputStream stream() throws IOException {
    InputStream memory = new ByteArrayInputStream(head);
    return spill == null ? memory : new SequenceInputStream(memory, Files.newInputStream(spill));
  }

  public ReadableByteChannel channel() throws IOException {
    return Channels.newChannel(stream());
  }

  /** The whole body in memory: for small bodies only (robots.txt, tests); pages are streamed. */
  public byte[] bytes() throws IOException {
    return head(Integer.MAX_VALUE);
  }

  /** The first {@code max} bytes: what parsers look at. */
  public byte[] head(int max) throws IOException {
    if (spill == null || max <= head.length) {
      return head.length <= max ? head : Arrays.copyOf(head, max);
    }
    try (InputStream in = stream()) {
      return in.readNBytes((int) Math.min(max, length));
    }
  }

  @Override
  public void close() throws IOException {
    if (spill != null) {
      Files.deleteIfExists(spill);
    }
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-1", e);
    }
  }

  private static String digest(byte[] bytes, int length) {
    MessageDigest d = newSha1();
    d.update(bytes, 0, length);
    return new WarcDigest(d).prefixedBase32();
  }
}
