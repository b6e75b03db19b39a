package dev.trawl.jobs.report;

/** A series as a line of block characters, for the terminal: ▁ is zero, █ the series' maximum. */
final class Sparkline {
  private static final char[] BLOCKS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

  private Sparkline() {}

  /**
   * At most {@code width} characters: longer series are averaged over equal runs of points.
   * Nonzero values never draw as the zero block, so a trickle stays visible.
   */
  static String of(long[] values, int width) {
    int per = pointsPerCharacter(values.length, width);
    int n = (values.length + per - 1) / per;
    double[] cells = new double[n];
    double max = 0;
    for (int c = 0; c < n; c++) {
      long sum = 0;
      int count = 0;
      for (int i = c * per; i < Math.min(values.length, (c + 1) * per); i++) {
        sum += values[i];
        count++;
      }
      cells[c] = (double) sum / count;
      max = Math.max(max, cells[c]);
    }
    StringBuilder b = new StringBuilder(n);
    for (double v : cells) {
      int level = max == 0 ? 0 : (int) Math.round(v / max * (BLOCKS.length - 1));
      b.append(BLOCKS[v > 0 ? Math.max(1, level) : 0]);
    }
    return b.toString();
  }

  /** How many points one character stands for when {@code points} are drawn in {@code width}. */
  static int pointsPerCharacter(int points, int width) {
    return Math.max(1, (points + width - 1) / width);
  }
}
