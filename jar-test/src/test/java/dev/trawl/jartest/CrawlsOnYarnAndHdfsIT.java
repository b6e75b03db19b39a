package dev.trawl.jartest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.demosite.LoopbackSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl on a real distributed Hadoop: HDFS and YARN with two node managers, the shaded job jar
 * submitted as {@code hadoop jar} submits it, and every task in a container JVM of its own with
 * Hadoop's jars first and the job jar YARN ships (not the test's classpath, which would hide a class
 * only the tests have). Three rounds, in 2, 1 and (auto, from the cluster's size) 3 fetch lists, one with a fetch
 * attempt killed mid-round; the records must equal the same crawl's in local mode, run through the
 * same jar as EMR runs a step ({@code hadoop jar}, Hadoop's classpath first), whose files must be whole.
 * Then a round YARN kills for memory, and that round again with a node lost after a fetch task on it
 * succeeded: nothing lost, nothing doubled, every WARC pointer whole.
 */
class CrawlsOnYarnAndHdfsIT {
  /** Per node manager: two 512 MB containers, so the cluster holds 4, one of them the application master's. */
  private static final int NODE_MB = 1024;
  private static final int CONTAINER_MB = 512;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Jars on the test's classpath that no cluster has. */
  private static final java.util.regex.Pattern TEST_JARS = java.util.regex.Pattern.compile(
      "junit|jupiter|opentest4j|apiguardian|mockito|byte-buddy|objenesis|surefire|failsafe|trawl-");

  @TempDir
  static Path tmp;

  private static MiniDFSCluster hdfs;
  private static MiniMRYarnCluster yarn;
  private static Path confDir;
  /** The task JVMs' options (heap within the 512 MB container). */
  private static String taskOpts;

  @BeforeAll
  static void startCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    YarnConfiguration yc = new YarnConfiguration(hdfs.getConfiguration(0));
    // The mini cluster sets each node manager's memory from its own key (4 GB unless told).
    yc.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, NODE_MB);
    yc.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, CONTAINER_MB);
    yc.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // A mini cluster watches no container's memory unless told to (YARN's and MapReduce's each have
    // their flag); a real one kills a container over its memory.
    yc.setBoolean(YarnConfiguration.YARN_MINICLUSTER_CONTROL_RESOURCE_MONITORING, true);
    yc.setBoolean("mapreduce.minicluster.control-resource-monitoring", true);
    yc.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
    yc.setLong(YarnConfiguration.NM_CONTAINER_MON_INTERVAL_MS, 1000);
    // Enforced memory means cgroups' OOM killer, which this machine's node managers do not run: the polling check kills.
    yc.setBoolean(YarnConfiguration.NM_MEMORY_RESOURCE_ENFORCED, false);
    // Containers are granted on node heartbeats: every 200 ms, not each second, so a round here waits
    // less for its containers. The rounds' work and their records are the same either way.
    yc.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 200);
    // A node manager silent for 3 s is lost (10 minutes by default), so the last round's lost node is
    // noticed while the round runs.
    yc.setLong(YarnConfiguration.RM_NM_EXPIRY_INTERVAL_MS, 3000);
    yarn = new MiniMRYarnCluster("trawl", 2);
    yarn.init(yc);
    yarn.start();

    // The client's configuration, as an edge node has it in HADOOP_CONF_DIR. MapReduce and YARN keys
    // must be in mapred-site.xml and yarn-site.xml: from core-site.xml alone, mapred-default.xml wins
    // and the job silently runs in local mode.
    Configuration client = new Configuration(yarn.getConfig());
    // Tasks get Hadoop's jars and the shipped job jar, not the test JVM's classpath.
    client.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, false);
    // Tasks get Hadoop's jars as a cluster's nodes have them (share/hadoop/*: the client's, the
    // application master's web stack, the node manager's container log set-up), that is this JVM's
    // classpath less the test's own jars. No trawl class is among them: those come from the job jar.
    List<String> taskClasspath = new ArrayList<>(HadoopJar.hadoopClasspath());
    Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> entry.endsWith(".jar") && !TEST_JARS.matcher(entry).find()).forEach(taskClasspath::add);
    client.set("mapreduce.application.classpath", String.join(",", taskClasspath));
    String env = "JAVA_HOME=" + System.getProperty("java.home");
    client.set("yarn.app.mapreduce.am.env", env);
    client.set("mapreduce.map.env", env);
    client.set("mapreduce.reduce.env", env);
    // Short-lived JVMs on two cores: the client compiler and the serial collector start them fastest.
    String opts = taskOpts = "-Xmx360m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED"
        + " --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED"
        + " --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED";
    client.set("yarn.app.mapreduce.am.command-opts", opts);
    client.set("mapreduce.map.java.opts", opts);
    client.set("mapreduce.reduce.java.opts", opts);
    // The application master asks for its containers every 200 ms, not each second (as above).
    client.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
    client.setInt("yarn.app.mapreduce.am.resource.mb", CONTAINER_MB);
    client.setInt("mapreduce.map.memory.mb", CONTAINER_MB);
    client.setInt("mapreduce.reduce.memory.mb", CONTAINER_MB);
    confDir = Files.createDirectories(tmp.resolve("hadoop-conf"));
    for (String file : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml")) {
      try (OutputStream out = Files.newOutputStream(confDir.resolve(file))) {
        client.writeXml(out);
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    if (yarn != null) {
      yarn.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void threeRoundsOnYarnEachSplitAnotherWayGiveTheLocalCrawlsRecords() throws Exception {
    assertTrue(String.join(":", HadoopJar.hadoopClasspath()).contains("jackson-databind-2.12"),
        "the classpath is Hadoop 3.4.1's own, with its jackson 2.12");
    try (LoopbackSite site = LoopbackSite.start(6, 30, 31)) {
      Path seeds = tmp.resolve("seeds.txt");
      Files.writeString(seeds, String.join("\n", site.graph().homePages()) + "\n");
      FileSystem fs = hdfs.getFileSystem();
      String crawl = fs.getUri() + "/crawls/c1";
      HadoopJar cluster = new HadoopJar(Files.createDirectories(tmp.resolve("edge")), confDir);

      // A seed path without a scheme is on the default file system, HDFS here: the error says so.
      HadoopJar.Run missing = cluster.run("inject", "--crawl", crawl, "--seeds", seeds.toString());
      assertNotEquals(0, missing.exit());
      assertTrue(missing.output().contains("does not exist on " + fs.getUri()) && missing.output().contains("file://" + seeds),
          missing.output());

      // The private range is the crawl's (crawl.json): given with the inject that creates it.
      HadoopJar.Run inject = cluster.run("inject", "--crawl", crawl, "--seeds", seeds.toUri().toString(),
          "--allow-private", "127.0.0.0/8");
      assertEquals(0, inject.exit(), inject.output());
      String[] common = {"--crawl", crawl, "--allow-private", "127.0.0.0/8"};
      HadoopJar.Run r1 = cluster.run(with(common, "round", "--fetch-lists", "2", "--delay", "0.2"));
      assertEquals(0, r1.exit(), r1.output());

      // Round 2, in 1 list, slow enough (1 s between a host's requests) to kill its fetch attempt mid-round.
      int before = site.requests().size();
      AtomicReference<String> killed = new AtomicReference<>();
      Thread killer = new Thread(() -> killed.set(killAFetchAttempt(site, before)));
      killer.start();
      HadoopJar.Run r2 = cluster.run(with(common, "round", "--fetch-lists", "1", "--delay", "1"));
      killer.join();
      assertEquals(0, r2.exit(), r2.output());
      assertTrue(killed.get() != null && killed.get().contains("_m_"), "a fetch attempt was killed: " + killed.get());
      // The killed attempt's partial WARC file is gone; the attempt run again wrote its own.
      assertEquals(List.of("fetch-00000.attempt1.warc.gz"), warcFilesOf(fs, crawl, 2));
      assertTrue(r2.output().contains("round 2: removed fetch-00000.warc.gz"), r2.output());

      HadoopJar.Run r3 = cluster.run(with(common, "round", "--delay", "0.2"));
      assertEquals(0, r3.exit(), r3.output());
      HadoopJar.Run status = cluster.run("status", "--crawl", crawl);
      assertEquals(0, status.exit(), status.output());

      int[] lists = {2, 1, 3};
      for (int r = 1; r <= 3; r++) {
        JsonNode summary = json(fs, crawl + String.format("/rounds/%04d.json", r));
        String job = summary.path("job").asText();
        assertTrue(job.startsWith("job_") && !job.startsWith("job_local"), "round " + r + " ran on YARN: " + job);
        assertEquals(lists[r - 1], summary.path("fetch_lists").asInt(), "round " + r);
        List<GenericRecord> manifest = records(fs, crawl + String.format("/manifest/round=%04d", r));
        Map<String, Set<String>> tasksOfHost = new HashMap<>();
        Set<String> urls = new HashSet<>();
        for (GenericRecord m : manifest) {
          if (m.get("warc_file") != null) {
            tasksOfHost.computeIfAbsent(m.get("host").toString(), h -> new TreeSet<>()).add(m.get("warc_file").toString());
          }
          assertTrue(urls.add(m.get("url").toString()), "round " + r + ": one record per URL, " + m.get("url") + " has two");
        }
        tasksOfHost.forEach((host, tasks) -> assertEquals(1, tasks.size(), host + " was fetched by " + tasks));
      }
      assertEquals("auto: YARN's 2 running nodes hold 4 map containers of 512 MB, less 1 for the application master",
          json(fs, crawl + "/rounds/0003.json").path("fetch_lists_why").asText());
      assertTrue(status.output().contains("round 3: 3 fetch lists, auto: YARN's 2 running nodes hold 4 map containers"), status.output());

      // The same crawl in local mode, from the same site, at the same delays, gives the same records.
      Path local = tmp.resolve("local-crawl");
      HadoopJar here = new HadoopJar(Files.createDirectories(tmp.resolve("laptop")), null);
      String localCrawl = local.toUri().toString();
      FileSystem localFs = FileSystem.getLocal(new Configuration());
      assertEquals(0, here.run("inject", "--crawl", localCrawl, "--seeds", seeds.toUri().toString(),
          "--allow-private", "127.0.0.0/8").exit());
      String[] delays = {"0.2", "1", "0.2"};
      for (int r = 1; r <= 3; r++) {
        HadoopJar.Run run = here.run("round", "--crawl", localCrawl, "--allow-private", "127.0.0.0/8", "--delay", delays[r - 1]);
        assertEquals(0, run.exit(), run.output());
        if (r == 1) {
          assertTrue(run.output().contains("round 1: 6 URLs"), run.output());
          assertTheRoundsFilesAreWhole(local);
        }
        assertEquals(comparable(records(localFs, localCrawl + String.format("/manifest/round=%04d", r))),
            comparable(records(fs, crawl + String.format("/manifest/round=%04d", r))), "round " + r + ": YARN's records are local mode's");
      }
      whatTheMachinesDidAgreesWithHadoop(fs, crawl, killed.get());
      System.out.println("figure: status on YARN:\n" + status.output().replaceAll("(?s).*(machines \\(what each round.*?)\nunfinished.*", "$1"));

      // The figures bench/yarn-round.sh reports: a round's wall time on YARN against local mode, and
      // how far apart its fetch tasks started.
      for (int r = 1; r <= 3; r++) {
        JsonNode onYarn = json(fs, crawl + String.format("/rounds/%04d.json", r));
        JsonNode onLaptop = json(localFs, localCrawl + String.format("/rounds/%04d.json", r));
        System.out.printf("figure: round %d%s: YARN %.1f s (%d fetch lists, starts %.1f s apart, first %.1f s after the round's start)"
                + ", local mode %.1f s (%d fetch lists): %.1fx%n", r, r == 2 ? " (a fetch attempt killed and run again)" : "",
            onYarn.path("seconds").asDouble(), onYarn.path("fetch_lists").asInt(), onYarn.path("fetch_start_skew_seconds").asDouble(),
            firstStart(onYarn), onLaptop.path("seconds").asDouble(), onLaptop.path("fetch_lists").asInt(),
            onYarn.path("seconds").asDouble() / onLaptop.path("seconds").asDouble());
      }

      // A fourth round whose fetch tasks need more memory than their containers hold: YARN kills them.
      HadoopJar.Run r4 = cluster.run(with(common, "round", "--delay", "0.2", "-D", "mapreduce.map.maxattempts=2",
          "-D", "mapreduce.map.java.opts=" + taskOpts.replace("-Xmx360m", "-Xms700m -Xmx700m -XX:+AlwaysPreTouch")));
      assertNotEquals(0, r4.exit(), r4.output());
      String kill = "killed by YARN for exceeding its physical memory limit";
      assertTrue(r4.output().contains(kill) && r4.output().contains("raise mapreduce.map.memory.mb (now 512)"), r4.output());
      JsonNode failure = json(fs, crawl + "/rounds/0004.failed.json");
      assertTrue(failure.path("attempts").size() >= 2, "both attempts of a fetch task: " + failure);
      failure.path("attempts").forEach(a -> assertEquals("physical_memory", a.path("cause").asText(), a.toString()));
      HadoopJar.Run afterKill = cluster.run("status", "--crawl", crawl);
      assertTrue(afterKill.output().contains("failed: round 4's job") && afterKill.output().contains(kill), afterKill.output());
      assertTrue(afterKill.output().contains("verdict: round 4 failed (map-"), afterKill.output());
      HadoopJar.Run report = cluster.run("report", "--crawl", crawl, "--out", tmp.resolve("report").toString());
      assertTrue(report.output().contains("round 4: map-") && report.output().contains(kill), report.output());

      // Round 4 again, and a node lost once a fetch task on it has succeeded, before the reducers have
      // read its output: YARN runs that fetch task again on the other node.
      int requestsBefore = site.requests().size();
      AtomicReference<String> lost = new AtomicReference<>();
      Thread stopper = new Thread(() -> lost.set(stopTheNodeOfASucceededFetchTask()));
      stopper.start();
      HadoopJar.Run r4again = cluster.run(with(common, "round", "--fetch-lists", "2", "--delay", "0.2",
          "-D", "mapreduce.job.reduce.slowstart.completedmaps=1.0"));
      stopper.join();
      assertEquals(0, r4again.exit(), r4again.output());
      assertTrue(lost.get() != null && lost.get().startsWith("stopped"), "a node was lost mid-round: " + lost.get());
      aLostNodeLosesNothingAndDoublesNothing(fs, crawl, site.requests().size() - requestsBefore);
      // The reducers started once every fetch task had finished, so they all copied the second attempt's output:
      // the first attempt's WARC file, complete but pointed into by no record, is removed.
      List<String> warcs = warcFilesOf(fs, crawl, 4);
      assertTrue(warcs.stream().anyMatch(f -> f.contains(".attempt")), "the attempt run again wrote its own file: " + warcs);
      assertTrue(r4again.output().contains("round 4: removed fetch-"), r4again.output());
    }
  }

  /**
   * After the lost node: one manifest record per URL, every WARC pointer into the record the manifest
   * names (no pointer into a file of the lost attempt), the lost attempts in the round's summary with
   * their cause, the fetch tasks run again counted, and the site's extra requests measured.
   */
  private static void aLostNodeLosesNothingAndDoublesNothing(FileSystem fs, String crawl, int siteRequests) throws Exception {
    JsonNode summary = json(fs, crawl + "/rounds/0004.json");
    Set<String> urls = new HashSet<>();
    int pointers = 0;
    for (GenericRecord m : records(fs, crawl + "/manifest/round=0004")) {
      assertTrue(urls.add(m.get("url").toString()), "one record per URL: " + m.get("url") + " has two");
      if (m.get("warc_file") != null) {
        pointers++;
        assertEquals(String.valueOf(m.get("warc_record_id")), recordIdAt(fs, crawl + "/" + m.get("warc_file"), (Long) m.get("warc_offset")),
            m.get("url") + "'s pointer into " + m.get("warc_file"));
      }
    }
    assertTrue(pointers > 0, "round 4 stored pages");
    List<String> lostAttempts = new ArrayList<>();
    summary.path("attempts").forEach(a -> {
      if (a.path("cause").asText().equals("node_lost")) {
        lostAttempts.add(a.path("attempt").asText());
      }
    });
    assertTrue(lostAttempts.stream().anyMatch(a -> a.contains("_m_")), "a fetch attempt lost with its node: " + summary.path("attempts"));
    long again = summary.path("counters").path("FETCH_TASKS_RUN_AGAIN").asLong();
    assertTrue(again >= 1, "the fetch tasks run again are counted: " + summary.path("counters"));
    long counted = summary.path("counters").path("REQUESTS").asLong() + summary.path("counters").path("ROBOTS_FETCHES").asLong();
    assertTrue(siteRequests > counted, "the site received the lost attempt's requests too: " + siteRequests + " against " + counted);
    System.out.printf("figure: a lost node: %d fetch task%s run again; the site received %d requests, %d of them the lost attempts' "
            + "(%.0f%% more than the round's own %d); round 4 took %.1f s against round 3's %.1f s%n", again, again == 1 ? "" : "s",
        siteRequests, siteRequests - counted, 100.0 * (siteRequests - counted) / counted, counted,
        summary.path("seconds").asDouble(), json(fs, crawl + "/rounds/0003.json").path("seconds").asDouble());
  }

  /** A finished round's WARC files, checked to be one per fetch list and nothing else. */
  private static List<String> warcFilesOf(FileSystem fs, String crawl, int round) throws IOException {
    List<String> names = new ArrayList<>();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(crawl + String.format("/warc/round=%04d", round)))) {
      names.add(f.getPath().getName());
    }
    names.sort(null);
    Set<String> lists = new HashSet<>();
    names.remove("_SUCCESS"); // the folder's commit mark
    for (String name : names) {
      assertTrue(name.endsWith(".warc.gz"), "round " + round + "'s warc folder holds WARC files only: " + names);
      assertTrue(lists.add(name.substring(0, name.indexOf('.'))), "round " + round + ": one WARC file per fetch list: " + names);
    }
    return names;
  }

  /** The WARC-Record-ID of the record at {@code offset} of a WARC file on HDFS. */
  private static String recordIdAt(FileSystem fs, String file, long offset) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(file))) {
      ((org.apache.hadoop.fs.Seekable) in).seek(offset);
      java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null && !line.isEmpty(); ) {
        if (line.startsWith("WARC-Record-ID:")) {
          return line.substring("WARC-Record-ID:".length()).trim();
        }
      }
      return null;
    }
  }

  /**
   * Stops the node manager that does not run the round's application master once a fetch task on it
   * has succeeded, as a reclaimed spot instance would vanish; says what it stopped.
   */
  private static String stopTheNodeOfASucceededFetchTask() {
    java.util.regex.Pattern attemptId = java.util.regex.Pattern.compile("attempt_\\d+_\\d+_m_\\d+_\\d+");
    Map<String, Integer> nodeOf = new HashMap<>();
    Integer masterNode = null;
    try {
      org.apache.hadoop.mapreduce.Cluster c = new org.apache.hadoop.mapreduce.Cluster(new Configuration(yarn.getConfig()));
      long end = System.currentTimeMillis() + 120_000;
      while (System.currentTimeMillis() < end) {
        for (int n = 0; n < 2; n++) {
          for (var container : yarn.getNodeManager(n).getNMContext().getContainers().values()) {
            String commands = String.valueOf(container.getLaunchContext().getCommands());
            java.util.regex.Matcher m = attemptId.matcher(commands);
            if (m.find()) {
              nodeOf.put(m.group(), n);
            } else if (commands.contains("MRAppMaster")) {
              masterNode = n;
            }
          }
        }
        for (org.apache.hadoop.mapreduce.JobStatus s : c.getAllJobStatuses()) {
          if (s.getState() != org.apache.hadoop.mapreduce.JobStatus.State.RUNNING || masterNode == null) {
            continue;
          }
          for (org.apache.hadoop.mapreduce.TaskCompletionEvent e : c.getJob(s.getJobID()).getTaskCompletionEvents(0, 100)) {
            Integer node = nodeOf.get(e.getTaskAttemptId().toString());
            if (e.isMapTask() && e.getStatus() == org.apache.hadoop.mapreduce.TaskCompletionEvent.Status.SUCCEEDED
                && node != null && !node.equals(masterNode)) {
              yarn.getNodeManager(node).stop();
              return "stopped node manager " + node + " after " + e.getTaskAttemptId() + " succeeded on it";
            }
          }
        }
        Thread.sleep(50);
      }
      return "no fetch task succeeded on the node without the application master: " + nodeOf;
    } catch (Exception e) {
      return "could not stop a node: " + e;
    }
  }

  /**
   * Each round's resources are Hadoop's own figures for its job: the fetch tasks' CPU is the map
   * tasks' CPU_MILLISECONDS, the CPU held YARN's VCORES_MILLIS_MAPS, memory against the 512 MB
   * container; and round 2's killed fetch attempt is in its summary with its cause.
   */
  private static void whatTheMachinesDidAgreesWithHadoop(FileSystem fs, String crawl, String killedAttempt) throws Exception {
    org.apache.hadoop.mapreduce.Cluster cluster = new org.apache.hadoop.mapreduce.Cluster(new Configuration(yarn.getConfig()));
    for (int r = 1; r <= 3; r++) {
      JsonNode summary = json(fs, crawl + String.format("/rounds/%04d.json", r));
      JsonNode res = summary.path("resources");
      org.apache.hadoop.mapreduce.Job job = cluster.getJob(org.apache.hadoop.mapreduce.JobID.forName(summary.path("job").asText()));
      long mapCpu = 0;
      long mapPeak = 0;
      for (org.apache.hadoop.mapreduce.TaskReport t : job.getTaskReports(org.apache.hadoop.mapreduce.TaskType.MAP)) {
        mapCpu += t.getTaskCounters().findCounter(org.apache.hadoop.mapreduce.TaskCounter.CPU_MILLISECONDS).getValue();
        mapPeak = Math.max(mapPeak, t.getTaskCounters().findCounter(org.apache.hadoop.mapreduce.TaskCounter.MAP_PHYSICAL_MEMORY_BYTES_MAX).getValue());
      }
      long vcoreMillis = job.getCounters().findCounter(org.apache.hadoop.mapreduce.JobCounter.VCORES_MILLIS_MAPS).getValue();
      JsonNode fetch = res.path("fetch");
      assertTrue(res.path("measured").asText().startsWith("YARN"), res.toString());
      assertTrue(mapCpu > 0, "Hadoop measured the map tasks' CPU");
      assertEquals(mapCpu / 1000.0, fetch.path("cpu_seconds").asDouble(), 0.001, "round " + r + ": " + fetch);
      assertEquals(vcoreMillis / 1000.0, fetch.path("held_cpu_seconds").asDouble(), 0.001, "round " + r + ": " + fetch);
      assertEquals(512.0, fetch.path("memory_limit_mb").asDouble());
      double peak = fetch.path("peak_memory_mb").asDouble();
      assertTrue(peak >= mapPeak / 1048576.0 - 0.1 && peak < 512, "round " + r + ": peak " + peak + " MB, Hadoop's " + mapPeak);
      // What the fetch code itself used of its JVM's CPU is part of what Hadoop counted for the JVM.
      double own = 0;
      for (JsonNode t : summary.path("tasks")) {
        own += t.path("cpu_seconds").asDouble();
      }
      assertTrue(own > 0 && own <= fetch.path("cpu_seconds").asDouble() + 0.5, "round " + r + ": tasks' own " + own + " of " + fetch);
      assertTrue(res.path("reduce").path("cpu_seconds").asDouble() > 0, "the reducers are measured on YARN: " + res);
      System.out.printf("figure: round %d on YARN: fetch tasks used %.1f of %.1f CPU-seconds held (%.0f%%), peak memory %.0f of 512 MB; "
              + "reducers %.1f of %.1f CPU-seconds%n", r, fetch.path("cpu_seconds").asDouble(), fetch.path("held_cpu_seconds").asDouble(),
          100 * fetch.path("cpu_seconds").asDouble() / fetch.path("held_cpu_seconds").asDouble(), peak,
          res.path("reduce").path("cpu_seconds").asDouble(), res.path("reduce").path("held_cpu_seconds").asDouble());
    }
    JsonNode attempts = json(fs, crawl + "/rounds/0002.json").path("attempts");
    JsonNode killed = null;
    for (JsonNode a : attempts) {
      if (a.path("attempt").asText().equals(killedAttempt)) {
        killed = a;
      }
    }
    assertTrue(killed != null, "round 2's summary has the attempt the test killed, " + killedAttempt + ": " + attempts);
    System.out.println("figure: round 2's killed attempt as its summary tells it: " + killed);
    assertEquals("killed_by_signal", killed.path("cause").asText(), killed.toString());
    assertEquals(1, json(fs, crawl + "/rounds/0002.json").path("counters").path("FETCH_TASKS_RUN_AGAIN").asLong(),
        "the fetch task run again after the kill is counted");
    assertEquals(0, json(fs, crawl + "/rounds/0001.json").path("counters").path("FETCH_TASKS_RUN_AGAIN").asLong());
    assertTrue(killed.path("node").asText().length() > 0, killed.toString());
  }

  /**
   * Round 1's folders are committed, and its files whole as the shaded jar wrote them on Hadoop's
   * classpath (its avro and jackson relocated): Avro containers, a Parquet file beside each (Snappy
   * from Hadoop's classpath), WARC/1.1 gzip members.
   */
  private static void assertTheRoundsFilesAreWhole(Path root) throws IOException {
    for (String folder : List.of("crawldb/round=0001", "manifest/round=0001", "warc/round=0001", "logs/round=0001",
        "frontier/round=0002", "manifest-parquet/round=0001")) {
      assertTrue(Files.exists(root.resolve(folder).resolve("_SUCCESS")), folder);
    }
    List<Path> avro = filesIn(root.resolve("manifest/round=0001"), ".avro");
    assertFalse(avro.isEmpty(), "the manifest has files");
    for (Path p : avro) {
      byte[] head = Files.readAllBytes(p);
      assertTrue(head.length > 4 && head[0] == 'O' && head[1] == 'b' && head[2] == 'j' && head[3] == 1, p + " is an Avro container");
    }
    List<Path> parquet = filesIn(root.resolve("manifest-parquet/round=0001"), ".parquet");
    assertEquals(avro.size(), parquet.size(), "a Parquet file beside each Avro file: " + parquet);
    for (Path p : parquet) {
      byte[] bytes = Files.readAllBytes(p);
      String magic = new String(bytes, 0, 4, StandardCharsets.US_ASCII) + new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII);
      assertEquals("PAR1PAR1", magic, p + " is a whole Parquet file");
    }
    for (Path warc : filesIn(root.resolve("warc/round=0001"), ".warc.gz")) {
      try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(warc))) {
        assertTrue(new String(in.readNBytes(8), StandardCharsets.US_ASCII).startsWith("WARC/1.1"), warc.toString());
      }
    }
  }

  private static List<Path> filesIn(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static double firstStart(JsonNode summary) {
    double first = Double.MAX_VALUE;
    for (JsonNode task : summary.path("tasks")) {
      first = Math.min(first, task.path("started_after_seconds").asDouble());
    }
    return first;
  }

  private static String[] with(String[] common, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(common));
    return all.toArray(new String[0]);
  }

  /**
   * SIGKILLs the first fetch attempt (a map task's YarnChild) found once the site has answered a few
   * of the round's requests, as a lost node would; returns its attempt id, or null if none ran.
   */
  private static String killAFetchAttempt(LoopbackSite site, int requestsBefore) {
    long end = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < end) {
      if (site.requests().size() >= requestsBefore + 6) {
        Optional<ProcessHandle> attempt = ProcessHandle.allProcesses().filter(p -> p.info().arguments()
            .map(a -> String.join(" ", a)).orElse("").matches(".*YarnChild.*attempt_\\d+_\\d+_m_\\d+_0.*")).findFirst();
        if (attempt.isPresent()) {
          String args = String.join(" ", attempt.get().info().arguments().orElseThrow());
          attempt.get().destroyForcibly();
          return args.replaceAll(".*(attempt_\\S+).*", "$1");
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return null;
      }
    }
    return null;
  }

  /** A round's manifest records without what differs between two fetches of a site (times, which task, WARC records' places and ids). */
  private static Set<String> comparable(List<GenericRecord> records) {
    Set<String> out = new TreeSet<>();
    for (GenericRecord m : records) {
      for (String field : List.of("fetch_time", "fetch_ms", "warc_file", "warc_offset", "warc_length", "warc_record_id",
          "refers_to_warc_file", "refers_to_warc_offset", "refers_to_warc_length", "refers_to_date")) {
        m.put(field, null);
      }
      out.add(m.toString());
    }
    return out;
  }

  private static List<GenericRecord> records(FileSystem fs, String folder) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(folder), p -> p.getName().endsWith(".avro"))) {
      try (InputStream in = fs.open(f.getPath());
           DataFileStream<GenericRecord> r = new DataFileStream<>(in, new GenericDatumReader<>())) {
        r.forEach(records::add);
      }
    }
    assertFalse(records.isEmpty(), folder + " has records");
    return records;
  }

  private static JsonNode json(FileSystem fs, String file) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(file))) {
      return JSON.readTree(in);
    }
  }
}
