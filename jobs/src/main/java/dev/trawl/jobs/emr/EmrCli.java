package dev.trawl.jobs.emr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.jobs.options.Args;
import dev.trawl.jobs.options.CrawlFlags;
import dev.trawl.jobs.options.NearestName;
import dev.trawl.round.CrawlLayout;
import dev.trawl.settings.TrawlSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code trawl emr create-cluster | submit | status}: options in, EMR requests out. */
public final class EmrCli {
  public static final String USAGE = """
      trawl emr create-cluster --log-uri s3://... --bootstrap s3://.../crawl-node.sh
                 [--name N] [--release emr-7.12.0] [--instance-type m5.xlarge[,TYPE...]] [--instances 3]
                 [--task-instances N [--spot]] [--idle-timeout 1h|none]
                 [--managed-scaling MIN:MAX] [--auto-terminate] [--service-role R]
                 [--instance-profile P] [--subnet ID] [--key-name K] [--tag K=V]...
                 [--configurations FILE] [--dry-run]
                                                     start a crawl cluster on EMR; prints its id.
                                                     Several instance types: instance fleets (EMR takes
                                                     whichever has capacity). --spot: task nodes on spot
                                                     (fleets: capacity-optimised, on demand after 10
                                                     minutes without). Core nodes stay on demand. The
                                                     cluster ends itself after --idle-timeout with no step
      trawl emr submit --cluster j-... --crawl s3a://... --jar FILE|s3://... --rounds N
                 [--seeds FILE|s3://...] [--first-round N] [crawl settings] [--dry-run]
                                                     an inject step (with --seeds), one step per round
      trawl emr status --cluster j-... [--crawl s3a://...]
                                                     steps with state and times; the crawl's rounds
      emr options: --region R  --profile P  --endpoint URL (EMR)  --s3-endpoint URL
                   (default: the AWS SDK's chains: environment, ~/.aws profiles)
      Crawl settings go to submit as flags (--depth, --delay, ...: see trawl crawl --help); each round's
      step passes them on.
      """;
  private static final Set<String> AWS = Set.of("region", "profile", "endpoint", "s3-endpoint");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  public EmrCli(PrintStream out) {
    this.out = out;
  }

  public void run(List<String> argv) throws IOException {
    if (argv.isEmpty()) {
      throw new Args.UsageException("emr needs a subcommand: create-cluster, submit or status");
    }
    if (argv.contains("--help") || argv.contains("-h")) {
      out.print("usage: " + USAGE);
      return;
    }
    String sub = argv.get(0);
    List<String> rest = argv.subList(1, argv.size());
    try {
      switch (sub) {
        case "create-cluster" -> createCluster(rest);
        case "submit" -> submit(rest);
        case "status" -> status(rest);
        default -> throw new Args.UsageException("unknown emr subcommand '" + sub + "'"
            + NearestName.hint(sub, List.of("create-cluster", "submit", "status"), "") + " (create-cluster, submit, status)");
      }
    } catch (AwsServiceException e) {
      throw new IOException(EmrErrors.explain(e, region));
    } catch (SdkClientException e) {
      throw new IOException(EmrErrors.explain(e));
    }
  }

  private String region = "(the default region)";

  private Args parse(List<String> rest, Set<String> withValue, Set<String> flags) {
    Set<String> names = new HashSet<>(withValue);
    names.addAll(AWS);
    Args a = Args.parse(rest, names, flags, 0);
    if (!a.generic().isEmpty()) {
      // The steps run on the cluster with their own configuration: a -D here would reach no round.
      throw new Args.UsageException("Hadoop generic options (" + a.generic().get(0) + " " + a.generic().get(1) + ") do not reach "
          + "the cluster's steps: give crawl settings to emr submit as flags (--delay 0.5, --depth 3, ...)");
    }
    return a;
  }

  private AwsAccess aws(Args a) {
    AwsAccess access = new AwsAccess(a.get("region"), a.get("profile"), uri(a, "endpoint"), uri(a, "s3-endpoint"));
    if (a.has("region")) {
      region = a.get("region");
    }
    return access;
  }

