package dev.trawl.dedup;

import dev.trawl.schema.FetchStatus;
import dev.trawl.schema.ManifestRecord;
import java.nio.charset.StandardCharsets;

/**
 * How content dedupe rides in the round's shuffle. Besides URL keys, the round's map output has
 * digest keys, {@code sha1:BASE32 TAB rank}: one for the digest index's entry (rank {@code 0}, so
 * it sorts first) and one per capture with that body (rank {@code 1}, the URL's length, the URL, so
 * the shortest URL sorts first). Grouped by the digest alone, a reducer meets the canonical capture
 * first and can stream the rest, whatever their number.
 */
public final class DigestKeys {
  private static final char SEPARATOR = '\t';

  private DigestKeys() {}

  /** Captures worth deduplicating: bodies of successful fetches. Empty bodies and error pages are alike by nature. */
  public static boolean dedupes(ManifestRecord m) {
    return m.getStatus() == FetchStatus.fetched && m.getDigest() != null
        && m.getContentLength() != null && m.getContentLength() > 0;
  }

  /** The key of the digest index's entry: before every capture of the digest. */
  public static String indexKey(String digest) {
    return digest + SEPARATOR + "0";
  }

  /** The key of a capture: after the index entry, shorter URLs first, then in URL order. */
  public static String captureKey(String digest, String url) {
    return digest + SEPARATOR + "1" + String.format("%010d", url.length()) + url;
  }

  /** True for digest keys; URL keys start with http. */
  public static boolean isDigestKey(String key) {
    return key.startsWith("sha1:");
  }

  /** The digest a digest key groups by. */
  public static String digestOf(String key) {
    int tab = key.indexOf(SEPARATOR);
    return tab < 0 ? key : key.substring(0, tab);
  }

  /** Length in bytes of the grouping part of a serialized key (the digest, or the whole URL key). */
  public static int groupLength(byte[] utf8, int start, int length) {
    if (length < 5 || utf8[start] != 's') {
      return length;
    }
    for (int i = 0; i < length; i++) {
      if (utf8[start + i] == SEPARATOR) {
        return i;
      }
    }
    return length;
  }

  /** The partition (and digest index part) of a digest: the same in the round and in lookups. */
  public static int partition(String digest, int partitions) {
    int h = 0;
    for (byte b : digest.getBytes(StandardCharsets.US_ASCII)) {
      h = 31 * h + b;
    }
    return Math.floorMod(h, partitions);
  }
}
