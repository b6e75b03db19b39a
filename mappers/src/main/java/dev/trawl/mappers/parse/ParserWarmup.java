package dev.trawl.mappers.parse;

import crawlercommons.domains.EffectiveTldFinder;
import dev.trawl.schema.ManifestRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads what the first page's parsing would otherwise load on the round's critical path: Tika's
 * type detection, jsoup, and the public suffix list (about half a second together). Started in the
 * background as a fetch task sets up, so it overlaps the task's robots.txt fetches; in local mode the
 * driver starts it too, as the tasks then share its JVM and the loading overlaps job submission.
 */
public final class ParserWarmup {
  private static final byte[] PAGE = ("<!DOCTYPE html><html lang=\"en\"><head><title>warm-up</title></head>"
      + "<body><a href=\"/a\">a</a></body></html>").getBytes(StandardCharsets.UTF_8);
  private static volatile boolean started;

  private ParserWarmup() {}

  /** Starts the warm-up once per JVM, on a daemon thread; later calls do nothing. */
  public static synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    Thread t = new Thread(ParserWarmup::run, "trawl-parser-warmup");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try {
      EffectiveTldFinder.getInstance();
      ParsedPage page = new PageParser(10).parse(PAGE, "UTF-8", "http://warmup.invalid/");
      ContentFacts.describe(ManifestRecord.newBuilder(), page);
      ContentFacts.describe(ManifestRecord.newBuilder(), "text/html", null, PAGE);
    } catch (IOException | RuntimeException e) {
      // Only a head start: the real first page loads whatever failed here, and reports it.
    }
  }
}
