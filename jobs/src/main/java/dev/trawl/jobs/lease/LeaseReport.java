package dev.trawl.jobs.lease;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@code trawl lease}, and the writer line of {@code trawl status}: who writes the crawl, or wrote it last. */
public final class LeaseReport {
  private final FileSystem fs;
  private final Path root;

  public LeaseReport(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  /** The live writer as one line, or empty if none holds the lease (or its holder is stale). */
  public Optional<String> liveWriter() throws IOException {
    Optional<LeaseRecord> newest = WriterLease.newest(fs, root);
    Instant now = Instant.now();
    return newest.filter(r -> WriterLease.whyStale(r, now).isEmpty())
        .map(r -> r.holder() + ", last heartbeat " + seconds(r.heartbeat(), now) + " s ago");
  }

  /**
   * What {@code trawl lease} prints; with {@code breakIt}, ends the lease first, unless its holder runs
   * on this machine ({@link IllegalArgumentException}: stopping it is the safe way).
   */
  public String show(boolean breakIt, Duration expiry) throws IOException {
    if (breakIt) {
      Optional<LeaseRecord> held = WriterLease.newest(fs, root).filter(r -> r.state() == LeaseRecord.State.held);
      if (held.isPresent() && WriterLease.runsHere(held.get())) {
        throw new IllegalArgumentException("not broken: the lease holder " + held.get().holder() + " is still running on "
            + "this machine; stop it (kill " + held.get().pid() + ") rather than break its lease, and the next command "
            + "takes the lease at once");
      }
      Optional<LeaseRecord> broken = WriterLease.breakLease(fs, root, expiry);
      if (broken.isEmpty()) {
        return "no command holds the writer lease of " + root + ": nothing to break";
      }
      Optional<String> stale = WriterLease.whyStale(broken.get(), Instant.now());
      return "broke the writer lease of " + broken.get().holder() + (stale.isPresent()
          ? " (" + stale.get() + ")"
          : ". It looked alive: if it still runs, it stops at its next heartbeat and commits nothing more")
          + ". The next command that writes takes the lease.";
    }
    Optional<LeaseRecord> newest = WriterLease.newest(fs, root);
    if (newest.isEmpty()) {
      return "no command has written " + root + " under a writer lease yet";
    }
    LeaseRecord r = newest.get();
    Instant now = Instant.now();
    Optional<String> stale = WriterLease.whyStale(r, now);
    if (r.state() == LeaseRecord.State.broken) {
      return "nobody writes " + root + " now: the last lease was broken at " + r.ended() + " by " + r.user() + " on "
          + r.host() + " (" + r.endedBy() + ")";
    }
    if (r.state() == LeaseRecord.State.released) {
      return "nobody writes " + root + " now; the last writer was " + r.holder() + ", released at " + r.ended();
    }
    String held = "writer: " + r.holder() + "\n  last heartbeat " + seconds(r.heartbeat(), now) + " s ago; expires "
        + r.expiry().toSeconds() + " s after its last heartbeat";
    return stale.isPresent()
        ? held + "\n  stale: " + stale.get() + "; the next command that writes takes it over"
        : held + "\n  live: commands that write this crawl refuse to start until it ends (or: trawl lease --crawl "
            + root + " --break)";
  }

  private static long seconds(Instant then, Instant now) {
    return Math.max(0, Duration.between(then, now).toSeconds());
  }
}
