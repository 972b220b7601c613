package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import io.partita.engine.QueryResult;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sql: "select count(*) = 0 from {{ this }} where amount < 0"} (or {@code sql: {query: ...,
 * severity: warn, name: ...}}): a query over the staged partition that returns one row with one
 * boolean; true passes. Any other shape, NULL, or a query error is a failure whose message says so.
 * The query can only be run against data, so its shape is verified when the check first runs, not
 * when the project loads.
 */
public record SqlCheck(String name, Severity severity, String query) implements Check {
  public SqlCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(query, "query is null");
  }

  static SqlCheck from(CheckOptions options) {
    String query = options.string("query");
    if (!query.contains("{{")) {
      throw options.invalid(
          "query", "the sql check's query does not read {{ this }}: select from {{ this }}");
    }
    return new SqlCheck(options.name("sql"), options.severity(), query);
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    String threshold = "returns true";
    QueryResult result;
    try {
      result = context.query(context.render(name, query));
    } catch (PartitaException e) {
      return fail(threshold, "query failed: " + e.getMessage());
    }
    Optional<String> shape = shapeProblem(result);
    if (shape.isPresent()) {
      return fail(threshold, shape.get());
    }
    Object value = result.rows().get(0).get(0);
    if (value == null) {
      return fail(threshold, "returned NULL, expected true");
    }
    boolean passed = (Boolean) value;
    return Results.of(
        this,
        Results.failIf(!passed),
        passed ? 1 : 0,
        threshold,
        "returned " + passed,
        Map.of(),
        Optional.empty());
  }

  /** Why {@code result} is not one row of one boolean (or NULL), or empty when it is. */
  public static Optional<String> shapeProblem(QueryResult result) {
    if (result.columns().size() != 1 || result.rows().size() != 1) {
      return Optional.of(
          "must return exactly one row with one boolean column, got "
              + result.rows().size()
              + (result.truncated() ? "+" : "")
              + " rows of "
              + result.columns().size()
              + " columns");
    }
    Object value = result.rows().get(0).get(0);
    if (value != null && !(value instanceof Boolean)) {
      return Optional.of(
          "must return one boolean, got " + value.getClass().getSimpleName() + " " + value);
    }
    return Optional.empty();
  }

  private CheckResult fail(String threshold, String message) {
    return Results.of(
        this, Results.Verdict.FAIL, Double.NaN, threshold, message, Map.of(), Optional.empty());
  }
}
