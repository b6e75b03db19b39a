package dev.trawl.jobs.inject;

import dev.trawl.url.Urls;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A seed list as users write it: one URL a line, {@code #} comments, blank lines, perhaps a
 * byte-order mark, perhaps Nutch's seed metadata after the URL (TAB-separated {@code key=value}:
 * {@code nutch.score}, {@code nutch.fetchInterval}, or any key). trawl has no per-URL score, fetch
 * interval or metadata store, so metadata is accepted and ignored, and {@link #metadataKeys} says so.
 * Every line that is not a crawlable URL is reported with its number and why; in particular text
 * after a URL is never taken into it (a percent-encoded "%20trailing%20words" is a 404, not a seed).
 */
public record SeedList(Set<String> urls, List<String> rejected, Set<String> metadataKeys) {
  private static final Pattern METADATA = Pattern.compile("[^=\\s]+=.*");

  public static SeedList read(BufferedReader reader) throws IOException {
    Set<String> urls = new LinkedHashSet<>();
    List<String> rejected = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      String text = line.strip();
      int comment = text.indexOf(" #");
      if (comment >= 0) {
        text = text.substring(0, comment).strip();
      }
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      try {
        urls.add(seed(text, keys));
      } catch (Urls.BadUrlException e) {
        rejected.add("line " + number + ": '" + text + "': " + e.getMessage());
      }
    }
    return new SeedList(urls, rejected, keys);
  }

  /**
   * The normalised URL of a seed line, its metadata keys added to {@code keys}; anything else after the
   * URL is refused. A line whose first word is no URL is refused for that, the more useful reason.
   */
  private static String seed(String text, Set<String> keys) {
    int tab = text.indexOf('\t');
    String url = (tab < 0 ? text : text.substring(0, tab)).strip();
    int space = firstSpace(url);
    if (space >= 0) {
      Urls.normalise(url.substring(0, space));
      throw new Urls.BadUrlException("text after the URL ('" + url.substring(space + 1).strip() + "'): a seed line is a URL "
          + "alone, or a URL followed by Nutch's TAB-separated key=value metadata");
    }
    List<String> lineKeys = new ArrayList<>();
    if (tab >= 0) {
      for (String field : text.substring(tab + 1).split("\t")) {
        String f = field.strip();
        if (f.isEmpty()) {
          continue;
        }
        if (!METADATA.matcher(f).matches()) {
          Urls.normalise(url);
          throw new Urls.BadUrlException("'" + f + "' after the URL is not key=value: a seed line is a URL alone, or a URL "
              + "followed by Nutch's TAB-separated key=value metadata (nutch.score=2.5)");
        }
        lineKeys.add(f.substring(0, f.indexOf('=')));
      }
    }
    String normalised = Urls.normalise(url);
    keys.addAll(lineKeys);
    return normalised;
  }

  /** Where the first space of any kind is (no-break and ideographic spaces too), or -1. */
  private static int firstSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
