package dev.trawl.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.testsupport.LoopbackEmr;
import dev.trawl.testsupport.LoopbackS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trawl emr} with the real AWS SDK against a loopback EMR endpoint that records what it is
 * sent, and the loopback S3 endpoint for uploads and round summaries: the requests a cluster would
 * get, the dry run that sends nothing, and the errors a user meets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrivesEmrThroughItsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_JOB_FLOW = "ElasticMapReduce.RunJobFlow";
  private static final String ADD_STEPS = "ElasticMapReduce.AddJobFlowSteps";

  @TempDir
  static Path tmp;
  private LoopbackS3 s3;
  private LoopbackEmr emr;
  private final Map<String, String> savedProperties = new java.util.HashMap<>();
  /** The EMR actions the tests' requests needed, as IAM names them. */
  private final java.util.Set<String> actionsUsed = new java.util.TreeSet<>();

  @BeforeAll
  void start() throws Exception {
    s3 = LoopbackS3.start(tmp.resolve("s3"));
    s3.createBucket("crawls");
  }

  @AfterAll
  void stop() throws Exception {
    s3.close();
    // What the tests sent is what trawl calls: the shipped least-privilege policy must allow all of it.
    JsonNode policy = JSON.readTree(Path.of("../emr-bootstrap/iam-policy.json").toFile());
    java.util.Set<String> allowed = new java.util.HashSet<>(policy.findValuesAsText("Action"));
    policy.findValues("Action").forEach(a -> a.forEach(action -> allowed.add(action.asText())));
    java.util.Set<String> missing = new java.util.TreeSet<>(actionsUsed);
    missing.removeAll(allowed);
    assertTrue(missing.isEmpty(), "emr-bootstrap/iam-policy.json does not allow " + missing);
  }

  @BeforeEach
  void credentialsAndAFreshEndpoint() throws Exception {
    emr = LoopbackEmr.start();
    // A cluster without an auto-termination policy, as EMR answers for one.
    emr.answer("ElasticMapReduce.GetAutoTerminationPolicy", 200, "{}");
    // The SDK's default chain, fed through system properties; no profile files of this machine.
    setProperty("aws.accessKeyId", LoopbackS3.ACCESS_KEY);
    setProperty("aws.secretAccessKey", LoopbackS3.SECRET_KEY);
    setProperty("aws.sharedCredentialsFile", tmp.resolve("no-credentials").toString());
    setProperty("aws.configFile", tmp.resolve("no-config").toString());
  }

  @AfterEach
  void restore() {
    for (LoopbackEmr.Request r : emr.requests()) {
      actionsUsed.add(r.target().replace("ElasticMapReduce.", "elasticmapreduce:"));
      if (r.target().equals(RUN_JOB_FLOW) && r.body().contains("\"AutoTerminationPolicy\"")) {
        // A cluster created with an idle timeout needs this beside RunJobFlow.
        actionsUsed.add("elasticmapreduce:PutAutoTerminationPolicy");
      }
    }
    emr.close();
    savedProperties.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    savedProperties.clear();
  }

  private void setProperty(String key, String value) {
    savedProperties.putIfAbsent(key, System.getProperty(key));
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  private LocalCrawl.Run trawl(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--region", "us-east-1", "--endpoint", emr.endpoint().toString(), "--s3-endpoint", s3.endpoint().toString()));
    LocalCrawl.Run run = new LocalCrawl(tmp).trawl(all.toArray(new String[0]));
    System.out.print(run.err());
    return run;
  }

  private static JsonNode body(LoopbackEmr.Request r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  @Test
  void createClusterAsksForACrawlClusterAndPrintsItsId() throws Exception {
    emr.answer(RUN_JOB_FLOW, 200, "{\"JobFlowId\":\"j-TRAWLTEST01\",\"ClusterArn\":\"arn:aws:elasticmapreduce:us-east-1:1:cluster/j-TRAWLTEST01\"}");
    LocalCrawl.Run run = trawl("emr", "create-cluster", "--name", "crawl-a", "--release", "emr-7.12.0",
        "--instance-type", "m6i.xlarge", "--instances", "4", "--log-uri", "s3://crawls/logs/",
        "--bootstrap", "s3://crawls/trawl/crawl-node.sh", "--managed-scaling", "2:10", "--auto-terminate", "--tag", "team=search");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().startsWith("j-TRAWLTEST01\n"), run.out());

    List<LoopbackEmr.Request> sent = emr.requests();
    assertEquals(1, sent.size());
    assertEquals(RUN_JOB_FLOW, sent.get(0).target());
    assertEquals("POST", sent.get(0).method());
    assertEquals(LoopbackEmr.CONTENT_TYPE, sent.get(0).contentType());
    JsonNode r = body(sent.get(0));
    assertEquals("crawl-a", r.path("Name").asText());
    assertEquals("emr-7.12.0", r.path("ReleaseLabel").asText());
    assertEquals("s3://crawls/logs/", r.path("LogUri").asText());
    JsonNode groups = r.path("Instances").path("InstanceGroups");
    assertEquals("MASTER", groups.get(0).path("InstanceRole").asText());
    assertEquals(1, groups.get(0).path("InstanceCount").asInt());
    assertEquals("CORE", groups.get(1).path("InstanceRole").asText());
    assertEquals(3, groups.get(1).path("InstanceCount").asInt());
    assertEquals("m6i.xlarge", groups.get(1).path("InstanceType").asText());
    assertFalse(r.path("Instances").path("KeepJobFlowAliveWhenNoSteps").asBoolean(true), "--auto-terminate");
    assertEquals("s3://crawls/trawl/crawl-node.sh", r.path("BootstrapActions").get(0).path("ScriptBootstrapAction").path("Path").asText());
    assertEquals(List.of("Hadoop", "Hive"), r.path("Applications").findValuesAsText("Name"));
    JsonNode limits = r.path("ManagedScalingPolicy").path("ComputeLimits");
    assertEquals(2, limits.path("MinimumCapacityUnits").asInt());
    assertEquals(10, limits.path("MaximumCapacityUnits").asInt());
    assertEquals("Instances", limits.path("UnitType").asText());
    assertTrue(r.path("Tags").toString().contains("{\"Key\":\"team\",\"Value\":\"search\"}"), r.path("Tags").toString());
    assertEquals(3600, r.path("AutoTerminationPolicy").path("IdleTimeout").asLong(), "a cluster ends itself after an idle hour by default");
    assertEquals("ON_DEMAND", groups.get(1).path("Market").asText(), "core nodes (HDFS, shuffle) on demand");
    assertEquals(2, groups.size(), "no task group unless asked for");

    // The classifications are emr-bootstrap/configurations.json, as shipped.
    JsonNode shipped = JSON.readTree(Path.of("../emr-bootstrap/configurations.json").toFile());
    assertEquals(shipped, r.path("Configurations"));
    JsonNode mapred = r.path("Configurations").get(0);
    assertEquals("mapred-site", mapred.path("Classification").asText());
    assertEquals("false", mapred.path("Properties").path("mapreduce.map.speculative").asText(), "a duplicate fetch task would hit hosts twice");
  }

  @Test
  void aSpotClusterOfSeveralTypesAsksForInstanceFleetsWithOnDemandFallbackAndAnIdleTimeout() throws Exception {
    emr.answer(RUN_JOB_FLOW, 200, "{\"JobFlowId\":\"j-TRAWLSPOT01\"}");
    LocalCrawl.Run run = trawl("emr", "create-cluster", "--instance-type", "m7g.xlarge, m6g.xlarge,m6i.xlarge", "--instances", "3",
        "--task-instances", "8", "--spot", "--idle-timeout", "30m", "--managed-scaling", "3:20",
        "--log-uri", "s3://crawls/logs/", "--bootstrap", "s3://crawls/trawl/crawl-node.sh");
    assertEquals(0, run.exit(), run.err());
    JsonNode r = body(emr.requests(RUN_JOB_FLOW).get(0));
    assertTrue(r.path("Instances").path("InstanceGroups").isMissingNode(), "fleets, not groups: " + r.path("Instances"));
    JsonNode fleets = r.path("Instances").path("InstanceFleets");
    assertEquals(3, fleets.size());
    List<String> types = List.of("m7g.xlarge", "m6g.xlarge", "m6i.xlarge");
    for (JsonNode fleet : fleets) {
      assertEquals(types, fleet.path("InstanceTypeConfigs").findValuesAsText("InstanceType"), "every fleet may take any of the types");
    }
    assertEquals("MASTER", fleets.get(0).path("InstanceFleetType").asText());
    assertEquals(1, fleets.get(0).path("TargetOnDemandCapacity").asInt());
    assertEquals("CORE", fleets.get(1).path("InstanceFleetType").asText());
    assertEquals(2, fleets.get(1).path("TargetOnDemandCapacity").asInt());
    assertTrue(fleets.get(1).path("TargetSpotCapacity").isMissingNode(), "core nodes hold HDFS and the shuffle: on demand");
    JsonNode task = fleets.get(2);
    assertEquals("TASK", task.path("InstanceFleetType").asText());
    assertEquals(8, task.path("TargetSpotCapacity").asInt());
    JsonNode spot = task.path("LaunchSpecifications").path("SpotSpecification");
    // The API's own spellings on the wire.
    assertEquals("capacity-optimized", spot.path("AllocationStrategy").asText());
    assertEquals("lowest-price", task.path("LaunchSpecifications").path("OnDemandSpecification").path("AllocationStrategy").asText(),
        "the fallback on demand takes the cheapest type");
    assertEquals("SWITCH_TO_ON_DEMAND", spot.path("TimeoutAction").asText());
    assertEquals(10, spot.path("TimeoutDurationMinutes").asInt());
    assertEquals(1800, r.path("AutoTerminationPolicy").path("IdleTimeout").asLong());
    assertEquals("InstanceFleetUnits", r.path("ManagedScalingPolicy").path("ComputeLimits").path("UnitType").asText());
  }

  @Test
  void spotTaskNodesOfOneTypeAreASpotInstanceGroupBesideOnDemandCoreNodes() throws Exception {
    emr.answer(RUN_JOB_FLOW, 200, "{\"JobFlowId\":\"j-TRAWLSPOT02\"}");
    LocalCrawl.Run run = trawl("emr", "create-cluster", "--instance-type", "m7g.2xlarge", "--instances", "2",
        "--task-instances", "5", "--spot", "--idle-timeout", "none",
        "--log-uri", "s3://crawls/logs/", "--bootstrap", "s3://crawls/trawl/crawl-node.sh");
    assertEquals(0, run.exit(), run.err());
    JsonNode r = body(emr.requests(RUN_JOB_FLOW).get(0));
    JsonNode groups = r.path("Instances").path("InstanceGroups");
    assertEquals(List.of("MASTER", "CORE", "TASK"), groups.findValuesAsText("InstanceRole"));
    assertEquals(List.of("ON_DEMAND", "ON_DEMAND", "SPOT"), groups.findValuesAsText("Market"));
    assertEquals(5, groups.get(2).path("InstanceCount").asInt());
    assertTrue(groups.get(2).path("BidPrice").isMissingNode(), "no bid: EMR pays at most the on-demand price");
    assertTrue(r.path("AutoTerminationPolicy").isMissingNode(), "--idle-timeout none: no policy");
    assertTrue(r.path("Instances").path("KeepJobFlowAliveWhenNoSteps").asBoolean());

    LocalCrawl.Run bad = trawl("emr", "create-cluster", "--idle-timeout", "90",
        "--log-uri", "s3://crawls/logs/", "--bootstrap", "s3://crawls/trawl/crawl-node.sh");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--idle-timeout 90: a duration needs a unit"), bad.err());
    assertEquals(1, emr.requests(RUN_JOB_FLOW).size(), "nothing sent for a bad request");
  }

  @Test
  void submitUploadsTheJarAndSeedsThenAddsAnInjectStepAndOneStepPerRound() throws Exception {
    emr.answer(ADD_STEPS, 200, "{\"StepIds\":[\"s-1\",\"s-2\",\"s-3\",\"s-4\"]}");
    Path jar = Files.writeString(tmp.resolve("trawl-job.jar"), "not really a jar, but bytes to upload");
    Path seeds = Files.writeString(tmp.resolve("seeds.txt"), "https://example.org/\n");
    // Round 1 of this crawl finished earlier: the steps go on from round 2.
    Path rounds = tmp.resolve("s3/crawls/c1/rounds");
    Files.createDirectories(rounds);
    Files.writeString(rounds.resolve("0001.json"), "{\"round\":1}");

    LocalCrawl.Run run = trawl("emr", "submit", "--cluster", "j-TRAWLTEST01", "--crawl", "s3a://crawls/c1", "--jar", jar.toString(),
        "--seeds", seeds.toString(), "--rounds", "3", "--depth", "5", "--max-per-host", "100");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("submitted 4 steps to j-TRAWLTEST01: s-1 s-2 s-3 s-4 (rounds 2 to 4)"), run.out());

    List<Path> staged;
    try (Stream<Path> files = Files.list(tmp.resolve("s3/crawls/c1/_staging"))) {
      staged = files.sorted().toList();
    }
    assertEquals(2, staged.size(), staged.toString());
    String jarKey = staged.stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith("trawl-job-")).findFirst().orElseThrow();
    String seedsKey = staged.stream().map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seeds-")).findFirst().orElseThrow();
    assertEquals(Files.readString(jar), Files.readString(tmp.resolve("s3/crawls/c1/_staging").resolve(jarKey)));

    List<LoopbackEmr.Request> sent = emr.requests();
    assertEquals(1, sent.size());
    assertEquals(ADD_STEPS, sent.get(0).target());
    JsonNode r = body(sent.get(0));
    assertEquals("j-TRAWLTEST01", r.path("JobFlowId").asText());
    JsonNode steps = r.path("Steps");
    assertEquals(4, steps.size());
    for (JsonNode step : steps) {
      assertEquals("CANCEL_AND_WAIT", step.path("ActionOnFailure").asText(), "a failed round stops the rounds after it");
      assertEquals("s3://crawls/c1/_staging/" + jarKey, step.path("HadoopJarStep").path("Jar").asText());
    }
    assertEquals(List.of("inject", "--crawl", "s3a://crawls/c1", "--seeds", "s3://crawls/c1/_staging/" + seedsKey,
            "--depth", "5", "--max-per-host", "100"),
        texts(steps.get(0).path("HadoopJarStep").path("Args")));
    for (int i = 1; i <= 3; i++) {
      assertEquals("trawl round " + (i + 1) + " of s3a://crawls/c1", steps.get(i).path("Name").asText());
      assertEquals(List.of("round", "--crawl", "s3a://crawls/c1", "--round", Integer.toString(i + 1), "--depth", "5", "--max-per-host", "100"),
          texts(steps.get(i).path("HadoopJarStep").path("Args")));
    }

    // Submitting again uploads nothing new: the staged files are named by content.
    LocalCrawl.Run again = trawl("emr", "submit", "--cluster", "j-TRAWLTEST01", "--crawl", "s3a://crawls/c1", "--jar", jar.toString(),
        "--rounds", "1");
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.out().contains("is already at s3://crawls/c1/_staging/" + jarKey), again.out());
  }

  @Test
  void dryRunPrintsTheRequestAndTheAwsCliLineAndSendsNothing() throws Exception {
    LocalCrawl.Run run = trawl("emr", "submit", "--dry-run", "--cluster", "j-TRAWLTEST01", "--crawl", "s3://crawls/c2",
        "--jar", "s3://crawls/jars/trawl-job.jar", "--seeds", "s3://crawls/seeds.txt", "--rounds", "2", "--first-round", "1");
    assertEquals(0, run.exit(), run.err());
    assertTrue(emr.requests().isEmpty(), "a dry run sends nothing");
    String out = run.out();
    assertTrue(out.contains("X-Amz-Target: " + ADD_STEPS), out);
    String json = out.substring(out.indexOf('{'), out.indexOf("\nthe same with the AWS CLI:"));
    JsonNode request = JSON.readTree(json);
    assertEquals("j-TRAWLTEST01", request.path("JobFlowId").asText());
    assertEquals(3, request.path("Steps").size());
    assertEquals(List.of("round", "--crawl", "s3://crawls/c2", "--round", "2"), texts(request.path("Steps").get(2).path("HadoopJarStep").path("Args")));
    String cli = out.substring(out.indexOf("aws emr add-steps")).strip();
    assertTrue(cli.startsWith("aws emr add-steps --cluster-id j-TRAWLTEST01 --steps '[{\"Type\":\"CUSTOM_JAR\",\"Name\":\"trawl inject s3://crawls/c2\""), cli);
    assertTrue(cli.contains("\"ActionOnFailure\":\"CANCEL_AND_WAIT\",\"Jar\":\"s3://crawls/jars/trawl-job.jar\""), cli);
  }

  @Test
  void crawlSettingsFlagsReachEachRoundStepAsTheRoundTakesThem() throws Exception {
    LocalCrawl.Run run = trawl("emr", "submit", "--dry-run", "--cluster", "j-TRAWLTEST01", "--crawl", "s3://crawls/c3",
        "--jar", "s3://crawls/jars/trawl-job.jar", "--rounds", "1", "--first-round", "1", "--require-date", "--time-limit", "2h");
    assertEquals(0, run.exit(), run.err());
    String out = run.out();
    JsonNode request = JSON.readTree(out.substring(out.indexOf('{'), out.indexOf("\nthe same with the AWS CLI:")));
    // --require-date takes no value: a step given "--require-date true" would fail on the cluster.
    assertEquals(List.of("round", "--crawl", "s3://crawls/c3", "--round", "1", "--time-limit", "2h", "--require-date"),
        texts(request.path("Steps").get(0).path("HadoopJarStep").path("Args")));
  }

  @Test
  void statusListsTheStepsInOrderAndTheCrawlsFinishedRounds() throws Exception {
    emr.answer("ElasticMapReduce.DescribeCluster", 200, """
        {"Cluster":{"Id":"j-TRAWLTEST01","Name":"crawl-a","ReleaseLabel":"emr-7.12.0",
         "Status":{"State":"WAITING","StateChangeReason":{"Message":"Cluster ready to run steps."}}}}""");
    emr.answer("ElasticMapReduce.ListSteps", 200, """
        {"Steps":[
          {"Id":"s-3","Name":"trawl round 2 of s3://crawls/c3","Status":{"State":"RUNNING","Timeline":{"StartDateTime":1.7999999E9}}},
          {"Id":"s-2","Name":"trawl round 1 of s3://crawls/c3","Status":{"State":"COMPLETED","Timeline":{"StartDateTime":1.7999E9,"EndDateTime":1.79995E9}}},
          {"Id":"s-1","Name":"trawl inject s3://crawls/c3","Status":{"State":"COMPLETED","Timeline":{"StartDateTime":1.7998E9,"EndDateTime":1.7998E9}}}]}""");
    // Three instances since three hours ago, one of them ended after an hour.
    double now = System.currentTimeMillis() / 1000.0;
    emr.answer("ElasticMapReduce.ListInstances", 200, """
        {"Instances":[
          {"Id":"ci-1","Status":{"State":"RUNNING","Timeline":{"CreationDateTime":%1$s}}},
          {"Id":"ci-2","Status":{"State":"RUNNING","Timeline":{"CreationDateTime":%1$s}}},
          {"Id":"ci-3","Status":{"State":"TERMINATED","Timeline":{"CreationDateTime":%1$s,"EndDateTime":%2$s}}}]}"""
        .formatted(now - 3 * 3600, now - 2 * 3600));
    Path rounds = tmp.resolve("s3/crawls/c3/rounds");
    Files.createDirectories(rounds);
    Files.writeString(rounds.resolve("0001.json"), """
        {"round":1,"seconds":12.5,"counters":{"REQUESTS":40,"FETCHED":38,"REDIRECTS":1,"ROBOTS_DENIED":1,"FAILED":0,"NEW_URLS":120,"FRONTIER_NEXT":120}}""");

    LocalCrawl.Run run = trawl("emr", "status", "--cluster", "j-TRAWLTEST01", "--crawl", "s3://crawls/c3");
    assertEquals(0, run.exit(), run.err());
    String out = run.out();
    assertTrue(out.contains("cluster j-TRAWLTEST01 \"crawl-a\": WAITING (Cluster ready to run steps.), emr-7.12.0"), out);
    assertTrue(out.indexOf("s-1") < out.indexOf("s-2") && out.indexOf("s-2") < out.indexOf("s-3"), "oldest step first: " + out);
    assertTrue(out.matches("(?s).*s-2 +COMPLETED +2027-01-14T\\S+ +2027-01-14T\\S+ +trawl round 1 of s3://crawls/c3.*"), out);
    assertTrue(out.matches("(?s).*s-3 +RUNNING +\\S+ +- +trawl round 2.*"), out);
    assertTrue(out.contains("finished rounds of s3://crawls/c3:"), out);
    assertTrue(out.lines().anyMatch(l -> l.trim().startsWith("1 ") && l.contains("40") && l.contains("12.5")), out);
    // The hours come from EMR's instance list: 1 h of the ended instance, and 3 h of each running one.
    Matcher held = Pattern.compile("machines: 2 instances running, ([\\d.]+) instance-hours held so far by 3 instances "
        + "\\(from EMR's instance list\\)").matcher(out);
    assertTrue(held.find(), out);
    assertEquals(7, Double.parseDouble(held.group(1)), 0.02);
    // No step running, the last ended at lastEnd: idle since then, two instances held.
    Matcher idle = Pattern.compile("idle: no step has run since 2027-01-14T\\S+ \\(([\\d.]+) h\\): ([\\d.]+) instance-hours held")
        .matcher(out);
    assertFalse(idle.find(), "a step is running: the cluster is not idle: " + out);
    assertTrue(out.contains("idle timeout: none: the cluster waits for steps until it is terminated"), out);
    assertEquals(List.of("ElasticMapReduce.DescribeCluster", "ElasticMapReduce.ListSteps", "ElasticMapReduce.GetAutoTerminationPolicy",
            "ElasticMapReduce.ListInstances"),
        emr.requests().stream().map(LoopbackEmr.Request::target).toList());
  }

  @Test
  void aClusterWaitingAfterItsLastStepSaysHowLongItHasHeldMachinesForNothing() throws Exception {
    emr.answer("ElasticMapReduce.DescribeCluster", 200, """
        {"Cluster":{"Id":"j-TRAWLTEST01","Name":"crawl-a","ReleaseLabel":"emr-7.12.0","NormalizedInstanceHours":48,
         "Status":{"State":"WAITING","StateChangeReason":{"Message":"Cluster ready to run steps."}}}}""");
    double now = System.currentTimeMillis() / 1000.0;
    // The last step ended two hours ago; the cluster's three instances have run since four hours ago.
    emr.answer("ElasticMapReduce.ListSteps", 200, """
        {"Steps":[{"Id":"s-1","Name":"trawl round 1 of s3://crawls/c5","Status":{"State":"COMPLETED",
          "Timeline":{"StartDateTime":%s,"EndDateTime":%s}}}]}""".formatted(now - 3 * 3600, now - 2 * 3600));
    emr.answer("ElasticMapReduce.ListInstances", 200, """
        {"Instances":[
          {"Id":"ci-1","Status":{"State":"RUNNING","Timeline":{"CreationDateTime":%1$s}}},
          {"Id":"ci-2","Status":{"State":"RUNNING","Timeline":{"CreationDateTime":%1$s}}},
          {"Id":"ci-3","Market":"SPOT","Status":{"State":"RUNNING","Timeline":{"CreationDateTime":%1$s}}}]}""".formatted(now - 4 * 3600));
    emr.answer("ElasticMapReduce.GetAutoTerminationPolicy", 200, "{\"AutoTerminationPolicy\":{\"IdleTimeout\":10800}}");
    String out = trawl("emr", "status", "--cluster", "j-TRAWLTEST01").out();
    assertTrue(out.contains("idle timeout: 3.00 h: EMR ends the cluster after that long with no step"), out);
    Matcher held = Pattern.compile("machines: 3 instances running \\(1 on spot\\), ([\\d.]+) instance-hours held so far by 3 instances "
        + "\\(from EMR's instance list\\); EMR's normalized instance-hours: 48").matcher(out);
    assertTrue(held.find(), out);
    assertEquals(12, Double.parseDouble(held.group(1)), 0.02);
    Matcher idle = Pattern.compile("idle: no step has run since \\S+ \\(([\\d.]+) h\\): ([\\d.]+) instance-hours held with nothing "
        + "running; EMR ends the cluster at (\\S+) unless a step comes").matcher(out);
    assertTrue(idle.find(), out);
    assertEquals(2, Double.parseDouble(idle.group(1)), 0.02);
    assertEquals(6, Double.parseDouble(idle.group(2)), 0.05);
    long endsIn = java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(idle.group(3))).toMinutes();
    assertTrue(endsIn >= 58 && endsIn <= 61, "three idle hours allowed, two gone: it ends in an hour, not " + endsIn + " minutes");
  }

  @Test
  void withoutCredentialsNothingIsSentAndTheErrorSaysWhatToDo() throws Exception {
    setProperty("aws.accessKeyId", null);
    setProperty("aws.secretAccessKey", null);
    LocalCrawl.Run run = trawl("emr", "status", "--cluster", "j-TRAWLTEST01");
    assertNotEquals(0, run.exit());
    assertTrue(run.err().contains("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"), run.err());
    assertTrue(emr.requests().isEmpty(), "no request without credentials");
  }

  @Test
  void anUnknownClusterGivesTheApisMessageAndWhatToCheck() throws Exception {
    emr.answer(ADD_STEPS, 400, "{\"__type\":\"InvalidRequestException\",\"ErrorCode\":\"NoSuchCluster\",\"Message\":\"Cluster id 'j-NOPE' is not valid.\"}");
    LocalCrawl.Run run = trawl("emr", "submit", "--cluster", "j-NOPE", "--crawl", "s3://crawls/c4", "--jar", "s3://crawls/jars/trawl-job.jar", "--rounds", "1");
    assertEquals(1, run.exit(), run.out());
    assertTrue(run.err().contains("EMR refused the request: Cluster id 'j-NOPE' is not valid. (InvalidRequestException, HTTP 400)"), run.err());
    assertTrue(run.err().contains("check the cluster id ('aws emr list-clusters --active') and the region (us-east-1)"), run.err());
    assertEquals(1, emr.requests().size(), "a client error is not retried");
  }

  @Test
  void throttlingIsRetriedByTheSdk() throws Exception {
    emr.answerNext(ADD_STEPS, 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
    emr.answer(ADD_STEPS, 200, "{\"StepIds\":[\"s-9\"]}");
    LocalCrawl.Run run = trawl("emr", "submit", "--cluster", "j-TRAWLTEST01", "--crawl", "s3://crawls/c5",
        "--jar", "s3://crawls/jars/trawl-job.jar", "--rounds", "1");
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("submitted 1 steps to j-TRAWLTEST01: s-9"), run.out());
    assertEquals(2, emr.requests(ADD_STEPS).size(), "throttled once, then retried");
    assertEquals(emr.requests().get(0).body(), emr.requests().get(1).body(), "the retry is the same request");
  }
}
