package dev.trawl.reducers.frontier;

import dev.trawl.url.FetchLists;
import dev.trawl.url.Urls;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Sends every URL of a host to the same reducer, so reducer k writes fetch list k of the next
 * frontier holding whole hosts (see {@link FetchLists}).
 */
public class HostPartitioner<V> extends Partitioner<Text, V> {
  @Override
  public int getPartition(Text url, V value, int partitions) {
    return FetchLists.of(Urls.host(url.toString()), partitions);
  }
}
