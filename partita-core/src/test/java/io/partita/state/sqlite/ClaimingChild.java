package io.partita.state.sqlite;

import io.partita.state.ClaimRequest;
import io.partita.state.ClaimRequest.Candidate;
import io.partita.state.ClaimRequest.ClaimLimits;
import io.partita.state.StateStore;
import io.partita.state.TaskClaim;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import io.partita.state.WorkerRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker process at the level of the state store, for {@link SqliteClaimsAcrossProcessesTest}:
 * {@code ClaimingChild STATE_DB RUN_ID NAME LOG}. Heartbeats, declares silent workers dead and
 * returns their claims, claims queued tasks within the test's limits, "executes" each for a few
 * milliseconds, records it succeeded and releases the claim, until no task of the run is left. Logs
 * {@code start|done asset partition micros} lines, flushed at once, so a kill -9 loses none.
 */
public final class ClaimingChild {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final ClaimLimits LIMITS =
      new ClaimLimits(4, Map.of("a", 2), Map.of("a", "db", "b", "db"), Map.of("db", 3));

  private ClaimingChild() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    String runId = args[1];
    String name = args[2];
    Random random = new Random(name.hashCode());
    try (StateStore state = SqliteStateStore.open(db);
        PrintWriter log =
            new PrintWriter(
                Files.newBufferedWriter(
                    Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true)) {
      Instant now = Instant.now();
      if (!state
          .workers()
          .register(
              WorkerRecord.starting(name, "localhost", ProcessHandle.current().pid(), 2, now),
              now.minus(TIMEOUT))) {
        throw new IllegalStateException("name taken: " + name);
      }
      ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
      beat.scheduleAtFixedRate(
          () -> state.workers().heartbeat(name, Instant.now()), 100, 100, TimeUnit.MILLISECONDS);
      try {
        work(state, runId, name, log, random);
      } finally {
        beat.shutdownNow();
        state.workers().stop(name, Instant.now());
      }
    }
  }

  private static void work(
      StateStore state, String runId, String name, PrintWriter log, Random random)
      throws InterruptedException, IOException {
    while (true) {
      Instant now = Instant.now();
      state.workers().declareDead(now.minus(TIMEOUT), now);
      for (TaskClaim orphan : state.workers().orphanedClaims()) {
        state.workers().requeue(orphan, "worker " + orphan.worker() + " died");
      }
      List<TaskRecord> tasks = state.tasks().list(runId);
      if (tasks.stream().allMatch(t -> t.status() == TaskStatus.SUCCEEDED)) {
        return;
      }
      List<Candidate> candidates =
          tasks.stream()
              .filter(t -> t.status() == TaskStatus.QUEUED)
              .map(t -> new Candidate(t.asset(), t.partition()))
              .toList();
      Optional<TaskClaim> claim =
          state.workers().claim(new ClaimRequest(runId, name, candidates, LIMITS, now));
      if (claim.isEmpty()) {
        Thread.sleep(10);
        continue;
      }
      TaskClaim held = claim.get();
      log.println("start " + held.asset() + " " + held.partition() + " " + micros());
      Thread.sleep(10 + random.nextInt(30));
      TaskRecord task =
          state.tasks().list(runId).stream()
              .filter(t -> t.asset().equals(held.asset()) && t.partition().equals(held.partition()))
              .findFirst()
              .orElseThrow();
      // The end is logged before the state says so: measured intervals lie inside the claim.
      long end = micros();
      state.tasks().update(task.wrote(TaskStatus.SUCCEEDED, Instant.now(), 1));
      log.println("done " + held.asset() + " " + held.partition() + " " + end);
      state.workers().release(held);
    }
  }

  private static long micros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }
}
