package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.SqlDialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code not_null: {columns: [entity_id], max_rate: 0.0}}: the share of NULLs in each column is at
 * most {@code max_rate} (default 0). Stores {@code null_rate:<column>}; an empty partition has rate
 * 0.
 */
public record NotNullCheck(String name, Severity severity, List<String> columns, double maxRate)
    implements ScannedCheck {
  public NotNullCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    columns = List.copyOf(columns);
  }

  static NotNullCheck from(CheckOptions options) {
    List<String> columns = options.strings("columns");
    return new NotNullCheck(
        options.name("not_null(" + String.join(",", columns) + ")"),
        options.severity(),
        columns,
        options.rate("max_rate", 0.0));
  }

  static String metric(String column) {
    return "null_rate:" + column;
  }

  /** Row count then null count per column, in one scan. */
  static Measure nullCounts(List<String> columns) {
    List<String> aggregates = new ArrayList<>();
    aggregates.add("count(*)");
    columns.forEach(column -> aggregates.add("count(*) - count(" + Sql.quote(column) + ")"));
    return new Measure(List.of(), aggregates);
  }

  /** The counts read back from the values of {@link #nullCounts(List)}. */
  static NullCounts nullCounts(List<String> columns, List<Object> row) {
    Map<String, Long> nulls = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      nulls.put(columns.get(i), Sql.count(row.get(i + 1)));
    }
    return new NullCounts(Sql.count(row.get(0)), nulls);
  }

  record NullCounts(long rows, Map<String, Long> nulls) {
    double rate(String column) {
      return rows == 0 ? 0.0 : (double) nulls.get(column) / rows;
    }

    Map<String, Double> metrics() {
      Map<String, Double> metrics = new LinkedHashMap<>();
      nulls.keySet().forEach(column -> metrics.put(metric(column), rate(column)));
      return metrics;
    }
  }

  @Override
  public Measure measure(SqlDialect dialect) {
    return nullCounts(columns);
  }

  @Override
  public CheckResult judge(CheckContext context, List<Object> values) {
    NullCounts counts = nullCounts(columns, values);
    List<String> failures = new ArrayList<>();
    double worst = 0;
    String worstColumn = columns.get(0);
    for (String column : columns) {
      double rate = counts.rate(column);
      if (rate > worst) {
        worst = rate;
        worstColumn = column;
      }
      if (rate > maxRate) {
        failures.add(describe(column, counts, ">"));
      }
    }
    String message =
        failures.isEmpty() ? describe(worstColumn, counts, "<=") : String.join("; ", failures);
    String anyNull =
        columns.stream()
            .map(column -> Sql.quote(column) + " is null")
            .collect(Collectors.joining(" or "));
    return Results.of(
        this,
        Results.failIf(!failures.isEmpty()),
        worst,
        "<= " + Format.number(maxRate),
        message,
        counts.metrics(),
        Optional.of("select * from " + context.stagedRelation() + " where " + anyNull));
  }

  private String describe(String column, NullCounts counts, String comparison) {
    String subject = columns.size() == 1 ? "null rate " : "null rate of " + column + " ";
    return subject
        + Format.number(counts.rate(column))
        + " "
        + comparison
        + " max_rate "
        + Format.number(maxRate)
        + " ("
        + counts.nulls().get(column)
        + " of "
        + counts.rows()
        + " rows)";
  }
}
