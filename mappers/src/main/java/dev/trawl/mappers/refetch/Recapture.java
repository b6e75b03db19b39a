package dev.trawl.mappers.refetch;

import dev.trawl.refetch.Change;
import dev.trawl.schema.LastCapture;
import java.net.URI;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * What a response says against the URL's last capture, and so how the WARC keeps it: a 304 is a
 * {@code server-not-modified} revisit; a 200 with the last capture's body digest is unchanged too, and
 * (trawl.refetch.revisit-identical) an {@code identical-payload-digest} revisit instead of the body
 * again; a 404 or 410 where there was a page is gone. Everything else is written in full.
 *
 * @param change null for outcomes that say nothing about the page (redirects, other errors)
 * @param revisitProfile the revisit record's profile, or null to write the response in full
 */
public record Recapture(Change change, URI revisitProfile) {

  public static Recapture of(LastCapture previous, int status, String digest, boolean revisitIdentical) {
    if (previous == null) {
      return new Recapture(status >= 200 && status < 300 ? Change.NEW : null, null);
    }
    if (status == 304) {
      return new Recapture(Change.UNCHANGED, WarcRevisit.SERVER_NOT_MODIFIED_1_1);
    }
    if (status >= 200 && status < 300) {
      if (digest != null && digest.equals(previous.getDigest())) {
        return new Recapture(Change.UNCHANGED, revisitIdentical ? WarcRevisit.IDENTICAL_PAYLOAD_DIGEST_1_1 : null);
      }
      return new Recapture(Change.CHANGED, null);
    }
    if (status == 404 || status == 410) {
      return new Recapture(Change.GONE, null);
    }
    return new Recapture(null, null);
  }

  /** Whether this capture is written as a revisit record pointing at the last capture. */
  public boolean revisit() {
    return revisitProfile != null;
  }
}
