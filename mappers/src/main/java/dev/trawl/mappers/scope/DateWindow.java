package dev.trawl.mappers.scope;

import dev.trawl.settings.TrawlSettings;
import java.time.Instant;

/**
 * The content-date bounds (--published-before, --published-after, --require-date): one rule, for
 * the fetch task and for `trawl parse` alike.
 */
public final class DateWindow {
  private DateWindow() {}

  /** Why a page with this content date (null: none found) is out of bounds, or null if it is within them. */
  public static String outside(TrawlSettings settings, Instant date) {
    if (date == null) {
      return settings.requireDate() ? "no content date, and trawl.bounds.require-date is set" : null;
    }
    if (settings.publishedBefore() != null && !date.isBefore(settings.publishedBefore())) {
      return "published " + date + ", not before " + settings.publishedBefore();
    }
    if (settings.publishedAfter() != null && date.isBefore(settings.publishedAfter())) {
      return "published " + date + ", before " + settings.publishedAfter();
    }
    return null;
  }
}
