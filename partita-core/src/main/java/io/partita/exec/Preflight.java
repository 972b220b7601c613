package io.partita.exec;

import io.partita.PartitaException;
import io.partita.check.Check;
import io.partita.check.SqlCheck;
import io.partita.config.AssetDefinition;
import io.partita.config.AssetKind;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.config.TemplateContext;
import io.partita.engine.Engine;
import io.partita.engine.QueryResult;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.publish.VersionTargets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies, before a run writes anything, what can only be verified against the warehouse: every
 * check reads columns the model returns, and every {@code sql} check returns one boolean. Uses the
 * model's result shape (LIMIT 0), so it costs a query plan, not a computation. Assets whose inputs
 * do not exist yet (a fresh warehouse) are verified when they first run instead.
 */
public final class Preflight {
  private final Engine engine;
  private final SqlTemplates templates = new SqlTemplates();

  public Preflight(Engine engine) {
    this.engine = engine;
  }

  /**
   * Also verifies that the model's columns fit the table the run writes ({@code on_schema_change}).
   *
   * @throws PartitaException USER naming the asset and what to fix
   */
  public void verify(PlannedRun planned, String runId) {
    verify(planned.pipeline(), planned.plan(), runId);
    List<String> assets = planned.plan().tasks().stream().map(TaskNode::asset).distinct().toList();
    // Every asset of the pipeline: --target may name an asset that has no task in this plan.
    List<String> all = List.copyOf(planned.pipeline().assets().keySet());
    VersionTargets versions =
        VersionTargets.resolve(planned.options().target(), all, planned.pipeline(), engine);
    Map<String, String> targets = new LinkedHashMap<>();
    assets.forEach(asset -> targets.put(asset, versions.version(asset)));
    new SchemaPreflight(engine)
        .verify(planned.pipeline(), firstTasks(planned.plan()), targets, runId);
  }

  private static Map<String, TaskNode> firstTasks(Plan plan) {
    Map<String, TaskNode> firstTask = new LinkedHashMap<>();
    for (TaskNode task : plan.tasks()) {
      firstTask.putIfAbsent(task.asset(), task);
    }
    return firstTask;
  }

  /**
   * @throws PartitaException USER naming the asset, the check and the columns available
   */
  public void verify(Pipeline pipeline, Plan plan, String runId) {
    Map<String, TaskNode> firstTask = firstTasks(plan);
    for (TaskNode task : firstTask.values()) {
      AssetDefinition asset = pipeline.asset(task.asset());
      if (asset.checks().isEmpty() || asset.kind() != AssetKind.SQL) {
        continue;
      }
      TemplateContext context =
          new TemplateContext(
              task.partition(),
              engine::relation,
              engine.relation(asset.name()),
              pipeline.projectDir(),
              runId);
      String model =
          "(SELECT * FROM ("
              + templates.renderSql(
                  asset.sqlFile().orElseThrow(), asset.sql().orElseThrow(), context)
              + ") AS model LIMIT 0)";
      Optional<List<String>> columns = columns(model);
      if (columns.isEmpty()) {
        continue;
      }
      for (Check check : asset.checks()) {
        List<String> missing = new ArrayList<>();
        for (String column : check.columns()) {
          if (columns.get().stream()
              .noneMatch(c -> c.toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT)))) {
            missing.add(column);
          }
        }
        if (!missing.isEmpty()) {
          throw PartitaException.user(
              "%s: asset '%s': check %s reads column(s) %s, which %s does not return (it returns %s). Fix the check or"
                  + " the model; nothing was written.",
              asset.location(),
              asset.name(),
              check.name(),
              String.join(", ", missing),
              asset.sqlFile().orElseThrow(),
              String.join(", ", columns.get()));
        }
        if (check instanceof SqlCheck sql) {
          TemplateContext onEmpty =
              new TemplateContext(
                  task.partition(), engine::relation, model, pipeline.projectDir(), runId);
          QueryResult result;
          try {
            result = engine.query(templates.renderSql(sql.name(), sql.query(), onEmpty), 2);
          } catch (PartitaException e) {
            throw PartitaException.user(
                "%s: asset '%s': sql check '%s' does not run: %s",
                asset.location(), asset.name(), sql.name(), e.getMessage());
          }
          SqlCheck.shapeProblem(result)
              .ifPresent(
                  problem -> {
                    throw PartitaException.user(
                        "%s: asset '%s': sql check '%s' %s; write it like"
                            + " \"select count(*) = 0 from {{ this }} where ...\". Nothing was written.",
                        asset.location(), asset.name(), sql.name(), problem);
                  });
        }
      }
    }
  }

  private Optional<List<String>> columns(String model) {
    try {
      return Optional.of(engine.query("SELECT * FROM " + model, 0).columns());
    } catch (PartitaException e) {
      // Inputs missing on a fresh warehouse, or a model error the run will report with context.
      return Optional.empty();
    }
  }
}
