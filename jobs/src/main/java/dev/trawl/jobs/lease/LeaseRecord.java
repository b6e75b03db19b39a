package dev.trawl.jobs.lease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * One generation of a crawl root's writer lease, as stored in {@code lease/NNNNNNNNNN.json}: who took
 * it (machine, process, command), when, its last heartbeat, and how it ended. Only its holder
 * rewrites it, except that {@code trawl lease --break} ends it by writing the next generation.
 *
 * @param processStart the holder's process start (epoch millis), so that a reused process id on the
 *     same machine is not taken for the holder
 * @param doing what the holder is doing now ("round 3"), refreshed with each heartbeat
 */
public record LeaseRecord(long generation, State state, String token, String host, long pid, long processStart,
                          String user, String command, String doing, Instant acquired, Instant heartbeat,
                          Duration expiry, Instant ended, String endedBy) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A generation is held until its holder releases it or someone breaks it by writing the next one. */
  public enum State { held, released, broken }

  LeaseRecord beat(Instant now, String doingNow) {
    return new LeaseRecord(generation, state, token, host, pid, processStart, user, command, doingNow, acquired, now,
        expiry, ended, endedBy);
  }

  LeaseRecord end(State how, Instant at, String by) {
    return new LeaseRecord(generation, how, token, host, pid, processStart, user, command, doing, acquired,
        heartbeat, expiry, at, by);
  }

  /** The holder as a person reads it: "trawl crawl ... (round 3) by ann, process 4242 on host-1 since ...". */
  public String holder() {
    return "'" + command + "'" + (doing == null || doing.isEmpty() ? "" : " (" + doing + ")") + " by " + user
        + ", process " + pid + " on " + host + ", since " + acquired;
  }

  byte[] toBytes() {
    ObjectNode n = JSON.createObjectNode();
    n.put("generation", generation);
    n.put("state", state.name());
    n.put("token", token);
    n.put("host", host);
    n.put("pid", pid);
    n.put("process_start", processStart);
    n.put("user", user);
    n.put("command", command);
    n.put("doing", doing);
    n.put("acquired", acquired.toString());
    n.put("heartbeat", heartbeat.toString());
    n.put("expiry_seconds", expiry.toMillis() / 1000.0);
    n.put("ended", ended == null ? null : ended.toString());
    n.put("ended_by", endedBy);
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a lease file; throws {@link IOException} for one that is empty or cut short (a write under way). */
  static LeaseRecord parse(byte[] bytes) throws IOException {
    JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    if (n == null || !n.hasNonNull("token") || !n.hasNonNull("heartbeat")) {
      throw new IOException("not a whole lease record");
    }
    return new LeaseRecord(n.path("generation").asLong(), State.valueOf(n.path("state").asText()),
        n.path("token").asText(), n.path("host").asText(), n.path("pid").asLong(), n.path("process_start").asLong(),
        n.path("user").asText(), n.path("command").asText(), n.path("doing").asText(null),
        Instant.parse(n.path("acquired").asText()), Instant.parse(n.path("heartbeat").asText()),
        Duration.ofMillis(Math.round(n.path("expiry_seconds").asDouble() * 1000)),
        n.hasNonNull("ended") ? Instant.parse(n.path("ended").asText()) : null, n.path("ended_by").asText(null));
  }
}
