package dev.trawl.jobs.report;

import dev.trawl.jobs.summaries.RoundTable;
import dev.trawl.round.RoundSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of the report's per-round table (or its total), the same cells in the terminal and the
 * HTML page. Columns are named as the manifest names outcomes; {@code error} is error plus http_error
 * outside 4xx/5xx; {@code discovered} as in the round table (new URLs, the round's seeds not counted).
 */
record RoundRow(String round, long pages, long failed4xx, long failed5xx, long timeouts, long errors, long blocked,
                long discovered, long bytes, double seconds, double politeness, String straggler, Double cost) {
  static final List<String> HEADERS = List.of("round", "fetched", "http_4xx", "http_5xx", "timeout", "error",
      "blocked_address", "discovered", "MB", "seconds", "pages/s", "polite wait", "straggler", "cost USD");
  private static final String FORMAT = "%5s %8s %8s %8s %7s %6s %15s %10s %9s %8s %8s %11s  %-22s %9s";
  /** Rounds shorter than this get no rate: a rate over a blink is noise. */
  static final double MIN_RATE_SECONDS = 1.0;

  static RoundRow of(RoundActivity r, RoundSummary previous, Cost cost) {
    RoundActivity.Straggler s = r.straggler();
    return new RoundRow(Integer.toString(r.round()), r.count(RoundActivity.Outcome.PAGE),
        r.count(RoundActivity.Outcome.FAILED_4XX), r.count(RoundActivity.Outcome.FAILED_5XX),
        r.count(RoundActivity.Outcome.TIMEOUT), r.count(RoundActivity.Outcome.ERROR), r.count(RoundActivity.Outcome.BLOCKED),
        RoundTable.Row.of(r.summary(), previous).discovered(), r.bytes(), r.seconds(),
        r.politenessShare(), s == null ? "-" : String.format(Locale.ROOT, "%s +%.1fs", s.host(), s.aloneMillis() / 1000.0),
        cost == null ? null : cost.of(r.seconds()));
  }

  static RoundRow total(List<RoundRow> rows, Cost cost) {
    double seconds = rows.stream().mapToDouble(RoundRow::seconds).sum();
    return new RoundRow("all", rows.stream().mapToLong(RoundRow::pages).sum(), rows.stream().mapToLong(RoundRow::failed4xx).sum(),
        rows.stream().mapToLong(RoundRow::failed5xx).sum(), rows.stream().mapToLong(RoundRow::timeouts).sum(),
        rows.stream().mapToLong(RoundRow::errors).sum(), rows.stream().mapToLong(RoundRow::blocked).sum(),
        rows.stream().mapToLong(RoundRow::discovered).sum(),
        rows.stream().mapToLong(RoundRow::bytes).sum(), seconds, -1, "", cost == null ? null : cost.of(seconds));
  }

  /** Pages per second of the round's duration, measured over it (never extrapolated past it). */
  double pagesPerSecond() {
    return seconds <= 0 ? 0 : pages / seconds;
  }

  List<String> cells() {
    List<String> c = new ArrayList<>(List.of(round, Long.toString(pages), Long.toString(failed4xx), Long.toString(failed5xx),
        Long.toString(timeouts), Long.toString(errors), Long.toString(blocked), Long.toString(discovered),
        String.format(Locale.ROOT, "%.2f", bytes / 1e6), String.format(Locale.ROOT, "%.1f", seconds),
        seconds < MIN_RATE_SECONDS ? "-" : String.format(Locale.ROOT, "%.1f", pagesPerSecond()),
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
