package io.partita.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partita.PartitaException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Writing JSON: the one mapper and timestamp format behind every shape of this package, shared by
 * the CLI's {@code --json} and the HTTP API. Timestamps are ISO-8601 UTC with milliseconds.
 */
public final class JsonOutput {
  /** Compact output, as the API answers. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final ObjectMapper INDENTED =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private JsonOutput() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  /** Puts the time, or JSON {@code null} when absent. */
  public static void putTime(ObjectNode node, String field, Optional<Instant> instant) {
    node.put(field, instant.map(JsonOutput::time).orElse(null));
  }

  /** One line, as the API answers. */
  public static String write(Object node) {
    return write(MAPPER, node);
  }

  /** Indented, as the CLI prints. */
  public static String writeIndented(Object node) {
    return write(INDENTED, node);
  }

  private static String write(ObjectMapper mapper, Object node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw PartitaException.internal("Cannot write JSON", e);
    }
  }
}
