package io.partita.check;

import io.partita.engine.SqlDialect;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A check whose measurement is one row of aggregates over the staged rows ({@link #measure}) and
 * whose verdict follows from those values ({@link #judge}). Splitting the two lets the executor
 * measure many checks, and every partition of a {@code batch_size} batch, in one grouped scan (one
 * row of values per partition), then judge each partition on its own: the values are the ones
 * {@link #evaluate} would have read for that partition alone.
 */
public interface ScannedCheck extends Check {
  /**
   * What to aggregate over the staged rows, in {@code dialect}: the same for every partition, as it
   * refers to the rows' columns only.
   */
  Measure measure(SqlDialect dialect);

  /**
   * The verdict from the values of {@link #measure}'s aggregates, in order, for the staged
   * partition of {@code context}. May read history or, on a failure, query the staged relation for
   * details. Never throws for a failing assertion.
   */
  CheckResult judge(CheckContext context, List<Object> values);

  @Override
  default CheckResult evaluate(CheckContext context) {
    return judge(
        context, Sql.row(context, measure(context.dialect()).sql(context.stagedRelation())));
  }

  /**
   * Aggregates over the rows, or, when {@code duplicatedKey} is not empty, over the keys that occur
   * more than once among the rows, each with its count as column {@code n}.
   */
  record Measure(List<String> duplicatedKey, List<String> aggregates) {
    public Measure {
      duplicatedKey = List.copyOf(duplicatedKey);
      aggregates = List.copyOf(aggregates);
      if (aggregates.isEmpty()) {
        throw new IllegalArgumentException("a measure needs at least one aggregate");
      }
    }

    public static Measure of(String... aggregates) {
      return new Measure(List.of(), List.of(aggregates));
    }

    public boolean keyed() {
      return !duplicatedKey.isEmpty();
    }

    /** The query of one row over {@code relation} (a relation ready to put after FROM). */
    public String sql(String relation) {
      return grouped(relation, List.of());
    }

    /**
     * The query over {@code relation}, one row per value of the {@code groups} columns (which come
     * first in each row), then the aggregates; no group columns: exactly one row.
     */
    public String grouped(String relation, List<String> groups) {
      String prefix =
          groups.stream().map(group -> Sql.quote(group) + ", ").collect(Collectors.joining());
      String groupBy =
          groups.isEmpty()
              ? ""
              : " group by " + groups.stream().map(Sql::quote).collect(Collectors.joining(", "));
      String values = String.join(", ", aggregates);
      if (!keyed()) {
        return "select " + prefix + values + " from " + relation + groupBy;
      }
      String key = Sql.quoteAll(duplicatedKey);
      return "select "
          + prefix
          + values
          + " from (select "
          + prefix
          + key
          + ", count(*) as n from "
          + relation
          + " group by "
          + prefix
          + key
          + " having count(*) > 1) as g"
          + groupBy;
    }
  }
}
