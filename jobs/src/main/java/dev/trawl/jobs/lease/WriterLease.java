package dev.trawl.jobs.lease;

import dev.trawl.round.CrawlLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer at a time per crawl root. Every command that writes takes the lease first and holds it
 * until it ends; one that finds a live holder refuses to start, naming it. The lease is a numbered
 * file per taking, {@code lease/NNNNNNNNNN.json}: taking it means creating the next number, which the
 * store lets exactly one process do ({@link LeaseFiles}), so no two writers can both believe they hold
 * it, on file://, HDFS or S3 alike. The newest file says who holds it.
 *
 * <p>A holder beats (rewrites its file) every sixth of the expiry. A holder whose process is gone (on
 * the same machine), or whose last beat is older than the expiry (anywhere), is stale: the next
 * writer takes over and says so. Judging a beat from another machine trusts the clocks to agree
 * within the expiry, as NTP keeps EMR's nodes. {@code trawl lease --break} ends any lease at once by
 * writing the next number; the holder finds out at its next beat or commit, stops the round it runs
 * and commits nothing more ({@link #check}).
 */
public final class WriterLease implements AutoCloseable {
  /** Another live process holds the crawl root: nothing was written. */
  public static final class HeldException extends IOException {
    HeldException(String message) {
      super(message);
    }
  }

  /** This process's lease was broken or taken over while it ran: it must write nothing more. */
  public static final class LostException extends IOException {
    LostException(String message) {
      super(message);
    }
  }

  private static final String HOST = thisHost();
  /** The tokens of the leases this process holds now: for a holder in this very process, the truth. */
  private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

  private final LeaseFiles files;
  private final Path root;
  private final Path traceUnless;
  private final boolean rootExisted;
  private final ScheduledExecutorService beats;
  private final PrintStream err;
  private volatile LeaseRecord mine;
  private volatile String doing;
  private volatile String lost;
  private volatile boolean warnedBeat;

  private WriterLease(LeaseFiles files, Path root, boolean rootExisted, LeaseRecord mine, Path traceUnless,
                      PrintStream err) {
    this.files = files;
    this.root = root;
    this.rootExisted = rootExisted;
    this.mine = mine;
    this.traceUnless = traceUnless;
    this.err = err;
    this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "writer-lease-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(100, mine.expiry().toMillis() / 6);
    beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease on {@code root} for {@code command}, or throws {@link HeldException} naming the
   * live holder. A stale lease is taken over with a note on {@code err}.
   *
   * @param traceUnless if this file does not exist when the lease is released (the command created no
   *     crawl), the lease leaves no file behind
   */
  public static WriterLease acquire(FileSystem fs, Path root, String command, Duration expiry, Path traceUnless,
                                    PrintStream err) throws IOException {
    LeaseFiles files = new LeaseFiles(fs, new CrawlLayout(root).lease());
    boolean rootExisted = fs.exists(root);
    for (int attempt = 0; attempt < 10; attempt++) {
      TreeMap<Long, Path> generations = files.generations();
      long newest = generations.isEmpty() ? 0 : generations.lastKey();
      LeaseRecord holder = newest == 0 ? null : files.read(generations.get(newest));
      if (newest > 0 && holder == null) {
        continue; // pruned while we looked
      }
      Instant now = Instant.now();
      if (holder != null) {
        Optional<String> stale = whyStale(holder, now);
        if (stale.isEmpty()) {
          throw new HeldException("another trawl command is writing the crawl at " + root + ": " + holder.holder()
              + ", last heartbeat " + ago(holder.heartbeat(), now) + " ago. Wait for it to end (trawl status shows it),"
              + " or if it is gone for good: trawl lease --crawl " + root + " --break");
        }
        if (holder.state() == LeaseRecord.State.held) {
          err.println("note: taking over the writer lease of " + holder.holder() + ": " + stale.get());
        }
      }
      LeaseRecord record = new LeaseRecord(newest + 1, LeaseRecord.State.held, UUID.randomUUID().toString(),
          HOST, ProcessHandle.current().pid(), processStart(ProcessHandle.current()),
          System.getProperty("user.name", "?"), command, null, now, now, expiry, null, null);
      // Known as held here before anyone can read it: another thread of this process must not take it for ended.
      HELD_HERE.add(record.token());
      if (!files.createIfAbsent(record.generation(), record.toBytes())) {
        HELD_HERE.remove(record.token());
        continue; // another process took this generation first: look again at who holds it now
      }
      if (files.generations().lastKey() != record.generation()) {
        // Created a number a later holder had already pruned past: ours is not the newest, so not held.
        HELD_HERE.remove(record.token());
        files.replace(record.generation(), record.end(LeaseRecord.State.released, Instant.now(), "a newer lease").toBytes());
        continue;
      }
      for (Map.Entry<Long, Path> old : generations.headMap(newest).entrySet()) {
        files.delete(old.getValue()); // keep the one before ours: who wrote last, and how it ended
      }
      return new WriterLease(files, root, rootExisted, record, traceUnless, err);
    }
    throw new IOException("could not take the writer lease on " + root + ": other processes kept taking it first");
  }

  /**
   * Ends whatever lease is held on {@code root}, live or not, by writing the next generation as broken.
   * Returns the lease it broke, or empty if none was held.
   */
  public static Optional<LeaseRecord> breakLease(FileSystem fs, Path root, Duration expiry) throws IOException {
    LeaseFiles files = new LeaseFiles(fs, new CrawlLayout(root).lease());
    for (int attempt = 0; attempt < 10; attempt++) {
      TreeMap<Long, Path> generations = files.generations();
      if (generations.isEmpty()) {
        return Optional.empty();
      }
      LeaseRecord holder = files.read(generations.lastEntry().getValue());
      if (holder == null) {
        continue;
      }
      if (holder.state() != LeaseRecord.State.held) {
        return Optional.empty();
      }
      Instant now = Instant.now();
      LeaseRecord breaker = new LeaseRecord(holder.generation() + 1, LeaseRecord.State.broken, UUID.randomUUID().toString(),
          HOST, ProcessHandle.current().pid(), processStart(ProcessHandle.current()),
          System.getProperty("user.name", "?"), "trawl lease --break", null, now, now, expiry, now,
          "broke generation " + holder.generation() + ": " + holder.holder());
      if (files.createIfAbsent(breaker.generation(), breaker.toBytes())) {
        return Optional.of(holder);
      }
    }
    throw new IOException("could not break the writer lease on " + root + ": other processes kept taking it");
  }

  /** The newest lease record of {@code root}, held or not; empty if no command ever took one. */
  public static Optional<LeaseRecord> newest(FileSystem fs, Path root) throws IOException {
    return Optional.ofNullable(new LeaseFiles(fs, new CrawlLayout(root).lease()).newest());
  }

  /**
   * Why a lease no longer binds anyone, or empty if its holder is live: it was released or broken, its
   * process on this machine is gone, or its last beat is older than its expiry.
   */
  public static Optional<String> whyStale(LeaseRecord r, Instant now) {
    if (r.state() != LeaseRecord.State.held) {
      return Optional.of(r.state() + (r.ended() == null ? "" : " at " + r.ended()));
    }
    if (r.host().equals(HOST)) {
      return runsHere(r) ? Optional.empty() : Optional.of(r.pid() == ProcessHandle.current().pid()
          ? "an earlier command of this same process that ended without releasing it"
          : "its process " + r.pid() + " on this machine is gone");
    }
    Duration silent = Duration.between(r.heartbeat(), now);
    if (silent.compareTo(r.expiry()) > 0) {
      return Optional.of("its last heartbeat was " + ago(r.heartbeat(), now) + " ago, longer than its expiry of "
          + r.expiry().toSeconds() + " s (trawl.lease.expiry)");
    }
    return Optional.empty();
  }

  /** True if the lease's holder is a process running on this machine (whatever its lease's state). */
  public static boolean runsHere(LeaseRecord r) {
    if (!r.host().equals(HOST)) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(r.pid());
    // The process id alone could be a new process that reused it: compare start times too.
    boolean alive = process.isPresent() && process.get().isAlive()
        && (r.processStart() <= 0 || Math.abs(processStart(process.get()) - r.processStart()) <= 1000);
    // This process itself (a command run in-process after another, as tests and the demo do): it knows what it holds.
    return alive && (r.pid() != ProcessHandle.current().pid() || HELD_HERE.contains(r.token()));
  }

  /** What the holder is doing now, shown to anyone it turns away ("round 3"); sent with the next beat. */
  public void doing(String what) {
    this.doing = what;
  }

  /** True once the lease was broken or taken over: the holder must stop and commit nothing more. */
  public boolean lost() {
    return lost != null;
  }

  /**
   * Throws {@link LostException} unless this process still holds the lease, looking at the store now:
   * called before every commit, so a broken holder never commits after it learned of it.
   */
  public void check() throws IOException {
    if (lost == null) {
      verify();
    }
    if (lost != null) {
      throw new LostException("the writer lease on " + root + " was " + lost + "; this command stopped without "
          + "committing more (finished rounds are untouched)");
    }
  }

  /** Releases the lease (unless it was lost): the next writer may start at once. */
  @Override
  public void close() {
    HELD_HERE.remove(mine.token());
    beats.shutdownNow();
    try {
      beats.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (lost != null || !stillMine()) {
      return;
    }
    try {
      if (traceUnless != null && !files.fileSystemExists(traceUnless)) {
        files.delete(files.file(mine.generation()));
        files.deleteIfEmpty(files.dir());
        if (!rootExisted) {
          files.deleteIfEmpty(root);
        }
        return;
      }
      mine = mine.end(LeaseRecord.State.released, Instant.now(), null);
      files.replace(mine.generation(), mine.toBytes());
    } catch (IOException e) {
      // The command's work is done and committed; an unreleased lease only delays the next writer.
      err.println("warning: could not release the writer lease on " + root + " (" + e.getMessage() + "): the next "
          + "command that writes takes it over " + mine.expiry().toSeconds() + " s after this one's last heartbeat");
    }
  }

  private void beat() {
    if (lost != null) {
      return;
    }
    try {
      if (verify()) {
        mine = mine.beat(Instant.now(), doing);
        files.replace(mine.generation(), mine.toBytes());
        warnedBeat = false;
      } else {
        err.println("error: the writer lease on " + root + " was " + lost + "; stopping before the next commit");
      }
    } catch (IOException | RuntimeException e) {
      if (!warnedBeat) {
        err.println("warning: could not renew the writer lease on " + root + " (" + e.getMessage()
            + "); retrying. Another writer may take over after " + mine.expiry().toSeconds() + " s without a beat.");
        warnedBeat = true;
      }
    }
  }

  /** Looks whether a later generation exists; records why the lease was lost if so. True if still held. */
  private boolean verify() throws IOException {
    TreeMap<Long, Path> generations = files.generations();
    if (!generations.isEmpty() && generations.lastKey() == mine.generation()) {
      return true;
    }
    LeaseRecord newer = generations.isEmpty() ? null : files.read(generations.lastEntry().getValue());
    lost = newer == null ? "removed from " + files.dir()
        : newer.state() == LeaseRecord.State.broken ? "broken at " + newer.acquired() + " by " + newer.user() + " on " + newer.host()
        : "taken over at " + newer.acquired() + " by " + newer.holder();
    return false;
  }

  private boolean stillMine() {
    try {
      return verify();
    } catch (IOException e) {
      return false;
    }
  }

  private static String ago(Instant then, Instant now) {
    long s = Math.max(0, Duration.between(then, now).toSeconds());
    return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
  }

  private static long processStart(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private static String thisHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown-host" : env;
    }
  }
}
