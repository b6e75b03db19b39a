package dev.trawl.mappers.crawldb;

import dev.trawl.mappers.fetch.FetchMapper;
import dev.trawl.mappers.refetch.DueRefetches;
import dev.trawl.mappers.scope.ScopeFilter;
import dev.trawl.refetch.RefetchSchedule;
import dev.trawl.round.RoundConf;
import dev.trawl.schema.CrawlDbEntry;
import dev.trawl.schema.FrontierEntry;
import dev.trawl.schema.UrlUpdate;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Brings the previous crawl db into the round, keyed by URL, so the reducer sees everything known
 * about a URL next to this round's news of it. With refetching on, a known URL that is due (and
 * still in scope) also goes in as the next frontier's entry for it ({@link DueRefetches}).
 */
public class CrawlDbMapper extends Mapper<AvroKey<Object>, NullWritable, Text, AvroValue<UrlUpdate>> {
  private final Text url = new Text();
  private final AvroValue<UrlUpdate> update = new AvroValue<>();
  private DueRefetches due;

  @Override
  protected void setup(Context context) throws IOException {
    TrawlSettings settings = TrawlSettings.from(context.getConfiguration());
    RefetchSchedule schedule = new RefetchSchedule(settings.refetch());
    if (schedule.on()) {
      due = new DueRefetches(schedule, new ScopeFilter(settings, FetchMapper.seedHosts(context.getConfiguration())),
          RoundConf.refetchAsOf(context.getConfiguration()));
    }
  }

  @Override
  protected void map(AvroKey<Object> key, NullWritable value, Context context) throws IOException, InterruptedException {
    // The round reads its stores through one Avro reader schema, a union; this input holds crawl db entries.
    CrawlDbEntry entry = (CrawlDbEntry) key.datum();
    url.set(entry.getUrl());
    update.datum(UrlUpdate.newBuilder().setKnown(entry).build());
    context.write(url, update);
    FrontierEntry refetch = due == null ? null : due.of(entry, c -> context.getCounter(c).increment(1));
    if (refetch != null) {
      update.datum(UrlUpdate.newBuilder().setDue(refetch).build());
      context.write(url, update);
    }
  }
}
