package io.partita.engine.duckdb;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.model.ColumnChanges;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.OnSchemaChange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies {@code on_schema_change} at publish: decides, from the target table's columns and the
 * staged rows', which columns to add or drop, or refuses. The ALTERs run inside the publish
 * transaction, so a failed publish leaves the table as it was.
 */
final class SchemaEvolution {
  private SchemaEvolution() {}

  /** The columns and types of {@code table}; empty when it does not exist. */
  static List<Column> describe(Connection connection, TableName table) throws SQLException {
    return describe(connection, table.sql());
  }

  /**
   * The columns of a relation or of a query (DESCRIBE binds a query without reading a row); empty
   * when a relation it names does not exist.
   */
  static List<Column> describe(Connection connection, String relationOrQuery) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("DESCRIBE " + relationOrQuery)) {
      List<Column> columns = new ArrayList<>();
      while (result.next()) {
        columns.add(new Column(result.getString("column_name"), result.getString("column_type")));
      }
      return columns;
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("does not exist")) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * The changes to apply to {@code target} (holding {@code table}) so it takes {@code rows}: none,
   * new columns, or (sync) new and removed ones.
   *
   * @throws EngineException not retryable, when a type changed or the policy refuses the change
   */
  static ColumnChanges decide(
      StageRequest request,
      OnSchemaChange policy,
      TableName target,
      List<Column> table,
      List<Column> rows) {
    ColumnChanges changes = ColumnChanges.between(table, rows).withoutWidenings();
    if (!changes.retyped().isEmpty()) {
      throw new EngineException(
          retypedMessage(SqlErrors.where(request), target.toString(), request.asset(), changes),
          false,
          null);
    }
    if (changes.isEmpty()) {
      return changes;
    }
    if (policy == OnSchemaChange.FAIL) {
      throw new EngineException(
          String.format(
              "%s: the schema changed and on_schema_change is fail: table %s has columns %s but the new rows have"
                  + " %s%s; nothing was written. Set on_schema_change: append_new_columns (or"
                  + " sync_all_columns) on the asset, or publish the new schema as a new version"
                  + " (backfill --target %s_vN)",
              SqlErrors.where(request),
              target,
              ColumnChanges.names(table),
              ColumnChanges.names(rows),
              describeDifference(changes),
              request.asset()),
          false,
          null);
    }
    List<Column> removed =
        policy == OnSchemaChange.SYNC_ALL_COLUMNS ? changes.removed() : List.of();
    return new ColumnChanges(changes.added(), removed, List.of());
  }

  /** Two successive changes of one table in a batch, as one. */
  static ColumnChanges combine(ColumnChanges first, ColumnChanges second) {
    List<Column> added = new ArrayList<>(first.added());
    added.removeAll(second.removed());
    added.addAll(second.added());
    List<Column> removed = new ArrayList<>(first.removed());
    second.removed().stream()
        .filter(column -> !first.added().contains(column))
        .forEach(removed::add);
    return new ColumnChanges(added, removed, List.of());
  }

  /** "column amount changed type from INTEGER to VARCHAR ..." for a plan or a publish refusal. */
  static String retypedMessage(String where, String target, String asset, ColumnChanges changes) {
    String columns =
        changes.retyped().stream()
            .map(
                column ->
                    String.format(
                        "column %s changed type from %s to %s",
                        column.name(), column.before(), column.after()))
            .collect(Collectors.joining(", "));
    return String.format(
        "%s: %s (table %s); a publish never converts published rows."
            + " Nothing was written. CAST the column back to its old type in the model, or publish"
            + " the new schema as a new version (backfill --target %s_vN)",
        where, columns, target, asset);
  }

  /** " (new: [a VARCHAR]) (removed: [b INTEGER])" */
  static String describeDifference(ColumnChanges changes) {
    return (changes.added().isEmpty() ? "" : " (new: " + changes.added() + ")")
        + (changes.removed().isEmpty() ? "" : " (removed: " + changes.removed() + ")");
  }

  /**
   * Alters {@code target} (and its backup table, which must keep every column a backup may hold)
   * and re-creates the published view when it shows {@code target}: a DuckDB view keeps the columns
   * it had when it was created. Runs inside the publish transaction.
   */
  static void apply(
      Connection connection, Statement statement, TableName target, ColumnChanges changes)
      throws SQLException {
    TableName backup = DuckDbBackups.backupOf(target);
    for (Column column : changes.added()) {
      statement.execute(
          "ALTER TABLE "
              + target.sql()
              + " ADD COLUMN "
              + TableName.quote(column.name())
              + " "
              + column.type());
      statement.execute(
          "ALTER TABLE "
              + backup.sql()
              + " ADD COLUMN IF NOT EXISTS "
              + TableName.quote(column.name())
              + " "
              + column.type());
    }
    for (Column column : changes.removed()) {
      statement.execute(
          "ALTER TABLE " + target.sql() + " DROP COLUMN " + TableName.quote(column.name()));
    }
    Optional<TableName> published = Versions.publishedNameOf(target);
    if (published.isPresent()
        && "view".equals(Versions.kind(connection, published.get()).orElse(""))) {
      String version = target.name().substring(published.get().name().length() + 2);
      if (Versions.liveVersion(connection, published.get()).filter(version::equals).isPresent()) {
        statement.execute(Versions.viewSql(published.get(), target));
      }
    }
  }
}
