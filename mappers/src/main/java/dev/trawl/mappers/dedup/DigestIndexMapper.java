package dev.trawl.mappers.dedup;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.schema.DigestEntry;
import dev.trawl.schema.UrlUpdate;
import java.io.IOException;
import org.apache.avro.mapred.AvroValue;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Brings the previous round's digest index into the round, keyed so that each entry reaches its
 * digest's group ahead of this round's captures of the body: the earlier round's URL stays canonical.
 */
public class DigestIndexMapper extends Mapper<Text, Text, Text, AvroValue<UrlUpdate>> {
  private final Text key = new Text();
  private final AvroValue<UrlUpdate> update = new AvroValue<>();

  @Override
  protected void map(Text digest, Text url, Context context) throws IOException, InterruptedException {
    key.set(DigestKeys.indexKey(digest.toString()));
    update.datum(UrlUpdate.newBuilder()
        .setCanonical(DigestEntry.newBuilder().setDigest(digest.toString()).setUrl(url.toString()).build()).build());
    context.write(key, update);
  }
}
