package dev.trawl.jobs.round;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.CrawlLayout;
import dev.trawl.settings.Setting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps, of a finished round's WARC files, exactly those its manifest points into. A fetch task run
 * again (its node lost after it finished, its container killed part-way) writes a second file beside
 * the first. Which of them the round's records point into depends on whose map output each reducer
 * copied: a reducer that copied the first attempt's before the node was lost keeps it. Each reducer
 * lists the files it pointed into ({@link CrawlLayout#WARC_POINTED}); the rest go.
 */
final class WarcAttempts {
  private WarcAttempts() {}

  /** Removes the round's WARC files no manifest record points into, and their WET files; returns their names. */
  static List<String> keepPointed(CrawlRoot root, int round) throws IOException {
    FileSystem fs = root.fs();
    Path warc = root.warc(round);
    Path pointedDir = new Path(warc, CrawlLayout.WARC_POINTED);
    if (!fs.exists(warc)) {
      return List.of();
    }
    Map<String, List<String>> filesOfTask = new TreeMap<>();
    for (FileStatus f : fs.listStatus(warc)) {
      String name = f.getPath().getName();
      if (f.isFile() && name.endsWith(".warc.gz")) {
        filesOfTask.computeIfAbsent(name.substring(0, name.indexOf('.')), t -> new ArrayList<>()).add(name);
      }
    }
    List<String> removed = new ArrayList<>();
    if (filesOfTask.values().stream().anyMatch(files -> files.size() > 1)) {
      Set<String> pointed = pointed(fs, pointedDir);
      String folder = CrawlLayout.RoundFolder.WARC.of(round) + "/";
      for (List<String> files : filesOfTask.values()) {
        if (files.size() == 1) {
          continue; // the task's one attempt, pointed into or not (a list may fetch nothing)
        }
        for (String name : files) {
          if (!pointed.contains(folder + name)) {
            fs.delete(new Path(warc, name), false);
            // The attempt's WET file, named as its WARC file is, holds the texts of the same fetches.
            fs.delete(new Path(root.copyOf(round, Setting.TEXT), name.replace(".warc.gz", ".warc.wet.gz")), false);
            removed.add(name);
          }
        }
      }
    }
    fs.delete(pointedDir, true);
    return removed;
  }

  private static Set<String> pointed(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      throw new IOException(dir + " is missing: a fetch task ran more than once and without the reducers' lists of the WARC"
          + " files they point into, the round cannot tell which to keep; run the round again with --force");
    }
    Set<String> pointed = new HashSet<>();
    for (FileStatus f : fs.listStatus(dir)) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
        in.lines().filter(line -> !line.isBlank()).forEach(pointed::add);
      }
    }
    return pointed;
  }
}
