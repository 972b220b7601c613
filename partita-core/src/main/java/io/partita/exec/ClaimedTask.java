package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.Durations;
import io.partita.engine.Cancellation;
import io.partita.state.LatestAttempt;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One task a worker claimed, executed to its end on a worker thread: attempts with retries and
 * backoff, its task and partition states, then the claim released. Stopped early it either records
 * the run's cancellation or hands the task back to the queue (the worker is leaving).
 */
final class ClaimedTask implements Runnable {
  private final SharedRun shared;
  private final TaskClaim claim;
  private final TaskRecord started;
  private final StateStore state;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final Random random = new Random();
  private volatile Cancellation attempt = new Cancellation();
  private volatile boolean handBack;
  private volatile boolean stopped;

  ClaimedTask(
      SharedRun shared,
      TaskClaim claim,
      TaskRecord started,
      StateStore state,
      Clock clock,
      ScheduledExecutorService timers) {
    this.shared = shared;
    this.claim = claim;
    this.started = started;
    this.state = state;
    this.clock = clock;
    this.timers = timers;
  }

  TaskClaim claim() {
    return claim;
  }

  /**
   * Stops the running attempt: {@code handBack} returns the task to the queue for another worker,
   * otherwise it is recorded as cancelled with its run.
   */
  void stop(String why, boolean handBack) {
    this.handBack = handBack;
    this.stopped = true;
    attempt.cancel(why);
  }

  @Override
  public void run() {
    try {
      execute();
    } catch (RuntimeException e) {
      // The state store failed under the task: give the task back rather than hold it forever.
      try {
        state.workers().requeue(claim, "worker " + claim.worker() + " failed: " + e.getMessage());
      } catch (RuntimeException secondary) {
        e.addSuppressed(secondary);
      }
      throw e;
    }
  }

  private void execute() {
    Optional<PartitionState> before = shared.stateBefore(started);
    shared.store(
        started, shared.partitionState(started, PartitionStatus.RUNNING, Optional.empty()));
    TaskRecord current = started;
    shared.attemptStarted(current);
    int failures = 0;
    while (true) {
      TaskOutcome outcome = attemptOnce(current);
      Instant at = clock.instant();
      if (outcome instanceof TaskOutcome.Succeeded succeeded) {
        long rows = succeeded.output().rows();
        TaskRecord succeededTask = current.wrote(TaskStatus.SUCCEEDED, at, rows);
        // The success and the release in one transaction: one commit fewer per task.
        PartitionState published =
            shared.partitionState(current, PartitionStatus.SUCCEEDED, Optional.of(rows));
        Map<String, Double> metrics = succeeded.output().metrics();
        shared.attemptEnded(
            succeededTask,
            () -> {
              shared.finish(claim, succeededTask, published);
              state
                  .checks()
                  .putMetrics(
                      succeededTask.asset(),
                      succeededTask.partition(),
                      succeededTask.runId(),
                      metrics,
                      at);
            });
        return;
      }
      if (stopped) {
        TaskRecord last = current;
        PartitionState previous =
            before.orElseGet(
                () -> shared.partitionState(last, PartitionStatus.MISSING, Optional.empty()));
        if (handBack) {
          // Nothing was published: the partition shows what it held, and another worker starts
          // the task afresh.
          String why = "handed back by worker " + claim.worker();
          TaskRecord running = current.withStatus(TaskStatus.RUNNING, current.error());
          shared.attemptEnded(
              current.withStatus(TaskStatus.QUEUED, Optional.of(why)),
              () -> {
                shared.store(running, previous);
                state.workers().requeue(claim, why);
              });
          return;
        }
        TaskRecord cancelled = current.finished(TaskStatus.CANCELLED, at, error(outcome));
        shared.attemptEnded(cancelled, () -> shared.store(cancelled, previous));
        break;
      }
      if (outcome instanceof TaskOutcome.FailedChecks failedChecks) {
        failed(current.finished(TaskStatus.FAILED_CHECKS, at, failedChecks.error()));
        break;
      }
      TaskOutcome.Failed failure = (TaskOutcome.Failed) outcome;
      failures++;
      if (failure.retryable() && failures <= shared.retries(current.asset()) && backOff(failures)) {
        shared.attemptEnded(current.finished(TaskStatus.RETRYING, at, failure.error()), () -> {});
        current =
            new TaskRecord(
                current.runId(),
                current.asset(),
                current.partition(),
                TaskStatus.RUNNING,
                current.attempts() + 1,
                new LatestAttempt(
                    Optional.of(clock.instant()),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(failure.error())));
        state.tasks().update(current);
        shared.attemptStarted(current);
        continue;
      }
      failed(current.finished(TaskStatus.FAILED, at, failure.error()));
      break;
    }
    state.workers().release(claim);
  }

  private TaskOutcome attemptOnce(TaskRecord current) {
    Cancellation cancellation = new Cancellation();
    attempt = cancellation;
    if (stopped) {
      cancellation.cancel("stopped before the attempt");
    }
    AssetDefinition asset = shared.asset(current.asset());
    ScheduledFuture<?> timer =
        timers.schedule(
            () -> cancellation.cancel("timed out after " + Durations.format(asset.timeout())),
            asset.timeout().toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return shared.attempt(current, cancellation);
    } finally {
      timer.cancel(false);
    }
  }

  /** Waits the retry backoff; false when the task was stopped meanwhile. */
  private boolean backOff(int failures) {
    AssetDefinition asset = shared.asset(started.asset());
    RetryPolicy policy =
        new RetryPolicy(
            shared.retries(started.asset()), asset.retryBackoff(), RetryPolicy.DEFAULT_CAP);
    long until = clock.millis() + policy.delayAfter(failures, random).toMillis();
    while (!stopped && clock.millis() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, until - clock.millis())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !stopped;
  }

  private void failed(TaskRecord record) {
    PartitionStatus status =
        record.status() == TaskStatus.FAILED_CHECKS
            ? PartitionStatus.FAILED_CHECKS
            : PartitionStatus.FAILED;
    PartitionState partition = shared.partitionState(record, status, Optional.empty());
    shared.attemptEnded(record, () -> shared.store(record, partition));
    shared.markUpstreamFailed(record);
  }

  private static String error(TaskOutcome outcome) {
    if (outcome instanceof TaskOutcome.FailedChecks failedChecks) {
      return failedChecks.error();
    }
    return ((TaskOutcome.Failed) outcome).error();
  }
}
