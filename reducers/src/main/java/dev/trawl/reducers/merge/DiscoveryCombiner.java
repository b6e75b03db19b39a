package dev.trawl.reducers.merge;

import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The round's combiner: of a URL's discoveries in one map task's output, keeps only the one
 * {@link UrlMerge} would keep (the shallowest, then the smallest source), since the merge reads
 * nothing else of them. A page's navigation links are linked from every page of its site, so this
 * is most of the shuffle. Every other value (a fetch, a carried entry, a crawl db entry, robots.txt,
 * anything under a digest key) passes through as it is.
 */
public class DiscoveryCombiner extends Reducer<Text, AvroValue<UrlUpdate>, Text, AvroValue<UrlUpdate>> {
  private final AvroValue<UrlUpdate> best = new AvroValue<>();

  @Override
  protected void reduce(Text key, Iterable<AvroValue<UrlUpdate>> values, Context context) throws IOException, InterruptedException {
    FrontierEntry link = null;
    for (AvroValue<UrlUpdate> v : values) {
      FrontierEntry linked = v.datum().getLinked();
      if (linked == null) {
        context.write(key, v);
      } else if (UrlMerge.better(linked, link)) {
        // Copied: Hadoop reuses the value object for the next one.
        link = FrontierEntry.newBuilder(linked).build();
      }
    }
    if (link != null) {
      best.datum(UrlUpdate.newBuilder().setLinked(link).build());
      context.write(key, best);
    }
  }
}
