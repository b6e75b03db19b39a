package dev.trawl.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which fetch list a host belongs to: the layout of one round's fetch lists. Every writer of a
 * round's fetch lists (inject's seed batches, the previous round's reducers) and every reader (the
 * fetch task naming its files, and the robots file it reads) use the same layout, so list k of
 * every source holds the same hosts and one fetch task owns each host's politeness.
 *
 * <p>A layout places its heaviest hosts by name, and every other host by the hash of its registered
 * domain (see {@link #bucket}) into one of {@code BUCKETS_PER_LIST x lists} buckets, each bucket into
 * a list. The round that writes a frontier chooses both so that the lists' expected fetch times
 * balance (see {@link ListBalancer});
 * the plain hash layout is bucket b in list {@code b mod lists}. So a layout stays small however
 * many hosts the crawl has.
 */
public final class FetchLists {
  /** Buckets per list: the grain at which hosts too light to name are balanced. */
  public static final int BUCKETS_PER_LIST = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int lists;
  private final int[] buckets;
  private final Map<String, Integer> placed;

  /**
   * @param buckets the list of each bucket ({@link #buckets(int)} of them)
   * @param placed hosts placed by name, and their lists
   */
  public FetchLists(int lists, int[] buckets, Map<String, Integer> placed) {
    this.lists = lists;
    this.buckets = buckets.clone();
    this.placed = Map.copyOf(placed);
    if (buckets.length != buckets(lists)) {
      throw new IllegalArgumentException(buckets.length + " buckets for " + lists + " lists; expected " + buckets(lists));
    }
    for (int b = 0; b < buckets.length; b++) {
      check("bucket " + b, buckets[b]);
    }
    this.placed.forEach((host, list) -> check("host " + host, list));
  }

  private void check(String what, int list) {
    if (list < 0 || list >= lists) {
      throw new IllegalArgumentException(what + " placed in list " + list + " of " + lists);
    }
  }

  /** The layout with every host placed by the hash of its name. */
  public static FetchLists hashed(int lists) {
    int[] buckets = new int[buckets(lists)];
    for (int b = 0; b < buckets.length; b++) {
      buckets[b] = b % lists;
    }
    return new FetchLists(lists, buckets, Map.of());
  }

  /** The hash placement of a host among {@code lists} lists: bucket mod lists, as the bucket count is a multiple. */
  public static int hash(String host, int lists) {
    return (host.hashCode() & Integer.MAX_VALUE) % lists;
  }

  public static int buckets(int lists) {
    return BUCKETS_PER_LIST * lists;
  }

  /**
   * The bucket of a host not placed by name: its registered domain's, so that the hosts of one domain
   * (often one server) share a fetch list and the fetch task's politeness covers them all.
   */
  public static int bucket(String host, int lists) {
    return hash(Urls.domainOrHost(host), buckets(lists));
  }

  public int of(String host) {
    Integer list = placed.get(host);
    return list != null ? list : buckets[bucket(host, lists)];
  }

  public int lists() { return lists; }

  /** The hosts placed by name, and where. */
  public Map<String, Integer> placed() { return placed; }

  /**
   * The layout a job was told to use under {@code key} (the path of a layout file); hashed if the
   * key is unset, as for fetch lists laid out before any round balanced them.
   */
  public static FetchLists forJob(Configuration conf, String key, int lists) throws IOException {
    String file = conf.get(key);
    if (file == null) {
      return hashed(lists);
    }
    Path path = new Path(file);
    return read(path.getFileSystem(conf), path, lists);
  }

  /** The layout in {@code file}; hashed if there is no such file (fetch lists no round balanced). */
  public static FetchLists read(FileSystem fs, Path file, int lists) throws IOException {
    if (!fs.exists(file)) {
      return hashed(lists);
    }
    try (InputStream in = fs.open(file)) {
      return read(in);
    }
  }

  public static FetchLists read(InputStream in) throws IOException {
    JsonNode doc = JSON.readTree(in);
    int[] buckets = new int[doc.path("buckets").size()];
    for (int b = 0; b < buckets.length; b++) {
      buckets[b] = doc.path("buckets").get(b).asInt();
    }
    Map<String, Integer> placed = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("placed").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      placed.put(e.getKey(), e.getValue().asInt());
    }
    return new FetchLists(doc.path("lists").asInt(), buckets, placed);
  }

  public void write(OutputStream out) throws IOException {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("lists", lists);
    doc.putArray("buckets").addAll(java.util.Arrays.stream(buckets).mapToObj(JSON.getNodeFactory()::numberNode).toList());
    ObjectNode hosts = doc.putObject("placed");
    new TreeMap<>(placed).forEach(hosts::put);
    JSON.writerWithDefaultPrettyPrinter().writeValue(out, doc);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FetchLists f && f.lists == lists && java.util.Arrays.equals(f.buckets, buckets)
        && f.placed.equals(placed);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(buckets) + placed.hashCode();
  }
}
