package dev.trawl.jobs.report;

import java.util.List;

/** The report as a small HTML page: the charts, the per-round table, the machines, the warnings and the cost. */
final class ReportPage {
  private ReportPage() {}

  static String html(String crawl, String chartFile, String machineChartFile, List<RoundRow> rows, RoundRow total, boolean priced,
                     List<String> stops, List<String> machines, List<String> warnings, String cost) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>trawl report: ").append(escape(crawl)).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#eee}")
        .append("tr.total td{font-weight:bold}li{margin:.4em 0}</style></head><body>\n")
        .append("<h1>trawl report</h1>\n<p>crawl <code>").append(escape(crawl)).append("</code></p>\n")
        .append("<h2>Throughput over time</h2>\n<p><img src=\"").append(escape(chartFile))
        .append("\" alt=\"pages, failed requests and 429/503 answers over time, each round's start marked\"></p>\n");
    if (machineChartFile != null) {
      b.append("<h2>The machines over time</h2>\n<p><img src=\"").append(escape(machineChartFile))
          .append("\" alt=\"CPU the fetch tasks used of what they held, and their memory of the container's limit, over time\"></p>\n");
    }
    b.append("<h2>Rounds</h2>\n<table>\n<tr>");
    for (String h : RoundRow.headers(priced)) {
      b.append("<th>").append(escape(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (RoundRow r : rows) {
      row(b, r, "");
    }
    row(b, total, " class=\"total\"");
    b.append("</table>\n<h2>Why each round stopped</h2>\n<ul>\n");
    stops.forEach(s -> b.append("<li>").append(escape(s.strip())).append("</li>\n"));
    b.append("</ul>\n<h2>What each round used of the machines it held</h2>\n<ul>\n");
    machines.forEach(m -> b.append("<li>").append(escape(m.strip())).append("</li>\n"));
    b.append("</ul>\n<h2>Warnings</h2>\n");
    if (warnings.isEmpty()) {
      b.append("<p>None.</p>\n");
    } else {
      b.append("<ul>\n");
      for (String w : warnings) {
        b.append("<li>").append(escape(w)).append("</li>\n");
      }
      b.append("</ul>\n");
    }
    b.append("<h2>Cost</h2>\n");
    cost.lines().forEach(line -> b.append("<p>").append(escape(line)).append("</p>\n"));
    b.append("</body></html>\n");
    return b.toString();
  }

  private static void row(StringBuilder b, RoundRow r, String attributes) {
    b.append("<tr").append(attributes).append('>');
    for (String cell : r.cells()) {
      b.append("<td>").append(escape(cell)).append("</td>");
    }
    b.append("</tr>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
