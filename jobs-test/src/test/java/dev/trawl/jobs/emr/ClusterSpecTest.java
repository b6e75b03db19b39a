package dev.trawl.jobs.emr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;

class ClusterSpecTest {
  private static ClusterSpec spec(String release, int instances, String logUri, String bootstrap, int[] scaling) {
    return new ClusterSpec("c", release, new ClusterSpec.Nodes(List.of("m5.xlarge"), instances, 0, false), logUri, bootstrap,
        List.of(), scaling, false, null, "EMR_DefaultRole", "EMR_EC2_DefaultRole", null, null, Map.of());
  }

  @Test
  void aSingleNodeClusterHasOnlyThePrimaryGroupAndWaitsForSteps() throws Exception {
    RunJobFlowRequest r = spec("emr-7.12.0", 1, "s3://b/logs/", "s3://b/crawl-node.sh", null).toRequest(NodeConfigurations.read(null));
    assertEquals(1, r.instances().instanceGroups().size());
    assertTrue(r.instances().keepJobFlowAliveWhenNoSteps());
    assertEquals(1, r.stepConcurrencyLevel(), "rounds run one after another");
    assertTrue(r.configurations().stream().anyMatch(c -> c.classification().equals("mapred-site")));
  }

  @Test
  void whatCannotWorkIsRefusedWithWhatToDo() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("emr-6.15.0", 3, "s3://b/l/", "s3://b/x.sh", null))
        .getMessage().contains("trawl needs EMR 7"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("emr-7.12.0", 3, "hdfs:///logs", "s3://b/x.sh", null))
        .getMessage().contains("step logs must go to S3"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("emr-7.12.0", 3, "s3://b/l/", "emr-bootstrap/crawl-node.sh", null))
        .getMessage().contains("aws s3 cp emr-bootstrap/crawl-node.sh"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> spec("emr-7.12.0", 3, "s3://b/l/", "s3://b/x.sh", new int[] {5, 2}))
        .getMessage().contains("MIN:MAX"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterSpec.scaling("ten"))
        .getMessage().contains("e.g. 2:10"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClusterSpec.Nodes(List.of("m5.xlarge"), 3, 0, true))
        .getMessage().contains("--task-instances N"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClusterSpec.Nodes(List.of("m5.xlarge", "m7g xlarge"), 3, 2, true))
        .getMessage().contains("m7g xlarge is not an EC2 instance type"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ClusterSpec("c", "emr-7.12.0",
        new ClusterSpec.Nodes(List.of("m5.xlarge"), 3, 0, false), "s3://b/l/", "s3://b/x.sh", List.of(), null, false,
        java.time.Duration.ofSeconds(30), "r", "p", null, null, Map.of())).getMessage().contains("1 minute to 7 days"));
  }

  @Test
  void s3LocationsAcceptS3aAndNameTheirBucketAndKey() {
    S3Location l = S3Location.parse("s3a://my-crawls/crawls/c1/");
    assertEquals(new S3Location("my-crawls", "crawls/c1"), l);
    assertEquals("s3://my-crawls/crawls/c1/rounds/0001.json", l.resolve("rounds/0001.json").toString());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3:///key")).getMessage().contains("names no bucket"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> S3Location.parse("/tmp/x")).getMessage().contains("not an S3 location"));
  }
}
