package io.partita.exec;

import io.partita.PartitaException;
import io.partita.config.GitCommit;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.config.SqlTemplates;
import io.partita.engine.Engine;
import io.partita.engine.SqlParser;
import io.partita.lineage.LineageEmitter;
import io.partita.lineage.LineageRecorder;
import io.partita.lineage.LineageSink;
import io.partita.plan.AssetSelection;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.publish.StagedInRun;
import io.partita.publish.TaskRunner;
import io.partita.publish.VersionTargets;
import io.partita.publish.WapServices;
import io.partita.state.LeaseKey;
import io.partita.state.RunIds;
import io.partita.state.RunOrigin;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.Snapshot;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  private final Clock clock;
  private final ExecutionSettings settings;
  private final SqlTemplates templates = new SqlTemplates();
  private final String owner = Owner.current();
  private final DeadRuns deadRuns;
  private final RunPlanning planning;
  private final RunStart starter;
  private final RunControl control;

  /**
   * @param engine opened on first use: planning needs no warehouse
   * @param sqlParser the engine's parser, used at planning to hold every model to one query
   */
  public RunManager(
      Path projectDir,
      StateStore state,
      Supplier<Engine> engine,
      SqlParser sqlParser,
      Clock clock,
      ExecutionSettings settings) {
    this.projectDir = projectDir;
    this.state = state;
    this.engine = engine;
    this.clock = clock;
    this.settings = settings;
    this.deadRuns = new DeadRuns(state, clock, settings);
    this.planning = new RunPlanning(projectDir, state, sqlParser);
    this.starter = new RunStart(projectDir, state, clock, settings, deadRuns);
    this.control = new RunControl(this, state, clock, deadRuns);
  }

  /** Tells which runs lost their process; the listings show them as interrupted. */
  public DeadRuns deadRuns() {
    return deadRuns;
  }

  /**
   * Plans a backfill from the working tree without writing anything.
   *
   * @throws PartitaException USER naming the option, asset or template at fault
   */
  public PlannedRun plan(BackfillRequest request) {
    return planning.plan(PipelineLoader.load(projectDir), request);
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
        RunRecord.queued(
            id,
            planned.options(),
            new RunOrigin(request.kind(), hash, gitCommit, request.actor(), request.reason()),
            now);
    state.runs().create(run);
    List<LeaseKey> keys = new ArrayList<>(planned.plan().size());
    List<TaskRecord> tasks = new ArrayList<>(planned.plan().size());
    java.util.Map<String, String> versions =
        VersionTargets.explicit(
            planned.options().target(),
            AssetSelection.resolve(planned.options().assets(), pipeline),
            pipeline);
    for (TaskNode task : planned.plan().tasks()) {
      keys.add(
          new LeaseKey(
              task.asset(), versions.getOrDefault(task.asset(), ""), task.partition().key()));
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
      throw new IllegalStateException(
          "Run " + runId + " is " + run.status().lowerName() + ", not queued");
    }
    state.runs().delete(runId);
  }

  private String describeHolder(String runId) {
    return state
        .runs()
        .find(runId)
        .map(r -> r.status().lowerName() + r.owner().map(o -> " in process " + o).orElse(""))
        .orElse("unknown");
  }

  /**
   * Executes a run until it succeeds, fails, is paused or cancelled. Works for a new (queued) run,
   * a paused or failed one, and a running one whose process died: succeeded tasks are kept,
   * interrupted ones whose publish committed are recognised and not redone.
   */
  public RunResult execute(String runId, RunListener listener) {
    RunRecord run = find(runId);
    claim(run, owner);
    try {
      RunStart.Started started = starter.start(run, engine);
      Engine warehouse = started.warehouse();
      RunRecord running = started.running();
      Pipeline pipeline = started.pipeline();
      Plan plan = started.plan();
      StagedInRun staged = new StagedInRun();
      VersionTargets targets = started.targets();
      List<TaskRecord> recovered = started.tasks();
      Path snapshotDir = started.snapshotDir();
      TaskRunner runner =
          new TaskRunner(
              new WapServices(pipeline, warehouse, templates, state, clock),
              snapshotDir,
              projectDir.resolve(".partita/tmp"),
              running.options().atomic(),
              staged,
              targets);
      // Lineage and audit ride on the listener callbacks (see LineageListener).
      try (LineageEmitter emitter = LineageEmitter.of(pipeline.lineage(), projectDir)) {
        LineageRecorder recorder =
            new LineageRecorder(
                pipeline,
                running,
                state,
                warehouse,
                new LineageSink(
                    emitter,
                    warehouse
                        .dialect()
                        .lineageNamespace(
                            io.partita.backend.Backends.warehouseLocation(pipeline, projectDir))),
                clock,
                asset ->
                    targets.contains(asset)
                        ? targets.version(asset)
                        : warehouse.liveVersion(asset).orElse("v1"));
        RunListener withLineage = new LineageListener(recorder, listener, pipeline, plan, running);
        RunContext context = new RunContext(running, pipeline, plan, state, clock, settings, owner);
        return new RunExecution(
                context,
                recovered,
                ResourcePools.shared(),
                withLineage,
                new Staging(runner, warehouse, staged, targets))
            .execute();
      }
    } catch (RuntimeException e) {
      throw abandon(runId, e);
    }
  }

  /**
   * Starts a created, paused or interrupted run for workers to share (see {@link Worker}): takes
   * its leases, recovers tasks whose publish committed, and leaves it RUNNING, owned by the
   * workers. Executes nothing here.
   *
   * @throws PartitaException USER for an atomic run, which one process must execute; CONFLICT when
   *     a live process or run holds it
   */
  public RunRecord share(String runId) {
    RunRecord run = find(runId);
    if (run.options().atomic()) {
      throw PartitaException.user(
          "Run %s publishes atomically (--publish atomic), which one process must execute: drop"
              + " --detach, or use --publish per-partition to share it with workers",
          runId);
    }
    claim(run, SharedRun.OWNER);
    try {
      RunRecord running = starter.start(run, engine).running();
      requeueForWorkers(runId);
      return running;
    } catch (RuntimeException e) {
      try {
        RunRecord current = find(runId);
        if (current.status() == RunStatus.RUNNING) {
          deadRuns.interrupt(current);
        } else {
          state.runs().release(runId, SharedRun.OWNER);
        }
      } catch (RuntimeException secondary) {
        e.addSuppressed(secondary);
      }
      throw e;
    }
  }

  /**
   * Resuming a shared run: failed, retrying and unclaimed running tasks get a fresh start, as
   * {@link RunExecution} gives them in one process. Tasks a live worker holds are left alone.
   */
  private void requeueForWorkers(String runId) {
    java.util.Set<String> claimed = new java.util.HashSet<>();
    for (io.partita.state.TaskClaim claim : state.workers().claims()) {
      if (claim.runId().equals(runId)) {
        claimed.add(claim.asset() + "\u0000" + claim.partition());
      }
    }
    for (TaskRecord task : state.tasks().list(runId)) {
      boolean restart =
          switch (task.status()) {
            case FAILED, FAILED_CHECKS, UPSTREAM_FAILED, RETRYING, STAGED -> true;
            case RUNNING -> !claimed.contains(task.asset() + "\u0000" + task.partition());
            default -> false;
          };
      if (restart) {
        state.tasks().update(task.withStatus(io.partita.state.TaskStatus.QUEUED, task.error()));
      }
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
    return PartitaException.internal(
        String.format(
            "Run %s stopped: the disk is full (%s). %s Free space, then finish it with `%s`.",
            runId,
            diskFull.get(),
            recorded
                ? "It is recorded as interrupted."
                : "It shows as interrupted once this process has exited.",
            DeadRuns.resumeCommand(runId)),
        failure);
  }

  /** Checks the run can be (re)started here and takes ownership of it. */
  private void claim(RunRecord run, String owner) {
    switch (run.status()) {
      case SUCCEEDED, CANCELLED ->
          throw PartitaException.user(
              "Run %s already %s; nothing to resume. Start a new backfill to run its partitions again.",
              run.id(), run.status().lowerName());
      default -> {}
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
          run.id(),
          current.owner().orElse("?"),
          current.heartbeatAt().map(Instant::toString).orElse("never"),
          run.id());
    }
  }

  /**
   * Asks the process running the run to pause after its in-flight tasks; pauses a dead run at once.
   */
  public RunRecord pause(String runId) {
    return control.pause(runId);
  }

  /**
   * Cancels a run: a live one stops its in-flight tasks; a paused, queued or dead one is cancelled
   * at once.
   */
  public RunRecord cancel(String runId) {
    return control.cancel(runId);
  }

  /**
   * A RUNNING run whose process is gone (dead local pid, or no heartbeat for {@code staleAfter}).
   */
  public boolean isOrphaned(RunRecord run) {
    return deadRuns.isOrphaned(run);
  }

  public RunRecord find(String runId) {
    return state
        .runs()
        .find(runId)
        .orElseThrow(
            () -> PartitaException.user("Unknown run '%s': `partita runs` lists the runs", runId));
  }
}
