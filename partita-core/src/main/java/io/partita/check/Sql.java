package io.partita.check;

import io.partita.engine.QueryResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** SQL text helpers shared by the built-in checks. Checks only ever read aggregates back. */
final class Sql {
  private Sql() {}

  /**
   * A double-quoted identifier, safe for any column name: standard SQL, which every engine reads
   * (checks only ask the {@link CheckContext#dialect} for what engines spell differently).
   */
  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String quoteAll(List<String> identifiers) {
    return identifiers.stream().map(Sql::quote).collect(Collectors.joining(", "));
  }

  /** A SQL literal for a configured value: numbers and booleans as is, anything else quoted. */
  static String literal(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Double number) {
      return BigDecimal.valueOf(number).toPlainString();
    }
    return "'" + String.valueOf(value).replace("'", "''") + "'";
  }

  /** The single row of an aggregate query. */
  static List<Object> row(CheckContext context, String sql) {
    QueryResult result = context.query(sql);
    if (result.rows().isEmpty()) {
      throw new IllegalStateException("aggregate query returned no rows: " + sql);
    }
    return result.rows().get(0);
  }

  /** A numeric value of a result row; NaN for NULL. */
  static double number(Object value) {
    if (value == null) {
      return Double.NaN;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new IllegalStateException("expected a number, got " + value.getClass().getSimpleName());
  }

  static long count(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }
}
