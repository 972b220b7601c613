package io.partita.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds checks from options written inline, as the loader would pass them. */
final class Checks {
  private Checks() {}

  /** {@code create("not_null", "columns", List.of("id"), "max_rate", 0.1)}. */
  static Check create(String type, Object... keysAndValues) {
    return create(type, Map.of(), keysAndValues);
  }

  static Check create(String type, Map<String, String> texts, Object... keysAndValues) {
    Map<String, Object> options = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      options.put((String) keysAndValues[i], yamlValue(keysAndValues[i + 1]));
    }
    return CheckFactory.create(new CheckOptions(type, options, texts));
  }

  /** Integers arrive from YAML as Long. */
  private static Object yamlValue(Object value) {
    if (value instanceof Integer number) {
      return number.longValue();
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(yamlValue(item)));
      return copy;
    }
    return value;
  }
}
