package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.model.PartitionKey;
import io.partita.plan.Plan;
import io.partita.plan.TaskNode;
import io.partita.state.ControlRequest;
import io.partita.state.PartitionStatus;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * What becomes of a task attempt that did not succeed: cancelled with its run, failed its checks,
 * retried after a backoff, left queued for a resume (paused while failing), or failed; a task that
 * failed for good marks everything downstream of it upstream-failed. Owns the queue of retries
 * waiting for their backoff. Used by the coordinator thread only.
 */
final class TaskFailures {
  private final RunContext context;
  private final TaskLedger ledger;
  private final ReadyQueues ready;
  private final Optional<Integer> retriesOverride;
  private final Random random = new Random();

  /** (due at in clock millis, task id), earliest first. */
  private final PriorityQueue<long[]> retries =
      new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));

  TaskFailures(RunContext context, TaskLedger ledger, ReadyQueues ready) {
    this.context = context;
    this.ledger = ledger;
    this.ready = ready;
    this.retriesOverride = context.run().options().retries();
  }

  /**
   * Records the end of task {@code id}'s failed attempt, the {@code sessionAttempts}-th of it in
   * this process, under the run's current {@code control} request.
   */
  void failed(
      int id,
      TaskOutcome outcome,
      Instant finishedAt,
      int sessionAttempts,
      ControlRequest control) {
    TaskNode task = plan().tasks().get(id);
    TaskRecord current = ledger.get(id);
    if (control == ControlRequest.CANCEL) {
      // Nothing was published: the partition shows what it held before this task started.
      ledger.save(
          id,
          current.finished(TaskStatus.CANCELLED, finishedAt, error(outcome)),
          ledger.stateBefore(id, task));
      return;
    }
    if (outcome instanceof TaskOutcome.FailedChecks failedChecks) {
      ledger.save(
          id,
          current.finished(TaskStatus.FAILED_CHECKS, finishedAt, failedChecks.error()),
          ledger.partitionState(task, PartitionStatus.FAILED_CHECKS, Optional.empty()));
      markUpstreamFailed(id);
      return;
    }
    TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
    String error = failed.error();
    AssetDefinition asset = context.pipeline().asset(task.asset());
    int allowedRetries = retriesOverride.orElse(asset.retries());
    if (failed.retryable() && sessionAttempts <= allowedRetries && control == ControlRequest.NONE) {
      RetryPolicy policy =
          new RetryPolicy(allowedRetries, asset.retryBackoff(), RetryPolicy.DEFAULT_CAP);
      long due = clock().millis() + policy.delayAfter(sessionAttempts, random).toMillis();
      ledger.save(id, current.finished(TaskStatus.RETRYING, finishedAt, error), null);
      retries.add(new long[] {due, id});
      return;
    }
    if (failed.retryable() && control == ControlRequest.PAUSE) {
      // Paused while failing: leave it queued so resume tries again with a fresh budget.
      ledger.save(
          id, current.finished(TaskStatus.QUEUED, finishedAt, error), ledger.stateBefore(id, task));
      return;
    }
    ledger.save(
        id,
        current.finished(TaskStatus.FAILED, finishedAt, error),
        ledger.partitionState(task, PartitionStatus.FAILED, Optional.empty()));
    markUpstreamFailed(id);
  }

  /**
   * Moves the retries whose backoff has passed at {@code now} (clock millis) to the ready queues.
   */
  void releaseDue(long now) {
    while (!retries.isEmpty() && retries.peek()[0] <= now) {
      int id = (int) retries.poll()[1];
      ready.add(plan().tasks().get(id).asset(), id);
    }
  }

  boolean nonePending() {
    return retries.isEmpty();
  }

  /** Clock millis at which the next retry is due; only when one is pending. */
  long nextDue() {
    return retries.peek()[0];
  }

  private void markUpstreamFailed(int failedId) {
    TaskNode failed = plan().tasks().get(failedId);
    PartitionKey partition = failed.partition();
    String reason = "upstream " + failed.asset() + " " + partition.key() + " failed";
    Deque<Integer> queue = new ArrayDeque<>();
    for (int downstream : plan().downstream()[failedId]) {
      queue.add(downstream);
    }
    while (!queue.isEmpty()) {
      int id = queue.poll();
      if (ledger.isDone(id) || ledger.get(id).status() == TaskStatus.UPSTREAM_FAILED) {
        continue;
      }
      ready.remove(plan().tasks().get(id).asset(), id);
      ledger.save(
          id, ledger.get(id).withStatus(TaskStatus.UPSTREAM_FAILED, Optional.of(reason)), null);
      for (int downstream : plan().downstream()[id]) {
        queue.add(downstream);
      }
    }
  }

  private static String error(TaskOutcome outcome) {
    if (outcome instanceof TaskOutcome.FailedChecks failedChecks) {
      return failedChecks.error();
    }
    return ((TaskOutcome.Failed) outcome).error();
  }

  private Plan plan() {
    return context.plan();
  }

  private Clock clock() {
    return context.clock();
  }
}
