package dev.trawl.round;

import dev.trawl.schema.FrontierEntry;
import org.apache.hadoop.conf.Configuration;

/**
 * Which fetch list entries a round fetches when a page bound allows fewer than it holds: the
 * shallowest first, then in URL order, the same on every re-run. The driver works out the cut;
 * each fetch task applies it to its own entries, so together they fetch exactly the budget.
 *
 * @param depth entries shallower than this are all fetched; deeper ones none
 * @param lastUrl at {@code depth}, entries whose URL sorts at or before this are fetched
 */
public record Selection(int depth, String lastUrl) {
  /** Everything: no page bound applies. */
  public static final Selection ALL = new Selection(Integer.MAX_VALUE, null);

  private static final String DEPTH = "trawl.internal.select.depth";
  private static final String LAST_URL = "trawl.internal.select.last-url";

  public boolean selects(FrontierEntry e) {
    return e.getDepth() < depth || (e.getDepth() == depth && lastUrl != null && e.getUrl().compareTo(lastUrl) <= 0);
  }

  public void write(Configuration conf) {
    conf.setInt(DEPTH, depth);
    if (lastUrl != null) {
      conf.set(LAST_URL, lastUrl);
    }
  }

  public static Selection read(Configuration conf) {
    return new Selection(conf.getInt(DEPTH, Integer.MAX_VALUE), conf.get(LAST_URL));
  }
}
