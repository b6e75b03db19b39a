package dev.trawl.refetch;

/**
 * What a fetch found against the URL's last capture: the manifest's {@code change} column and the
 * crawl db's {@code last_change}, as lower-case words so Hive queries read naturally.
 */
public enum Change {
  /** The URL's first capture. */
  NEW,
  /** A body other than the last capture's. */
  CHANGED,
  /** A 304, or a 200 with the last capture's body digest. */
  UNCHANGED,
  /** 404 or 410 where there was a page. */
  GONE;

  /** The word stored in the records. */
  public String value() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The change a stored word names; null for null. */
  public static Change of(String value) {
    return value == null ? null : valueOf(value.toUpperCase(java.util.Locale.ROOT));
  }
}
