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
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.data.time.Minute;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYDataset;
import org.jfree.svg.SVGGraphics2D;

/**
 * The throughput chart: pages, failed requests and 429/503 answers per minute over the crawl, one
 * marker per minute, drawn by JFreeChart as SVG (for the HTML page) and PNG. In the SVG each marker
 * is a group whose {@code jfreesvg:ref} names its series and index, so the points can be read back.
 */
final class ThroughputChart {
  static final int WIDTH = 1000;
  static final int HEIGHT = 420;
  static final String PAGES = "pages/min";
  static final String ERRORS = "failed requests/min";
  static final String THROTTLED = "429/503 answers/min";
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final JFreeChart chart;

  ThroughputChart(Throughput throughput, String title) {
    // The chart is only ever drawn to files; an EMR master or a CI box has no display to open.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    TimeSeries pages = new TimeSeries(PAGES);
    TimeSeries errors = new TimeSeries(ERRORS);
    TimeSeries throttled = new TimeSeries(THROTTLED);
    for (Throughput.Minute m : throughput.minutes()) {
      Minute minute = new Minute(new Date(m.start()), UTC, Locale.ROOT);
      pages.add(minute, m.pages());
      errors.add(minute, m.errors());
      throttled.add(minute, m.throttled());
    }
    TimeSeriesCollection data = new TimeSeriesCollection(UTC);
    data.addSeries(pages);
    data.addSeries(errors);
    data.addSeries(throttled);
    DateAxis time = new DateAxis("time (UTC)", UTC, Locale.ROOT);
    NumberAxis perMinute = new NumberAxis("per minute");
    perMinute.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    MinuteMarkers renderer = new MinuteMarkers();
    Color[] colours = {new Color(0x1f77b4), new Color(0xd62728), new Color(0xff7f0e)};
    for (int s = 0; s < colours.length; s++) {
      renderer.setSeriesPaint(s, colours[s]);
      renderer.setSeriesStroke(s, new BasicStroke(2f));
      renderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    XYPlot plot = new XYPlot(data, time, perMinute, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
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
  private static final class MinuteMarkers extends XYLineAndShapeRenderer {
    MinuteMarkers() {
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
