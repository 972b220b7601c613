package io.partita.exec;

import io.partita.PartitaException;
import io.partita.config.GitCommit;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.config.SqlTemplates;
import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import io.partita.engine.SqlStatements;
import io.partita.lineage.LineageEmitter;
import io.partita.lineage.LineageRecorder;
import io.partita.model.Grain;
import io.partita.model.PartitionSet;
import io.partita.model.WriteMode;
import io.partita.plan.AssetSelection;
import io.partita.plan.Order;
import io.partita.plan.PartitionStates;
import io.partita.plan.Plan;
import io.partita.plan.PlanRequest;
import io.partita.plan.Planner;
import io.partita.plan.Reprocess;
import io.partita.plan.TaskNode;
import io.partita.state.ControlRequest;
import io.partita.state.LeaseKey;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.Snapshot;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The life of runs: plan, create (snapshot + tasks + leases), execute, resume, pause, cancel. The
 * entry point for the CLI, the scheduler and the HTTP API.
 */
public final class RunManager {
  /** Most tasks of one run at once: each runs on its own thread. */
  public static final int MAX_PARALLEL = 1024;

  private final Path projectDir;
  private final StateStore state;
  private final Supplier<Engine> engine;
  private final SqlParser sqlParser;
  private final Clock clock;
  private final ExecutionSettings settings;
  private final SqlTemplates templates = new SqlTemplates();
  private final String owner = Owner.current();
  private final DeadRuns deadRuns;

  /**
   * @param engine opened on first use: planning needs no warehouse
   * @param sqlParser the engine's parser, used at planning to hold every model to one query
   */
  public RunManager(Path projectDir, StateStore state, Supplier<Engine> engine, SqlParser sqlParser, Clock clock,
      ExecutionSettings settings) {
    this.projectDir = projectDir;
    this.state = state;
    this.engine = engine;
    this.sqlParser = sqlParser;
    this.clock = clock;
    this.settings = settings;
    this.deadRuns = new DeadRuns(state, clock, settings);
  }

  /** Tells which runs lost their process; the listings show them as interrupted. */
  public DeadRuns deadRuns() {
    return deadRuns;
  }

  /** Plans a backfill from the working tree without writing anything. */
  public PlannedRun plan(BackfillRequest request) {
    Pipeline pipeline = PipelineLoader.load(projectDir);
    return plan(pipeline, request);
  }

  PlannedRun plan(Pipeline pipeline, BackfillRequest request) {
    return plan(pipeline, request, false, false);
  }

  /**
   * Plans with cell selections: {@code stale} keeps only partitions written by an older definition
   * of their asset (see {@link Staleness}); {@code downstream} adds the partitions of downstream
   * assets that read a selected partition through their dependency windows.
   */
  public PlannedRun plan(BackfillRequest request, boolean stale, boolean downstream) {
    return plan(PipelineLoader.load(projectDir), request, stale, downstream);
  }

  /**
   * As {@link #plan(BackfillRequest, boolean, boolean)}, with {@code --max-partitions} in place of
   * {@code defaults.max_partitions_per_run} when present.
   */
  public PlannedRun plan(
      BackfillRequest request, boolean stale, boolean downstream, Optional<Integer> maxPartitions) {
    Pipeline pipeline = PipelineLoader.load(projectDir);
    RunSizeLimit limit =
        maxPartitions
            .map(max -> new RunSizeLimit(max, "--max-partitions"))
            .orElseGet(() -> limitOf(pipeline));
    return plan(pipeline, request, stale, downstream, limit);
  }

  PlannedRun plan(Pipeline pipeline, BackfillRequest request, boolean stale, boolean downstream) {
    return plan(pipeline, request, stale, downstream, limitOf(pipeline));
  }

  private static RunSizeLimit limitOf(Pipeline pipeline) {
    return new RunSizeLimit(
        pipeline.defaults().maxPartitionsPerRun(), "defaults.max_partitions_per_run");
  }

