package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.config.SqlTemplates;
import io.partita.engine.Cancellation;
import io.partita.engine.Engine;
import io.partita.lineage.LineageEmitter;
import io.partita.lineage.LineageRecorder;
import io.partita.lineage.LineageSink;
import io.partita.model.WriteMode;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.publish.StagedInRun;
import io.partita.publish.TaskAttempt;
import io.partita.publish.TaskRunner;
import io.partita.publish.VersionTargets;
import io.partita.publish.WapServices;
import io.partita.state.ClaimRequest.Candidate;
import io.partita.state.ClaimRequest.ClaimLimits;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run that workers share, as one worker sees it: its plan, which tasks are ready, the limits a
 * claim must respect, and how one task executes and is recorded (task and partition states, and the
 * audit rows and OpenLineage events of each attempt, which name the worker). Loaded once per worker
 * and run; thread-safe (the task threads of the worker use it at once). Close it when the worker is
 * done with the run: it sends the lineage events still queued.
 */
final class SharedRun implements AutoCloseable {
  /** The owner of a run that workers share; any worker heartbeats it. */
  static final String OWNER = Worker.SHARED_RUN_OWNER;

  /** At most this many ready tasks are offered per claim; the claim takes the first it may. */
  private static final int CANDIDATES = 64;

  /** How long a look at the run's tasks serves claims before it is read again. */
  private static final long LOOK_MILLIS = 1_000;

  private final RunRecord run;
  private final Pipeline pipeline;
  private final Plan plan;
  private final StateStore state;
  private final Clock clock;
  private final TaskRunner runner;
  private final VersionTargets targets;
  private final LineageRecorder lineage;
  private final LineageEmitter emitter;
  private final Map<String, TaskNode> byKey = new HashMap<>();
  private List<TaskRecord> lastLook;
  private long lookedAt;

  private SharedRun(
      RunStart.Loaded loaded,
      StateStore state,
      Clock clock,
      Staging staging,
      LineageRecorder lineage,
      LineageEmitter emitter) {
    this.run = loaded.run();
    this.pipeline = loaded.pipeline();
    this.plan = loaded.plan();
    this.state = state;
    this.clock = clock;
    this.runner = staging.runner();
    this.targets = staging.targets();
    this.lineage = lineage;
    this.emitter = emitter;
    for (TaskNode task : plan.tasks()) {
      byKey.put(key(task.asset(), task.partition().key()), task);
    }
  }

  /**
   * Loads the run's snapshot and plan and prepares its task runner on {@code warehouse}; the
   * attempts are audited as executed by {@code worker}.
   */
  static SharedRun open(
      RunStart starter,
      RunRecord run,
      Engine warehouse,
      Path projectDir,
      StateStore state,
      Clock clock,
      String worker) {
    RunStart.Loaded loaded = starter.load(run);
    VersionTargets targets = RunStart.targets(loaded, warehouse);
    StagedInRun staged = new StagedInRun();
    TaskRunner runner =
        new TaskRunner(
            new WapServices(loaded.pipeline(), warehouse, new SqlTemplates(), state, clock),
            starter.materialize(loaded.snapshot()),
            projectDir.resolve(".partita/tmp"),
            false,
            staged,
            targets);
    LineageEmitter emitter = LineageEmitter.of(loaded.pipeline().lineage(), projectDir);
    LineageRecorder lineage =
        new LineageRecorder(
                loaded.pipeline(),
                run,
                state,
                warehouse,
                new LineageSink(
                    emitter,
                    warehouse
                        .dialect()
                        .lineageNamespace(
                            io.partita.backend.Backends.warehouseLocation(
                                loaded.pipeline(), projectDir))),
                clock,
                asset ->
                    targets.contains(asset)
                        ? targets.version(asset)
                        : warehouse.liveVersion(asset).orElse("v1"))
            .executedBy(worker);
    return new SharedRun(
        loaded, state, clock, new Staging(runner, warehouse, staged, targets), lineage, emitter);
  }

  RunRecord run() {
    return run;
  }

  /**
   * Ready tasks from the run's tasks as this worker last read them, read again when {@code again}
   * or when that look is older than {@link #LOOK_MILLIS}; {@code fresh} when read just now. A stale
   * look is safe: a claim takes only tasks still queued (the store checks), and a task whose
   * upstream tasks succeeded stays ready; reading all tasks for every claim cost more than the task
   * itself in a run of thousands.
   */
  synchronized Look look(boolean again) {
    boolean read = again || lastLook == null || clock.millis() - lookedAt > LOOK_MILLIS;
    if (read) {
      lastLook = state.tasks().list(run.id());
      lookedAt = clock.millis();
    }
    return new Look(candidates(lastLook), read);
  }

  /** Candidates of a claim and whether they come from the tasks as stored just now. */
  record Look(List<Candidate> candidates, boolean fresh) {}

  /**
   * Queued tasks whose upstream tasks all succeeded, best first (partition order, then level), at
   * most {@value #CANDIDATES}.
   */
  private List<Candidate> candidates(List<TaskRecord> stored) {
    Map<Integer, TaskStatus> statuses = new HashMap<>();
    for (TaskRecord task : stored) {
      TaskNode node = byKey.get(key(task.asset(), task.partition()));
      if (node != null) {
        statuses.put(node.id(), task.status());
      }
    }
    List<Candidate> ready = new ArrayList<>();
    for (TaskNode task : plan.tasks()) {
      if (statuses.get(task.id()) != TaskStatus.QUEUED) {
        continue;
      }
      boolean upstreamDone = true;
      for (int upstream : task.upstream()) {
        TaskStatus status = statuses.get(upstream);
        upstreamDone &= status == TaskStatus.SUCCEEDED || status == TaskStatus.SKIPPED;
      }
      if (upstreamDone) {
        ready.add(new Candidate(task.asset(), task.partition().key()));
        if (ready.size() == CANDIDATES) {
          break;
        }
      }
    }
    return ready;
  }

