package io.partita.state.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import io.partita.state.RunOptions;
import io.partita.state.RunSelection;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON columns: run options and snapshot files. Field names are snake_case and stable, since
 * other tools may read the database.
 */
final class JsonCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, String>> FILES = new TypeReference<>() {};

  private JsonCodec() {}

  static String writeOptions(RunOptions options) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("assets", options.assets());
    node.put("partitions", options.partitions());
    node.put("max_parallel", options.maxParallel());
    node.put("write_mode", options.writeMode().orElse(null));
    node.put("retries", options.retries().orElse(null));
    node.put("order", options.order());
    node.put("reprocess", options.reprocess());
    node.put("publish", options.publish());
    node.put("target", options.target());
    return node.toString();
  }

  static RunOptions readOptions(String json, String runId) {
    try {
      JsonNode node = MAPPER.readTree(json);
      return new RunOptions(
          new RunSelection(
              text(node, "assets").orElse(null),
              text(node, "partitions").orElse(null),
              text(node, "reprocess").orElse(null),
              text(node, "target").orElse(null)),
          node.path("max_parallel").asInt(),
          text(node, "order").orElse(null),
          text(node, "write_mode"),
          node.hasNonNull("retries") ? Optional.of(node.get("retries").asInt()) : Optional.empty(),
          text(node, "publish").orElse(null));
    } catch (JsonProcessingException e) {
      throw PartitaException.internal("Could not read the stored options of run " + runId, e);
    }
  }

  static String writeFiles(Map<String, String> files) {
    try {
      return MAPPER.writeValueAsString(files);
    } catch (JsonProcessingException e) {
      throw PartitaException.internal("Could not encode snapshot files as JSON", e);
    }
  }

  static Map<String, String> readFiles(String json, String hash) {
    try {
      return MAPPER.readValue(json, FILES);
    } catch (JsonProcessingException e) {
      throw PartitaException.internal("Could not read the stored files of snapshot " + hash, e);
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}
