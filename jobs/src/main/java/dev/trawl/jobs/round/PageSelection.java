package dev.trawl.jobs.round;

import dev.trawl.jobs.fetchlist.FetchListFiles;
import dev.trawl.round.Selection;
import dev.trawl.schema.FrontierEntry;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Works out which {@code budget} entries of a round's fetch lists a page bound lets it fetch: the
 * shallowest first, then in URL order. Two passes over the lists; memory holds at most
 * {@code budget} URLs, and only in a round where the bound bites. Entries that cost no request
 * ({@code free}: a sitemap lastmod puts them out of bounds) are neither counted nor cut.
 */
final class PageSelection {
  private PageSelection() {}

  static Selection of(FileSystem fs, Configuration conf, List<Path> dirs, long budget, int maxDepth,
                      Predicate<FrontierEntry> free) throws IOException {
    TreeMap<Integer, Long> perDepth = new TreeMap<>();
    FetchListFiles.forEach(fs, conf, dirs, e -> {
      if (e.getDepth() < maxDepth && !free.test(e)) {
        perDepth.merge(e.getDepth(), 1L, Long::sum);
      }
    });
    long before = 0;
    for (var d : perDepth.entrySet()) {
      if (before + d.getValue() > budget) {
        return cut(fs, conf, dirs, d.getKey(), (int) (budget - before), free);
      }
      before += d.getValue();
    }
    return Selection.ALL;
  }

  /** At {@code depth}, the URL that ends the first {@code take} in URL order. */
  private static Selection cut(FileSystem fs, Configuration conf, List<Path> dirs, int depth, int take,
                               Predicate<FrontierEntry> free) throws IOException {
    if (take == 0) {
      return new Selection(depth, null);
    }
    // The largest of the smallest {@code take} URLs sits on top.
    PriorityQueue<String> smallest = new PriorityQueue<>(Comparator.reverseOrder());
    FetchListFiles.forEach(fs, conf, dirs, e -> {
      if (e.getDepth() == depth && !free.test(e) && (smallest.size() < take || e.getUrl().compareTo(smallest.peek()) < 0)) {
        smallest.add(e.getUrl());
        if (smallest.size() > take) {
          smallest.poll();
        }
      }
    });
    return new Selection(depth, smallest.peek());
  }
}