  /** The run's max parallel, each asset's concurrency and pool, and the pools' sizes. */
  ClaimLimits limits() {
    Map<String, Integer> concurrency = new HashMap<>();
    Map<String, String> pools = new HashMap<>();
    for (AssetDefinition asset : pipeline.assets().values()) {
      concurrency.put(asset.name(), asset.concurrency());
      asset.pool().ifPresent(pool -> pools.put(asset.name(), pool));
    }
    return new ClaimLimits(run.options().maxParallel(), concurrency, pools, pipeline.pools());
  }

  AssetDefinition asset(String name) {
    return pipeline.asset(name);
  }

  /**
   * Appends the START audit row of the attempt {@code started} describes (committed before any
   * work; throws if it cannot be written, so no attempt runs unaudited) and emits its START event.
   */
  void attemptStarted(TaskRecord started) {
    TaskNode task = node(started);
    lineage.attemptStarted(
        task.asset(),
        task.partition(),
        started.attempts(),
        started.startedAt().orElseThrow(),
        writeMode(pipeline.asset(task.asset())));
  }

  /**
   * Stores the end of an attempt ({@code store}: only state-store writes) and its END audit row in
   * one transaction, then emits its lineage event.
   */
  void attemptEnded(TaskRecord ended, Runnable store) {
    state.together(
        "store the end of " + ended.asset() + " " + ended.partition(),
        () -> {
          store.run();
          lineage.taskStoring(ended);
        });
    lineage.taskSaved(ended);
  }

  @Override
  public void close() {
    emitter.close();
  }

  private WriteMode writeMode(AssetDefinition asset) {
    return run.options().writeMode().map(WriteMode::parse).orElse(asset.writeMode());
  }

  /** Runs one attempt of a claimed task; never throws for the task's own failures. */
  TaskOutcome attempt(TaskRecord started, Cancellation cancellation) {
    TaskNode task = node(started);
    AssetDefinition asset = pipeline.asset(task.asset());
    WriteMode mode = writeMode(asset);
    try {
      return TaskOutcome.of(
          runner.run(
              new TaskAttempt(
                  run.id(),
                  asset,
                  task.partition(),
                  started.attempts(),
                  mode,
                  asset.uniqueKey(),
                  cancellation)));
    } catch (RuntimeException e) {
      return TaskOutcome.of(e);
    }
  }

  /** The retries allowed after the first attempt: the run's --retries, else the asset's. */
  int retries(String asset) {
    return run.options().retries().orElse(pipeline.asset(asset).retries());
  }

  /** The partition's state before the task started, if it had one. */
  Optional<PartitionState> stateBefore(TaskRecord task) {
    List<PartitionState> states =
        targets.isLive(task.asset())
            ? state.partitions().list(task.asset(), task.partition(), task.partition())
            : state.versions().partitions(task.asset(), targets.version(task.asset())).stream()
                .filter(p -> p.partition().equals(task.partition()))
                .toList();
    return states.stream().findFirst();
  }

  PartitionState partitionState(TaskRecord task, PartitionStatus status, Optional<Long> rows) {
    return new PartitionState(
        task.asset(),
        task.partition(),
        status,
        rows,
        run.id(),
        Optional.of(run.snapshotHash()),
        clock.instant());
  }

  /** Writes the task and the partition state of the version the run writes, as one change. */
  void store(TaskRecord task, PartitionState partition) {
    if (targets.isLive(task.asset())) {
      state.tasks().update(task, partition);
    } else {
      state.tasks().update(task);
      state.versions().putPartition(targets.version(task.asset()), partition);
    }
  }

  /**
   * Records the task's end and its partition's state and releases its claim: one transaction when
   * the run writes the live table, else the version's partition first and the claim last.
   */
  void finish(TaskClaim claim, TaskRecord task, PartitionState partition) {
    if (targets.isLive(task.asset())) {
      state.workers().finish(claim, task, partition);
    } else {
      store(task, partition);
      state.workers().release(claim);
    }
  }

  /** Marks every queued task downstream of {@code failed} as upstream-failed. */
  void markUpstreamFailed(TaskRecord failed) {
    Map<String, TaskRecord> stored = new HashMap<>();
    for (TaskRecord task : state.tasks().list(run.id())) {
      stored.put(key(task.asset(), task.partition()), task);
    }
    String reason = "upstream " + failed.asset() + " " + failed.partition() + " failed";
    Deque<Integer> queue = new ArrayDeque<>();
    for (int downstream : plan.downstream()[node(failed).id()]) {
      queue.add(downstream);
    }
    while (!queue.isEmpty()) {
      TaskNode task = plan.tasks().get(queue.poll());
      TaskRecord current = stored.get(key(task.asset(), task.partition().key()));
      // Only queued tasks: a downstream task cannot have been claimed while this one was running.
      if (current == null || current.status() != TaskStatus.QUEUED) {
        continue;
      }
      TaskRecord marked = current.withStatus(TaskStatus.UPSTREAM_FAILED, Optional.of(reason));
      state.tasks().update(marked);
      stored.put(key(task.asset(), task.partition().key()), marked);
      for (int downstream : plan.downstream()[task.id()]) {
        queue.add(downstream);
      }
    }
  }

  private TaskNode node(TaskRecord task) {
    TaskNode node = byKey.get(key(task.asset(), task.partition()));
    if (node == null) {
      throw new IllegalStateException(
          "Run " + run.id() + " has no planned task " + task.asset() + " " + task.partition());
    }
    return node;
  }

  private static String key(String asset, String partition) {
    return asset + "\u0000" + partition;
  }
}
