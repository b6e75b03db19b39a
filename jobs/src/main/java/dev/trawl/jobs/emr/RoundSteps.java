package dev.trawl.jobs.emr;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.StepConfig;

/**
 * The steps of {@code emr submit}: an inject step when seeds are given, then one step per round,
 * each running the job jar directly (EMR runs a step's jar with {@code hadoop jar}). Rounds are
 * numbered, so a step is safe to submit again: a finished round is a no-op, an unfinished one runs
 * again. A failed step cancels the steps after it (CANCEL_AND_WAIT): a round builds on the last.
 *
 * @param seeds s3:// seed list, or null
 * @param roundArgs crawl settings passed to every round step (e.g. --depth 3)
 */
public record RoundSteps(String clusterId, String crawl, String jar, String seeds, int firstRound, int rounds,
                         List<String> roundArgs) {
  public RoundSteps {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, not " + rounds);
    }
    if (!clusterId.startsWith("j-")) {
      throw new IllegalArgumentException("--cluster " + clusterId + ": an EMR cluster id looks like j-1ABCDEFGHIJKL");
    }
  }

  public List<StepConfig> steps() {
    List<StepConfig> steps = new ArrayList<>();
    if (seeds != null) {
      // The bounds go with the seeds: the inject that creates the crawl records them in crawl.json.
      List<String> args = new ArrayList<>(List.of("inject", "--crawl", crawl, "--seeds", seeds));
      args.addAll(roundArgs);
      steps.add(step("trawl inject " + crawl, args));
    }
    for (int r = firstRound; r < firstRound + rounds; r++) {
      List<String> args = new ArrayList<>(List.of("round", "--crawl", crawl, "--round", Integer.toString(r)));
      args.addAll(roundArgs);
      steps.add(step("trawl round " + r + " of " + crawl, args));
    }
    return steps;
  }

  public AddJobFlowStepsRequest toRequest() {
    return AddJobFlowStepsRequest.builder().jobFlowId(clusterId).steps(steps()).build();
  }

  private StepConfig step(String name, List<String> args) {
    return StepConfig.builder().name(name).actionOnFailure(ActionOnFailure.CANCEL_AND_WAIT)
        .hadoopJarStep(HadoopJarStepConfig.builder().jar(jar).args(args).build()).build();
  }

  /** The same steps as {@code aws emr add-steps} takes them (its --steps JSON differs from the API's). */
  public String awsCli() throws Exception {
    List<Map<String, Object>> cli = new ArrayList<>();
    for (StepConfig s : steps()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("Type", "CUSTOM_JAR");
      step.put("Name", s.name());
      step.put("ActionOnFailure", s.actionOnFailureAsString());
      step.put("Jar", s.hadoopJarStep().jar());
      step.put("Args", s.hadoopJarStep().args());
      cli.add(step);
    }
    String json = new ObjectMapper().writeValueAsString(cli);
    return "aws emr add-steps --cluster-id " + clusterId + " --steps '" + json.replace("'", "'\\''") + "'";
  }
}
