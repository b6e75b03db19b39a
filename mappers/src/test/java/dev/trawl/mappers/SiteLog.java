package dev.trawl.mappers;

import dev.trawl.demosite.LoopbackSite;
import java.util.List;

/**
 * The demo site's request log once it has caught up: the site logs a request after sending the
 * response, so the client can be done a moment before the log shows it.
 */
public final class SiteLog {
  private SiteLog() {}

  /** The requests logged, after 100ms without a new one. */
  public static List<LoopbackSite.Request> settled(LoopbackSite site) throws InterruptedException {
    List<LoopbackSite.Request> last = site.requests();
    while (true) {
      Thread.sleep(100);
      List<LoopbackSite.Request> now = site.requests();
      if (now.size() == last.size()) {
        return now;
      }
      last = now;
    }
  }
}
