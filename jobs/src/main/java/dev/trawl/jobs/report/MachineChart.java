package dev.trawl.jobs.report;

import dev.trawl.round.RoundResources;
import dev.trawl.round.RoundSummary;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The machines over time, beside the throughput chart: the CPU the fetch tasks used as a share of
 * what they held, and their peak resident memory as a share of the container's (of -Xmx in local
 * mode, which has no container), from the tasks' own samples. Samples are put in bins of the
 * sampling interval; in local mode every task measured the same JVM, so a bin takes the largest
 * sample rather than adding them.
 */
final class MachineChart {
  static final String FILE = "machines.svg";
  static final String PNG = "machines.png";
  static final String CPU = "CPU used of held, %";
  static final String MEMORY = "memory of the limit, %";

  private final JFreeChart chart;
  private final int points;

  MachineChart(List<RoundSummary> rounds, String title) {
    TimeSeries cpu = new TimeSeries(CPU);
    TimeSeries memory = new TimeSeries(MEMORY);
    for (RoundSummary r : rounds) {
      RoundResources.Usage fetch = r.resources() == null ? null : r.resources().fetch();
      if (fetch == null || r.started() == null) {
        continue;
      }
      boolean shared = r.resources().sharedJvm();
      // Cores held per task: the machine's in local mode (held = cores x window), a container's vcores on YARN.
      double coresPerTask = fetch.heldCpuSeconds() == null || fetch.wallSeconds() == null || fetch.wallSeconds() <= 0
          ? 1 : fetch.heldCpuSeconds() / fetch.wallSeconds();
      Double limit = fetch.memoryLimitMb() != null ? fetch.memoryLimitMb() : fetch.maxHeapMb();
      long start = Instant.parse(r.started()).toEpochMilli();
      // bin start -> {cores used, tasks, resident MB}
      Map<Long, double[]> bins = new TreeMap<>();
      long bin = 1000;
      for (RoundSummary.Task t : r.tasks()) {
        if (t.samples() != null && t.samples().size() > 1) {
          bin = Math.max(bin, Math.round((t.samples().get(1).get(0) - t.samples().get(0).get(0)) * 1000));
        }
      }
      for (RoundSummary.Task t : r.tasks()) {
        if (t.samples() == null) {
          continue;
        }
        for (List<Double> s : t.samples()) {
          long at = start + Math.round((t.startedAfterSeconds() + s.get(0)) * 1000);
          double[] b = bins.computeIfAbsent(at / bin * bin, k -> new double[3]);
          b[0] = shared ? Math.max(b[0], s.get(1)) : b[0] + s.get(1);
          b[1] = shared ? 1 : b[1] + 1;
          b[2] = Math.max(b[2], s.get(3));
        }
      }
      for (Map.Entry<Long, double[]> e : bins.entrySet()) {
        double[] b = e.getValue();
        double held = shared ? coresPerTask : b[1] * coresPerTask;
        cpu.addOrUpdate(new FixedMillisecond(e.getKey()), 100 * b[0] / held);
        if (limit != null && limit > 0 && b[2] > 0) {
          memory.addOrUpdate(new FixedMillisecond(e.getKey()), 100 * b[2] / limit);
        }
      }
    }
    TimeSeriesCollection data = new TimeSeriesCollection();
    data.addSeries(cpu);
    data.addSeries(memory);
    points = cpu.getItemCount();
    chart = ChartFactory.createTimeSeriesChart(title, "time (UTC)", "% of what the fetch tasks held", data, true, false, false);
    ((org.jfree.chart.axis.DateAxis) chart.getXYPlot().getDomainAxis()).setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
  }

  /** Points drawn: 0 when no round recorded its samples. */
  int points() {
    return points;
  }

  void writePng(OutputStream out) throws IOException {
    org.jfree.chart.ChartUtils.writeChartAsPNG(out, chart, ThroughputChart.WIDTH, ThroughputChart.HEIGHT);
  }

  void writeSvg(OutputStream out) throws IOException {
    SVGGraphics2D g = new SVGGraphics2D(ThroughputChart.WIDTH, ThroughputChart.HEIGHT);
    chart.draw(g, new Rectangle(0, 0, ThroughputChart.WIDTH, ThroughputChart.HEIGHT));
    out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement() + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
