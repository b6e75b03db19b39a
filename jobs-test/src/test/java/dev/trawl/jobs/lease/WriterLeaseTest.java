package dev.trawl.jobs.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.testsupport.LoopbackS3;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer lease on the stores a crawl root lives on: the local file system, and S3 through S3A
 * against a loopback S3 endpoint. Its one primitive, creating the next generation only if absent,
 * is tested the way it is needed: many takers at once, exactly one wins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriterLeaseTest {
  private static final Duration EXPIRY = Duration.ofSeconds(3);
  private static final int TAKERS = 6;

  @TempDir
  java.nio.file.Path tmp;
  private LoopbackS3 s3;
  private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(notes, true, StandardCharsets.UTF_8);

  @BeforeAll
  void startS3() throws Exception {
    s3 = LoopbackS3.start(Files.createTempDirectory("lease-s3"));
    s3.createBucket("leases");
  }

  @AfterAll
  void stopS3() throws Exception {
    s3.close();
  }

  private FileSystem local() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private FileSystem s3(String prefix) throws IOException {
    Configuration conf = new Configuration();
    s3.s3aSettings().forEach(conf::set);
    return FileSystem.get(java.net.URI.create("s3a://leases/" + prefix), conf);
  }

  private Path localRoot(String name) {
    return new Path(tmp.resolve(name).toUri());
  }

  /** A crawl root on the file system's store, holding a crawl.json (a crawl the lease keeps a trace of). */
  private Path crawlRoot(FileSystem fs, String name) throws IOException {
    Path root = fs.getScheme().equals("s3a") ? new Path("s3a://leases/" + name) : localRoot(name);
    fs.mkdirs(root);
    fs.create(new Path(root, "crawl.json")).close();
    return root;
  }

  private WriterLease take(FileSystem fs, Path root, String command) throws IOException {
    return WriterLease.acquire(fs, root, command, EXPIRY, new Path(root, "crawl.json"), err);
  }

  @Test
  void aSecondWriterIsRefusedNamingTheFirstUntilItReleases() throws Exception {
    for (FileSystem fs : List.of(local(), s3("second"))) {
      Path root = crawlRoot(fs, "second");
      WriterLease first = take(fs, root, "trawl crawl --crawl " + root);
      first.doing("round 2");
      Thread.sleep(EXPIRY.toMillis() / 2); // a heartbeat carries what the holder does
      WriterLease.HeldException refused = assertThrows(WriterLease.HeldException.class, () -> take(fs, root, "trawl round"));
      assertTrue(refused.getMessage().contains("'trawl crawl --crawl " + root + "' (round 2)"), refused.getMessage());
      assertTrue(refused.getMessage().contains("process " + ProcessHandle.current().pid()), refused.getMessage());
      assertTrue(refused.getMessage().contains("trawl lease --crawl " + root + " --break"), refused.getMessage());
      // Held past its expiry: the heartbeat keeps it live.
      Thread.sleep(EXPIRY.toMillis() + 1000);
      assertThrows(WriterLease.HeldException.class, () -> take(fs, root, "trawl round"));
      first.check();
      first.close();
      try (WriterLease second = take(fs, root, "trawl round --crawl " + root)) {
        second.check();
      }
      assertEquals("released", WriterLease.newest(fs, root).orElseThrow().state().name());
    }
  }

  @Test
  void ofManyTakersAtOnceExactlyOneHoldsTheLease() throws Exception {
    for (FileSystem fs : List.of(local(), s3("race"))) {
      Path root = crawlRoot(fs, "race");
      ExecutorService pool = Executors.newFixedThreadPool(TAKERS);
      try {
        for (int contest = 0; contest < 5; contest++) {
          CyclicBarrier start = new CyclicBarrier(TAKERS);
          List<Future<WriterLease>> tries = new ArrayList<>();
          for (int i = 0; i < TAKERS; i++) {
            int taker = i;
            tries.add(pool.submit(() -> {
              start.await();
              try {
                return take(fs, root, "taker " + taker);
              } catch (WriterLease.HeldException refused) {
                return null;
              }
            }));
          }
          List<WriterLease> winners = new ArrayList<>();
          for (Future<WriterLease> f : tries) {
            if (f.get() != null) {
              winners.add(f.get());
            }
          }
          assertEquals(1, winners.size(), fs.getScheme() + ": contest " + contest + " had " + winners.size() + " holders");
          winners.get(0).check();
          winners.get(0).close();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aWriterOnAnotherMachineThatStoppedBeatingIsTakenOverAfterTheExpiry() throws Exception {
    FileSystem fs = local();
    Path root = crawlRoot(fs, "stale");
    fs.mkdirs(new dev.trawl.round.CrawlLayout(root).lease());
    Instant now = Instant.now();
    // What a crawl on another machine leaves when that machine dies: a held lease whose beats stopped.
    LeaseRecord elsewhere = new LeaseRecord(7, LeaseRecord.State.held, "t", "node-17.example", 4242, 1, "hadoop",
        "trawl round --crawl " + root, "round 5", now.minusSeconds(600), now.minusSeconds(2), EXPIRY, null, null);
    Files.write(tmp.resolve("stale/lease/0000000007.json"), elsewhere.toBytes());
    WriterLease.HeldException refused = assertThrows(WriterLease.HeldException.class, () -> take(fs, root, "trawl crawl"));
    assertTrue(refused.getMessage().contains("by hadoop, process 4242 on node-17.example"), refused.getMessage());

    Thread.sleep(EXPIRY.toMillis());
    notes.reset();
    try (WriterLease lease = take(fs, root, "trawl crawl")) {
      lease.check();
      assertTrue(notes.toString(StandardCharsets.UTF_8).contains("taking over the writer lease of 'trawl round --crawl "
          + root + "' (round 5) by hadoop, process 4242 on node-17.example"), notes.toString(StandardCharsets.UTF_8));
      assertTrue(notes.toString(StandardCharsets.UTF_8).contains("longer than its expiry of 3 s (trawl.lease.expiry)"));
    }
  }

  @Test
  void aWriterWhoseProcessOnThisMachineIsGoneIsTakenOverAtOnce() throws Exception {
    FileSystem fs = local();
    Path root = crawlRoot(fs, "dead");
    fs.mkdirs(new dev.trawl.round.CrawlLayout(root).lease());
    Process gone = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-version").start();
    gone.waitFor();
    Instant now = Instant.now();
    String thisHost = java.net.InetAddress.getLocalHost().getHostName();
    // Beating a second ago, with a long expiry: only the process table says it is gone.
    LeaseRecord killed = new LeaseRecord(1, LeaseRecord.State.held, "t", thisHost, gone.pid(), 1, "someone",
        "trawl crawl --crawl " + root, "round 2", now.minusSeconds(60), now.minusSeconds(1), Duration.ofHours(1), null, null);
    Files.write(tmp.resolve("dead/lease/0000000001.json"), killed.toBytes());
    notes.reset();
    try (WriterLease lease = take(fs, root, "trawl crawl")) {
      lease.check();
    }
    assertTrue(notes.toString(StandardCharsets.UTF_8).contains("its process " + gone.pid() + " on this machine is gone"),
        notes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBrokenHolderLearnsItAtItsNextCheckAndReleasesNothing() throws Exception {
    for (FileSystem fs : List.of(local(), s3("broken"))) {
      Path root = crawlRoot(fs, "broken");
      WriterLease holder = take(fs, root, "trawl crawl --crawl " + root);
      LeaseRecord broken = WriterLease.breakLease(fs, root, EXPIRY).orElseThrow();
      assertEquals("trawl crawl --crawl " + root, broken.command());
      WriterLease.LostException lost = assertThrows(WriterLease.LostException.class, holder::check);
      assertTrue(lost.getMessage().contains("was broken at"), lost.getMessage());
      assertTrue(holder.lost());
      holder.close(); // must not overwrite what the breaker wrote
      assertEquals(LeaseRecord.State.broken, WriterLease.newest(fs, root).orElseThrow().state());
      try (WriterLease next = take(fs, root, "trawl round")) {
        next.check();
      }
      assertTrue(WriterLease.breakLease(fs, root, EXPIRY).isEmpty(), "nothing is held after a release");
    }
  }

  @Test
  void aCommandThatCreatedNoCrawlLeavesNoLeaseBehind() throws Exception {
    FileSystem fs = local();
    Path root = localRoot("never-created");
    WriterLease lease = take(fs, root, "trawl inject");
    assertTrue(fs.exists(new dev.trawl.round.CrawlLayout(root).lease()));
    lease.close();
    assertFalse(fs.exists(root), "an inject that failed before creating the crawl leaves no folder");
  }

  @Test
  void s3WritesTheLeaseOnlyIfAbsent() throws Exception {
    FileSystem fs = s3("conditional");
    Path file = new Path("s3a://leases/conditional/lease/0000000001.json");
    assertTrue(dev.trawl.jobs.s3.S3ConditionalPut.createIfAbsent(fs, file, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(dev.trawl.jobs.s3.S3ConditionalPut.createIfAbsent(fs, file, "{\"b\":2}".getBytes(StandardCharsets.UTF_8)));
    try (var in = fs.open(file)) {
      assertEquals("{\"a\":1}", new String(in.readAllBytes(), StandardCharsets.UTF_8), "the first writer's content stays");
    }
  }
}
