package io.partita.exec;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.engine.Cancellation;
import io.partita.engine.EngineException;
import io.partita.engine.PublishResult;
import io.partita.model.WriteMode;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.ControlRequest;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Executes the open tasks of one run. A single coordinator thread (the caller) decides what
 * starts; worker threads materialize partitions. Ready tasks start by id (partition order, then
 * topological level) within three hard limits: the run's max parallel, each asset's concurrency
 * and the process-wide pools. Not reusable.
 */
final class RunExecution {
  private final RunRecord run;
  private final Pipeline pipeline;
  private final Plan plan;
  private final StateStore state;
  private final Clock clock;
  private final ResourcePools pools;
  private final RunListener listener;
  private final TaskRunner runner;
  private final io.partita.engine.Engine engine;
  private final ExecutionSettings settings;
  private final String owner;
  private final int maxParallel;
  private final Optional<WriteMode> writeModeOverride;
  private final Optional<Integer> retriesOverride;
  private final Random random = new Random();

  private final TaskRecord[] records;
  private final int[] waiting;
  private final int[] sessionAttempts;
  private final ReadyQueues ready = new ReadyQueues();
  private final PriorityQueue<long[]> retries = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
  private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final Map<Integer, Cancellation> inFlight = new HashMap<>();
  private final Map<String, Integer> runningByAsset = new HashMap<>();
  private final AtomicBoolean lostOwnership = new AtomicBoolean();
  private ControlRequest control = ControlRequest.NONE;

  private final StagedInRun staged;
  private final VersionTargets targets;
  // Each task's partition state before it started: put back when the task ends without
  // publishing, so the grid does not show a partition "running" that nobody runs.
  private final Map<Integer, Optional<PartitionState>> beforeRun = new java.util.concurrent.ConcurrentHashMap<>();

  private record Completion(int taskId, Instant finishedAt, TaskOutput result, RuntimeException failure) {}

  RunExecution(
      RunRecord run,
      Pipeline pipeline,
      Plan plan,
      List<TaskRecord> stored,
      StateStore state,
      Clock clock,
      ResourcePools pools,
      RunListener listener,
      TaskRunner runner,
      io.partita.engine.Engine engine,
      StagedInRun staged,
      VersionTargets targets,
      ExecutionSettings settings,
      String owner) {
    this.staged = staged;
    this.engine = engine;
    this.targets = targets;
    this.run = run;
    this.pipeline = pipeline;
    this.plan = plan;
    this.state = state;
    this.clock = clock;
    this.pools = pools;
    this.listener = listener;
    this.runner = runner;
    this.settings = settings;
    this.owner = owner;
    this.maxParallel = run.options().maxParallel();
    this.writeModeOverride = run.options().writeMode().map(WriteMode::parse);
    this.retriesOverride = run.options().retries();
    this.records = new TaskRecord[plan.size()];
    this.waiting = new int[plan.size()];
    this.sessionAttempts = new int[plan.size()];
    Map<String, TaskRecord> byKey = new HashMap<>();
    for (TaskRecord record : stored) {
      byKey.put(record.asset() + "\u0000" + record.partition(), record);
    }
    for (TaskNode task : plan.tasks()) {
      TaskRecord record = byKey.get(task.asset() + "\u0000" + task.partition().key());
      if (record == null) {
        throw new IllegalStateException("Run " + run.id() + " has no stored task " + task.asset() + " " + task.partition());
      }
      records[task.id()] = record;
    }
  }

