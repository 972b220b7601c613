package io.partita.state.postgres;

import io.partita.PartitaException;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A child process for {@link PostgresClaimConcurrencyTest}: opens the store named by its arguments
 * (host port database schema run threads) and claims tasks of the run with that many threads until
 * none is queued, recording each as succeeded. Prints {@code claimed P}, {@code done P}, {@code
 * failed ...} (a transaction lost to a killed connection), after opening the store {@code ready}
 * and finally {@code end}.
 */
public final class ClaimingProcess {
  private ClaimingProcess() {}

  public static void main(String[] args) throws Exception {
    PostgresUrl url =
        new PostgresUrl("postgres", args[0], Integer.parseInt(args[1]), args[2], args[3]);
    String runId = args[4];
    int threads = Integer.parseInt(args[5]);
    try (StateStore store = PostgresStateStore.open(url, Optional.empty())) {
      System.out.println("ready");
      List<Thread> claimers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread thread = new Thread(() -> claimAll(store, runId));
        thread.start();
        claimers.add(thread);
      }
      for (Thread thread : claimers) {
        thread.join();
      }
    }
    System.out.println("end");
  }

  private static void claimAll(StateStore store, String runId) {
    while (true) {
      Optional<TaskRecord> claimed;
      try {
        claimed = store.tasks().claimNext(runId, Instant.now());
      } catch (PartitaException e) {
        System.out.println("failed claim: " + e.getMessage().replace('\n', ' '));
        continue;
      }
      if (claimed.isEmpty()) {
        return;
      }
      TaskRecord task = claimed.get();
      System.out.println("claimed " + task.partition());
      TaskRecord done =
          new TaskRecord(
              runId,
              task.asset(),
              task.partition(),
              TaskStatus.SUCCEEDED,
              task.attempts(),
              task.startedAt(),
              Optional.of(Instant.now()),
              Optional.of(1L),
              Optional.empty());
      PartitionState state =
          new PartitionState(
              task.asset(),
              task.partition(),
              PartitionStatus.SUCCEEDED,
              Optional.of(1L),
              runId,
              Optional.empty(),
              Instant.now());
      // Recording is idempotent: after a killed connection, record again until it sticks.
      while (true) {
        try {
          store.tasks().update(done, state);
          break;
        } catch (PartitaException e) {
          System.out.println("failed update: " + e.getMessage().replace('\n', ' '));
        }
      }
      System.out.println("done " + task.partition());
    }
  }
}
