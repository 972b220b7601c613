package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.engine.SqlDialect;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code unique: {columns: [entity_id, date]}}: no two staged rows share the key. The metric is the
 * number of surplus rows, {@code count(*) - count(distinct key)}; NULL keys compare equal. Stores
 * {@code duplicate_rows}.
 */
public record UniqueCheck(String name, Severity severity, List<String> columns)
    implements ScannedCheck {
  public UniqueCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    columns = List.copyOf(columns);
  }

  static UniqueCheck from(CheckOptions options) {
    List<String> columns = options.strings("columns");
    return new UniqueCheck(
        options.name("unique(" + String.join(",", columns) + ")"), options.severity(), columns);
  }

  @Override
  public Measure measure(SqlDialect dialect) {
    return new Measure(columns, List.of("coalesce(sum(n - 1), 0)", "count(*)"));
  }

  @Override
  public CheckResult judge(CheckContext context, List<Object> row) {
    String key = Sql.quoteAll(columns);
    String groups = duplicateGroups(context);
    long duplicates = Sql.count(row.get(0));
    long keys = Sql.count(row.get(1));
    String message =
        duplicates == 0
            ? "no duplicate keys"
            : duplicates + " duplicate rows over " + keys + " keys (" + key.replace("\"", "") + ")";
    return Results.of(
        this,
        Results.failIf(duplicates > 0),
        duplicates,
        "0 duplicate rows",
        message,
        Map.of("duplicate_rows:" + String.join(",", columns), (double) duplicates),
        Optional.of(groups.replace("count(*) as n", "count(*) as duplicates")));
  }

  private String duplicateGroups(CheckContext context) {
    String key = Sql.quoteAll(columns);
    return "select "
        + key
        + ", count(*) as n from "
        + context.stagedRelation()
        + " group by "
        + key
        + " having count(*) > 1";
  }
}
