package io.partita.exec;

import io.partita.PartitaException;
import io.partita.config.AssetDefinition;
import io.partita.config.Pipeline;
import io.partita.engine.Cancellation;
import io.partita.model.WriteMode;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.publish.BatchRunner;
import io.partita.publish.StagedInRun;
import io.partita.publish.TaskAttempt;
import io.partita.publish.TaskOutput;
import io.partita.publish.TaskRunner;
import io.partita.state.ControlRequest;
import io.partita.state.LatestAttempt;
import io.partita.state.PartitionStatus;
import io.partita.state.RunRecord;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Executes the open tasks of one run. A single coordinator thread (the caller) decides what starts;
 * worker threads materialize partitions. Ready tasks start by id (partition order, then topological
 * level) within three hard limits: the run's max parallel, each asset's concurrency and the
 * process-wide pools. Not reusable.
 */
final class RunExecution {
  private final RunContext context;
  private final RunRecord run;
  private final Pipeline pipeline;
  private final Plan plan;
  private final StateStore state;
  private final Clock clock;
  private final ResourcePools pools;
  private final AssetLimits limits;
  private final RunListener listener;
  private final TaskRunner runner;
  private final BatchRunner batchRunner;
  private final Batches batches;
  private final ExecutionSettings settings;
  private final String owner;
  private final int maxParallel;
  private final Optional<WriteMode> writeModeOverride;

  private final TaskLedger ledger;
  private final AttemptStarts starts;
  private final AtomicPublish atomic;
  private final StagedInRun staged;
  private final int[] waiting;
  private final int[] sessionAttempts;
  private final ReadyQueues ready = new ReadyQueues();
  private final TaskFailures failures;
  private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final Map<Integer, Cancellation> inFlight = new HashMap<>();
  private final AtomicBoolean lostOwnership = new AtomicBoolean();
  // Batches (a lone task is a batch of one) running now: each holds one parallel slot.
  private int runningBatches;
  private ControlRequest control = ControlRequest.NONE;

  /**
   * @param stored the run's tasks as stored; every task of the plan must be among them
   */
  RunExecution(
      RunContext context,
      List<TaskRecord> stored,
      ResourcePools pools,
      RunListener listener,
      Staging staging) {
    this.context = context;
    this.run = context.run();
    this.pipeline = context.pipeline();
    this.plan = context.plan();
    this.state = context.state();
    this.clock = context.clock();
    this.settings = context.settings();
    this.owner = context.owner();
    this.pools = pools;
    this.limits = new AssetLimits(pipeline, pools);
    this.listener = listener;
    this.runner = staging.runner();
    this.batchRunner = new BatchRunner(runner);
    this.staged = staging.staged();
    this.maxParallel = run.options().maxParallel();
    this.writeModeOverride = run.options().writeMode().map(WriteMode::parse);
    this.ledger = new TaskLedger(context, stored, listener, staging.targets());
    this.starts = new AttemptStarts(ledger);
    this.atomic = new AtomicPublish(context, ledger, staging.engine(), staged);
    this.waiting = new int[plan.size()];
    this.sessionAttempts = new int[plan.size()];
    this.failures = new TaskFailures(context, ledger, ready);
    this.batches = new Batches(plan, ready, sessionAttempts, state, maxParallel, staging.engine());
  }

