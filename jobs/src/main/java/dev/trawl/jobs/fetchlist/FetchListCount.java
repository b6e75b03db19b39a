package dev.trawl.jobs.fetchlist;

import dev.trawl.settings.Setting;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * How many fetch lists a round (or the seed batch inject writes for it) has, and why: the count
 * given, or {@code auto}, sized to where the round runs when it starts. On YARN that is the map
 * containers the running nodes hold, so every fetch task starts at once, none waits for another to
 * end (a late list would lose fetch time, as the time limit runs from the round's start). Reducers
 * run after the fetch tasks, in the containers those free.
 */
public record FetchListCount(int count, String why) {
  /**
   * @param hosts the hosts the round has to fetch (an upper estimate), or -1 if unknown: more lists
   *     than hosts would only start empty tasks
   */
  public static FetchListCount choose(TrawlSettings settings, Configuration conf, long hosts) throws IOException {
    boolean yarn = MRConfig.YARN_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    if (settings.fetchLists().isPresent()) {
      int n = settings.fetchLists().getAsInt();
      String why = "given (" + Setting.FETCH_LISTS.key() + "=" + n + ")";
      int fit = yarn ? ofYarn(conf).count : n;
      // The time limit runs from the round's start: a list that waits for a container fetches for less of it.
      return new FetchListCount(n, fit >= n ? why : why + "; the cluster runs " + fit + " at once, so " + (n - fit)
          + " start only as others end");
    }
    FetchListCount auto = yarn ? ofYarn(conf) : ofLocal();
    if (hosts >= 1 && hosts < auto.count) {
      return new FetchListCount((int) hosts, auto.why + ", capped at the round's " + hosts + (hosts == 1 ? " host" : " hosts"));
    }
    return auto;
  }

  private static FetchListCount ofLocal() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new FetchListCount(cores, "auto: local mode, " + cores + (cores == 1 ? " core" : " cores"));
  }

  private static FetchListCount ofYarn(Configuration conf) throws IOException {
    List<NodeReport> nodes;
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(conf);
      yarn.start();
      nodes = yarn.getNodeReports(NodeState.RUNNING);
    } catch (YarnException | IOException e) {
      throw new IOException("cannot ask YARN's resource manager (" + conf.get(YarnConfiguration.RM_ADDRESS)
          + ") how large the cluster is, to size the fetch lists: " + e.getMessage()
          + "; give the count instead (--fetch-lists N)", e);
    }
    return ofNodes(nodes.stream().mapToLong(n -> n.getCapability().getMemorySize()).toArray(), conf);
  }

  /**
   * The map containers nodes of these memory sizes (MB) hold, less the application master's share.
   * By memory alone: YARN's default resource calculator, the one EMR configures, counts nothing else.
   */
  public static FetchListCount ofNodes(long[] nodeMemoryMb, Configuration conf) {
    long unit = Math.max(1, conf.getLong(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB,
        YarnConfiguration.DEFAULT_RM_SCHEDULER_MINIMUM_ALLOCATION_MB));
    long map = container(conf.getLong(MRJobConfig.MAP_MEMORY_MB, MRJobConfig.DEFAULT_MAP_MEMORY_MB), unit);
    long am = container(conf.getLong(MRJobConfig.MR_AM_VMEM_MB, MRJobConfig.DEFAULT_MR_AM_VMEM_MB), unit);
    long containers = 0;
    for (long memory : nodeMemoryMb) {
      containers += memory / map;
    }
    long forAm = (am + map - 1) / map;
    int count = (int) Math.max(1, Math.min(TrawlSettings.MAX_FETCH_LISTS, containers - forAm));
    return new FetchListCount(count, "auto: YARN's " + nodeMemoryMb.length + " running "
        + (nodeMemoryMb.length == 1 ? "node holds " : "nodes hold ") + containers + " map containers of " + map
        + " MB, less " + forAm + " for the application master");
  }

  /** What YARN grants for a request: rounded up to a multiple of the scheduler's minimum allocation. */
  private static long container(long requestedMb, long unit) {
    long mb = requestedMb > 0 ? requestedMb : MRJobConfig.DEFAULT_MAP_MEMORY_MB;
    return (mb + unit - 1) / unit * unit;
  }
}
