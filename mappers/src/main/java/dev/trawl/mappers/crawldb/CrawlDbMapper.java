package dev.trawl.mappers.crawldb;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Brings the previous crawl db into the round, keyed by URL, so the reducer sees everything known
 * about a URL next to this round's news of it.
 */
public class CrawlDbMapper extends Mapper<AvroKey<Object>, NullWritable, Text, AvroValue<UrlUpdate>> {
  private final Text url = new Text();
  private final AvroValue<UrlUpdate> update = new AvroValue<>();

  @Override
  protected void map(AvroKey<Object> key, NullWritable value, Context context) throws IOException, InterruptedException {
    // The round reads its stores through one Avro reader schema, a union; this input holds crawl db entries.
    CrawlDbEntry entry = (CrawlDbEntry) key.datum();
    url.set(entry.getUrl());
    update.datum(UrlUpdate.newBuilder().setKnown(entry).build());
    context.write(url, update);
  }
}
