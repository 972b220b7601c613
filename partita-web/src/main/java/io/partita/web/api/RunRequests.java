package io.partita.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partita.exec.BackfillRequest;
import io.partita.plan.Order;
import io.partita.plan.Reprocess;
import io.partita.state.RunOptions;
import io.partita.web.project.ApiException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the body of {@code POST /api/runs}: a JSON object whose fields are the options of {@code
 * partita backfill} with underscores. Every problem is a 400 that names the field and the fix.
 */
final class RunRequests {
  static final List<String> FIELDS =
      List.of(
          "partitions",
          "assets",
          "max_parallel",
          "write_mode",
          "retries",
          "reprocess",
          "order",
          "publish",
          "reason",
          "target");
  private static final int MAX_TEXT = 2000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunRequests() {}

  static BackfillRequest parse(String body, String actor) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "The body is not valid JSON (%s at line %d, column %d)",
          e.getOriginalMessage(),
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr());
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest(
          "The body must be a JSON object like {\"partitions\": \"2025-03-01..2025-03-07\"}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.badRequest(
            "Unknown field '%s'; allowed: %s", name, String.join(", ", FIELDS));
      }
    }
    String partitions =
        text(root, "partitions")
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "Field 'partitions' is required, e.g. \"2025-03-01..2025-03-07\" or \"2025-03-01,2025-03-03\""));
    if (partitions.isBlank()) {
      throw ApiException.badRequest("Field 'partitions' is empty");
    }
    Optional<Integer> maxParallel = integer(root, "max_parallel", 1);
    Optional<Integer> retries = integer(root, "retries", 0);
    Optional<String> writeMode = choice(root, "write_mode", Set.of("overwrite", "merge"));
    Reprocess reprocess =
        Reprocess.parse(
            choice(root, "reprocess", Set.of("all", "missing", "failed")).orElse("all"));
    Order order = Order.parse(choice(root, "order", Set.of("asc", "desc")).orElse("asc"));
    String publish =
        choice(root, "publish", Set.of(RunOptions.PER_PARTITION, RunOptions.ATOMIC))
            .orElse(RunOptions.PER_PARTITION);
    // target: write another version (v2 or features_v2) beside the live one, like `backfill
    // --target`.
    return BackfillRequest.newBuilder(partitions)
        .assets(text(root, "assets").orElse(""))
        .maxParallel(maxParallel)
        .writeMode(writeMode)
        .retries(retries)
        .reprocess(reprocess)
        .order(order)
        .reason(text(root, "reason").filter(r -> !r.isBlank()))
        .actor(actor)
        .publish(publish)
        .target(text(root, "target").orElse(""))
        .build();
  }

  /**
   * The string field, stripped; empty when absent or null. A non-string or one longer than 2,000
   * characters is a bad request.
   */
  static Optional<String> text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("Field '%s' must be a string", field);
    }
    if (node.asText().length() > MAX_TEXT) {
      throw ApiException.badRequest("Field '%s' is longer than %d characters", field, MAX_TEXT);
    }
    return Optional.of(node.asText().strip());
  }

  private static Optional<Integer> integer(JsonNode root, String field, int min) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw ApiException.badRequest("Field '%s' must be an integer", field);
    }
    if (node.asInt() < min) {
      throw ApiException.badRequest(
          "Field '%s' must be at least %d, got %d", field, min, node.asInt());
    }
    return Optional.of(node.asInt());
  }

  private static Optional<String> choice(JsonNode root, String field, Set<String> allowed) {
    Optional<String> value = text(root, field);
    if (value.isPresent() && !allowed.contains(value.get())) {
      throw ApiException.badRequest(
          "Field '%s' must be one of %s, got '%s'",
          field, String.join("|", allowed.stream().sorted().toList()), value.get());
    }
    return value;
  }
}
