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
    return new ClusterSpec("c", release, "m5.xlarge", instances, logUri, bootstrap, List.of(), scaling, false,
        "EMR_DefaultRole", "EMR_EC2_DefaultRole", null, null, Map.of());
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