  private PlannedRun plan(
      Pipeline pipeline,
      BackfillRequest request,
      boolean stale,
      boolean downstream,
      RunSizeLimit limit) {
    int maxParallel = request.maxParallel().orElse(pipeline.defaults().concurrency());
    if (maxParallel < 1) {
      throw PartitaException.user("--max-parallel must be at least 1, got %d", maxParallel);
    }
    if (maxParallel > MAX_PARALLEL) {
      throw PartitaException.user("%s must be at most %d (one thread per task), got %d",
          request.maxParallel().isPresent() ? "--max-parallel" : "defaults.concurrency in partita.yaml", MAX_PARALLEL,
          maxParallel);
    }
    request.retries().ifPresent(retries -> {
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
        if (states.isFailed(asset, pipeline.asset(asset).grain().parseKey(cell.substring(cell.indexOf(' ') + 1)))) {
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
        io.partita.model.PartitionKey key = pipeline.asset(asset).grain().parseKey(cell.substring(cell.indexOf(' ') + 1));
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
        throw PartitaException.user(stale ? "Nothing is stale in the selection: every partition was written by the"
            + " current definition of its asset" : "Nothing to run in the selection");
      }
      assets = Cells.assets(pipeline, cells.get());
      grain = planner.grainOf(assets);
      partitions = Cells.covering(cells.get(), grain);
      assetSpec = String.join(",", assets);
    }
    limit.check(partitions);
    PlanRequest planRequest = new PlanRequest(assets, partitions, request.reprocess(), request.order());
    Set<String> only = cells.orElse(null);
    boolean cellsDecide = failedWithDownstream;
    Plan plan = planner.plan(planRequest, states, (asset, key) ->
        (only == null || only.contains(asset + " " + key.key()))
            && (cellsDecide || Planner.wanted(request.reprocess(), asset, key, states)));
    io.partita.state.RunOptions options =
        new io.partita.state.RunOptions(
            assetSpec,
            partitions.spec(),
            maxParallel,
            writeMode.map(WriteMode::lowerName),
            request.retries(),
            request.order().lowerName(),
            request.reprocess().lowerName(),
            request.publish(),
            request.target());
    VersionTargets.explicit(request.target(), assets, pipeline); // validate before anything is stored
    checkTemplates(pipeline, plan);
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
    first.forEach((name, partition) -> {
      io.partita.config.AssetDefinition asset = pipeline.asset(name);
      io.partita.config.TemplateContext context =
          new io.partita.config.TemplateContext(partition, upstream -> upstream, name, projectDir, "plan");
      String rendered;
      try {
        if (asset.sql().isEmpty()) {
          templates.renderArguments(asset.command(), context);
          return;
        }
        rendered = templates.renderSql(asset.sqlFile().orElseThrow(), asset.sql().get(), context);
      } catch (PartitaException e) {
        // One line: the template engine quotes the offending text, newlines included.
        String message = e.getMessage().replaceAll("\\s*\\n\\s*", " ");
        throw PartitaException.user("%s (asset '%s'); nothing was written", message, name);
      }
      requireOneQuery(asset, rendered);
    });
  }

  private void requireOneQuery(io.partita.config.AssetDefinition asset, String rendered) {
    sqlParser.parse(rendered).notOneQuery(SqlStatements.MODEL_KEYWORDS).ifPresent(problem -> {
      throw PartitaException.user(
          "%s:%d: the model of asset '%s' %s; a model is exactly one query (SELECT/WITH/VALUES/FROM): move"
              + " other statements out of it. Nothing was written",
          asset.sqlFile().orElseThrow(), problem.line(), asset.name(), problem.description());
    });
  }

  /**
   * Stores a planned run: snapshot, run record (QUEUED), tasks, and partition leases.
   *
   * @throws PartitaException CONFLICT naming the live run that holds some of the partitions
   */
  public RunRecord create(PlannedRun planned, BackfillRequest request) {
    Pipeline pipeline = planned.pipeline();
    Instant now = clock.instant();
    Optional<String> gitCommit = GitCommit.detect(projectDir);
    String hash = pipeline.files().hash();
    state.snapshots().save(new Snapshot(hash, pipeline.files(), gitCommit, now));
    String id = RunIds.next(now);
    RunRecord run =
        new RunRecord(id, request.kind(), RunStatus.QUEUED, planned.options(), hash, gitCommit, request.actor(),
            request.reason(), now, Optional.empty(), Optional.empty(), Optional.empty(), ControlRequest.NONE);
    state.runs().create(run);
    List<LeaseKey> keys = new ArrayList<>(planned.plan().size());
    List<TaskRecord> tasks = new ArrayList<>(planned.plan().size());
    java.util.Map<String, String> versions = VersionTargets.explicit(planned.options().target(),
        AssetSelection.resolve(planned.options().assets(), pipeline), pipeline);
    for (TaskNode task : planned.plan().tasks()) {
      keys.add(new LeaseKey(task.asset(), versions.getOrDefault(task.asset(), ""), task.partition().key()));
      tasks.add(TaskRecord.queued(id, task.asset(), task.partition().key()));
    }
    // A holder killed on this host is dead now, not after staleAfter: take its partitions at once.
    deadRuns.interruptLocal();
    Optional<String> holder = state.leases().acquire(id, keys, now.minus(settings.staleAfter()));
    if (holder.isPresent()) {
      state.runs().delete(id);
      throw PartitaException.conflict(
          "Run %s is writing some of these partitions (%s). Wait for it, or stop it with `partita cancel %s`, then retry.",
          holder.get(), describeHolder(holder.get()), holder.get());
    }
    state.tasks().createAll(tasks);
    state.runs().saveAssetRanges(id, PlanExtent.of(planned).ranges());
    return run;
  }

  /** Removes a run that was created but never started (e.g. the warehouse was locked). */
  public void discard(String runId) {
    RunRecord run = find(runId);
    if (run.status() != RunStatus.QUEUED) {
      throw new IllegalStateException("Run " + runId + " is " + run.status().lowerName() + ", not queued");
    }
    state.runs().delete(runId);
  }

  private String describeHolder(String runId) {
    return state.runs().find(runId)
        .map(r -> r.status().lowerName() + r.owner().map(o -> " in process " + o).orElse(""))
        .orElse("unknown");
  }

  /**
   * Executes a run until it succeeds, fails, is paused or cancelled. Works for a new (queued)
   * run, a paused or failed one, and a running one whose process died: succeeded tasks are kept,
   * interrupted ones whose publish committed are recognised and not redone.
   */
  public RunResult execute(String runId, RunListener listener) {
    RunRecord run = find(runId);
    claim(run);
    try {
      Snapshot snapshot = state.snapshots().find(run.snapshotHash())
          .orElseThrow(() -> PartitaException.internal("Snapshot " + run.snapshotHash() + " of run " + runId + " is missing", null));
      Pipeline pipeline = PipelineLoader.load(projectDir, snapshot.files());
      List<TaskRecord> stored = state.tasks().list(runId);
      Plan plan = replan(pipeline, run, stored);
      java.util.Map<String, String> versions = VersionTargets.explicit(run.options().target(),
          AssetSelection.resolve(run.options().assets(), pipeline), pipeline);
      List<LeaseKey> keys = stored.stream()
          .map(t -> new LeaseKey(t.asset(), versions.getOrDefault(t.asset(), ""), t.partition())).toList();
      deadRuns.interruptLocal();
      Optional<String> holder = state.leases().acquire(runId, keys, clock.instant().minus(settings.staleAfter()));
      if (holder.isPresent()) {
        throw PartitaException.conflict("Run %s holds some partitions of run %s (%s); wait for it or cancel it",
            holder.get(), runId, describeHolder(holder.get()));
      }
      Engine warehouse = engine.get();
      List<TaskRecord> recovered = recoverInterrupted(warehouse, run, stored);
      if (!state.runs().transition(runId, currentStatus(runId), RunStatus.RUNNING, clock.instant())) {
        throw PartitaException.conflict("Run %s changed state while starting; try again", runId);
      }
      RunRecord running = find(runId);
      Path snapshotDir = materialize(snapshot);
      StagedInRun staged = new StagedInRun();
      VersionTargets targets = VersionTargets.resolve(run.options().target(),
          plan.tasks().stream().map(TaskNode::asset).distinct().toList(), pipeline, warehouse);
      for (String asset : plan.tasks().stream().map(TaskNode::asset).distinct().toList()) {
        state.versions().register(new io.partita.state.VersionStore.AssetVersion(asset, targets.version(asset),
            Optional.of(run.snapshotHash()), Optional.of(runId), clock.instant()));
      }
      TaskRunner runner = new TaskRunner(pipeline, warehouse, templates, state, clock, snapshotDir,
          projectDir.resolve(".partita/tmp"), running.options().atomic(), staged, targets);
      // Lineage and audit ride on the listener callbacks (see LineageListener).
      try (LineageEmitter emitter = LineageEmitter.of(pipeline.lineage(), projectDir)) {
        LineageRecorder recorder = new LineageRecorder(pipeline, running, state, warehouse,
            pipeline.resolve(pipeline.warehouse().replaceFirst("^duckdb:", "")), emitter, clock,
            asset -> targets.contains(asset) ? targets.version(asset) : warehouse.liveVersion(asset).orElse("v1"));
        RunListener withLineage = new LineageListener(recorder, listener, pipeline, plan, running);
        return new RunExecution(running, pipeline, plan, recovered, state, clock, ResourcePools.shared(),
            withLineage, runner, warehouse, staged, targets, settings, owner).execute();
      }
    } catch (RuntimeException e) {
      throw abandon(runId, e);
    }
  }

  /**
   * This process cannot go on with the run (a full disk, a lost warehouse): record it as
   * interrupted so that `resume` finishes it and its partitions are free. When the state store
   * takes no write at all, the owner's dead pid tells the same once this process has exited.
   */
  private RuntimeException abandon(String runId, RuntimeException failure) {
    boolean recorded = false;
    try {
      RunRecord current = find(runId);
      if (current.status() == RunStatus.RUNNING && current.owner().equals(Optional.of(owner))) {
        recorded = deadRuns.interrupt(current);
      } else {
        state.runs().release(runId, owner);
      }
    } catch (RuntimeException secondary) {
      failure.addSuppressed(secondary);
    }
    Optional<String> diskFull = DiskFull.describe(failure);
    if (diskFull.isEmpty()) {
      return failure;
    }
    return PartitaException.internal(String.format(
        "Run %s stopped: the disk is full (%s). %s Free space, then finish it with `%s`.", runId, diskFull.get(),
        recorded ? "It is recorded as interrupted." : "It shows as interrupted once this process has exited.",
        DeadRuns.resumeCommand(runId)), failure);
  }

  /** Checks the run can be (re)started here and takes ownership of it. */
  private void claim(RunRecord run) {
    switch (run.status()) {
      case SUCCEEDED, CANCELLED -> throw PartitaException.user(
          "Run %s already %s; nothing to resume. Start a new backfill to run its partitions again.",
          run.id(), run.status().lowerName());
      default -> { }
    }
    Instant now = clock.instant();
    Instant staleBefore = now.minus(settings.staleAfter());
    if (run.owner().isPresent() && Owner.isDeadLocalProcess(run.owner().get())) {
      staleBefore = now.plusSeconds(1); // The owner's process is gone: take over at once.
    }
    if (!state.runs().claim(run.id(), owner, now, staleBefore)) {
      RunRecord current = find(run.id());
      throw PartitaException.conflict(
          "Run %s is being executed by process %s (last heartbeat %s). Pause it with `partita pause %s` first.",
          run.id(), current.owner().orElse("?"), current.heartbeatAt().map(Instant::toString).orElse("never"), run.id());
    }
  }

  /** Tasks that were running when a process died: if their publish committed, they succeeded. */
  private List<TaskRecord> recoverInterrupted(Engine warehouse, RunRecord run, List<TaskRecord> stored) {
    List<TaskRecord> result = new ArrayList<>(stored.size());
    for (TaskRecord task : stored) {
      if ((task.status() == TaskStatus.RUNNING || task.status() == TaskStatus.RETRYING
              || task.status() == TaskStatus.STAGED)
          && warehouse.wasPublished(task.runId(), task.asset(), task.partition())) {
        Instant now = clock.instant();
        // The task died before recording its row count: the publish log has it.
        Optional<Long> rows = task.rowsWritten().or(() -> warehouse.lastPublish(task.asset(), task.partition())
            .filter(published -> published.runId().equals(task.runId()))
            .map(io.partita.engine.PublishedPartition::rows));
        TaskRecord done = new TaskRecord(task.runId(), task.asset(), task.partition(), TaskStatus.SUCCEEDED,
            task.attempts(), task.startedAt(), Optional.of(now), rows,
            Optional.of("recovered: the publish had committed before the process stopped"));
        // The partition grid must agree, or status, --reprocess missing and upstream checks would
        // still see the partition as running.
        state.tasks().update(done, new PartitionState(task.asset(), task.partition(), PartitionStatus.SUCCEEDED,
            rows, run.id(), Optional.of(run.snapshotHash()), now));
        result.add(done);
      } else {
        result.add(task);
      }
    }
    return result;
  }

  private Plan replan(Pipeline pipeline, RunRecord run, List<TaskRecord> stored) {
    Planner planner = new Planner(pipeline);
    List<String> assets = AssetSelection.resolve(run.options().assets(), pipeline);
    Set<String> included = new HashSet<>();
    for (TaskRecord task : stored) {
      included.add(task.asset() + "\u0000" + task.partition());
    }
    PartitionSet partitions = PartitionSet.parse(run.options().partitions(), planner.grainOf(assets));
    PlanRequest request = new PlanRequest(assets, partitions, Reprocess.ALL, Order.parse(run.options().order()));
    // Upstream cells outside the stored run count as materialized (checked at create); stored
    // cells that the create-time closure added count as missing, so the closure adds them again.
    PartitionStates satisfied = new PartitionStates() {
      @Override
      public boolean isMaterialized(String asset, io.partita.model.PartitionKey partition) {
        return !included.contains(asset + "\u0000" + partition.key());
      }

      @Override
      public boolean isFailed(String asset, io.partita.model.PartitionKey partition) {
        return false;
      }
    };
    return planner.plan(request, satisfied, (asset, key) -> included.contains(asset + "\u0000" + key.key()));
  }

  /** Asks the process running the run to pause after its in-flight tasks; pauses a dead run at once. */
  public RunRecord pause(String runId) {
    RunRecord run = find(runId);
    if (run.status() != RunStatus.RUNNING) {
      throw PartitaException.user("Run %s is %s; only a running run can be paused", runId, run.status().lowerName());
    }
    if (isOrphaned(run)) {
      state.runs().transition(runId, RunStatus.RUNNING, RunStatus.PAUSED, clock.instant());
      state.runs().release(runId, run.owner().orElse(""));
    } else {
      state.runs().requestControl(runId, ControlRequest.PAUSE);
    }
    return find(runId);
  }

  /** Cancels a run: a live one stops its in-flight tasks; a paused, queued or dead one is cancelled at once. */
  public RunRecord cancel(String runId) {
    RunRecord run = find(runId);
    if (run.status().isTerminal()) {
      throw PartitaException.user("Run %s already %s; nothing to cancel", runId, run.status().lowerName());
    }
    if (run.status() == RunStatus.RUNNING && !isOrphaned(run)) {
      state.runs().requestControl(runId, ControlRequest.CANCEL);
      return find(runId);
    }
    if (state.runs().transition(runId, run.status(), RunStatus.CANCELLED, clock.instant())) {
      for (TaskRecord task : state.tasks().list(runId)) {
        if (!task.status().isTerminal()) {
          state.tasks().update(task.withStatus(TaskStatus.CANCELLED, Optional.of("run cancelled")));
        }
      }
      state.leases().release(runId);
      run.owner().ifPresent(o -> state.runs().release(runId, o));
    }
    return find(runId);
  }

  /** A RUNNING run whose process is gone (dead local pid, or no heartbeat for {@code staleAfter}). */
  public boolean isOrphaned(RunRecord run) {
    return deadRuns.isOrphaned(run);
  }

  public RunRecord find(String runId) {
    return state.runs().find(runId)
        .orElseThrow(() -> PartitaException.user("Unknown run '%s': `partita runs` lists the runs", runId));
  }

  private RunStatus currentStatus(String runId) {
    return find(runId).status();
  }

  /** Writes the snapshot's files under .partita/snapshots/HASH so commands run the pinned scripts. */
  private Path materialize(Snapshot snapshot) {
    Path dir = projectDir.resolve(".partita/snapshots").resolve(snapshot.hash().substring(0, 16));
    try {
      for (Map.Entry<String, String> file : snapshot.files().files().entrySet()) {
        Path target = dir.resolve(file.getKey());
        if (!Files.exists(target)) {
          Files.createDirectories(target.getParent());
          Files.writeString(target, file.getValue());
          // Scripts may be argv[0]; the snapshot keeps text only, so make every copy runnable.
          target.toFile().setExecutable(true, false);
        }
      }
    } catch (IOException e) {
      throw PartitaException.internal("Cannot write snapshot files to " + dir, e);
    }
    return dir;
  }
}
