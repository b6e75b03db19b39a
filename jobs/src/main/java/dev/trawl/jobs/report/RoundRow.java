package dev.trawl.jobs.report;

import dev.trawl.round.RoundCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line of the report's per-round table (or its total), the same cells in the terminal and the HTML page. */
record RoundRow(String round, long pages, long failed4xx, long failed5xx, long timeouts, long errors, long newUrls,
                long bytes, double seconds, double politeness, String straggler, Double cost) {
  static final List<String> HEADERS = List.of("round", "pages", "4xx", "5xx", "timeouts", "errors", "new URLs", "MB",
      "seconds", "pages/min", "polite wait", "straggler", "cost USD");
  private static final String FORMAT = "%5s %8s %6s %6s %8s %6s %8s %9s %8s %9s %11s  %-22s %9s";

  static RoundRow of(RoundActivity r, Cost cost) {
    RoundActivity.Straggler s = r.straggler();
    return new RoundRow(Integer.toString(r.round()), r.count(RoundActivity.Outcome.PAGE),
        r.count(RoundActivity.Outcome.FAILED_4XX), r.count(RoundActivity.Outcome.FAILED_5XX),
        r.count(RoundActivity.Outcome.TIMEOUT), r.count(RoundActivity.Outcome.ERROR),
        r.summary().path("counters").path(RoundCounter.URLS_NEW.name()).asLong(), r.bytes(), r.seconds(),
        r.politenessShare(), s == null ? "-" : String.format(Locale.ROOT, "%s +%.1fs", s.host(), s.aloneMillis() / 1000.0),
        cost == null ? null : cost.of(r.seconds()));
  }

  static RoundRow total(List<RoundRow> rows, Cost cost) {
    double seconds = rows.stream().mapToDouble(RoundRow::seconds).sum();
    return new RoundRow("all", rows.stream().mapToLong(RoundRow::pages).sum(), rows.stream().mapToLong(RoundRow::failed4xx).sum(),
        rows.stream().mapToLong(RoundRow::failed5xx).sum(), rows.stream().mapToLong(RoundRow::timeouts).sum(),
        rows.stream().mapToLong(RoundRow::errors).sum(), rows.stream().mapToLong(RoundRow::newUrls).sum(),
        rows.stream().mapToLong(RoundRow::bytes).sum(), seconds, -1, "", cost == null ? null : cost.of(seconds));
  }

  /** Pages per minute of the round's duration. */
  double pagesPerMinute() {
    return seconds <= 0 ? 0 : pages * 60.0 / seconds;
  }

  List<String> cells() {
    List<String> c = new ArrayList<>(List.of(round, Long.toString(pages), Long.toString(failed4xx), Long.toString(failed5xx),
        Long.toString(timeouts), Long.toString(errors), Long.toString(newUrls), String.format(Locale.ROOT, "%.2f", bytes / 1e6),
        String.format(Locale.ROOT, "%.1f", seconds), String.format(Locale.ROOT, "%.1f", pagesPerMinute()),
        politeness < 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", politeness * 100), straggler));
    if (cost != null) {
      c.add(String.format(Locale.ROOT, "%.4f", cost));
    }
    return c;
  }

  /** The table's header; the cost column only when the rounds are priced. */
  static List<String> headers(boolean priced) {
    return priced ? HEADERS : HEADERS.subList(0, HEADERS.size() - 1);
  }

  static String header(boolean priced) {
    List<String> h = new ArrayList<>(headers(priced));
    h.add("");
    return String.format(Locale.ROOT, FORMAT, h.subList(0, HEADERS.size()).toArray()).stripTrailing();
  }

  String line() {
    List<String> c = new ArrayList<>(cells());
    c.add("");
    return String.format(Locale.ROOT, FORMAT, c.subList(0, HEADERS.size()).toArray()).stripTrailing();
  }
}
