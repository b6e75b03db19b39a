package dev.trawl.jobs.urls;

import dev.trawl.jobs.options.NearestName;
import dev.trawl.schema.UrlState;
import java.util.Arrays;
import java.util.List;

/**
 * A URL's status as {@code urls} and {@code url} print it: the manifest's status names (the contract),
 * {@code pending} for a URL waiting in the frontier, and {@code failed} for one given up after its
 * retries (its attempts were timeouts or errors).
 */
public final class UrlStatus {
  private UrlStatus() {}

  public static String of(UrlState state) {
    return switch (state) {
      case queued -> "pending";
      default -> state.name();
    };
  }

  /** Every status a URL can have, in the legend's order. */
  public static List<String> names() {
    return Arrays.stream(UrlState.values()).map(UrlStatus::of).toList();
  }

  /** Checks a --status value, naming the nearest status if it is none. */
  static String parse(String value) {
    if (names().contains(value)) {
      return value;
    }
    throw new IllegalArgumentException("--status " + value + " is not a status" + NearestName.of(value, names())
        .map(n -> " (did you mean " + n + "?)").orElse("") + "; the statuses are " + String.join(", ", names()));
  }
}
