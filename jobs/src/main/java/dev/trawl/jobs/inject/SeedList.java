package dev.trawl.jobs.inject;

import dev.trawl.url.Urls;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A seed list as users write it: one URL a line, {@code #} comments, blank lines, perhaps a
 * byte-order mark. Every line that is not a crawlable URL is reported with its number and why.
 */
public record SeedList(Set<String> urls, List<String> rejected) {

  public static SeedList read(BufferedReader reader) throws IOException {
    Set<String> urls = new LinkedHashSet<>();
    List<String> rejected = new ArrayList<>();
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
        urls.add(Urls.normalise(text));
      } catch (Urls.BadUrlException e) {
        rejected.add("line " + number + ": '" + text + "': " + e.getMessage());
      }
    }
    return new SeedList(urls, rejected);
  }
}
