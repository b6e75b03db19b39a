package dev.trawl.jobs.emr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.emr.model.Application;
import software.amazon.awssdk.services.emr.model.AutoTerminationPolicy;
import software.amazon.awssdk.services.emr.model.BootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.ComputeLimits;
import software.amazon.awssdk.services.emr.model.ComputeLimitsUnitType;
import software.amazon.awssdk.services.emr.model.Configuration;
import software.amazon.awssdk.services.emr.model.InstanceFleetConfig;
import software.amazon.awssdk.services.emr.model.InstanceFleetProvisioningSpecifications;
import software.amazon.awssdk.services.emr.model.InstanceFleetType;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.InstanceTypeConfig;
import software.amazon.awssdk.services.emr.model.JobFlowInstancesConfig;
import software.amazon.awssdk.services.emr.model.ManagedScalingPolicy;
import software.amazon.awssdk.services.emr.model.MarketType;
import software.amazon.awssdk.services.emr.model.OnDemandProvisioningAllocationStrategy;
import software.amazon.awssdk.services.emr.model.OnDemandProvisioningSpecification;
import software.amazon.awssdk.services.emr.model.RunJobFlowRequest;
import software.amazon.awssdk.services.emr.model.ScriptBootstrapActionConfig;
import software.amazon.awssdk.services.emr.model.SpotProvisioningAllocationStrategy;
import software.amazon.awssdk.services.emr.model.SpotProvisioningSpecification;
import software.amazon.awssdk.services.emr.model.SpotProvisioningTimeoutAction;
import software.amazon.awssdk.services.emr.model.Tag;

/**
 * A crawl cluster as {@code emr create-cluster} asks for it: one primary node, {@code instances-1}
 * core nodes and any task nodes, Hadoop and Hive, trawl's bootstrap action on every node, and an
 * idle timeout after which EMR ends a cluster no step has used.
 *
 * @param scaling null, or {min, max} instances for EMR managed scaling
 * @param idleTimeout how long the cluster may wait with no step before EMR ends it; null: for ever
 */
