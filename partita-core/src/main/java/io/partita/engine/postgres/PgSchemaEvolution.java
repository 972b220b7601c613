package io.partita.engine.postgres;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.model.ColumnChanges;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.OnSchemaChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies {@code on_schema_change} at publish, inside the publish transaction (PostgreSQL's DDL is
 * transactional, so a failed publish leaves the table as it was): decides which columns to add or
 * drop, or refuses, and re-points the published view, which keeps the columns it was created with.
 */
final class PgSchemaEvolution {
  private PgSchemaEvolution() {}

  /**
   * @throws EngineException not retryable, when a type changed or the policy refuses the change
   */
  static ColumnChanges decide(
      StageRequest request,
      OnSchemaChange policy,
      PgName target,
      List<Column> table,
      List<Column> rows) {
    ColumnChanges changes = ColumnChanges.between(table, rows).withoutWidenings();
    String where = PgErrors.where(request);
    if (!changes.retyped().isEmpty()) {
      String columns =
          changes.retyped().stream()
              .map(
                  column ->
                      String.format(
                          "column %s changed type from %s to %s",
                          column.name(), column.before(), column.after()))
              .collect(Collectors.joining(", "));
      throw new EngineException(
          String.format(
              "%s: %s (table %s); a publish never converts published rows. Nothing was written."
                  + " CAST the column back to its old type in the model, or publish the new schema"
                  + " as a new version (backfill --target %s_vN)",
              where, columns, target, request.asset()),
          false,
          null);
    }
    if (changes.isEmpty()) {
      return changes;
    }
    if (policy == OnSchemaChange.FAIL) {
      throw new EngineException(
          String.format(
              "%s: the schema changed and on_schema_change is fail: table %s has columns %s but"
                  + " the new rows have %s%s; nothing was written. Set on_schema_change:"
                  + " append_new_columns (or sync_all_columns) on the asset, or publish the new"
                  + " schema as a new version (backfill --target %s_vN)",
              where,
              target,
              ColumnChanges.names(table),
              ColumnChanges.names(rows),
              (changes.added().isEmpty() ? "" : " (new: " + changes.added() + ")")
                  + (changes.removed().isEmpty() ? "" : " (removed: " + changes.removed() + ")"),
              request.asset()),
          false,
          null);
    }
    List<Column> removed =
        policy == OnSchemaChange.SYNC_ALL_COLUMNS ? changes.removed() : List.of();
    return new ColumnChanges(changes.added(), removed, List.of());
  }

  /** Alters {@code target} and its backup table, and re-points the view when it shows target. */
  static void apply(Connection connection, PgBackups backups, PgName target, ColumnChanges changes)
      throws SQLException {
    Optional<PgName> published =
        PgVersions.isLive(connection, target) ? PgLayout.publishedNameOf(target) : Optional.empty();
    try (Statement statement = connection.createStatement()) {
      if (published.isPresent() && !changes.removed().isEmpty()) {
        // A view pins the columns it reads: drop it before dropping one of them.
        statement.execute("DROP VIEW " + published.get().sql());
      }
      for (Column column : changes.added()) {
        statement.execute(
            "ALTER TABLE "
                + target.sql()
                + " ADD COLUMN "
                + PgName.quote(column.name())
                + " "
                + column.type());
        backups.addColumn(statement, target, column);
      }
      for (Column column : changes.removed()) {
        statement.execute(
            "ALTER TABLE " + target.sql() + " DROP COLUMN " + PgName.quote(column.name()));
      }
    }
    if (published.isPresent()) {
      PgVersions.pointView(connection, published.get(), target);
    }
  }
}
