package io.partita.exec;

import io.partita.config.AssetDefinition;
import io.partita.config.AssetKind;
import io.partita.engine.Cancellation;
import io.partita.plan.TaskNode;
import io.partita.state.TaskRecord;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stores the start of attempts ({@link TaskLedger#start}: RUNNING task and partition, audit START
 * row). A lone SQL task's start is stored on a thread of its own while its worker computes, so the
 * state-store commit and the engine's work overlap: the engine waits for it before it commits
 * anything ({@link Cancellation#awaitCommitPermit}), so a kill -9 never leaves a write without its
 * attempt, and the worker waits for it before it reports the task's end, so the coordinator never
 * stores an end before its start. Command steps, whose scripts act outside any transaction, and
 * batches store their start before any work, as always.
 */
final class AttemptStarts implements AutoCloseable {
  private final TaskLedger ledger;
  private final ExecutorService writers =
      Executors.newCachedThreadPool(DaemonThreads.named("partita-start"));

  AttemptStarts(TaskLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * Stores (or starts storing) the start of {@code batch}'s attempts; returns what the worker runs
   * before it reports their end: it waits for the start to be stored, and throws why it could not
   * be (that failure is then the attempts' outcome).
   */
  Runnable begin(
      List<TaskNode> batch,
      AssetDefinition asset,
      List<TaskRecord> started,
      Cancellation cancellation) {
    if (batch.size() != 1 || asset.kind() != AssetKind.SQL) {
      ledger.start(batch, started);
      return () -> {};
    }
    CompletableFuture<Void> stored =
        CompletableFuture.runAsync(() -> ledger.start(batch, started), writers);
    cancellation.holdCommitsUntil(stored);
    return cancellation::awaitCommitPermit;
  }

  @Override
  public void close() {
    writers.shutdownNow();
  }
}
