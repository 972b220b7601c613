package io.partita.engine.spark;

import io.partita.engine.EngineException;
import io.partita.engine.StageRequest;
import io.partita.model.ColumnChanges;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.OnSchemaChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code on_schema_change} on Iceberg, with DuckDB's semantics. An Iceberg schema belongs to the
 * table, not to a branch, so a stage whose rows bring a new column adds it to the table first
 * ({@code ALTER TABLE ... ADD COLUMNS}: metadata only, the published rows read NULL in it) and
 * fills the table's columns its rows lack with NULL. Publish then applies the policy: {@code fail}
 * refuses and drops the columns the stage added, {@code append_new_columns} keeps them, {@code
 * sync_all_columns} also drops the columns the new rows no longer have. A changed column type is
 * refused at stage, before anything is written.
 */
final class SparkSchemaEvolution {
  /** The table's columns before the stage and the staged rows' columns. */
  record StagedSchema(List<Column> table, List<Column> rows) {
    StagedSchema {
      table = List.copyOf(table);
      rows = List.copyOf(rows);
    }

    ColumnChanges changes() {
      return ColumnChanges.between(table, rows).withoutWidenings();
    }
  }

  /** The rows to write into the branch, in the table's columns, and the schemas they came from. */
  record Evolved(Dataset<Row> rows, StagedSchema schema) {}

  private SparkSchemaEvolution() {}

  /**
   * Adds the rows' new columns to {@code target} and fits the rows to its columns. Call under the
   * table's lock.
   *
   * @throws EngineException not retryable, naming the column, when a column changed type
   */
  static Evolved stage(
      StageRequest request, SparkSession session, String target, Dataset<Row> rows) {
    List<Column> table = columns(session.table(target).schema());
    List<Column> staged = columns(rows.schema());
    StagedSchema schema = new StagedSchema(table, staged);
    ColumnChanges changes = schema.changes();
    if (!changes.retyped().isEmpty()) {
      throw new EngineException(retypedMessage(request, target, changes), false, null);
    }
    if (!changes.added().isEmpty()) {
      session.sql(
          "ALTER TABLE "
              + target
              + " ADD COLUMNS ("
              + changes.added().stream()
                  .map(column -> IcebergTables.quote(column.name()) + " " + column.type())
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return new Evolved(fitTo(rows, session.table(target).schema()), schema);
  }

  /**
   * Applies {@code policy} at publish, before the commit: under {@code fail} a changed schema is
   * refused and the stage's new columns are dropped again.
   *
   * @throws EngineException not retryable, when the policy refuses the change
   */
  static void beforePublish(
      StageRequest request,
      SparkSession session,
      String target,
      StagedSchema schema,
      OnSchemaChange policy) {
    ColumnChanges changes = schema.changes();
    if (policy != OnSchemaChange.FAIL || changes.isEmpty()) {
      return;
    }
    for (Column column : changes.added()) {
      session.sql("ALTER TABLE " + target + " DROP COLUMN " + IcebergTables.quote(column.name()));
    }
    throw new EngineException(
        String.format(
            "%s: the schema changed and on_schema_change is fail: table %s has columns %s but the"
                + " new rows have %s%s; nothing was written. Set on_schema_change:"
                + " append_new_columns (or sync_all_columns) on the asset, or publish the new"
                + " schema as a new version (backfill --target %s_vN)",
            SparkErrors.where(request),
            readable(target),
            ColumnChanges.names(schema.table()),
            ColumnChanges.names(schema.rows()),
            (changes.added().isEmpty() ? "" : " (new: " + changes.added() + ")")
                + (changes.removed().isEmpty() ? "" : " (removed: " + changes.removed() + ")"),
            request.asset()),
        false,
        null);
  }

  /**
   * After the commit: under {@code sync_all_columns}, drops the columns the new rows no longer
   * have. Returns whether the table's columns changed with this publish.
   */
  static boolean afterPublish(
      SparkSession session, String target, StagedSchema schema, OnSchemaChange policy) {
    ColumnChanges changes = schema.changes();
    if (policy == OnSchemaChange.SYNC_ALL_COLUMNS) {
      for (Column column : changes.removed()) {
        session.sql("ALTER TABLE " + target + " DROP COLUMN " + IcebergTables.quote(column.name()));
      }
      return !changes.isEmpty();
    }
    return !changes.added().isEmpty();
  }

  /**
   * {@code rows} with exactly the columns of {@code table}, in its order: a column the rows lack
   * reads NULL, a column the table no longer has is left out.
   */
  static Dataset<Row> fitTo(Dataset<Row> rows, StructType table) {
    List<org.apache.spark.sql.Column> selected = new ArrayList<>();
    for (StructField field : table.fields()) {
      selected.add(
          find(rows.schema(), field.name())
              ? rows.col(IcebergTables.quote(field.name()))
              : functions.lit(null).cast(field.dataType()).as(field.name()));
    }
    return rows.select(selected.toArray(org.apache.spark.sql.Column[]::new));
  }

  private static boolean find(StructType schema, String name) {
    for (StructField field : schema.fields()) {
      if (field.name().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Columns with Spark's type names, INT spelled INTEGER so that widenings are recognised. */
  static List<Column> columns(StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      String type = field.dataType().sql();
      columns.add(
          new Column(field.name(), type.toUpperCase(Locale.ROOT).equals("INT") ? "INTEGER" : type));
    }
    return columns;
  }

  private static String retypedMessage(StageRequest request, String target, ColumnChanges changes) {
    String columns =
        changes.retyped().stream()
            .map(
                column ->
                    String.format(
                        "column %s changed type from %s to %s",
                        column.name(), column.before(), column.after()))
            .collect(Collectors.joining(", "));
    return String.format(
        "%s: %s (table %s); a publish never converts published rows. Nothing was written. CAST the"
            + " column back to its old type in the model, or publish the new schema as a new"
            + " version (backfill --target %s_vN)",
        SparkErrors.where(request), columns, readable(target), request.asset());
  }

  /** {@code lake.features.events__v1} as {@code events__v1}. */
  private static String readable(String target) {
    String name = target.substring(target.lastIndexOf('.') + 1);
    return name.replace("`", "");
  }
}
