package dev.trawl.mappers.stores;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.mappers.output.StorageFault;
import dev.trawl.mappers.refetch.DueRefetches;
import dev.trawl.round.RoundCounter;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.DigestEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.mapred.FsInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * Brings the previous round's stores into the round from inside a fetch task, on a thread of its
 * own while the task fetches: each record keyed for the reducer that merges it. A crawl db entry
 * goes under its URL, so the reducer sees everything known about a URL next to this round's news of
 * it; a robots entry under its robots.txt URL, so what was learned of a host outlives the round even
 * if the host was not visited; a digest index entry under its digest's index key, ahead of this
 * round's captures of the body, so the earlier URL stays canonical. With refetching on, a crawl db
 * URL that is due (and still in scope) also goes in as the next frontier's entry for it
 * ({@link DueRefetches}).
 *
 * <p>Carrying the stores in the fetch tasks, rather than in map tasks of their own, keeps the map
 * side to one task per fetch list: on YARN no fetch list waits for a container behind a store
 * reader, and a round starts that many fewer JVMs.
 */
public final class StoreCarrier {
  /** Where carried records go: the task's map output and counters. */
  public interface Sink {
    void write(String key, UrlUpdate update);

    void count(RoundCounter counter);
  }

  private final List<StoreFile> files;
  private final Configuration conf;
  private final DueRefetches due;
  private final Sink sink;
  private final Thread thread;
  private volatile Throwable failure;
  private final long[] carried = new long[StoreFile.Kind.values().length];
  private volatile long millis;

  /** @param due picks the crawl db's URLs due for a refetch (null: refetching is off) */
  public StoreCarrier(List<StoreFile> files, Configuration conf, DueRefetches due, Sink sink) {
    this.files = List.copyOf(files);
    this.conf = conf;
    this.due = due;
    this.sink = sink;
    this.thread = new Thread(this::carryAll, "store-carrier");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Waits until every record is carried; a store that could not be read fails the task, to be run again. */
  public void finish() throws IOException, InterruptedException {
    thread.join();
    if (failure instanceof StorageFault fault) {
      throw new IOException(fault.getMessage(), fault.getCause());
    }
    if (failure != null) {
      throw new IOException("cannot carry the last round's stores into the round: " + failure, failure);
    }
  }

  /** Records carried of each store kind, once finished. */
  public long carried(StoreFile.Kind kind) {
    return carried[kind.ordinal()];
  }

  public long millis() {
    return millis;
  }

  private void carryAll() {
    long start = System.currentTimeMillis();
    try {
      for (StoreFile f : files) {
        carried[f.kind().ordinal()] += switch (f.kind()) {
          case CRAWL_DB -> carryCrawlDb(f);
          case ROBOTS -> carryRobots(f);
          case DIGESTS -> carryDigests(f);
        };
      }
    } catch (IOException e) {
      failure = new StorageFault("cannot read the last round's store file", e);
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      millis = System.currentTimeMillis() - start;
    }
  }

  private long carryCrawlDb(StoreFile f) throws IOException {
    long n = 0;
    try (DataFileReader<CrawlDbEntry> r = new DataFileReader<>(new FsInput(f.path(), conf), new SpecificDatumReader<>(CrawlDbEntry.class))) {
      for (CrawlDbEntry entry : r) {
        sink.write(entry.getUrl(), UrlUpdate.newBuilder().setKnown(entry).build());
        // A due URL also goes in as its entry of the next frontier, keeping its depth.
        FrontierEntry refetch = due == null ? null : due.of(entry, sink::count);
        if (refetch != null) {
          sink.write(entry.getUrl(), UrlUpdate.newBuilder().setDue(refetch).build());
        }
        n++;
      }
    }
    return n;
  }

  private long carryRobots(StoreFile f) throws IOException {
    long n = 0;
    try (DataFileReader<RobotsEntry> r = new DataFileReader<>(new FsInput(f.path(), conf), new SpecificDatumReader<>(RobotsEntry.class))) {
      for (RobotsEntry entry : r) {
        sink.write(entry.getOrigin() + "/robots.txt", UrlUpdate.newBuilder().setRobots(entry).build());
        n++;
      }
    }
    return n;
  }

  private long carryDigests(StoreFile f) throws IOException {
    long n = 0;
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(f.path()))) {
      Text digest = new Text();
      Text url = new Text();
      while (r.next(digest, url)) {
        sink.write(DigestKeys.indexKey(digest.toString()), UrlUpdate.newBuilder()
            .setCanonical(DigestEntry.newBuilder().setDigest(digest.toString()).setUrl(url.toString()).build()).build());
        n++;
      }
    }
    return n;
  }
}
