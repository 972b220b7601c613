package io.partita.check;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code schema: {allow_schema_change: false}}: the staged columns and their types equal those of
 * the live relation (names compared case-insensitively, as DuckDB does; order ignored). With {@code
 * allow_schema_change: true} differences are reported but pass. SKIPPED before the first publish.
 * Stores {@code schema_changes}.
 */
public record SchemaCheck(String name, Severity severity, boolean allowSchemaChange)
    implements Check {
  public SchemaCheck {
    requireNonNull(name, "name is null");
    requireNonNull(severity, "severity is null");
  }

  static SchemaCheck from(CheckOptions options) {
    return new SchemaCheck(
        options.name("schema"), options.severity(), options.bool("allow_schema_change", false));
  }

  @Override
  public CheckResult evaluate(CheckContext context) {
    String threshold = allowSchemaChange ? "changes allowed" : "same columns and types as live";
    if (context.liveRelation().isEmpty()) {
      return Results.skipped(this, threshold, "nothing published yet to compare with", Map.of());
    }
    Map<String, String[]> staged = columns(context, context.stagedRelation());
    Map<String, String[]> live = columns(context, context.liveRelation().get());
    List<String> changes = new ArrayList<>();
    live.forEach(
        (key, column) -> {
          String[] now = staged.get(key);
          if (now == null) {
            changes.add("missing " + column[0] + " " + column[1]);
          } else if (!now[1].equals(column[1])) {
            changes.add("type of " + column[0] + " " + column[1] + " -> " + now[1]);
          }
        });
    staged.forEach(
        (key, column) -> {
          if (!live.containsKey(key)) {
            changes.add("added " + column[0] + " " + column[1]);
          }
        });
    String message =
        changes.isEmpty()
            ? staged.size() + " columns match the live relation"
            : changes.size()
                + " differences from the live relation: "
                + String.join("; ", changes)
                + (allowSchemaChange ? " (allowed by allow_schema_change)" : "");
    return Results.of(
        this,
        Results.failIf(!changes.isEmpty() && !allowSchemaChange),
        changes.size(),
        threshold,
        message,
        Map.of("schema_changes", (double) changes.size()),
        Optional.empty());
  }

  /** Column name and type by lower-cased name, in declaration order. */
  private static Map<String, String[]> columns(CheckContext context, String relation) {
    Map<String, String[]> columns = new LinkedHashMap<>();
    for (io.partita.engine.Column described : context.describe("select * from " + relation)) {
      String column = described.name();
      columns.put(column.toLowerCase(Locale.ROOT), new String[] {column, described.type()});
    }
    return columns;
  }
}
