package io.partita.exec;

import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.engine.SqlParser;
import io.partita.engine.SqlStatements;
import io.partita.model.Grain;
import io.partita.model.PartitionSet;
import io.partita.model.WriteMode;
import io.partita.plan.AssetSelection;
import io.partita.plan.Plan;
import io.partita.plan.PlanRequest;
import io.partita.plan.Planner;
import io.partita.plan.Reprocess;
import io.partita.plan.TaskNode;
import io.partita.publish.VersionTargets;
import io.partita.state.StateStore;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Planning a run: validates the request's options, selects the cells (a range, stale ones, their
 * downstream, failed ones with what they held up), plans the tasks and renders every template once,
 * so that bad input is refused before anything is written. Writes nothing.
 */
final class RunPlanning {
  private final Path projectDir;
  private final StateStore state;
  private final SqlParser sqlParser;
  private final SqlTemplates templates = new SqlTemplates();

  RunPlanning(Path projectDir, StateStore state, SqlParser sqlParser) {
    this.projectDir = projectDir;
    this.state = state;
    this.sqlParser = sqlParser;
  }

  private static RunSizeLimit limitOf(Pipeline pipeline) {
    return new RunSizeLimit(
        pipeline.defaults().maxPartitionsPerRun(), "defaults.max_partitions_per_run");
  }

  /**
   * Plans {@code request} over {@code pipeline} without writing anything.
   *
   * @throws PartitaException USER naming the option or the template at fault
   */
  PlannedRun plan(Pipeline pipeline, BackfillRequest request) {
    boolean stale = request.staleOnly();
    boolean downstream = request.withDownstream();
    RunSizeLimit limit =
        request
            .maxPartitions()
            .map(max -> new RunSizeLimit(max, "--max-partitions"))
            .orElseGet(() -> limitOf(pipeline));
    int maxParallel = request.maxParallel().orElse(pipeline.defaults().concurrency());
    if (maxParallel < 1) {
      throw PartitaException.user("--max-parallel must be at least 1, got %d", maxParallel);
    }
    if (maxParallel > RunManager.MAX_PARALLEL) {
      throw PartitaException.user(
          "%s must be at most %d (one thread per task), got %d",
          request.maxParallel().isPresent()
              ? "--max-parallel"
              : "defaults.concurrency in partita.yaml",
          RunManager.MAX_PARALLEL,
          maxParallel);
    }
    request
        .retries()
        .ifPresent(
            retries -> {
              if (retries < 0) {
                throw PartitaException.user("--retries must be 0 or more, got %d", retries);
              }
            });
    String selection = VersionTargets.selection(request.assets(), request.target());
    List<String> assets = AssetSelection.resolve(selection, pipeline);
    VersionTargets.explicit(request.target(), assets, pipeline); // a malformed target first
    Optional<WriteMode> writeMode = request.writeMode().map(WriteMode::parse);
    if (writeMode.orElse(null) == WriteMode.MERGE) {
      for (String asset : assets) {
        if (pipeline.asset(asset).uniqueKey().isEmpty()) {
          throw PartitaException.user(
              "--write-mode merge needs a unique_key, and asset '%s' has none: add unique_key: [...] to it in partita.yaml (%s)",
              asset, pipeline.asset(asset).location());
        }
      }
    }
    Planner planner = new Planner(pipeline);
    Grain grain = planner.grainOf(assets);
    StoredPartitionStates states = new StoredPartitionStates(state);
    Optional<Set<String>> cells = Optional.empty();
    PartitionSet partitions;
    if (stale && request.partitions().isBlank()) {
      cells = Optional.of(Cells.stale(pipeline, state, assets, Optional.empty()));
      partitions = Cells.covering(cells.get(), grain);
    } else {
      partitions = PartitionSet.parse(request.partitions(), grain);
      limit.check(partitions); // before anything enumerates the range
      if (stale) {
        cells = Optional.of(Cells.stale(pipeline, state, assets, Optional.of(partitions)));
      }
    }
    if (downstream) {
      Set<String> start = cells.isPresent() ? cells.get() : Cells.grid(assets, partitions);
      cells = Optional.of(Cells.withDownstream(pipeline, planner, start));
    }
    boolean failedWithDownstream = false;
    if (request.reprocess() == Reprocess.FAILED && !stale && !downstream) {
      // A failed partition's downstream partitions never ran (upstream_failed): they are missing,
      // not failed, yet they belong to "finish what failed".
      Set<String> failed = new java.util.LinkedHashSet<>();
      for (String cell : Cells.grid(assets, partitions)) {
        String asset = cell.substring(0, cell.indexOf(' '));
        if (states.isFailed(
            asset, pipeline.asset(asset).grain().parseKey(cell.substring(cell.indexOf(' ') + 1)))) {
          failed.add(cell);
        }
      }
      Set<String> selected = new HashSet<>(assets);
      Set<String> requested = Cells.grid(assets, partitions);
      Set<String> finish = new java.util.LinkedHashSet<>(failed);
      for (String cell : Cells.withDownstream(pipeline, planner, failed)) {
        if (!requested.contains(cell)) {
          continue; // only within the requested range and assets
        }
        String asset = cell.substring(0, cell.indexOf(' '));
        io.partita.model.PartitionKey key =
            pipeline.asset(asset).grain().parseKey(cell.substring(cell.indexOf(' ') + 1));
        if (selected.contains(asset) && !states.isMaterialized(asset, key)) {
          finish.add(cell);
        }
      }
      if (!failed.isEmpty()) {
        cells = Optional.of(finish);
        failedWithDownstream = true;
      }
    }
    String assetSpec = selection;
    if (cells.isPresent() && !failedWithDownstream) {
      if (cells.get().isEmpty()) {
        throw PartitaException.user(
            stale
                ? "Nothing is stale in the selection: every partition was written by the"
                    + " current definition of its asset"
                : "Nothing to run in the selection");
      }
      assets = Cells.assets(pipeline, cells.get());
      grain = planner.grainOf(assets);
      partitions = Cells.covering(cells.get(), grain);
      assetSpec = String.join(",", assets);
    }
    limit.check(partitions);
    PlanRequest planRequest =
        new PlanRequest(assets, partitions, request.reprocess(), request.order());
    Set<String> only = cells.orElse(null);
    boolean cellsDecide = failedWithDownstream;
    Plan plan =
        planner.plan(
            planRequest,
            states,
            (asset, key) ->
                (only == null || only.contains(asset + " " + key.key()))
                    && (cellsDecide || Planner.wanted(request.reprocess(), asset, key, states)));
    io.partita.state.RunOptions options =
        new io.partita.state.RunOptions(
            new io.partita.state.RunSelection(
                assetSpec, partitions.spec(), request.reprocess().lowerName(), request.target()),
            maxParallel,
            request.order().lowerName(),
            writeMode.map(WriteMode::lowerName),
            request.retries(),
            request.publish());
    VersionTargets.explicit(
        request.target(), assets, pipeline); // validate before anything is stored
    checkTemplates(pipeline, plan);
    AtomicScope.check(pipeline, projectDir, options, plan);
    return new PlannedRun(pipeline, plan, options);
  }