  RunResult execute() {
    int alreadyDone = prepareQueues();
    listener.runStarted(run, plan.size(), alreadyDone);
    pools.configure(pipeline.pools());
    ExecutorService workers = Executors.newFixedThreadPool(maxParallel, daemonThreads("partita-worker"));
    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("partita-timer"));
    ScheduledFuture<?> heartbeat =
        timers.scheduleAtFixedRate(
            this::heartbeat,
            settings.heartbeatInterval().toMillis(),
            settings.heartbeatInterval().toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      loop(workers, timers);
    } finally {
      heartbeat.cancel(false);
      workers.shutdownNow();
      timers.shutdownNow();
    }
    return finish();
  }

  /** Sets up waiting counts and ready queues from the stored task states; returns tasks already done. */
  private int prepareQueues() {
    int done = 0;
    for (TaskNode task : plan.tasks()) {
      TaskStatus status = records[task.id()].status();
      if (status == TaskStatus.SUCCEEDED || status == TaskStatus.SKIPPED) {
        done++;
      } else if (status != TaskStatus.QUEUED) {
        // Resuming: interrupted, failed, retrying and upstream-failed tasks get a fresh start.
        records[task.id()] = records[task.id()].withStatus(TaskStatus.QUEUED, records[task.id()].error());
        state.tasks().update(records[task.id()]);
      }
    }
    int[][] downstream = plan.downstream();
    for (TaskNode task : plan.tasks()) {
      if (!isDone(task.id())) {
        for (int upstream : task.upstream()) {
          if (!isSucceeded(upstream)) {
            waiting[task.id()]++;
          }
        }
      }
    }
    for (TaskNode task : plan.tasks()) {
      if (!isDone(task.id()) && waiting[task.id()] == 0) {
        ready.add(task.asset(), task.id());
      }
    }
    assert downstream.length == plan.size();
    return done;
  }

  private void loop(ExecutorService workers, ScheduledExecutorService timers) {
    long nextControlPoll = 0;
    while (true) {
      long now = clock.millis();
      if (now >= nextControlPoll) {
        pollControl();
        nextControlPoll = now + settings.controlPollInterval().toMillis();
      }
      boolean stopping = control != ControlRequest.NONE || lostOwnership.get();
      if (!stopping) {
        releaseDueRetries(now);
        launchReady(workers, timers);
      }
      if (inFlight.isEmpty() && (stopping || (ready.isEmpty() && retries.isEmpty()))) {
        return;
      }
      long wait = settings.controlPollInterval().toMillis();
      if (!stopping && !retries.isEmpty()) {
        wait = Math.max(1, Math.min(wait, retries.peek()[0] - clock.millis()));
      }
      try {
        Completion completion = completions.poll(wait, TimeUnit.MILLISECONDS);
        while (completion != null) {
          complete(completion);
          completion = completions.poll();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        control = ControlRequest.PAUSE;
      }
    }
  }

  private void pollControl() {
    ControlRequest requested = state.runs().find(run.id()).map(RunRecord::control).orElse(ControlRequest.NONE);
    if (requested == ControlRequest.CANCEL && control != ControlRequest.CANCEL) {
      control = ControlRequest.CANCEL;
      inFlight.values().forEach(cancellation -> cancellation.cancel("run " + run.id() + " was cancelled"));
    } else if (requested == ControlRequest.PAUSE && control == ControlRequest.NONE) {
      control = ControlRequest.PAUSE;
    }
  }

  private void releaseDueRetries(long now) {
    while (!retries.isEmpty() && retries.peek()[0] <= now) {
      int id = (int) retries.poll()[1];
      ready.add(plan.tasks().get(id).asset(), id);
    }
  }

  private void launchReady(ExecutorService workers, ScheduledExecutorService timers) {
    while (inFlight.size() < maxParallel) {
      int id = ready.pollStartable(this::canStart);
      if (id < 0) {
        return;
      }
      TaskNode task = plan.tasks().get(id);
      AssetDefinition asset = pipeline.asset(task.asset());
      if (asset.pool().isPresent() && !pools.tryAcquire(asset.pool().get())) {
        // Another run in this process took the last slot since canStart looked.
        ready.add(task.asset(), id);
        return;
      }
      runningByAsset.merge(task.asset(), 1, Integer::sum);
      Cancellation cancellation = new Cancellation();
      inFlight.put(id, cancellation);
      sessionAttempts[id]++;
      TaskRecord started =
          new TaskRecord(
              run.id(),
              task.asset(),
              task.partition().key(),
              TaskStatus.RUNNING,
              records[id].attempts() + 1,
              Optional.of(clock.instant()),
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      records[id] = started;
      Duration timeout = asset.timeout();
      ScheduledFuture<?> timer =
          timers.schedule(
              () -> cancellation.cancel("timed out after " + io.partita.config.Durations.format(timeout)), timeout.toMillis(), TimeUnit.MILLISECONDS);
      workers.execute(() -> work(task, asset, started, cancellation, timer));
    }
  }

  private boolean canStart(String assetName) {
    AssetDefinition asset = pipeline.asset(assetName);
    if (asset.concurrency() > 0 && runningByAsset.getOrDefault(assetName, 0) >= asset.concurrency()) {
      return false;
    }
    if (asset.pool().isEmpty()) {
      return true;
    }
    // Probe: take and give back, so that a task skipped here does not hold a slot.
    String pool = asset.pool().get();
    if (!pools.tryAcquire(pool)) {
      return false;
    }
    pools.release(pool);
    return true;
  }

  private void work(TaskNode task, AssetDefinition asset, TaskRecord started, Cancellation cancellation, ScheduledFuture<?> timer) {
    try {
      beforeRun.computeIfAbsent(task.id(), id -> (targets.isLive(task.asset())
              ? state.partitions().list(task.asset(), task.partition().key(), task.partition().key())
              : state.versions().partitions(task.asset(), targets.version(task.asset())).stream()
                  .filter(p -> p.partition().equals(task.partition().key())).toList())
          .stream().findFirst());
      // Listeners first: the audit START row must exist before any state says the task runs, so
      // a SIGKILL between the two can never leave a running task without its START row.
      listener.taskStarted(started);
      store(started, partitionState(task, PartitionStatus.RUNNING, Optional.empty()));
      WriteMode mode = writeModeOverride.orElse(asset.writeMode());
      TaskOutput result =
          runner.run(new TaskAttempt(run.id(), asset, task.partition(), started.attempts(), mode, asset.uniqueKey(), cancellation));
      completions.add(new Completion(task.id(), clock.instant(), result, null));
    } catch (RuntimeException e) {
      completions.add(new Completion(task.id(), clock.instant(), null, e));
    } catch (Error e) {
      completions.add(new Completion(task.id(), clock.instant(), null, PartitaException.internal(e.toString(), e)));
      throw e;
    } finally {
      timer.cancel(false);
    }
  }

  private void complete(Completion completion) {
    int id = completion.taskId();
    TaskNode task = plan.tasks().get(id);
    inFlight.remove(id);
    runningByAsset.merge(task.asset(), -1, Integer::sum);
    pipeline.asset(task.asset()).pool().ifPresent(pools::release);
    TaskRecord current = records[id];
    if (completion.failure() == null) {
      TaskOutput output = completion.result();
      long rows = output.rows();
      if (output.deferred().isPresent()) {
        // Atomic run: checked and held back; downstream tasks read it through an overlay.
        staged.add(task.asset(), task.partition(), new StagedInRun.Entry(output.deferred().get(), output.publish(), output.metrics()));
        save(id, new TaskRecord(run.id(), task.asset(), task.partition().key(), TaskStatus.STAGED, current.attempts(),
            current.startedAt(), Optional.of(completion.finishedAt()), Optional.of(rows), Optional.empty()), null);
      } else {
        TaskRecord done =
            new TaskRecord(run.id(), task.asset(), task.partition().key(), TaskStatus.SUCCEEDED, current.attempts(),
                current.startedAt(), Optional.of(completion.finishedAt()), Optional.of(rows), Optional.empty());
        save(id, done, partitionState(task, PartitionStatus.SUCCEEDED, Optional.of(rows)));
      }
      for (int downstream : plan.downstream()[id]) {
        if (--waiting[downstream] == 0 && !isDone(downstream)) {
          ready.add(plan.tasks().get(downstream).asset(), downstream);
        }
      }
      return;
    }
    RuntimeException failure = completion.failure();
    String error = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (control == ControlRequest.CANCEL) {
      // Nothing was published: the partition shows what it held before this task started.
      save(id, current.finished(TaskStatus.CANCELLED, completion.finishedAt(), error), stateBefore(id, task));
      return;
    }
    if (failure instanceof ChecksFailedException) {
      save(id, current.finished(TaskStatus.FAILED_CHECKS, completion.finishedAt(), error),
          partitionState(task, PartitionStatus.FAILED_CHECKS, Optional.empty()));
      markUpstreamFailed(id);
      return;
    }
    AssetDefinition asset = pipeline.asset(task.asset());
    int allowedRetries = retriesOverride.orElse(asset.retries());
    boolean retryable = !(failure instanceof EngineException engineFailure) || engineFailure.retryable();
    if (retryable && sessionAttempts[id] <= allowedRetries && control == ControlRequest.NONE) {
      RetryPolicy policy = new RetryPolicy(allowedRetries, asset.retryBackoff(), RetryPolicy.DEFAULT_CAP);
      long due = clock.millis() + policy.delayAfter(sessionAttempts[id], random).toMillis();
      save(id, current.finished(TaskStatus.RETRYING, completion.finishedAt(), error), null);
      retries.add(new long[] {due, id});
      return;
    }
    if (retryable && control == ControlRequest.PAUSE) {
      // Paused while failing: leave it queued so resume tries again with a fresh budget.
      save(id, current.finished(TaskStatus.QUEUED, completion.finishedAt(), error), stateBefore(id, task));
      return;
    }
    save(id, current.finished(TaskStatus.FAILED, completion.finishedAt(), error),
        partitionState(task, PartitionStatus.FAILED, Optional.empty()));
    markUpstreamFailed(id);
  }

  private void markUpstreamFailed(int failedId) {
    TaskNode failed = plan.tasks().get(failedId);
    String reason = "upstream " + failed.asset() + " " + failed.partition().key() + " failed";
    Deque<Integer> queue = new ArrayDeque<>();
    for (int downstream : plan.downstream()[failedId]) {
      queue.add(downstream);
    }
    while (!queue.isEmpty()) {
      int id = queue.poll();
      if (isDone(id) || records[id].status() == TaskStatus.UPSTREAM_FAILED) {
        continue;
      }
      ready.remove(plan.tasks().get(id).asset(), id);
      save(id, records[id].withStatus(TaskStatus.UPSTREAM_FAILED, Optional.of(reason)), null);
      for (int downstream : plan.downstream()[id]) {
        queue.add(downstream);
      }
    }
  }

  private RunResult finish() {
    Instant now = clock.instant();
    RunStatus finalStatus;
    if (lostOwnership.get()) {
      // Another process took the run over (we looked dead); it owns the state from here.
      return new RunResult(run.id(), RunStatus.RUNNING, Arrays.asList(records));
    }
    if (control == ControlRequest.CANCEL) {
      for (int id = 0; id < records.length; id++) {
        if (!records[id].status().isTerminal()) {
          save(id, records[id].withStatus(TaskStatus.CANCELLED, Optional.of("run cancelled")), null);
        }
      }
      finalStatus = RunStatus.CANCELLED;
    } else if (control == ControlRequest.PAUSE) {
      for (int id = 0; id < records.length; id++) {
        if (records[id].status() == TaskStatus.RETRYING) {
          save(id, records[id].withStatus(TaskStatus.QUEUED, records[id].error()), null);
        }
      }
      finalStatus = RunStatus.PAUSED;
    } else {
      finalStatus = failedAny() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    }
    if (!staged.isEmpty()) {
      finalStatus = finishAtomic(finalStatus);
    }
    state.runs().transition(run.id(), RunStatus.RUNNING, finalStatus, now);
    if (finalStatus != RunStatus.PAUSED) {
      state.leases().release(run.id());
    }
    state.runs().release(run.id(), owner);
    RunResult result = new RunResult(run.id(), finalStatus, Arrays.asList(records));
    listener.runFinished(result);
    return result;
  }

  private boolean failedAny() {
    return Arrays.stream(records).anyMatch(r -> r.status() == TaskStatus.FAILED
        || r.status() == TaskStatus.FAILED_CHECKS || r.status() == TaskStatus.UPSTREAM_FAILED);
  }

  /**
   * The end of an atomic run: publish every held partition in one transaction if all passed;
   * otherwise publish nothing and drop what was staged.
   */
  private RunStatus finishAtomic(RunStatus status) {
    List<StagedInRun.Entry> entries = staged.all();
    if (status == RunStatus.SUCCEEDED) {
      try {
        engine.publishAll(entries.stream().map(StagedInRun.Entry::staged).toList(),
            entries.stream().map(StagedInRun.Entry::publish).toList());
      } catch (RuntimeException e) {
        discardAll(entries);
        markStaged(TaskStatus.FAILED, "atomic publish failed, nothing was published: " + e.getMessage());
        return RunStatus.FAILED;
      }
      for (StagedInRun.Entry entry : entries) {
        state.checks().putMetrics(entry.staged().request().asset(), entry.staged().request().partition().key(),
            run.id(), entry.metrics(), clock.instant());
      }
      for (int id = 0; id < records.length; id++) {
        if (records[id].status() == TaskStatus.STAGED) {
          TaskRecord record = records[id].withStatus(TaskStatus.SUCCEEDED, Optional.empty());
          save(id, record, partitionState(plan.tasks().get(id), PartitionStatus.SUCCEEDED, record.rowsWritten()));
        }
      }
      return status;
    }
    discardAll(entries);
    String why = status == RunStatus.PAUSED
        ? "staged but not published: the atomic run was paused; resume re-runs it"
        : "staged but not published: --publish atomic publishes only when every partition passes";
    markStaged(status == RunStatus.PAUSED ? TaskStatus.QUEUED : TaskStatus.CANCELLED, why);
    return status;
  }

  private void markStaged(TaskStatus status, String why) {
    for (int id = 0; id < records.length; id++) {
      if (records[id].status() == TaskStatus.STAGED) {
        TaskNode task = plan.tasks().get(id);
        PartitionState partition = status == TaskStatus.FAILED
            ? partitionState(task, PartitionStatus.FAILED, Optional.empty())
            : stateBefore(id, task);
        save(id, records[id].withStatus(status, Optional.of(why)), partition);
      }
    }
  }

  /** The partition's state from before this run's task started, or MISSING when it had none. */
  private PartitionState stateBefore(int id, TaskNode task) {
    return beforeRun.getOrDefault(id, Optional.empty())
        .orElseGet(() -> partitionState(task, PartitionStatus.MISSING, Optional.empty()));
  }

  private void discardAll(List<StagedInRun.Entry> entries) {
    for (StagedInRun.Entry entry : entries) {
      try {
        engine.discard(entry.staged());
      } catch (RuntimeException ignored) {
        // Leftover staging tables are clutter; the run's outcome does not depend on them.
      }
    }
  }

  private void heartbeat() {
    try {
      if (!state.runs().heartbeat(run.id(), owner, clock.instant())) {
        lostOwnership.set(true);
      }
    } catch (RuntimeException e) {
      // A busy state store delays one heartbeat; the next one retries. Staleness takes many misses.
    }
  }

  private void save(int id, TaskRecord record, PartitionState partition) {
    records[id] = record;
    store(record, partition);
    listener.taskFinished(record);
  }

  /** Writes the task and, when given, the partition state of the version the run writes. */
  private void store(TaskRecord record, PartitionState partition) {
    if (partition == null) {
      state.tasks().update(record);
    } else if (targets.isLive(record.asset())) {
      state.tasks().update(record, partition);
    } else {
      // A rebuild into a version nobody reads yet: its partition states wait for promote.
      state.tasks().update(record);
      state.versions().putPartition(targets.version(record.asset()), partition);
    }
  }

  private PartitionState partitionState(TaskNode task, PartitionStatus status, Optional<Long> rows) {
    return new PartitionState(task.asset(), task.partition().key(), status, rows, run.id(),
        Optional.of(run.snapshotHash()), clock.instant());
  }

  private boolean isDone(int id) {
    return records[id].status().isTerminal() || records[id].status() == TaskStatus.STAGED;
  }

  private boolean isSucceeded(int id) {
    TaskStatus status = records[id].status();
    return status == TaskStatus.SUCCEEDED || status == TaskStatus.SKIPPED || status == TaskStatus.STAGED;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
