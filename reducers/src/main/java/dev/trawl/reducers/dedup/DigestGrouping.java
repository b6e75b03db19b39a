package dev.trawl.reducers.dedup;

import dev.trawl.dedup.DigestKeys;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;

/**
 * The round's grouping comparator: a URL key is its own group; digest keys group by the digest
 * alone, so one reduce call sees the index entry and every capture of a body, canonical first
 * (see {@link DigestKeys}). Compares serialized keys without deserializing them.
 */
public class DigestGrouping extends WritableComparator {
  public DigestGrouping() {
    super(Text.class);
  }

  @Override
  public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    int n1 = WritableUtils.decodeVIntSize(b1[s1]);
    int n2 = WritableUtils.decodeVIntSize(b2[s2]);
    int g1 = DigestKeys.groupLength(b1, s1 + n1, l1 - n1);
    int g2 = DigestKeys.groupLength(b2, s2 + n2, l2 - n2);
    return compareBytes(b1, s1 + n1, g1, b2, s2 + n2, g2);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public int compare(org.apache.hadoop.io.WritableComparable a, org.apache.hadoop.io.WritableComparable b) {
    Text x = (Text) a;
    Text y = (Text) b;
    return compareBytes(x.getBytes(), 0, DigestKeys.groupLength(x.getBytes(), 0, x.getLength()),
        y.getBytes(), 0, DigestKeys.groupLength(y.getBytes(), 0, y.getLength()));
  }
}
