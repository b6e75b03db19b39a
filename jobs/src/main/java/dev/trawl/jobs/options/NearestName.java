package dev.trawl.jobs.options;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name a mistyped one was most likely meant to be: for "did you mean" in usage errors. */
public final class NearestName {
  private NearestName() {}

  /**
   * The candidate fewest edits away from {@code typed}, if it is close enough to be a typo (at most
   * a third of its length, and at least 2 edits allowed) or {@code typed} is a prefix of it.
   */
  public static Optional<String> of(String typed, Collection<String> candidates) {
    String t = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(t, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    int allowed = Math.max(2, t.length() / 3);
    boolean prefix = t.length() >= 2 && best.toLowerCase(Locale.ROOT).startsWith(t);
    return bestDistance <= allowed || prefix ? Optional.of(best) : Optional.empty();
  }

  /** " (did you mean X?)" or nothing. */
  public static String hint(String typed, Collection<String> candidates, String prefix) {
    return of(typed, candidates).map(n -> " (did you mean " + prefix + n + "?)").orElse("");
  }

  /** Edits (insert, delete, replace, swap of neighbours) from a to b. */
  public static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
