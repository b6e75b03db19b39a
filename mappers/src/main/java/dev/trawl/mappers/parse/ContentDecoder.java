package dev.trawl.mappers.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Undoes a body's Content-Encoding for parsing, never past a cap: a few kilobytes of gzip can
 * expand to gigabytes (a gzip bomb), so decoding stops at {@code max} bytes.
 */
public final class ContentDecoder {
  /** Decoded content; {@code truncated} if it went on past the cap. Null bytes: an encoding we cannot undo. */
  public record Decoded(byte[] bytes, boolean truncated) {}

  private ContentDecoder() {}

  public static Decoded decode(InputStream raw, String contentEncoding, int max) throws IOException {
    String encoding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
    InputStream in = switch (encoding) {
      case "", "identity" -> raw;
      case "gzip", "x-gzip" -> new GZIPInputStream(raw);
      // "deflate" is zlib-wrapped by the spec, but some servers send raw deflate.
      case "deflate" -> raw.markSupported() ? zlibOrRaw(raw) : zlibOrRaw(new java.io.BufferedInputStream(raw));
      default -> null;
    };
    if (in == null) {
      return new Decoded(null, false);
    }
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      return new Decoded(java.util.Arrays.copyOf(bytes, max), true);
    }
    return new Decoded(bytes, false);
  }

  private static InputStream zlibOrRaw(InputStream raw) throws IOException {
    raw.mark(2);
    int first = raw.read();
    raw.reset();
    boolean zlib = first >= 0 && (first & 0x0f) == 8;
    return new InflaterInputStream(raw, new Inflater(!zlib));
  }
}
