package dev.trawl.mappers.crawldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.UrlState;
import dev.trawl.schema.UrlUpdate;
import java.util.List;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.avro.specific.SpecificData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

class CrawlDbMapperTest {

  private static MapDriver<AvroKey<Object>, NullWritable, Text, AvroValue<UrlUpdate>> driver() {
    MapDriver<AvroKey<Object>, NullWritable, Text, AvroValue<UrlUpdate>> driver = MapDriver.newMapDriver(new CrawlDbMapper());
    Configuration conf = driver.getConfiguration();
    AvroSerialization.addToConfiguration(conf);
    AvroSerialization.setKeyWriterSchema(conf, CrawlDbEntry.getClassSchema());
    AvroSerialization.setKeyReaderSchema(conf, CrawlDbEntry.getClassSchema());
    AvroSerialization.setValueWriterSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setValueReaderSchema(conf, UrlUpdate.getClassSchema());
    AvroSerialization.setDataModelClass(conf, SpecificData.class);
    return driver;
  }

  private static CrawlDbEntry entry(String url, UrlState state, Integer httpStatus) {
    return CrawlDbEntry.newBuilder().setUrl(url).setHost("example.org").setDepth(2).setState(state)
        .setFirstRound(1).setRetries(0).setSource("http://example.org/").setLastFetchRound(httpStatus == null ? null : 3)
        .setHttpStatus(httpStatus).build();
  }

  @Test
  void eachEntryIsPassedOnUnderItsUrlAsKnownNews() throws Exception {
    CrawlDbEntry fetched = entry("http://example.org/a", UrlState.fetched, 200);
    CrawlDbEntry queued = entry("http://example.org/b", UrlState.queued, null);
    driver()
        .withInput(new AvroKey<>(fetched), NullWritable.get())
        .withInput(new AvroKey<>(queued), NullWritable.get())
        .withOutput(new Text("http://example.org/a"), new AvroValue<>(UrlUpdate.newBuilder().setKnown(fetched).build()))
        .withOutput(new Text("http://example.org/b"), new AvroValue<>(UrlUpdate.newBuilder().setKnown(queued).build()))
        .runTest();
  }

  @Test
  void onlyTheKnownFieldIsSetAndTheEntryIsUnchanged() throws Exception {
    CrawlDbEntry e = entry("http://example.org/c?q=1", UrlState.redirect, 301);
    List<Pair<Text, AvroValue<UrlUpdate>>> out = driver().withInput(new AvroKey<>(e), NullWritable.get()).run();
    assertEquals(1, out.size());
    assertEquals("http://example.org/c?q=1", out.get(0).getFirst().toString());
    UrlUpdate u = out.get(0).getSecond().datum();
    assertEquals(e, u.getKnown());
    assertNull(u.getFetched());
    assertNull(u.getCarried());
    assertNull(u.getLinked());
  }
}