  /**
   * Renders every model and command of the plan once, for its first partition, so that a template
   * error (an unclosed tag, an unknown variable) is bad input before anything is written, not a
   * failed task later. Each rendered model must be exactly one query: DuckDB would run every
   * statement of it, outside the publish transaction and past checks and backups.
   */
  private void checkTemplates(Pipeline pipeline, Plan plan) {
    java.util.Map<String, io.partita.model.PartitionKey> first = new java.util.LinkedHashMap<>();
    for (TaskNode task : plan.tasks()) {
      first.putIfAbsent(task.asset(), task.partition());
    }
    first.forEach(
        (name, partition) -> {
          io.partita.config.AssetDefinition asset = pipeline.asset(name);
          io.partita.config.TemplateContext context =
              new io.partita.config.TemplateContext(
                  partition, upstream -> upstream, name, projectDir, "plan");
          String rendered;
          try {
            if (asset.sql().isEmpty()) {
              templates.renderArguments(asset.command(), context);
              return;
            }
            rendered =
                templates.renderSql(asset.sqlFile().orElseThrow(), asset.sql().get(), context);
          } catch (PartitaException e) {
            // One line: the template engine quotes the offending text, newlines included.
            String message = e.getMessage().replaceAll("\\s*\\n\\s*", " ");
            throw PartitaException.user("%s (asset '%s'); nothing was written", message, name);
          }
          requireOneQuery(asset, rendered);
        });
  }

  private void requireOneQuery(io.partita.config.AssetDefinition asset, String rendered) {
    sqlParser
        .parse(rendered)
        .notOneQuery(SqlStatements.MODEL_KEYWORDS)
        .ifPresent(
            problem -> {
              throw PartitaException.user(
                  "%s:%d: the model of asset '%s' %s; a model is exactly one query (SELECT/WITH/VALUES/FROM): move"
                      + " other statements out of it. Nothing was written",
                  asset.sqlFile().orElseThrow(),
                  problem.line(),
                  asset.name(),
                  problem.description());
            });
  }
}
