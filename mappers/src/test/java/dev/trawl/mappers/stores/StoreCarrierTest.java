package dev.trawl.mappers.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.MapFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stores a round left, written as its reducers write them, carried back in by a fetch task. */
class StoreCarrierTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  private <T extends SpecificRecord> org.apache.hadoop.fs.Path avro(String file, Class<T> type, List<T> records) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(tmp.resolve(file).toUri());
    try (DataFileWriter<T> w = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
      w.create(records.get(0).getSchema(), FileSystem.getLocal(conf).create(path));
      for (T r : records) {
        w.append(r);
      }
    }
    return path;
  }

  private static CrawlDbEntry known(String url) {
    return CrawlDbEntry.newBuilder().setUrl(url).setHost("a.example").setDepth(1).setState(UrlState.fetched).setFirstRound(1).build();
  }

  @Test
  void everyRecordOfEveryStoreGoesUnderTheKeyOfItsReducer() throws Exception {
    avro("crawldb/part-r-00000.avro", CrawlDbEntry.class, List.of(known("http://a.example/"), known("http://a.example/x")));
    avro("crawldb/part-r-00001.avro", CrawlDbEntry.class, List.of(known("http://a.example/y")));
    RobotsEntry robots = RobotsEntry.newBuilder().setOrigin("http://a.example").setHost("a.example").setFetchTime(1)
        .setHttpStatus(200).setContent(ByteBuffer.wrap("User-agent: *\nDisallow: /x\n".getBytes(StandardCharsets.UTF_8))).build();
    avro("robots/part-r-00000.avro", RobotsEntry.class, List.of(robots));
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(tmp.resolve("digests/part-r-00000").toUri());
    try (MapFile.Writer w = new MapFile.Writer(conf, part, MapFile.Writer.keyClass(Text.class), MapFile.Writer.valueClass(Text.class))) {
      w.append(new Text("sha1:AAAA"), new Text("http://a.example/"));
      w.append(new Text("sha1:BBBB"), new Text("http://a.example/x"));
    }
    List<StoreFile> files = new ArrayList<>();
    files.addAll(StoreFile.list(StoreFile.Kind.CRAWL_DB, new org.apache.hadoop.fs.Path(tmp.resolve("crawldb").toUri()), conf));
    files.addAll(StoreFile.list(StoreFile.Kind.ROBOTS, new org.apache.hadoop.fs.Path(tmp.resolve("robots").toUri()), conf));
    files.addAll(StoreFile.list(StoreFile.Kind.DIGESTS, new org.apache.hadoop.fs.Path(tmp.resolve("digests").toUri()), conf));

    Map<String, UrlUpdate> out = new TreeMap<>();
    StoreCarrier carrier = new StoreCarrier(files, conf, null, new StoreCarrier.Sink() {
      @Override
      public void write(String key, UrlUpdate update) {
        assertEquals(null, out.put(key, update), key);
      }

      @Override
      public void count(dev.trawl.round.RoundCounter counter) {}
    });
    carrier.start();
    carrier.finish();

    assertEquals(known("http://a.example/x"), out.get("http://a.example/x").getKnown());
    assertEquals(known("http://a.example/y"), out.get("http://a.example/y").getKnown());
    assertEquals(robots, out.get("http://a.example/robots.txt").getRobots());
    assertEquals("http://a.example/x", out.get(DigestKeys.indexKey("sha1:BBBB")).getCanonical().getUrl());
    assertEquals(6, out.size());
    assertEquals(3, carrier.carried(StoreFile.Kind.CRAWL_DB));
    assertEquals(1, carrier.carried(StoreFile.Kind.ROBOTS));
    assertEquals(2, carrier.carried(StoreFile.Kind.DIGESTS));
  }

  @Test
  void aStoreFileThatCannotBeReadFailsTheTaskNamingIt() throws Exception {
    org.apache.hadoop.fs.Path gone = new org.apache.hadoop.fs.Path(tmp.resolve("crawldb/part-r-00000.avro").toUri());
    StoreCarrier carrier = new StoreCarrier(List.of(new StoreFile(StoreFile.Kind.CRAWL_DB, gone, 10)), conf, null, new StoreCarrier.Sink() {
      @Override
      public void write(String key, UrlUpdate update) {}

      @Override
      public void count(dev.trawl.round.RoundCounter counter) {}
    });
    carrier.start();
    IOException e = assertThrows(IOException.class, carrier::finish);
    assertTrue(e.getMessage().contains("cannot read the last round's store file") && String.valueOf(e.getCause()).contains("part-r-00000.avro"),
        e + " / " + e.getCause());
  }
}
