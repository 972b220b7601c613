package io.partita.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Workers and the tasks they claim. Many processes, on one or many machines, share the tasks of
 * running runs through this store: a task is executed by the worker that claimed it, and limits are
 * enforced here, in the claiming transaction, over the claims of all workers. Every method is
 * atomic.
 */
public interface WorkerStore {
  /**
   * Registers {@code worker} as live, replacing an earlier registration of the same name unless
   * that one is live and heartbeat at or after {@code staleBefore}. Claims left by an earlier
   * registration of the name stay; the new worker must settle them before it claims anything.
   *
   * @return false when a live worker of that name holds it
   */
  boolean register(WorkerRecord worker, Instant staleBefore);

  /**
   * Refreshes the heartbeat of a live worker; false when the worker is not live any more (declared
   * dead, or stopped): it must stop executing, its claims belong to the queue again.
   */
  boolean heartbeat(String name, Instant now);

  /**
   * Marks the worker stopped. Claims it still holds become orphaned: the next live worker returns
   * them to the queue.
   */
  void stop(String name, Instant now);

  /** Every registered worker, live first, then by name. */
  List<WorkerRecord> list();

  /**
   * Declares dead every live worker whose heartbeat is older than {@code staleBefore}.
   *
   * @return the names of the workers declared dead now
   */
  List<String> declareDead(Instant staleBefore, Instant now);

  /**
   * Claims the first candidate that is still QUEUED and that the limits let start: moves the task
   * to RUNNING (attempts + 1, started now) and records the claim, in one transaction. Empty when
   * the run's max parallel is reached or no candidate can start. A candidate another worker took in
   * the meantime is skipped, not an error.
   */
  Optional<TaskClaim> claim(ClaimRequest request);

  /** Every claim, oldest first. */
  List<TaskClaim> claims();

  /** Claims held by workers that are not live (dead or stopped), oldest first. */
  List<TaskClaim> orphanedClaims();

  /**
   * Drops the claim if {@code claim.worker()} still holds it, counting the task as done by that
   * worker ({@link WorkerRecord#tasksDone()}), in one transaction; false when it did not hold it.
   * Call it when the claimed task ended; {@link #requeue} hands a task back without counting it.
   */
  boolean release(TaskClaim claim);

  /**
   * Records the end of a claimed task with the state of its partition and drops the claim, in one
   * transaction: a worker killed at any moment leaves either its running task with the claim (an
   * orphan, settled by the publish log) or the finished task without it. The task and partition are
   * recorded even when the claim was not held any more, as {@link TaskStore#update(TaskRecord,
   * PartitionState)} would.
   *
   * @return false when {@code claim.worker()} did not hold the claim any more
   */
  boolean finish(TaskClaim claim, TaskRecord task, PartitionState partition);

  /**
   * Puts the claimed task back in the queue (RUNNING to QUEUED, {@code why} as its error) and drops
   * the claim, in one transaction, if the claim is still held by {@code claim.worker()} and the
   * task is still running; false otherwise.
   */
  boolean requeue(TaskClaim claim, String why);
}
