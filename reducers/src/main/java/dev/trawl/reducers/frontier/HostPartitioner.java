package dev.trawl.reducers.frontier;

import dev.trawl.dedup.DigestKeys;
import dev.trawl.round.RoundConf;
import dev.trawl.url.FetchLists;
import dev.trawl.url.Urls;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Sends every URL of a host to the reducer of the host's list in the next round's layout (see
 * {@link FetchLists}), so reducer k writes fetch list k of the next frontier, holding whole hosts,
 * and file k of the robots store that fetch task k will read. Digest keys go by their digest.
 */
public class HostPartitioner<V> extends Partitioner<Text, V> implements Configurable {
  private Configuration conf;
  private FetchLists layout;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
    layout = null;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public int getPartition(Text url, V value, int partitions) {
    String key = url.toString();
    if (DigestKeys.isDigestKey(key)) {
      // A body's captures meet in one reducer, which also writes that part of the digest index.
      return DigestKeys.partition(DigestKeys.digestOf(key), partitions);
    }
    return layout(partitions).of(Urls.host(key));
  }

  private FetchLists layout(int partitions) {
    if (conf == null || conf.get(RoundConf.NEXT_FETCH_LISTS) == null) {
      // No planned layout: the plain hash layout, as the seed batches inject writes have it.
      if (layout == null || layout.lists() != partitions) {
        layout = FetchLists.hashed(partitions);
      }
      return layout;
    }
    if (layout == null) {
      try {
        layout = FetchLists.forJob(conf, RoundConf.NEXT_FETCH_LISTS, partitions);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the next fetch lists' layout " + conf.get(RoundConf.NEXT_FETCH_LISTS), e);
      }
    }
    if (layout.lists() != partitions) {
      throw new IllegalStateException("the layout " + conf.get(RoundConf.NEXT_FETCH_LISTS) + " has " + layout.lists()
          + " fetch lists, the job " + partitions + " reducers");
    }
    return layout;
  }
}
