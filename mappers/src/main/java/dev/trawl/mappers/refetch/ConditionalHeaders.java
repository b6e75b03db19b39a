package dev.trawl.mappers.refetch;

import dev.trawl.schema.LastCapture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.utils.DateUtils;

/**
 * The validators a refetch sends back (RFC 9110 section 13): If-None-Match with the last capture's
 * ETag, If-Modified-Since with its Last-Modified. A server that honours either answers 304 and sends
 * no body.
 */
public final class ConditionalHeaders {
  private ConditionalHeaders() {}

  /** The headers for a refetch of {@code previous}; empty for a first fetch or a capture with no validators. */
  public static List<Map.Entry<String, String>> of(LastCapture previous) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (previous == null) {
      return headers;
    }
    if (previous.getEtag() != null && !previous.getEtag().isBlank()) {
      headers.add(Map.entry("If-None-Match", previous.getEtag()));
    }
    if (previous.getLastModified() != null) {
      headers.add(Map.entry("If-Modified-Since", DateUtils.formatStandardDate(Instant.ofEpochMilli(previous.getLastModified()))));
    }
    return headers;
  }
}