public record ClusterSpec(String name, String release, Nodes nodes, String logUri, String bootstrap,
                          List<String> bootstrapArgs, int[] scaling, boolean autoTerminate, Duration idleTimeout,
                          String serviceRole, String instanceProfile, String subnet, String keyName,
                          Map<String, String> tags) {
  /** How long EMR looks for spot task capacity before it takes on-demand instead (instance fleets). */
  static final int SPOT_TIMEOUT_MINUTES = 10;
  /** EMR's own bounds on the idle timeout. */
  static final Duration MIN_IDLE = Duration.ofMinutes(1);
  static final Duration MAX_IDLE = Duration.ofDays(7);
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");

  /**
   * The machines: the instance types (one: instance groups; several: instance fleets, which let EMR
   * take whichever type has capacity), primary and core nodes on demand, task nodes on spot or on
   * demand. Core nodes hold HDFS and the shuffle's map output; a lost one costs the work of every task
   * that wrote there, so they are not put on spot. Task nodes hold only fetch tasks and their output
   * until the reducers read it: a lost one costs the tasks YARN then runs again.
   */
  public record Nodes(List<String> types, int instances, int taskInstances, boolean spot) {
    public Nodes {
      types = List.copyOf(types);
      if (types.isEmpty() || types.size() > 30) {
        throw new IllegalArgumentException("--instance-type takes one type, or up to 30 separated by commas for instance fleets, not " + types.size());
      }
      for (String t : types) {
        if (!INSTANCE_TYPE.matcher(t).matches()) {
          throw new IllegalArgumentException("--instance-type " + t + " is not an EC2 instance type such as m7g.xlarge or m6i.2xlarge");
        }
      }
      if (instances < 1) {
        throw new IllegalArgumentException("--instances must be at least 1 (the primary node), not " + instances);
      }
      if (taskInstances < 0) {
        throw new IllegalArgumentException("--task-instances must be 0 or more, not " + taskInstances);
      }
      if (spot && taskInstances == 0) {
        throw new IllegalArgumentException("--spot puts task nodes on spot capacity: give how many with --task-instances N");
      }
    }

    boolean fleets() {
      return types.size() > 1;
    }
  }

  public ClusterSpec {
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
    if (idleTimeout != null && (idleTimeout.compareTo(MIN_IDLE) < 0 || idleTimeout.compareTo(MAX_IDLE) > 0)) {
      throw new IllegalArgumentException("--idle-timeout " + idleTimeout.toMinutes() + " minutes: EMR takes 1 minute to 7 days (or none)");
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
    JobFlowInstancesConfig.Builder machines = nodes.fleets() ? JobFlowInstancesConfig.builder().instanceFleets(fleets())
        : JobFlowInstancesConfig.builder().instanceGroups(groups());
    // Without --auto-terminate the cluster waits for more rounds after the last step (until the idle timeout).
    machines.keepJobFlowAliveWhenNoSteps(!autoTerminate);
    if (subnet != null) {
      machines.ec2SubnetId(subnet);
    }
    if (keyName != null) {
      machines.ec2KeyName(keyName);
    }
    List<Tag> tagList = new ArrayList<>();
    tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
    RunJobFlowRequest.Builder r = RunJobFlowRequest.builder()
        .name(name)
        .releaseLabel(release)
        .logUri(logUri)
        .instances(machines.build())
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
          .unitType(nodes.fleets() ? ComputeLimitsUnitType.INSTANCE_FLEET_UNITS : ComputeLimitsUnitType.INSTANCES)
          .minimumCapacityUnits(scaling[0]).maximumCapacityUnits(scaling[1]).build()).build());
    }
    if (idleTimeout != null) {
      r.autoTerminationPolicy(AutoTerminationPolicy.builder().idleTimeout(idleTimeout.toSeconds()).build());
    }
    return r.build();
  }

  private List<InstanceGroupConfig> groups() {
    String type = nodes.types().get(0);
    List<InstanceGroupConfig> groups = new ArrayList<>();
    groups.add(InstanceGroupConfig.builder().name("primary").instanceRole(InstanceRoleType.MASTER)
        .instanceType(type).instanceCount(1).market(MarketType.ON_DEMAND).build());
    if (nodes.instances() > 1) {
      groups.add(InstanceGroupConfig.builder().name("core").instanceRole(InstanceRoleType.CORE)
          .instanceType(type).instanceCount(nodes.instances() - 1).market(MarketType.ON_DEMAND).build());
    }
    if (nodes.taskInstances() > 0) {
      // No bid price: EMR then pays at most the on-demand price.
      groups.add(InstanceGroupConfig.builder().name("task").instanceRole(InstanceRoleType.TASK)
          .instanceType(type).instanceCount(nodes.taskInstances())
          .market(nodes.spot() ? MarketType.SPOT : MarketType.ON_DEMAND).build());
    }
    return groups;
  }

  private List<InstanceFleetConfig> fleets() {
    List<InstanceTypeConfig> types = nodes.types().stream()
        .map(t -> InstanceTypeConfig.builder().instanceType(t).weightedCapacity(1).build()).toList();
    InstanceFleetProvisioningSpecifications onDemand = InstanceFleetProvisioningSpecifications.builder()
        .onDemandSpecification(OnDemandProvisioningSpecification.builder()
            .allocationStrategy(OnDemandProvisioningAllocationStrategy.LOWEST_PRICE).build()).build();
    List<InstanceFleetConfig> fleets = new ArrayList<>();
    fleets.add(InstanceFleetConfig.builder().name("primary").instanceFleetType(InstanceFleetType.MASTER)
        .targetOnDemandCapacity(1).instanceTypeConfigs(types).launchSpecifications(onDemand).build());
    if (nodes.instances() > 1) {
      fleets.add(InstanceFleetConfig.builder().name("core").instanceFleetType(InstanceFleetType.CORE)
          .targetOnDemandCapacity(nodes.instances() - 1).instanceTypeConfigs(types).launchSpecifications(onDemand).build());
    }
    if (nodes.taskInstances() > 0) {
      InstanceFleetConfig.Builder task = InstanceFleetConfig.builder().name("task").instanceFleetType(InstanceFleetType.TASK)
          .instanceTypeConfigs(types);
      if (nodes.spot()) {
        // Capacity-optimised: the pools least likely to be taken back; on demand if none is found in time.
        task.targetSpotCapacity(nodes.taskInstances()).launchSpecifications(InstanceFleetProvisioningSpecifications.builder()
            .spotSpecification(SpotProvisioningSpecification.builder()
                .allocationStrategy(SpotProvisioningAllocationStrategy.CAPACITY_OPTIMIZED)
                .timeoutDurationMinutes(SPOT_TIMEOUT_MINUTES)
                .timeoutAction(SpotProvisioningTimeoutAction.SWITCH_TO_ON_DEMAND).build())
            .onDemandSpecification(onDemand.onDemandSpecification()).build());
      } else {
        task.targetOnDemandCapacity(nodes.taskInstances()).launchSpecifications(onDemand);
      }
      fleets.add(task.build());
    }
    return fleets;
  }
}
