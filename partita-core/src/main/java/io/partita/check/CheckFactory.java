package io.partita.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in check types: their options and how to build each from {@link CheckOptions}. The
 * config loader validates option names against {@link #options} and reports {@link
 * InvalidCheckOption}s at the option's line.
 */
public final class CheckFactory {
  /** Options every check accepts. */
  public static final List<String> COMMON_OPTIONS = List.of("severity", "name");

  private record Type(
      List<String> options, Optional<String> shorthand, Function<CheckOptions, Check> build) {}

  private static final Map<String, Type> TYPES = new LinkedHashMap<>();

  static {
    add(
        "row_count",
        List.of("min", "max", "ratio_vs_trailing", "trailing"),
        null,
        RowCountCheck::from);
    add("not_null", List.of("columns", "max_rate"), null, NotNullCheck::from);
    add(
        "null_spike",
        List.of("columns", "max_increase_pp", "trailing"),
        null,
        NullSpikeCheck::from);
    add("unique", List.of("columns"), null, UniqueCheck::from);
    add("accepted_values", List.of("column", "values"), null, AcceptedValuesCheck::from);
    add("range", List.of("column", "min", "max"), null, RangeCheck::from);
    add(
        "drift",
        List.of(
            "column", "metric", "warn", "fail", "trailing", "categorical", "baseline", "min_rows"),
        null,
        DriftCheck::from);
    add("schema", List.of("allow_schema_change"), null, SchemaCheck::from);
    add(
        "reconcile",
        List.of("with", "expr", "tolerance", "tolerance_pct"),
        null,
        ReconcileCheck::from);
    add("sql", List.of("query"), "query", SqlCheck::from);
    add("read_test", List.of("file"), "file", ReadTestCheck::from);
  }

  private CheckFactory() {}

  private static void add(
      String type, List<String> options, String shorthand, Function<CheckOptions, Check> build) {
    List<String> all = new ArrayList<>(options);
    all.addAll(COMMON_OPTIONS);
    TYPES.put(type, new Type(List.copyOf(all), Optional.ofNullable(shorthand), build));
  }

  /** The check type names, in documentation order. */
  public static List<String> types() {
    return List.copyOf(TYPES.keySet());
  }

  public static boolean isType(String type) {
    return TYPES.containsKey(type);
  }

  /** Every option {@code type} accepts, including {@link #COMMON_OPTIONS}. */
  public static List<String> options(String type) {
    return type(type).options();
  }

  /**
   * The option a plain text value stands for ({@code sql: "select ..."} means {@code query}), empty
   * when the type takes only a mapping.
   */
  public static Optional<String> shorthand(String type) {
    return type(type).shorthand();
  }

  /**
   * Builds and validates a check.
   *
   * @throws InvalidCheckOption when an option is missing, of the wrong type or out of range
   */
  public static Check create(CheckOptions options) {
    Type type = type(options.type());
    return type.build().apply(options);
  }

  private static Type type(String type) {
    Type found = TYPES.get(type);
    if (found == null) {
      throw new IllegalArgumentException("unknown check type " + type);
    }
    return found;
  }
}