  RunResult execute() {
    int alreadyDone = prepareQueues();
    listener.runStarted(run, plan.size(), alreadyDone);
    pools.configure(pipeline.pools());
    ExecutorService workers =
        Executors.newFixedThreadPool(maxParallel, DaemonThreads.named("partita-worker"));
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("partita-timer"));
    ScheduledFuture<?> heartbeat = OwnerHeartbeat.start(timers, context, lostOwnership);
    try {
      loop(workers, timers);
    } finally {
      heartbeat.cancel(false);
      workers.shutdownNow();
      timers.shutdownNow();
      starts.close();
    }
    return finish();
  }

  /**
   * Sets up waiting counts and ready queues from the stored task states; returns tasks already
   * done.
   */
  private int prepareQueues() {
    int done = 0;
    for (TaskNode task : plan.tasks()) {
      TaskStatus status = ledger.get(task.id()).status();
      if (status == TaskStatus.SUCCEEDED || status == TaskStatus.SKIPPED) {
        done++;
      } else if (status != TaskStatus.QUEUED) {
        // Resuming: interrupted, failed, retrying and upstream-failed tasks get a fresh start.
        TaskRecord queued =
            ledger.get(task.id()).withStatus(TaskStatus.QUEUED, ledger.get(task.id()).error());
        ledger.set(task.id(), queued);
        state.tasks().update(queued);
      }
    }
    int[][] downstream = plan.downstream();
    for (TaskNode task : plan.tasks()) {
      if (!ledger.isDone(task.id())) {
        for (int upstream : task.upstream()) {
          if (!ledger.isSucceeded(upstream)) {
            waiting[task.id()]++;
          }
        }
      }
    }
    for (TaskNode task : plan.tasks()) {
      if (!ledger.isDone(task.id()) && waiting[task.id()] == 0) {
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
        failures.releaseDue(now);
        launchReady(workers, timers);
      }
      ledger.storeEnds();
      if (inFlight.isEmpty() && (stopping || (ready.isEmpty() && failures.nonePending()))) {
        return;
      }
      long wait = settings.controlPollInterval().toMillis();
      if (!stopping && !failures.nonePending()) {
        wait = Math.max(1, Math.min(wait, failures.nextDue() - clock.millis()));
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
    ControlRequest requested =
        state.runs().find(run.id()).map(RunRecord::control).orElse(ControlRequest.NONE);
    if (requested == ControlRequest.CANCEL && control != ControlRequest.CANCEL) {
      control = ControlRequest.CANCEL;
      inFlight
          .values()
          .forEach(cancellation -> cancellation.cancel("run " + run.id() + " was cancelled"));
    } else if (requested == ControlRequest.PAUSE && control == ControlRequest.NONE) {
      control = ControlRequest.PAUSE;
    }
  }

  private void launchReady(ExecutorService workers, ScheduledExecutorService timers) {
    while (runningBatches < maxParallel) {
      int id = ready.pollStartable(limits::canStart);
      if (id < 0) {
        return;
      }
      TaskNode task = plan.tasks().get(id);
      AssetDefinition asset = pipeline.asset(task.asset());
      if (!limits.start(task.asset())) {
        // Another run in this process took the last slot since canStart looked.
        ready.add(task.asset(), id);
        return;
      }
      List<TaskNode> batch = batches.from(task, asset);
      runningBatches++;
      Cancellation cancellation = new Cancellation();
      List<TaskRecord> started = new ArrayList<>();
      Instant startedAt = clock.instant(); // one for the batch: the run-time estimate needs it
      for (TaskNode member : batch) {
        inFlight.put(member.id(), cancellation);
        sessionAttempts[member.id()]++;
        TaskRecord record =
            new TaskRecord(
                run.id(),
                member.asset(),
                member.partition().key(),
                TaskStatus.RUNNING,
                ledger.get(member.id()).attempts() + 1,
                LatestAttempt.startedAt(startedAt));
        ledger.set(member.id(), record);
        started.add(record);
      }
      Duration timeout = asset.timeout();
      ScheduledFuture<?> timer =
          timers.schedule(
              () ->
                  cancellation.cancel(
                      "timed out after " + io.partita.config.Durations.format(timeout)),
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
      workers.execute(() -> work(batch, asset, started, cancellation, timer));
    }
  }

  private void work(
      List<TaskNode> batch,
      AssetDefinition asset,
      List<TaskRecord> started,
      Cancellation cancellation,
      ScheduledFuture<?> timer) {
    List<Integer> ids = batch.stream().map(TaskNode::id).toList();
    try {
      WriteMode mode = writeModeOverride.orElse(asset.writeMode());
      Runnable awaitStart = starts.begin(batch, asset, started, cancellation);
      List<TaskAttempt> attempts = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        TaskNode task = batch.get(i);
        attempts.add(
            new TaskAttempt(
                run.id(),
                asset,
                task.partition(),
                started.get(i).attempts(),
                mode,
                asset.uniqueKey(),
                cancellation));
      }
      List<TaskOutcome> outcomes;
      try {
        outcomes =
            attempts.size() == 1
                ? List.of(TaskOutcome.of(runner.run(attempts.get(0))))
                : TaskOutcome.of(batchRunner.run(attempts));
      } finally {
        awaitStart.run(); // a start that could not be stored is the outcome
      }
      completions.add(new Completion(ids, clock.instant(), outcomes));
    } catch (RuntimeException e) {
      completions.add(Completion.all(ids, clock.instant(), TaskOutcome.of(e)));
    } catch (Error e) {
      completions.add(
          Completion.all(
              ids, clock.instant(), TaskOutcome.of(PartitaException.internal(e.toString(), e))));
      throw e;
    } finally {
      timer.cancel(false);
    }
  }

  private void complete(Completion completion) {
    int first = completion.taskIds().get(0);
    String asset = plan.tasks().get(first).asset();
    limits.finished(asset);
    runningBatches--;
    ledger
        .get(first)
        .startedAt()
        .ifPresent(
            startedAt ->
                batches.finished(
                    pipeline.asset(asset),
                    completion.outcomes(),
                    Duration.between(startedAt, completion.finishedAt())));
    for (int i = 0; i < completion.taskIds().size(); i++) {
      int id = completion.taskIds().get(i);
      inFlight.remove(id);
      completeTask(id, completion.finishedAt(), completion.outcomes().get(i));
    }
  }

  private void completeTask(int id, Instant finishedAt, TaskOutcome outcome) {
    TaskNode task = plan.tasks().get(id);
    TaskRecord current = ledger.get(id);
    if (outcome instanceof TaskOutcome.Succeeded succeeded) {
      TaskOutput output = succeeded.output();
      long rows = output.rows();
      if (succeeded.heldBack()) {
        // Atomic run: checked and held back; downstream tasks read it through an overlay.
        staged.add(
            task.asset(),
            task.partition(),
            new StagedInRun.Entry(output.deferred().get(), output.publish(), output.metrics()));
        ledger.save(id, current.wrote(TaskStatus.STAGED, finishedAt, rows), null);
      } else {
        TaskRecord done = current.wrote(TaskStatus.SUCCEEDED, finishedAt, rows);
        ledger.saveLater(
            id,
            done,
            ledger.partitionState(task, PartitionStatus.SUCCEEDED, Optional.of(rows)),
            output.metrics());
      }
      for (int downstream : plan.downstream()[id]) {
        if (--waiting[downstream] == 0 && !ledger.isDone(downstream)) {
          ready.add(plan.tasks().get(downstream).asset(), downstream);
        }
      }
      return;
    }
    failures.failed(id, outcome, finishedAt, sessionAttempts[id], control);
  }

  private RunResult finish() {
    Instant now = clock.instant();
    RunStatus finalStatus;
    if (lostOwnership.get()) {
      // Another process took the run over (we looked dead); it owns the state from here.
      return new RunResult(run.id(), RunStatus.RUNNING, ledger.all());
    }
    if (control == ControlRequest.CANCEL) {
      for (int id = 0; id < ledger.size(); id++) {
        if (!ledger.get(id).status().isTerminal()) {
          ledger.save(
              id,
              ledger.get(id).withStatus(TaskStatus.CANCELLED, Optional.of("run cancelled")),
              null);
        }
      }
      finalStatus = RunStatus.CANCELLED;
    } else if (control == ControlRequest.PAUSE) {
      for (int id = 0; id < ledger.size(); id++) {
        if (ledger.get(id).status() == TaskStatus.RETRYING) {
          ledger.save(
              id, ledger.get(id).withStatus(TaskStatus.QUEUED, ledger.get(id).error()), null);
        }
      }
      finalStatus = RunStatus.PAUSED;
    } else {
      finalStatus = ledger.failedAny() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    }
    if (!staged.isEmpty()) {
      finalStatus = atomic.finish(finalStatus);
    }
    state.runs().transition(run.id(), RunStatus.RUNNING, finalStatus, now);
    if (finalStatus != RunStatus.PAUSED) {
      state.leases().release(run.id());
    }
    state.runs().release(run.id(), owner);
    RunResult result = new RunResult(run.id(), finalStatus, ledger.all());
    listener.runFinished(result);
    return result;
  }
}
