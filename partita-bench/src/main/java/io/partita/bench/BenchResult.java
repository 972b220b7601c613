package io.partita.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One benchmark's outcome: what it was run with and what it measured, in insertion order. Values
 * are numbers or strings, written as they are to the JSON report.
 */
public record BenchResult(
    String name, Map<String, Object> parameters, Map<String, Object> figures) {
  public BenchResult {
    parameters = new LinkedHashMap<>(parameters);
    figures = new LinkedHashMap<>(figures);
  }

  public static BenchResult named(String name) {
    return new BenchResult(name, Map.of(), Map.of());
  }

  public BenchResult parameter(String key, Object value) {
    parameters.put(key, value);
    return this;
  }

  public BenchResult figure(String key, Object value) {
    figures.put(key, value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
    return this;
  }
}
