package dev.trawl.reducers.dedup;

import dev.trawl.schema.DigestEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlUpdate;

/**
 * Every capture of one body digest in a round, with the digest index's entry if an earlier round
 * had the body. Values arrive canonical first (the index entry, else the shortest URL; see
 * {@link dev.trawl.dedup.DigestKeys}), so each capture is settled as it arrives and memory does not
 * grow with the number of duplicates.
 */
public final class DigestGroup {
  private final String digest;
  private String canonical;
  private long duplicates;

  public DigestGroup(String digest) {
    this.digest = digest;
  }

  /** Folds in one value; returns the capture's manifest record with duplicate_of settled, or null for the index entry. */
  public ManifestRecord add(UrlUpdate u) {
    if (u.getCanonical() != null) {
      canonical = u.getCanonical().getUrl();
      return null;
    }
    ManifestRecord m = u.getFetched();
    if (m == null) {
      throw new IllegalArgumentException("a digest key carries only captures and index entries: " + u);
    }
    if (canonical == null) {
      canonical = m.getUrl();
    }
    // A later fetch of the canonical URL itself, body unchanged, is no duplicate.
    String of = canonical.equals(m.getUrl()) ? null : canonical;
    if (of != null) {
      duplicates++;
    }
    return ManifestRecord.newBuilder(m).setDuplicateOf(of).build();
  }

  /** Captures marked duplicates so far. */
  public long duplicates() {
    return duplicates;
  }

  /** The digest index's entry for the next round. */
  public DigestEntry entry() {
    if (canonical == null) {
      throw new IllegalStateException("no value for digest " + digest);
    }
    return DigestEntry.newBuilder().setDigest(digest).setUrl(canonical).build();
  }
}
