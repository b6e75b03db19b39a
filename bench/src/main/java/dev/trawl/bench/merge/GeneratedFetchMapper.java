package dev.trawl.bench.merge;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.ManifestRecord;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * A fetch task without the fetching: for each generated page, the map output FetchMapper's sink
 * writes for a fetched page (its record under its URL and under its body's digest, and each
 * discovery under the discovered URL).
 */
public class GeneratedFetchMapper extends Mapper<LongWritable, NullWritable, Text, AvroValue<UrlUpdate>> {
  /** Counter of discovered links emitted. */
  public enum Generated { PAGES, LINKS }

  private SyntheticCrawl crawl;
  private final Text key = new Text();
  private final AvroValue<UrlUpdate> value = new AvroValue<>();

  @Override
  protected void setup(Context context) {
    crawl = SyntheticCrawl.from(context.getConfiguration());
  }

  @Override
  protected void map(LongWritable page, NullWritable nothing, Context context) throws IOException, InterruptedException {
    ManifestRecord fetch = crawl.fetch(page.get());
    write(fetch.getUrl(), UrlUpdate.newBuilder().setFetched(fetch).build(), context);
    if (DigestKeys.dedupes(fetch)) {
      write(DigestKeys.captureKey(fetch.getDigest(), fetch.getUrl()), UrlUpdate.newBuilder().setFetched(fetch).build(), context);
    }
    for (FrontierEntry link : crawl.outlinks(page.get())) {
      write(link.getUrl(), UrlUpdate.newBuilder().setLinked(link).build(), context);
      context.getCounter(Generated.LINKS).increment(1);
    }
    context.getCounter(Generated.PAGES).increment(1);
  }

  private void write(String k, UrlUpdate v, Context context) throws IOException, InterruptedException {
    key.set(k);
    value.datum(v);
    context.write(key, value);
  }
}
