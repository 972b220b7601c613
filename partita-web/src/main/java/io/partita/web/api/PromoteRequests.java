package io.partita.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.partita.json.JsonOutput;
import io.partita.model.Grain;
import io.partita.model.PartitionSet;
import io.partita.publish.CanaryOptions;
import io.partita.web.project.ApiException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Bodies of {@code POST /api/assets/{a}/promote} and {@code .../rollback}: the options of {@code
 * partita promote} and {@code partita rollback ASSET} with underscores. Problems are 400s.
 */
public final class PromoteRequests {
  static final List<String> PROMOTE_FIELDS =
      List.of(
          "to",
          "canary_partitions",
          "canary",
          "max_drift",
          "max_row_delta",
          "allow_incomplete",
          "reason");
  static final List<String> ROLLBACK_FIELDS = List.of("to", "reason");

  private PromoteRequests() {}

  public record Promote(String to, CanaryOptions options, Optional<String> reason) {}

  public record Rollback(Optional<String> to, Optional<String> reason) {}

  public static Promote promote(String body, Grain grain) {
    JsonNode root = parse(body, PROMOTE_FIELDS, "{\"to\": \"v2\"}");
    String to =
        text(root, "to")
            .filter(t -> !t.isBlank())
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "Field 'to' is required: the version to make live, e.g. \"v2\""));
    int partitions = integer(root, "canary_partitions").orElse(CanaryOptions.DEFAULT.partitions());
    if (partitions < 1) {
      throw ApiException.badRequest(
          "Field 'canary_partitions' must be at least 1, got %d", partitions);
    }
    Optional<PartitionSet> range =
        text(root, "canary").filter(c -> !c.isBlank()).map(spec -> PartitionSet.parse(spec, grain));
    double maxDrift = number(root, "max_drift").orElse(CanaryOptions.DEFAULT.maxDrift());
    Optional<Double> maxRowDelta = number(root, "max_row_delta");
    boolean allowIncomplete = bool(root, "allow_incomplete");
    CanaryOptions options =
        new CanaryOptions(
            partitions, range, Optional.empty(), maxDrift, maxRowDelta, allowIncomplete);
    return new Promote(to, options, text(root, "reason").filter(r -> !r.isBlank()));
  }

  public static Rollback rollback(String body) {
    JsonNode root =
        body == null || body.isBlank()
            ? JsonOutput.object()
            : parse(body, ROLLBACK_FIELDS, "{\"to\": \"v1\"}");
    return new Rollback(
        text(root, "to").filter(t -> !t.isBlank()), text(root, "reason").filter(r -> !r.isBlank()));
  }

  private static JsonNode parse(String body, List<String> fields, String example) {
    JsonNode root;
    try {
      root = JsonOutput.MAPPER.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("The body is not valid JSON (%s)", e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest("The body must be a JSON object like %s", example);
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiException.badRequest(
            "Unknown field '%s'; allowed: %s", name, String.join(", ", fields));
      }
    }
    return root;
  }

  private static Optional<String> text(JsonNode root, String field) {
    return RunRequests.text(root, field);
  }

  private static Optional<Integer> integer(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiException.badRequest("Field '%s' must be an integer", field);
    }
    return Optional.of(node.asInt());
  }

  private static Optional<Double> number(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber() || node.asDouble() < 0 || !Double.isFinite(node.asDouble())) {
      throw ApiException.badRequest("Field '%s' must be a number >= 0", field);
    }
    return Optional.of(node.asDouble());
  }

  private static boolean bool(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw ApiException.badRequest("Field '%s' must be true or false", field);
    }
    return node.asBoolean();
  }
}
