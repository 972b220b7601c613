package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.SqlDialect;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code accepted_values: {column: status, values: [open, closed]}}: every non-NULL value of the
 * column is one of {@code values} (use {@code not_null} for NULLs). The metric is the number of
 * rows outside; the message shows up to five unexpected values. Stores {@code
 * rows_not_accepted:<column>}.
 */
public record AcceptedValuesCheck(
    String name, Severity severity, String column, List<Object> values) implements ScannedCheck {
  private static final int SAMPLE = 5;

  public AcceptedValuesCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(column, "column is null");
    values = List.copyOf(values);
  }

  static AcceptedValuesCheck from(CheckOptions options) {
    String column = options.string("column");
    List<Object> values = options.list("values");
    if (values.contains(null)) {
      throw options.invalid("values", "'values' cannot list null: check NULLs with not_null");
    }
    return new AcceptedValuesCheck(
        options.name("accepted_values(" + column + ")"), options.severity(), column, values);
  }

  @Override
  public List<String> columns() {
    return List.of(column);
  }

  @Override
  public Measure measure(SqlDialect dialect) {
    return Measure.of("count(*) filter (where " + outside() + ")");
  }

  private String outside() {
    String list = values.stream().map(Sql::literal).collect(Collectors.joining(", "));
    return Sql.quote(column) + " is not null and " + Sql.quote(column) + " not in (" + list + ")";
  }

  @Override
  public CheckResult judge(CheckContext context, List<Object> row) {
    String outside = outside();
    String failing = "select * from " + context.stagedRelation() + " where " + outside;
    long rows = Sql.count(row.get(0));
    // The few unexpected values are read only when there are some, from this partition's rows.
    String message =
        rows == 0
            ? "all values accepted"
            : rows
                + " rows with values not in the accepted list, e.g. "
                + Sql.row(
                        context,
                        "select "
                            + context.dialect().stringAgg("v", ", ")
                            + " from (select distinct "
                            + context.dialect().castToText(Sql.quote(column))
                            + " as v from "
                            + context.stagedRelation()
                            + " where "
                            + outside
                            + " order by v limit "
                            + SAMPLE
                            + ") as sampled")
                    .get(0);
    return Results.of(
        this,
        Results.failIf(rows > 0),
        rows,
        "0 rows outside " + values,
        message,
        Map.of("rows_not_accepted:" + column, (double) rows),
        Optional.of(failing));
  }
}
