package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.SqlDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code range: {column: amount, min: 0, max: 1000}}: non-NULL values lie within the inclusive
 * bounds (either may be omitted; bounds may be numbers or quoted dates). The metric is the number
 * of rows outside. Stores {@code rows_out_of_range:<column>}.
 */
public record RangeCheck(
    String name, Severity severity, String column, Optional<Object> min, Optional<Object> max)
    implements ScannedCheck {
  public RangeCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(column, "column is null");
  }

  static RangeCheck from(CheckOptions options) {
    String column = options.string("column");
    Optional<Object> min = options.scalar("min");
    Optional<Object> max = options.scalar("max");
    if (min.isEmpty() && max.isEmpty()) {
      throw options.invalid(null, "range needs min, max or both, e.g. {column: amount, min: 0}");
    }
    if (min.isPresent()
        && max.isPresent()
        && min.get() instanceof Number low
        && max.get() instanceof Number high
        && low.doubleValue() > high.doubleValue()) {
      throw options.invalid("max", "'max' " + high + " is below 'min' " + low + ": swap them");
    }
    return new RangeCheck(
        options.name("range(" + column + ")"), options.severity(), column, min, max);
  }

  @Override
  public List<String> columns() {
    return List.of(column);
  }

  @Override
  public Measure measure(SqlDialect dialect) {
    String quoted = Sql.quote(column);
    return Measure.of(
        "count(*) filter (where " + outside() + ")",
        dialect.castToText("min(" + quoted + ")"),
        dialect.castToText("max(" + quoted + ")"));
  }

  /** The rows outside the bounds, as a SQL condition. */
  private String outside() {
    String quoted = Sql.quote(column);
    List<String> conditions = new ArrayList<>();
    min.ifPresent(value -> conditions.add(quoted + " < " + Sql.literal(value)));
    max.ifPresent(value -> conditions.add(quoted + " > " + Sql.literal(value)));
    return String.join(" or ", conditions);
  }

  @Override
  public CheckResult judge(CheckContext context, List<Object> row) {
    List<String> bounds = new ArrayList<>();
    min.ifPresent(value -> bounds.add(">= " + value));
    max.ifPresent(value -> bounds.add("<= " + value));
    String outside = outside();
    long rows = Sql.count(row.get(0));
    String observed = "observed [" + row.get(1) + ", " + row.get(2) + "]";
    String threshold = String.join(" and ", bounds);
    String message =
        rows == 0
            ? "all values " + threshold + " (" + observed + ")"
            : rows + " rows outside " + threshold + " (" + observed + ")";
    return Results.of(
        this,
        Results.failIf(rows > 0),
        rows,
        threshold,
        message,
        Map.of("rows_out_of_range:" + column, (double) rows),
        Optional.of("select * from " + context.stagedRelation() + " where " + outside));
  }
}
