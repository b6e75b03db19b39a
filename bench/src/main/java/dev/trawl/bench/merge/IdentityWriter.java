package dev.trawl.bench.merge;

import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroKey;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** The floor's reducer: writes every value it is given, merging nothing. */
public class IdentityWriter extends Reducer<Text, AvroValue<UrlUpdate>, AvroKey<UrlUpdate>, NullWritable> {
  private final AvroKey<UrlUpdate> out = new AvroKey<>();

  @Override
  protected void reduce(Text url, Iterable<AvroValue<UrlUpdate>> values, Context context) throws IOException, InterruptedException {
    for (AvroValue<UrlUpdate> v : values) {
      out.datum(v.datum());
      context.write(out, NullWritable.get());
    }
  }
}
