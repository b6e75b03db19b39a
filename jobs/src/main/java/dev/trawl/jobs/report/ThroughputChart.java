package dev.trawl.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The throughput chart: pages, failed requests and 429/503 answers per bin over the crawl (the bin
 * scaled to its length, see {@link Throughput}), one marker per bin, each round's start marked, drawn by JFreeChart as SVG (for the HTML page) and PNG. In the SVG each marker
 * is a group whose {@code jfreesvg:ref} names its series and index, so the points can be read back.
 */
final class ThroughputChart {
  static final int WIDTH = 1000;
  static final int HEIGHT = 420;
  /** Series names, before the bin's unit ("pages/s", "failed requests/min"). */
  static final String PAGES = "pages";
  static final String ERRORS = "failed requests";
  static final String THROTTLED = "429/503 answers";
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  /** About the width of the plot area in pixels (the chart less its axis and margins), to space round labels. */
  private static final double PLOT_WIDTH = WIDTH - 90;
  private static final java.awt.Font LABEL_FONT = new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 10);
  /** Generous for a 10-point sans-serif character, so labels estimated apart are apart. */
  private static final double CHAR_WIDTH = 6.5;
  private static final int ROW_HEIGHT = 13;

  private final JFreeChart chart;

  ThroughputChart(Throughput throughput, String title) {
    // The chart is only ever drawn to files; an EMR master or a CI box has no display to open.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    TimeSeries pages = new TimeSeries(PAGES + throughput.unit());
    TimeSeries errors = new TimeSeries(ERRORS + throughput.unit());
    TimeSeries throttled = new TimeSeries(THROTTLED + throughput.unit());
    for (Throughput.Bin b : throughput.bins()) {
      FixedMillisecond at = new FixedMillisecond(b.start());
      pages.add(at, b.pages());
      errors.add(at, b.errors());
      throttled.add(at, b.throttled());
    }
    TimeSeriesCollection data = new TimeSeriesCollection(UTC);
    data.addSeries(pages);
    data.addSeries(errors);
    data.addSeries(throttled);
    DateAxis time = new DateAxis("time (UTC), one point per " + throughput.binName(), UTC, Locale.ROOT);
    // Plain labels at the bins' scale (18:40:05, not 18:39:59.999), and ticks never finer than a bin.
    SimpleDateFormat labels = new SimpleDateFormat(throughput.binMillis() < 60_000 ? "HH:mm:ss"
        : throughput.binMillis() < 86_400_000 ? "HH:mm" : "yyyy-MM-dd", Locale.ROOT);
    labels.setTimeZone(UTC);
    time.setDateFormatOverride(labels);
    time.setStandardTickUnits(tickUnits(throughput.binMillis(), labels));
    if (throughput.bins().size() < 2) {
      long start = throughput.bins().isEmpty() ? 0 : throughput.bins().get(0).start();
      time.setRange(new Date(start - throughput.binMillis()), new Date(start + throughput.binMillis()));
    }
    NumberAxis perBin = new NumberAxis("per " + throughput.binName());
    perBin.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    BinMarkers renderer = new BinMarkers();
    Color[] colours = {new Color(0x1f77b4), new Color(0xd62728), new Color(0xff7f0e)};
    for (int s = 0; s < colours.length; s++) {
      renderer.setSeriesPaint(s, colours[s]);
      renderer.setSeriesStroke(s, new BasicStroke(2f));
      renderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    // 429/503 answers are failed requests too, so the two lines often coincide: drawn last, dashed and
    // with square markers, the 429/503 line shows on top of the failures line instead of hiding under it.
    // Under it, the failures line is wider, so where the two coincide both colours show.
    renderer.setSeriesStroke(1, new BasicStroke(4f));
    renderer.setSeriesShape(1, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
    renderer.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    renderer.setSeriesShape(2, new Rectangle2D.Double(-2.5, -2.5, 5, 5));
    XYPlot plot = new XYPlot(data, time, perBin, renderer);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    int rows = 1;
    List<Double> rowEnds = new ArrayList<>();
    long first = throughput.bins().isEmpty() ? 0 : throughput.bins().get(0).start();
    long span = throughput.bins().isEmpty() ? 1 : Math.max(1, throughput.bins().get(throughput.bins().size() - 1).start() - first);
    for (Throughput.RoundStart r : throughput.roundStarts()) {
      // At the start of the bin of the round's first request: where that bin's point is drawn.
      long at = throughput.bins().get(throughput.binOf(r.time())).start();
      ValueMarker marker = new ValueMarker(at, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
          10f, new float[] {4f, 4f}, 0f));
      String label = "round " + r.round();
      // Labels of rounds close in time go on rows below one another rather than over one another.
      double x = (double) (at - first) / span * PLOT_WIDTH;
      int row = 0;
      while (row < rowEnds.size() && rowEnds.get(row) > x) {
        row++;
      }
      if (row == rowEnds.size()) {
        rowEnds.add(0.0);
      }
      rowEnds.set(row, x + label.length() * CHAR_WIDTH + 6);
      rows = Math.max(rows, row + 1);
      marker.setLabel(label);
      marker.setLabelFont(LABEL_FONT);
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      marker.setLabelOffset(new RectangleInsets(2 + row * ROW_HEIGHT, 2, 2, 2));
      plot.addDomainMarker(marker);
    }
    // Room above the highest point for the rows of labels.
    perBin.setUpperMargin(0.08 + rows * ROW_HEIGHT / (double) (HEIGHT - 160));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
  }

  /** Tick steps from the bin up, each a multiple of it, labelled alike. */
  private static TickUnits tickUnits(long binMillis, java.text.DateFormat labels) {
    TickUnits units = new TickUnits();
    for (long b : Throughput.BINS) {
      if (b >= binMillis) {
        // In whole seconds, minutes, hours or days, so ticks fall on round times.
        long s = b / 1000;
        DateTickUnit unit = s % 86_400 == 0 ? new DateTickUnit(DateTickUnitType.DAY, (int) (s / 86_400), labels)
            : s % 3600 == 0 ? new DateTickUnit(DateTickUnitType.HOUR, (int) (s / 3600), labels)
            : s % 60 == 0 ? new DateTickUnit(DateTickUnitType.MINUTE, (int) (s / 60), labels)
            : new DateTickUnit(DateTickUnitType.SECOND, (int) s, labels);
        units.add(unit);
      }
    }
    return units;
  }

  void writeSvg(OutputStream out) throws IOException {
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    // The element without getSVGDocument()'s DOCTYPE: a DTD reference makes XML tools fetch it from the web.
    out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  void writePng(OutputStream out) throws IOException {
    ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
  }

  /**
   * Lines with a marker per point, each marker in its own SVG group. JFreeChart 1.5 groups items
   * only for renderers that ask (its XY renderers never do), so this one asks for its markers.
   */
  private static final class BinMarkers extends XYLineAndShapeRenderer {
    BinMarkers() {
      super(true, true);
    }

    @Override
    public XYItemRendererState initialise(Graphics2D g2, Rectangle2D dataArea, XYPlot plot, XYDataset data, PlotRenderingInfo info) {
      XYItemRendererState state = super.initialise(g2, dataArea, plot, data, info);
      state.setElementHinting(true);
      return state;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info, XYPlot plot,
                         ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
                         CrosshairState crosshairState, int pass) {
      // Pass 0 draws the lines, pass 1 the markers: one group per marker.
      boolean marker = isItemPass(pass) && state.getElementHinting();
      if (marker) {
        beginElementGroup(g2, dataset.getSeriesKey(series), item);
      }
      super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item, crosshairState, pass);
      if (marker) {
        endElementGroup(g2);
      }
    }
  }
}
