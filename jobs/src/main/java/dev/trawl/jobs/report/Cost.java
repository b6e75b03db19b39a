package dev.trawl.jobs.report;

import java.util.Locale;

/** What rented machines cost: a price per instance-hour times the instances, for as long as a round ran. */
record Cost(double pricePerInstanceHour, int instances) {
  /** US dollars for {@code seconds} of the whole cluster. */
  double of(double seconds) {
    return pricePerInstanceHour * instances * seconds / 3600;
  }

  /** US dollars per 1,000 pages; NaN without pages. */
  double perThousandPages(double seconds, long pages) {
    return pages == 0 ? Double.NaN : of(seconds) / pages * 1000;
  }

  String describe(double seconds, long pages, int rounds) {
    double perThousand = perThousandPages(seconds, pages);
    return String.format(Locale.ROOT, "cost at $%s an instance-hour x %d instance%s: $%.4f for %d round%s (%.3f instance-hours); %s per 1,000 pages",
        trim(pricePerInstanceHour), instances, instances == 1 ? "" : "s", of(seconds), rounds, rounds == 1 ? "" : "s",
        instances * seconds / 3600, Double.isNaN(perThousand) ? "nothing" : String.format(Locale.ROOT, "$%.4f", perThousand));
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : Double.toString(d);
  }
}
