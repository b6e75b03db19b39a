package dev.trawl.jobs.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 for naming files by what they hold (seed batches, staged jars and layouts), so writing
 * the same content again names it the same and a step always reads what it was given.
 */
public final class ContentHash {
  private ContentHash() {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The digest's hex, cut to its first {@code chars} characters. */
  public static String hex(MessageDigest digest, int chars) {
    return HexFormat.of().formatHex(digest.digest()).substring(0, chars);
  }
}
