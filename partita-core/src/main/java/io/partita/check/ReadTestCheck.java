package io.partita.check;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import io.partita.engine.QueryResult;
import java.util.Map;
import java.util.Optional;

/**
 * {@code read_test: tests/read_features.sql} (or {@code read_test: {file: ..., severity: warn}}): a
 * consumer's query, with {@code {{ this }}} standing for the staged partition, must run without
 * error and return at least one row. The query runs as written, so the engine's row cap for {@link
 * CheckContext#query} bounds what comes back.
 */
public record ReadTestCheck(String name, Severity severity, String file, String query)
    implements Check {
  public ReadTestCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(file, "file is null");
    requireNonNull(query, "query is null");
  }

  static ReadTestCheck from(CheckOptions options) {
    String file = options.string("file");
    String query = stripSemicolons(options.text("file"));
    if (query.isEmpty()) {
      throw options.invalid("file", "read_test file " + file + " is empty: put a SELECT in it");
    }
    return new ReadTestCheck(
        options.name("read_test(" + file + ")"), options.severity(), file, query);
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    String threshold = "runs and returns rows";
    QueryResult result;
    try {
      result = context.query(context.render(file, query));
    } catch (PartitaException e) {
      return Results.of(
          this,
          Results.Verdict.FAIL,
          Double.NaN,
          threshold,
          file + " failed: " + e.getMessage(),
          Map.of(),
          Optional.empty());
    }
    int rows = result.rows().size();
    String count = rows + (result.truncated() ? "+" : "");
    return Results.of(
        this,
        Results.failIf(rows == 0),
        rows,
        threshold,
        rows == 0 ? file + " returned no rows" : file + " returned " + count + " rows",
        Map.of(),
        Optional.empty());
  }

  private static String stripSemicolons(String sql) {
    String text = sql.strip();
    while (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    return text;
  }
}
