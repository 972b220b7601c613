package io.partita.exec;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.AssetKind;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.config.TemplateContext;
import io.partita.engine.Engine;
import io.partita.model.ColumnChanges;
import io.partita.model.ColumnChanges.Column;
import io.partita.model.OnSchemaChange;
import io.partita.plan.TaskNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies {@code on_schema_change} before a run writes anything: the model's result shape
 * (DESCRIBE, no computation) against the table the run writes. Refuses a changed column type, and
 * any added or removed column under {@code fail}. Command assets, and models whose inputs or target
 * do not exist yet, are checked at publish instead.
 */
final class SchemaPreflight {
  private final Engine engine;
  private final SqlTemplates templates = new SqlTemplates();

  SchemaPreflight(Engine engine) {
    this.engine = engine;
  }

  /**
   * @param firstTask the first task of each asset of the run
   * @param versions the version each asset writes
   * @throws PartitaException USER naming the asset's file:line, the columns and the fix
   */
  void verify(
      Pipeline pipeline,
      Map<String, TaskNode> firstTask,
      Map<String, String> versions,
      String runId) {
    for (TaskNode task : firstTask.values()) {
      AssetDefinition asset = pipeline.asset(task.asset());
      if (asset.kind() != AssetKind.SQL) {
        continue;
      }
      String target = engine.versionRelation(asset.name(), versions.get(asset.name()));
      Optional<List<Column>> table = describe(target);
      if (table.isEmpty()) {
        continue;
      }
      TemplateContext context =
          new TemplateContext(
              task.partition(), engine::relation, target, pipeline.projectDir(), runId);
      String model;
      try {
        model =
            templates.renderSql(asset.sqlFile().orElseThrow(), asset.sql().orElseThrow(), context);
      } catch (PartitaException e) {
        continue; // the run reports it with the partition
      }
      Optional<List<Column>> rows = describe("(" + model + ")");
      if (rows.isEmpty()) {
        continue;
      }
      List<Column> written = new ArrayList<>(rows.get());
      if (asset.auditColumns()) {
        written.add(new Column("_partita_run_id", "VARCHAR"));
        written.add(new Column("_partita_written_at", "TIMESTAMP"));
      }
      refuse(
          asset,
          readable(target),
          ColumnChanges.between(table.get(), written).withoutWidenings(),
          table.get(),
          written);
    }
  }

  private static void refuse(
      AssetDefinition asset,
      String target,
      ColumnChanges changes,
      List<Column> table,
      List<Column> rows) {
    if (!changes.retyped().isEmpty()) {
      throw PartitaException.user(
          "%s: asset '%s': %s (table %s); a publish never converts published rows. Nothing was written."
              + " CAST the column back to its old type in %s, or publish the new schema as a new version"
              + " (backfill --target %s_vN)",
          asset.location(),
          asset.name(),
          changes.retyped().stream()
              .map(
                  c ->
                      "column "
                          + c.name()
                          + " changed type from "
                          + c.before()
                          + " to "
                          + c.after())
              .collect(Collectors.joining(", ")),
          target,
          asset.definedIn(),
          asset.name());
    }
    if (asset.onSchemaChange() == OnSchemaChange.FAIL && !changes.isEmpty()) {
      throw PartitaException.user(
          "%s: asset '%s': the schema changed and on_schema_change is fail: table %s has columns %s but %s"
              + " returns %s%s. Nothing was written. Set on_schema_change: append_new_columns (or"
              + " sync_all_columns) on the asset, or publish the new schema as a new version (backfill"
              + " --target %s_vN)",
          asset.location(),
          asset.name(),
          target,
          ColumnChanges.names(table),
          asset.definedIn(),
          ColumnChanges.names(rows),
          (changes.added().isEmpty() ? "" : " (new: " + changes.added() + ")")
              + (changes.removed().isEmpty() ? "" : " (removed: " + changes.removed() + ")"),
          asset.name());
    }
  }

  /** {@code "main"."features__v2"} as {@code features__v2}. */
  private static String readable(String relation) {
    return relation.replace("\"main\".", "").replace("\"", "");
  }

  /** The columns of a relation or a parenthesised query; empty when it does not bind. */
  private Optional<List<Column>> describe(String relation) {
    try {
      return Optional.of(
          engine.describe("SELECT * FROM " + relation).stream()
              .map(column -> new Column(column.name(), column.type()))
              .toList());
    } catch (PartitaException e) {
      // A target not created yet, inputs missing on a fresh warehouse, or a model error the run
      // will report with its partition.
      return Optional.empty();
    }
  }
}
