package dev.trawl.bench.merge;

import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * The generated crawl db into the benchmark's job, each entry under its URL as the round's fetch
 * tasks carry it in (see StoreCarrier): here in map tasks of its own, as the merge is what is measured.
 */
public class KnownEntriesMapper extends Mapper<AvroKey<CrawlDbEntry>, NullWritable, Text, AvroValue<UrlUpdate>> {
  private final Text url = new Text();
  private final AvroValue<UrlUpdate> update = new AvroValue<>();

  @Override
  protected void map(AvroKey<CrawlDbEntry> key, NullWritable value, Context context) throws IOException, InterruptedException {
    url.set(key.datum().getUrl());
    update.datum(UrlUpdate.newBuilder().setKnown(key.datum()).build());
    context.write(url, update);
  }
}
