package dev.trawl.jobs.emr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.emr.model.Configuration;

/**
 * The cluster's configuration classifications (mapred-site, yarn-site, ...), kept in
 * {@code emr-bootstrap/configurations.json} in the format the EMR console and CLI take, and shipped
 * in the job jar so create-cluster needs no checkout.
 */
public final class NodeConfigurations {
  /** Where the jar carries emr-bootstrap/. */
  public static final String RESOURCE = "/emr-bootstrap/configurations.json";

  private NodeConfigurations() {}

  /** Reads {@code file}, or the copy in the jar when null. */
  public static List<Configuration> read(Path file) throws IOException {
    JsonNode doc;
    if (file != null) {
      try (InputStream in = Files.newInputStream(file)) {
        doc = new ObjectMapper().readTree(in);
      }
    } else {
      try (InputStream in = NodeConfigurations.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IOException(RESOURCE + " is missing from the job jar");
        }
        doc = new ObjectMapper().readTree(in);
      }
    }
    String source = file != null ? file.toString() : "the bundled " + RESOURCE.substring(1);
    if (!doc.isArray()) {
      throw new IllegalArgumentException(source + ": expected a JSON list of {\"Classification\": ..., \"Properties\": {...}}");
    }
    return list(doc, source);
  }

  private static List<Configuration> list(JsonNode array, String source) {
    List<Configuration> configurations = new ArrayList<>();
    for (JsonNode c : array) {
      String classification = c.path("Classification").asText("");
      if (classification.isEmpty()) {
        throw new IllegalArgumentException(source + ": every configuration needs a \"Classification\"");
      }
      Map<String, String> properties = new LinkedHashMap<>();
      c.path("Properties").fields().forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
      Configuration.Builder b = Configuration.builder().classification(classification);
      if (!properties.isEmpty()) {
        b.properties(properties);
      }
      if (c.has("Configurations")) {
        b.configurations(list(c.get("Configurations"), source));
      }
      configurations.add(b.build());
    }
    return configurations;
  }
}
