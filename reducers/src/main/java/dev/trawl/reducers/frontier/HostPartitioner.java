package dev.trawl.reducers.frontier;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.url.FetchLists;
import dev.trawl.url.Urls;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Sends every URL of a host to the same reducer, so reducer k writes fetch list k of the next
 * frontier holding whole hosts (see {@link FetchLists}). Digest keys go by their digest.
 */
public class HostPartitioner<V> extends Partitioner<Text, V> {
  @Override
  public int getPartition(Text url, V value, int partitions) {
    String key = url.toString();
    if (DigestKeys.isDigestKey(key)) {
      // A body's captures meet in one reducer, which also writes that part of the digest index.
      return DigestKeys.partition(DigestKeys.digestOf(key), partitions);
    }
    return FetchLists.of(Urls.host(key), partitions);
  }
}
