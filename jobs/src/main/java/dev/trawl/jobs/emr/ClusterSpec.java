package dev.trawl.jobs.emr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.BootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.ComputeLimits;
import software.amazon.awssdk.services.emr.model.ComputeLimitsUnitType;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.ManagedScalingPolicy;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.ScriptBootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.Tag;

/**
 * A crawl cluster as {@code emr create-cluster} asks for it: one primary node and {@code instances-1}
 * core nodes, Hadoop and Hive, trawl's bootstrap action on every node.
 *
 * @param scaling null, or {min, max} instances for EMR managed scaling
 */
public record ClusterSpec(String name, String release, String instanceType, int instances, String logUri,
                          String bootstrap, List<String> bootstrapArgs, int[] scaling, boolean autoTerminate,
                          String serviceRole, String instanceProfile, String subnet, String keyName,
                          Map<String, String> tags) {
  public ClusterSpec {
    if (instances < 1) {
      throw new IllegalArgumentException("--instances must be at least 1 (the primary node), not " + instances);
    }
    if (!release.startsWith("emr-7.")) {
      throw new IllegalArgumentException("--release " + release + ": trawl needs EMR 7 (Hadoop 3.4 on Java 17), e.g. emr-7.12.0");
    }
    if (!S3Location.isS3(logUri)) {
      throw new IllegalArgumentException("--log-uri " + logUri + ": step logs must go to S3 (s3://BUCKET/logs/); node disks vanish with the cluster");
    }
    if (!S3Location.isS3(bootstrap)) {
      throw new IllegalArgumentException("--bootstrap " + bootstrap + ": EMR runs bootstrap actions from S3; upload "
          + "emr-bootstrap/crawl-node.sh (aws s3 cp emr-bootstrap/crawl-node.sh s3://BUCKET/trawl/) and pass its s3:// path");
    }
    if (scaling != null && (scaling[0] < 1 || scaling[1] < scaling[0])) {
      throw new IllegalArgumentException("--managed-scaling " + scaling[0] + ":" + scaling[1] + ": write MIN:MAX with 1 <= MIN <= MAX");
    }
  }

  /** Parses MIN:MAX. */
  public static int[] scaling(String minMax) {
    String[] parts = minMax.split(":");
    try {
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("--managed-scaling takes MIN:MAX instances, e.g. 2:10, not '" + minMax + "'");
  }

  public RunJobFlowRequest toRequest(List<Configuration> configurations) {
    List<InstanceGroupConfig> groups = new ArrayList<>();
    groups.add(InstanceGroupConfig.builder().name("primary").instanceRole(InstanceRoleType.MASTER)
        .instanceType(instanceType).instanceCount(1).build());
    if (instances > 1) {
      groups.add(InstanceGroupConfig.builder().name("core").instanceRole(InstanceRoleType.CORE)
          .instanceType(instanceType).instanceCount(instances - 1).build());
    }
    JobFlowInstancesConfig.Builder nodes = JobFlowInstancesConfig.builder().instanceGroups(groups)
        // Without --auto-terminate the cluster waits for more rounds after the last step.
        .keepJobFlowAliveWhenNoSteps(!autoTerminate);
    if (subnet != null) {
      nodes.ec2SubnetId(subnet);
    }
    if (keyName != null) {
      nodes.ec2KeyName(keyName);
    }
    List<Tag> tagList = new ArrayList<>();
    tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
    RunJobFlowRequest.Builder r = RunJobFlowRequest.builder()
        .name(name)
        .releaseLabel(release)
        .logUri(logUri)
        .instances(nodes.build())
        .applications(Application.builder().name("Hadoop").build(), Application.builder().name("Hive").build())
        .bootstrapActions(BootstrapActionConfig.builder().name("trawl crawl node")
            .scriptBootstrapAction(ScriptBootstrapActionConfig.builder().path(bootstrap).args(bootstrapArgs).build()).build())
        .configurations(configurations)
        .serviceRole(serviceRole)
        .jobFlowRole(instanceProfile)
        // Rounds run one after another: each builds on the last.
        .stepConcurrencyLevel(1)
        .visibleToAllUsers(true)
        .tags(tagList);
    if (scaling != null) {
      r.managedScalingPolicy(ManagedScalingPolicy.builder().computeLimits(ComputeLimits.builder()
          .unitType(ComputeLimitsUnitType.INSTANCES).minimumCapacityUnits(scaling[0]).maximumCapacityUnits(scaling[1]).build()).build());
    }
    return r.build();
  }
}
