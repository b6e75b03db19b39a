package dev.trawl.jobs.status;

import dev.trawl.jobs.store.CrawlRoot;
import dev.trawl.round.CrawlLayout.RoundFolder;
import dev.trawl.round.CrawlLayout;
import dev.trawl.settings.Setting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The round folders of a crawl root against its round summaries: every finished round has all its
 * committed folders, no summary is missing between finished rounds, and any other round folder
 * belongs to the one round that may be unfinished (the one after the last finished round).
 */
final class RoundLayout {

  private final CrawlRoot root;

  RoundLayout(CrawlRoot root) {
    this.root = root;
  }

  /**
   * Adds a problem for each folder out of place; returns the unfinished round, or null.
   *
   * @param writing a live writer holds the crawl root: the round after the last finished one is running
   */
  CrawlStatus.Unfinished check(Set<Integer> finished, List<String> problems, boolean writing) throws IOException {
    int last = finished.stream().mapToInt(Integer::intValue).max().orElse(0);
    String command = "trawl crawl --crawl " + root.path();
    for (int r = 1; r < last; r++) {
      if (!finished.contains(r)) {
        problems.add(String.format("%s is missing, though round %d finished after round %d: the crawl's "
            + "history is incomplete. Restore the file from a backup; round %d cannot be run again, later rounds are built on it",
            CrawlLayout.summaryName(r), last, r, r));
      }
    }
    for (int r : finished) {
      List<Path> outputs = new ArrayList<>(root.outputsOf(r));
      int round = r;
      outputs.addAll(root.copiesOf(r, s -> wrote(round, s)));
      for (Path dir : outputs) {
        String state = !root.fs().exists(dir) ? "is missing" : !root.committed(dir) ? "has no " + CrawlLayout.SUCCESS : null;
        if (state != null) {
          problems.add(String.format("round %d finished (rounds/%04d.json) but %s %s: %s", r, r, relative(dir), state,
              r == last ? "run 'trawl round --crawl " + root.path() + " --round " + r + " --force' to run the round again"
                  : "restore it from a backup (only the last finished round can be run again)"));
        }
      }
    }

    int next = last + 1;
    List<String> committed = new ArrayList<>();
    List<String> uncommitted = new ArrayList<>();
    for (var folder : roundFolders().entrySet()) {
      Path dir = folder.getKey();
      int owner = folder.getValue();
      if (finished.contains(owner)) {
        continue;
      }
      if (owner == next) {
        (root.committed(dir) ? committed : uncommitted).add(relative(dir));
      } else {
        problems.add(String.format("%s has no round that wrote it: round %d %s. Move it out of the crawl root",
            relative(dir), owner, owner < 1 ? "does not exist" : "has not run (the last finished round is " + last + ")"));
      }
    }
    boolean leftovers = root.fs().exists(root.layout().jobLeftovers());
    if (committed.isEmpty() && uncommitted.isEmpty() && !leftovers) {
      return null;
    }
    if (writing) {
      return new CrawlStatus.Unfinished(next, committed, uncommitted, leftovers, true);
    }
    List<String> evidence = new ArrayList<>();
    if (!committed.isEmpty()) {
      evidence.add(String.join(", ", committed) + " committed");
    }
    if (!uncommitted.isEmpty()) {
      evidence.add(String.join(", ", uncommitted) + " without " + CrawlLayout.SUCCESS);
    }
    if (leftovers) {
      evidence.add("job files in " + CrawlLayout.JOB_LEFTOVERS + "/");
    }
    String how = uncommitted.isEmpty() && !leftovers
        ? String.format("its job ended but rounds/%04d.json was never written", next)
        : "it was interrupted or failed, or is running right now";
    problems.add(String.format("round %d did not finish (%s; %s). Run '%s' (or 'trawl round') again to resume: "
        + "round %d runs again from the same inputs and finished rounds are untouched", next, how, String.join("; ", evidence),
        command, next));
    return new CrawlStatus.Unfinished(next, committed, uncommitted, leftovers, false);
  }

  /**
   * Whether finished round {@code r} wrote the folder {@code setting} turns on (the manifest's Parquet
   * copy, the CDXJ index, the WET files): as its summary records the setting; a round from before the
   * setting existed wrote one only if it is there.
   */
  private boolean wrote(int r, Setting setting) {
    try {
      String recorded = root.readSummary(r).setting(setting.key());
      return recorded == null ? root.fs().exists(root.copyOf(r, setting)) : recorded.equalsIgnoreCase("true");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every round=NNNN folder under the layout's top-level folders, with the round that writes it. */
  private TreeMap<Path, Integer> roundFolders() throws IOException {
    TreeMap<Path, Integer> folders = new TreeMap<>();
    for (RoundFolder kind : RoundFolder.values()) {
      Path top = root.layout().top(kind);
      if (!root.fs().exists(top)) {
        continue;
      }
      for (FileStatus f : root.fs().listStatus(top)) {
        OptionalInt n = CrawlLayout.roundOf(f.getPath().getName());
        if (f.isDirectory() && n.isPresent()) {
          folders.put(f.getPath(), kind.writtenBy(n.getAsInt()));
        }
      }
    }
    return folders;
  }

  private String relative(Path p) {
    return root.path().toUri().relativize(p.toUri()).getPath().replaceAll("/$", "");
  }
}
