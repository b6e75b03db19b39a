package dev.trawl.mappers.crawldb;

import dev.trawl.schema.RobotsEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Carries the last round's robots store into the round, keyed by robots.txt URL, so what was
 * learned of a host's robots.txt outlives the round even when the host was not visited.
 */
public class RobotsMapper extends Mapper<AvroKey<Object>, NullWritable, Text, AvroValue<UrlUpdate>> {
  private final Text key = new Text();
  private final AvroValue<UrlUpdate> update = new AvroValue<>();

  @Override
  protected void map(AvroKey<Object> record, NullWritable value, Context context) throws IOException, InterruptedException {
    RobotsEntry entry = (RobotsEntry) record.datum();
    key.set(entry.getOrigin() + "/robots.txt");
    update.datum(UrlUpdate.newBuilder().setRobots(entry).build());
    context.write(key, update);
  }
}
