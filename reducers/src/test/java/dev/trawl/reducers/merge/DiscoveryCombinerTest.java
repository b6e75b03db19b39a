package dev.trawl.reducers.merge;

import static dev.trawl.reducers.TestRecords.URL;
import static dev.trawl.reducers.TestRecords.crawlDb;
import static dev.trawl.reducers.TestRecords.entry;
import static dev.trawl.reducers.TestRecords.fetched;
import static dev.trawl.reducers.TestRecords.known;
import static dev.trawl.reducers.TestRecords.linked;
import static dev.trawl.reducers.TestRecords.ok;
import static dev.trawl.reducers.TestRecords.permutations;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

class DiscoveryCombinerTest {
  private static List<UrlUpdate> combine(String key, List<UrlUpdate> updates) throws IOException {
    ReduceDriver<Text, AvroValue<UrlUpdate>, Text, AvroValue<UrlUpdate>> driver =
        ReduceDriver.newReduceDriver(new DiscoveryCombiner());
    Configuration conf = driver.getConfiguration();
    AvroSerialization.addToConfiguration(conf);
    AvroSerialization.setValueWriterSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setValueReaderSchema(conf, UrlUpdate.getClassSchema());
    driver.addInput(new Text(key), updates.stream().map(AvroValue::new).toList());
    List<UrlUpdate> out = new ArrayList<>();
    for (Pair<Text, AvroValue<UrlUpdate>> p : driver.run()) {
      assertEquals(key, p.getFirst().toString());
      out.add(p.getSecond().datum());
    }
    return out;
  }

  @Test
  void keepsOneDiscoveryOfAUrlAndEverythingElse() throws IOException {
    UrlUpdate deep = linked(entry(URL, 3, 0, "http://example.com/a"));
    UrlUpdate shallowB = linked(entry(URL, 2, 0, "http://example.com/b"));
    UrlUpdate shallowA = linked(entry(URL, 2, 0, "http://example.com/a"));
    UrlUpdate redirected = linked(FrontierEntry.newBuilder(entry(URL, 2, 0, "http://example.com/a")).setRedirects(1).build());
    UrlUpdate fetch = fetched(ok(URL, 2));
    UrlUpdate db = known(crawlDb(URL, UrlState.fetched, 1, 1).build());
    for (List<UrlUpdate> order : permutations(List.of(deep, shallowB, fetch, shallowA, redirected))) {
      List<UrlUpdate> out = combine(URL, order);
      assertEquals(Set.of(shallowA, fetch), new HashSet<>(out), "from " + order);
      assertEquals(2, out.size());
    }
    List<UrlUpdate> out = combine(URL, List.of(db, shallowB, shallowB, fetch, shallowA));
    assertEquals(Set.of(db, shallowA, fetch), new HashSet<>(out));
    assertEquals(3, out.size());
  }

  @Test
  void passesRobotsAndDigestValuesThrough() throws IOException {
    UrlUpdate robots = UrlUpdate.newBuilder().setRobots(RobotsEntry.newBuilder().setOrigin("http://example.com")
        .setHost("example.com").setFetchTime(1).build()).build();
    assertEquals(List.of(robots, robots), combine("http://example.com/robots.txt", List.of(robots, robots)));
    UrlUpdate capture = fetched(ok(URL, 1));
    assertEquals(List.of(capture), combine("sha1:ABC\t1" + URL, List.of(capture)));
  }

  @Test
  void whatItKeepsMergesAsAllDiscoveriesWould() {
    // The merge of the combined values equals the merge of them all, for any split of the values into tasks.
    List<UrlUpdate> links = List.of(linked(entry(URL, 2, 0, "http://example.com/b")),
        linked(entry(URL, 2, 0, "http://example.com/a")), linked(entry(URL, 1, 0, "http://example.com/z")));
    for (List<UrlUpdate> order : permutations(links)) {
      UrlMerge all = new UrlMerge(2, 2);
      order.forEach(all::add);
      FrontierEntry best = null;
      for (UrlUpdate u : order.subList(0, 2)) {
        best = UrlMerge.better(u.getLinked(), best) ? u.getLinked() : best;
      }
      UrlMerge combined = new UrlMerge(2, 2);
      combined.add(UrlUpdate.newBuilder().setLinked(best).build());
      combined.add(order.get(2));
      assertEquals(all.result(), combined.result(), "from " + order);
    }
  }
}
