package io.partita.exec;

import static java.util.Objects.requireNonNull;

import io.partita.PartitaException;
import io.partita.config.Pipeline;
import io.partita.config.PipelineLoader;
import io.partita.engine.Engine;
import io.partita.plan.AssetSelection;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.publish.VersionTargets;
import io.partita.state.LeaseKey;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.Snapshot;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.VersionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starting a claimed run, whether this process executes it or workers share it: the pipeline of its
 * snapshot, its plan, its partition leases, the recovery of tasks whose publish committed before a
 * process died, the move to RUNNING and the versions it writes.
 */
final class RunStart {
  private final Path projectDir;
  private final StateStore state;
  private final Clock clock;
  private final ExecutionSettings settings;
  private final DeadRuns deadRuns;

  /** A run moved to RUNNING, with what executing it needs. */
  record Started(
      RunRecord running,
      Pipeline pipeline,
      Plan plan,
      List<TaskRecord> tasks,
      Path snapshotDir,
      VersionTargets targets,
      Engine warehouse) {
    Started {
      requireNonNull(running, "running is null");
      tasks = List.copyOf(tasks);
    }
  }

  /** The pipeline and plan of a stored run, as any process rebuilds them from its snapshot. */
  record Loaded(RunRecord run, Snapshot snapshot, Pipeline pipeline, Plan plan) {}

  RunStart(
      Path projectDir, StateStore state, Clock clock, ExecutionSettings settings, DeadRuns dead) {
    this.projectDir = projectDir;
    this.state = state;
    this.clock = clock;
    this.settings = settings;
    this.deadRuns = dead;
  }

  /** Loads the run's snapshot and plan; reads only. */
  Loaded load(RunRecord run) {
    Snapshot snapshot =
        state
            .snapshots()
            .find(run.snapshotHash())
            .orElseThrow(
                () ->
                    PartitaException.internal(
                        "Snapshot " + run.snapshotHash() + " of run " + run.id() + " is missing",
                        null));
    Pipeline pipeline = PipelineLoader.load(projectDir, snapshot.files());
    List<TaskRecord> stored = state.tasks().list(run.id());
    return new Loaded(run, snapshot, pipeline, RunRecovery.replan(pipeline, run, stored));
  }

  /**
   * Takes the run's leases, recovers its interrupted tasks and moves it to RUNNING. The caller has
   * claimed the run.
   *
   * @param engine opened after the leases are taken
   * @throws PartitaException CONFLICT when a live run holds some of its partitions
   */
  Started start(RunRecord run, java.util.function.Supplier<Engine> engine) {
    String runId = run.id();
    Loaded loaded = load(run);
    Pipeline pipeline = loaded.pipeline();
    List<TaskRecord> stored = state.tasks().list(runId);
    Map<String, String> versions =
        VersionTargets.explicit(
            run.options().target(),
            AssetSelection.resolve(run.options().assets(), pipeline),
            pipeline);
    List<LeaseKey> keys =
        stored.stream()
            .map(t -> new LeaseKey(t.asset(), versions.getOrDefault(t.asset(), ""), t.partition()))
            .toList();
    deadRuns.interruptLocal();
    Optional<String> holder =
        state.leases().acquire(runId, keys, clock.instant().minus(settings.staleAfter()));
    if (holder.isPresent()) {
      throw PartitaException.conflict(
          "Run %s holds some partitions of run %s (%s); wait for it or cancel it",
          holder.get(), runId, describe(holder.get()));
    }
    // Leases before the warehouse: a clash with a live run names that run.
    Engine warehouse = engine.get();
    List<TaskRecord> recovered =
        new RunRecovery(state, clock).recoverInterrupted(warehouse, run, stored);
    RunStatus current = state.runs().find(runId).orElseThrow().status();
    if (!state.runs().transition(runId, current, RunStatus.RUNNING, clock.instant())) {
      throw PartitaException.conflict("Run %s changed state while starting; try again", runId);
    }
    RunRecord running = state.runs().find(runId).orElseThrow();
    VersionTargets targets = targets(loaded, warehouse);
    for (String asset : assets(loaded.plan())) {
      state
          .versions()
          .register(
              new VersionStore.AssetVersion(
                  asset,
                  targets.version(asset),
                  Optional.of(run.snapshotHash()),
                  Optional.of(runId),
                  clock.instant()));
    }
    return new Started(
        running,
        pipeline,
        loaded.plan(),
        recovered,
        materialize(loaded.snapshot()),
        targets,
        warehouse);
  }

  /** The version of each asset the run writes. */
  static VersionTargets targets(Loaded loaded, Engine warehouse) {
    return VersionTargets.resolve(
        loaded.run().options().target(), assets(loaded.plan()), loaded.pipeline(), warehouse);
  }

  static List<String> assets(Plan plan) {
    return plan.tasks().stream().map(TaskNode::asset).distinct().toList();
  }

  private String describe(String runId) {
    return state
        .runs()
        .find(runId)
        .map(r -> r.status().lowerName() + r.owner().map(o -> " in process " + o).orElse(""))
        .orElse("unknown");
  }

  /**
   * Writes the snapshot's files under .partita/snapshots/HASH so commands run the pinned scripts.
   */
  Path materialize(Snapshot snapshot) {
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
