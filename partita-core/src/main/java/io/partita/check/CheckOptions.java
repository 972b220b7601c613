package io.partita.check;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The options of one configured check as plain values (String, Long, Double, Boolean, null, or a
 * List of those), with typed reads. Every bad value raises {@link InvalidCheckOption} naming the
 * option, so the loader can report its file and line.
 */
public final class CheckOptions {
  private final String type;
  private final Map<String, Object> values;
  private final Map<String, String> texts;

  /**
   * @param values option values by name, in declaration order
   * @param texts the text of files named by options (the SQL of a {@code read_test} file), read by
   *     the loader so it lands in the definition snapshot
   */
  public CheckOptions(String type, Map<String, Object> values, Map<String, String> texts) {
    this.type = requireNonNull(type, "type is null");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.texts = Map.copyOf(texts);
  }

  public static CheckOptions of(String type, Map<String, Object> values) {
    return new CheckOptions(type, values, Map.of());
  }

  public String type() {
    return type;
  }

  public boolean has(String option) {
    return values.containsKey(option) && values.get(option) != null;
  }

  public Severity severity() {
    Optional<String> text = optionalString("severity");
    if (text.isEmpty()) {
      return Severity.ERROR;
    }
    return switch (text.get().toLowerCase(Locale.ROOT)) {
      case "error" -> Severity.ERROR;
      case "warn", "warning" -> Severity.WARN;
      default ->
          throw invalid("severity", "'severity' must be error or warn, got '" + text.get() + "'");
    };
  }

  /** The user's name for the check, or {@code fallback}. */
  public String name(String fallback) {
    return optionalString("name").orElse(fallback);
  }

  public String string(String option) {
    return optionalString(option)
        .orElseThrow(() -> invalid(null, type + " needs '" + option + "'"));
  }

  public Optional<String> optionalString(String option) {
    if (!has(option)) {
      return Optional.empty();
    }
    Object value = values.get(option);
    if (value instanceof List || value.toString().isBlank()) {
      throw invalid(option, "'" + option + "' must be a text value, got " + describe(value));
    }
    return Optional.of(value.toString().strip());
  }

  /** The text of the file named by {@code option}, read by the loader. */
  public String text(String option) {
    String text = texts.get(option);
    if (text == null) {
      throw invalid(option, "'" + option + "': the file was not read");
    }
    return text;
  }

  public OptionalDouble optionalNumber(String option) {
    if (!has(option)) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(toNumber(option, values.get(option)));
  }

  /** A number that must be at least 0. */
  public OptionalDouble nonNegative(String option) {
    OptionalDouble value = optionalNumber(option);
    if (value.isPresent() && value.getAsDouble() < 0) {
      throw invalid(
          option,
          "'" + option + "' must not be negative, got " + Format.number(value.getAsDouble()));
    }
    return value;
  }

  /** A number in {@code [0, 1]}. */
  public double rate(String option, double fallback) {
    double value = optionalNumber(option).orElse(fallback);
    if (value < 0 || value > 1) {
      throw invalid(
          option, "'" + option + "' must be between 0 and 1, got " + Format.number(value));
    }
    return value;
  }

  public int integer(String option, int min, int fallback) {
    if (!has(option)) {
      return fallback;
    }
    Object value = values.get(option);
    if (!(value instanceof Long number) || number < min || number > Integer.MAX_VALUE) {
      throw invalid(
          option,
          "'"
              + option
              + "' must be a whole number of at least "
              + min
              + ", got "
              + describe(value));
    }
    return number.intValue();
  }

  public boolean bool(String option, boolean fallback) {
    if (!has(option)) {
      return fallback;
    }
    if (values.get(option) instanceof Boolean value) {
      return value;
    }
    throw invalid(
        option, "'" + option + "' must be true or false, got " + describe(values.get(option)));
  }

  /** A non-empty list of texts; a single text is accepted as a list of one. */
  public List<String> strings(String option) {
    List<String> result = new ArrayList<>();
    for (Object value : list(option)) {
      if (value == null || value instanceof List || value.toString().isBlank()) {
        throw invalid(option, "'" + option + "' items must be names, got " + describe(value));
      }
      result.add(value.toString().strip());
    }
    return List.copyOf(result);
  }

  /** One scalar value (text, number or boolean), or empty when absent. */
  public Optional<Object> scalar(String option) {
    if (!has(option)) {
      return Optional.empty();
    }
    Object value = values.get(option);
    if (value instanceof List) {
      throw invalid(option, "'" + option + "' must be one value, got " + describe(value));
    }
    return Optional.of(value);
  }

  /** A non-empty list of scalars; a single scalar is accepted as a list of one. */
  public List<Object> list(String option) {
    if (!has(option)) {
      throw invalid(null, type + " needs '" + option + "', e.g. " + option + ": [a, b]");
    }
    Object value = values.get(option);
    List<?> items = value instanceof List<?> list ? list : List.of(value);
    if (items.isEmpty()) {
      throw invalid(option, "'" + option + "' is empty: list at least one value");
    }
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  /** Two non-negative numbers {@code [lo, hi]} with {@code lo <= hi}. */
  public Optional<Interval> range(String option) {
    if (!has(option)) {
      return Optional.empty();
    }
    Object value = values.get(option);
    if (!(value instanceof List<?> list) || list.size() != 2) {
      throw invalid(
          option, "'" + option + "' must be two numbers [lo, hi], got " + describe(value));
    }
    double lo = toNumber(option, list.get(0));
    double hi = toNumber(option, list.get(1));
    if (lo < 0 || hi < 0) {
      throw invalid(option, "'" + option + "' must not be negative, got " + describe(value));
    }
    if (lo > hi) {
      throw invalid(
          option,
          "'"
              + option
              + "' ["
              + Format.number(lo)
              + ", "
              + Format.number(hi)
              + "] is reversed: write ["
              + Format.number(hi)
              + ", "
              + Format.number(lo)
              + "]");
    }
    return Optional.of(new Interval(lo, hi));
  }

  public InvalidCheckOption invalid(String option, String message) {
    return new InvalidCheckOption(option, message);
  }

  private double toNumber(String option, Object value) {
    if (value instanceof Long number) {
      return number;
    }
    if (value instanceof Double number && Double.isFinite(number)) {
      return number;
    }
    if (value instanceof BigDecimal number) {
      return number.doubleValue();
    }
    throw invalid(option, "'" + option + "' must be a number, got " + describe(value));
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof List<?> list) {
      return "a list of " + list.size();
    }
    return "'" + value + "'";
  }
}
