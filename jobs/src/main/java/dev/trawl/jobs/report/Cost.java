package dev.trawl.jobs.report;

import java.util.Locale;

/** What rented machines cost: a price per instance-hour times the instances, for as long as they were held. */
public record Cost(double pricePerInstanceHour, int instances) {
  /** US dollars for {@code seconds} of the whole cluster. */
  double of(double seconds) {
    return pricePerInstanceHour * instances * seconds / 3600;
  }

  /** US dollars per 1,000 pages; NaN without pages. */
  public double perThousandPages(double seconds, long pages) {
    return pages == 0 ? Double.NaN : of(seconds) / pages * 1000;
  }

  String describe(double seconds, long pages, int rounds) {
    double perThousand = perThousandPages(seconds, pages);
    return String.format(Locale.ROOT, "cost at $%s an instance-hour x %d instance%s: $%.4f for %d round%s (%.3f instance-hours); %s per 1,000 pages",
        trim(pricePerInstanceHour), instances, instances == 1 ? "" : "s", of(seconds), rounds, rounds == 1 ? "" : "s",
        instances * seconds / 3600, Double.isNaN(perThousand) ? "nothing" : String.format(Locale.ROOT, "$%.4f", perThousand));
  }

  /**
   * The money split by what it bought: the time fetch tasks ran, and the time held with none running
   * (job start, reducers and commit, gaps between rounds); per 1,000 pages as paid and as it would be
   * with the idle share removed.
   */
  String split(PaidTime time, long pages) {
    double paid = time.paidSeconds();
    if (paid <= 0) {
      return "";
    }
    double idle = time.idleSeconds();
    return String.format(Locale.ROOT, "where the money went: $%.4f paid over %.1f s (%.1f s of rounds, %.1f s between them): $%.4f (%.0f%%) while fetch "
            + "tasks ran, $%.4f (%.0f%%) while none did (job start, reducers and commit, gaps between rounds); per 1,000 pages "
            + "%s as paid, %s without the idle share", of(paid), paid, time.roundSeconds(), time.gapSeconds(),
        of(time.fetchSeconds()), 100 * time.fetchSeconds() / paid, of(idle), 100 * idle / paid, perThousand(paid, pages),
        perThousand(time.fetchSeconds(), pages));
  }

  private String perThousand(double seconds, long pages) {
    double v = perThousandPages(seconds, pages);
    return Double.isNaN(v) ? "nothing" : String.format(Locale.ROOT, "$%.4f", v);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : Double.toString(d);
  }
}
