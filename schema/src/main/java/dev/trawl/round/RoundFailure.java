package dev.trawl.round;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * {@code rounds/NNNN.failed.json}: why the last run of a round that has not finished failed, with
 * every attempt YARN failed or killed and its cause, so that {@code status} can name a worker killed
 * for memory after the driver's console is gone. The driver writes it when a round's job fails and
 * removes it when the round finishes.
 *
 * @param round the round
 * @param job the failed job's id
 * @param failed when it failed (ISO-8601)
 * @param why the job's failure note
 * @param attempts the attempts that failed or were killed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoundFailure(int round, String job, String failed, String why, List<RoundResources.Attempt> attempts) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public RoundFailure {
    attempts = attempts == null ? List.of() : attempts;
  }

  public static RoundFailure read(InputStream in) throws IOException {
    return JSON.readValue(in, RoundFailure.class);
  }
}