  private static URI uri(Args a, String name) {
    if (!a.has(name)) {
      return null;
    }
    try {
      URI u = URI.create(a.get(name));
      if (u.getScheme() != null && u.getHost() != null) {
        return u;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    throw new Args.UsageException("--" + name + " takes a URL such as https://elasticmapreduce.us-east-1.amazonaws.com, not '" + a.get(name) + "'");
  }

  private void createCluster(List<String> rest) throws IOException {
    Args a = parse(rest, Set.of("name", "release", "instance-type", "instances", "task-instances", "idle-timeout", "log-uri",
        "bootstrap", "bootstrap-arg", "managed-scaling", "service-role", "instance-profile", "subnet", "key-name", "tag",
        "configurations"), Set.of("spot", "auto-terminate", "dry-run"));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("trawl", "crawl");
    for (String tag : a.all("tag")) {
      int eq = tag.indexOf('=');
      if (eq < 1) {
        throw new Args.UsageException("--tag takes KEY=VALUE, not '" + tag + "'");
      }
      tags.put(tag.substring(0, eq), tag.substring(eq + 1));
    }
    ClusterSpec.Nodes nodes = new ClusterSpec.Nodes(
        List.of((a.has("instance-type") ? a.get("instance-type") : "m5.xlarge").split("\\s*,\\s*")),
        a.intValue("instances", 3), a.intValue("task-instances", 0), a.has("spot"));
    ClusterSpec spec = new ClusterSpec(a.has("name") ? a.get("name") : "trawl", a.has("release") ? a.get("release") : "emr-7.12.0",
        nodes, a.required("log-uri"), a.required("bootstrap"), a.all("bootstrap-arg"),
        a.has("managed-scaling") ? ClusterSpec.scaling(a.get("managed-scaling")) : null, a.has("auto-terminate"),
        idleTimeout(a.has("idle-timeout") ? a.get("idle-timeout") : DEFAULT_IDLE_TIMEOUT),
        a.has("service-role") ? a.get("service-role") : "EMR_DefaultRole",
        a.has("instance-profile") ? a.get("instance-profile") : "EMR_EC2_DefaultRole",
        a.get("subnet"), a.get("key-name"), tags);
    RunJobFlowRequest request = spec.toRequest(NodeConfigurations.read(a.has("configurations") ? Path.of(a.get("configurations")) : null));
    AwsAccess aws = aws(a);
    if (a.has("dry-run")) {
      RequestCapture capture = new RequestCapture();
      try (EmrClient emr = aws.dryRunEmr(capture)) {
        printRequest(capture.call(() -> emr.runJobFlow(request)));
      }
      return;
    }
    try (EmrClient emr = aws.emr()) {
      String id = emr.runJobFlow(request).jobFlowId();
      out.println(id);
      out.println("cluster " + id + " is starting; follow it with: trawl emr status --cluster " + id);
    }
  }

  /** A cluster left waiting for rounds ends itself after this long with no step, unless told otherwise. */
  static final String DEFAULT_IDLE_TIMEOUT = "1h";

  private static Duration idleTimeout(String value) {
    if (value.equals("none")) {
      return null;
    }
    try {
      return TrawlSettings.duration(value);
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--idle-timeout " + value + ": " + e.getMessage() + ", or none");
    }
  }

  private void submit(List<String> rest) throws IOException {
    Set<String> withValue = new HashSet<>(Set.of("cluster", "crawl", "jar", "seeds", "rounds", "first-round", "stage"));
    withValue.addAll(CrawlFlags.withValue());
    Set<String> flags = new HashSet<>(CrawlFlags.flags());
    flags.add("dry-run");
    Args a = parse(rest, withValue, flags);
    // A bad crawl setting is refused here, naming its flag, not by a step on the cluster an hour later.
    Configuration given = new Configuration(false);
    CrawlFlags.apply(a, given);
    CrawlFlags.validate(given);
    String crawlUri = a.required("crawl");
    if (!S3Location.isS3(crawlUri)) {
      throw new Args.UsageException("--crawl " + crawlUri + ": on EMR the crawl lives on S3; write s3a://BUCKET/prefix");
    }
    S3Location crawl = S3Location.parse(crawlUri);
    boolean dryRun = a.has("dry-run");
    AwsAccess aws = aws(a);
    List<String> roundArgs = new ArrayList<>();
    for (String flag : CrawlFlags.withValue()) {
      for (String v : a.all(flag)) {
        roundArgs.add("--" + flag);
        roundArgs.add(v);
      }
    }
    for (String flag : CrawlFlags.flags()) {
      if (a.has(flag)) {
        roundArgs.add("--" + flag);
      }
    }
    boolean needS3 = !dryRun || !a.has("first-round");
    try (S3Client s3 = needS3 ? s3(aws, dryRun) : null) {
      int first = a.has("first-round") ? a.intValue("first-round", 1)
          : new CrawlSummaries(s3, crawl).lastFinishedRound() + 1;
      S3Location stage = a.has("stage") ? S3Location.parse(a.get("stage")) : crawl.resolve(CrawlLayout.STAGING);
      Staging staging = new Staging(dryRun ? null : s3, stage, out);
      String jar = staging.place(a.required("jar"), "--jar");
      String seeds = a.has("seeds") ? staging.place(a.get("seeds"), "--seeds") : null;
      RoundSteps steps = new RoundSteps(a.required("cluster"), crawlUri, jar, seeds, first, a.intValue("rounds", 0), roundArgs);
      if (dryRun) {
        RequestCapture capture = new RequestCapture();
        try (EmrClient emr = aws.dryRunEmr(capture)) {
          printRequest(capture.call(() -> emr.addJobFlowSteps(steps.toRequest())));
        }
        out.println();
        out.println(fetchListsNote(a));
        out.println();
        out.println("the same with the AWS CLI:");
        try {
          out.println(steps.awsCli());
        } catch (Exception e) {
          throw new IOException(e);
        }
        return;
      }
      try (EmrClient emr = aws.emr()) {
        List<String> ids = emr.addJobFlowSteps(steps.toRequest()).stepIds();
        out.printf("submitted %d steps to %s: %s (rounds %d to %d)%n", ids.size(), steps.clusterId(), String.join(" ", ids),
            first, first + steps.rounds() - 1);
        out.println(fetchListsNote(a));
        out.println("follow them with: trawl emr status --cluster " + steps.clusterId() + " --crawl " + crawlUri);
      }
    }
  }

  /** The S3 client of a submit; in a dry run it is needed only to number the rounds. */
  private static S3Client s3(AwsAccess aws, boolean dryRun) {
    try {
      return aws.s3();
    } catch (IllegalArgumentException e) {
      throw dryRun ? new IllegalArgumentException(e.getMessage() + " (a dry run reads the crawl's finished rounds from S3 "
          + "to number the rounds; pass --first-round N to skip that)", e) : e;
    }
  }

  private void status(List<String> rest) throws IOException {
    Args a = parse(rest, Set.of("cluster", "crawl"), Set.of());
    AwsAccess aws = aws(a);
    String cluster = a.required("cluster");
    try (EmrClient emr = aws.emr(); S3Client s3 = a.has("crawl") ? aws.s3() : null) {
      CrawlSummaries crawl = s3 == null ? null : new CrawlSummaries(s3, S3Location.parse(a.get("crawl")));
      new ClusterReport(emr, out).print(cluster, crawl, a.get("crawl"));
    }
  }

  /** How the submitted rounds will be split: the count is chosen by each round, when it starts. */
  private static String fetchListsNote(Args a) {
    return a.has("fetch-lists") && !a.get("fetch-lists").equalsIgnoreCase("auto")
        ? "fetch lists: " + a.get("fetch-lists") + " in every round (--fetch-lists)"
        : "fetch lists: sized to the cluster when each round starts (auto: the map containers its running nodes hold,"
            + " less the application master's), so rounds follow managed scaling; emr status shows each round's count";
  }

  private void printRequest(RequestCapture.Captured request) throws IOException {
    out.println("dry run: nothing was sent. The request, as the SDK would send it:");
    out.println("POST " + request.uri());
    out.println("X-Amz-Target: " + request.target());
    out.println("Content-Type: application/x-amz-json-1.1");
    out.println();
    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(request.body())));
  }
}
