package io.partita.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.PartitaException;
import io.partita.state.PartitionState;
import io.partita.state.PartitionStatus;
import io.partita.state.RunKind;
import io.partita.state.RunLiveness;
import io.partita.state.RunOptions;
import io.partita.state.RunOrigin;
import io.partita.state.RunRecord;
import io.partita.state.RunSelection;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import io.partita.state.TaskRecord;
import io.partita.state.TaskStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Claims under real concurrency: two child JVMs with two threads each share one run on one
 * PostgreSQL, while the test kills their connections in the middle of transactions.
 */
class PostgresClaimConcurrencyTest {
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  private static final int TASKS = 300;

  @Test
  void twoProcessesClaimEveryTaskOnceAndNeverASucceededOneWhileConnectionsAreKilled()
      throws Exception {
    PostgresUrl url = PostgresStores.freshUrl();
    try (StateStore store = PostgresStateStore.open(url, Optional.empty())) {
      createRun(store, "r1", TASKS);
      List<Process> children = List.of(start(url, "r1"), start(url, "r1"));
      CountDownLatch ready = new CountDownLatch(children.size());
      AtomicInteger failuresSeen = new AtomicInteger();
      List<CompletableFuture<List<String>>> outputs = new ArrayList<>();
      for (Process child : children) {
        outputs.add(CompletableFuture.supplyAsync(() -> lines(child, ready, failuresSeen)));
      }
      // Kills start once both have opened the store: a killed migration is not what is tested.
      assertThat(ready.await(2, TimeUnit.MINUTES)).as("both children opened the store").isTrue();
      AtomicBoolean running = new AtomicBoolean(true);
      CompletableFuture<Integer> killer =
          CompletableFuture.supplyAsync(() -> killTransactions(url, running, failuresSeen));
      for (Process child : children) {
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child finished (no deadlock)").isTrue();
      }
      running.set(false);
      int kills = killer.get();

      List<String> claimed = new ArrayList<>();
      List<String> done = new ArrayList<>();
      int failures = 0;
      for (CompletableFuture<List<String>> output : outputs) {
        List<String> lines = output.get();
        assertThat(lines).last().isEqualTo("end");
        // Within one process's order of events: no task is claimed after anyone recorded it done.
        for (String line : lines) {
          if (line.startsWith("claimed ")) {
            claimed.add(line.substring("claimed ".length()));
          } else if (line.startsWith("done ")) {
            done.add(line.substring("done ".length()));
          } else if (line.startsWith("failed ")) {
            failures++;
          }
        }
      }
      assertThat(kills).as("connections killed mid-transaction").isPositive();
      assertThat(failures).as("transactions lost to the kills").isPositive();
      assertThat(claimed).as("no task handed out twice").doesNotHaveDuplicates();
      assertThat(done).containsExactlyInAnyOrderElementsOf(claimed);
      Map<TaskStatus, Integer> statuses = new HashMap<>();
      for (TaskRecord task : store.tasks().list("r1")) {
        statuses.merge(task.status(), 1, Integer::sum);
      }
      // A claim whose commit went through but whose answer died with the connection leaves its
      // task RUNNING with no claimer (rare; a worker's timeout hands it back). It never runs twice.
      assertThat(statuses.getOrDefault(TaskStatus.SUCCEEDED, 0)).isEqualTo(claimed.size());
      assertThat(statuses.getOrDefault(TaskStatus.QUEUED, 0)).isZero();
      assertThat(claimed.size()).isGreaterThanOrEqualTo(TASKS - failures);
      assertThat(store.partitions().list("asset")).hasSize(claimed.size());
    }
  }

  @Test
  void aTransactionKilledWhileWaitingForARowLockChangesNothingAndTheStoreGoesOn() throws Exception {
    PostgresUrl url = PostgresStores.freshUrl();
    try (StateStore store = PostgresStateStore.open(url, Optional.empty())) {
      createRun(store, "r1", 3);
      TaskRecord first = store.tasks().claimNext("r1", T0).orElseThrow();
      store.tasks().update(succeeded(first), partition(first));
      TaskRecord second = store.tasks().claimNext("r1", T0).orElseThrow();

      // Another session holds the second task's row, so recording it waits inside its transaction
      // until the test kills that connection.
      try (Connection holder = connect(url)) {
        holder.setAutoCommit(false);
        try (Statement lock = holder.createStatement()) {
          lock.execute(
              "SELECT 1 FROM partita.tasks WHERE partition = '"
                  + second.partition()
                  + "' FOR UPDATE");
        }
        CompletableFuture<Void> recording =
            CompletableFuture.runAsync(
                () -> store.tasks().update(succeeded(second), partition(second)));
        assertThat(killWaitingForALock(url)).isEqualTo(1);
        assertThatThrownBy(recording::join)
            .hasCauseInstanceOf(PartitaException.class)
            .hasMessageContaining("update task asset " + second.partition() + " of run r1")
            .hasMessageContaining("terminating connection due to administrator command");
        holder.rollback();
      }

      assertThat(store.partitions().list("asset"))
          .extracting(PartitionState::partition)
          .containsExactly(first.partition());
      TaskRecord third = store.tasks().claimNext("r1", T0).orElseThrow();
      assertThat(third.partition()).isNotIn(first.partition(), second.partition());
      assertThat(store.tasks().claimNext("r1", T0))
          .as("the succeeded task is not handed out")
          .isEmpty();
      assertThat(store.tasks().list("r1"))
          .extracting(TaskRecord::status)
          .containsExactly(TaskStatus.SUCCEEDED, TaskStatus.RUNNING, TaskStatus.RUNNING);
    }
  }

  private static void createRun(StateStore store, String runId, int tasks) {
    store
        .runs()
        .create(
            new RunRecord(
                runId,
                RunStatus.RUNNING,
                new RunOptions(RunSelection.all("", "2025-03-01..2025-03-07"), 2, "asc"),
                new RunOrigin(
                    RunKind.BACKFILL,
                    "snapshot-hash",
                    Optional.empty(),
                    "tester",
                    Optional.empty()),
                T0,
                Optional.empty(),
                RunLiveness.NONE));
    List<TaskRecord> records = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      records.add(TaskRecord.queued(runId, "asset", String.format("p%04d", i)));
    }
    store.tasks().createAll(records);
  }

  private static TaskRecord succeeded(TaskRecord task) {
    return task.withStatus(TaskStatus.SUCCEEDED, Optional.empty());
  }

  private static PartitionState partition(TaskRecord task) {
    return new PartitionState(
        task.asset(),
        task.partition(),
        PartitionStatus.SUCCEEDED,
        Optional.of(1L),
        task.runId(),
        Optional.empty(),
        T0);
  }

  private static Process start(PostgresUrl url, String runId) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ClaimingProcess.class.getName(),
            url.host(),
            Integer.toString(url.port()),
            url.database(),
            url.schema(),
            runId,
            "2")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static List<String> lines(
      Process child, CountDownLatch ready, AtomicInteger failuresSeen) {
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.equals("ready")) {
          ready.countDown();
        } else if (line.startsWith("failed ")) {
          failuresSeen.incrementAndGet();
        }
        lines.add(line);
      }
      return Collections.unmodifiableList(lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills partita connections that are inside a transaction, every 50 ms: 15 of them, and more (up
   * to 100) until a child has reported a transaction lost. A kill can land between a statement's
   * end and the state change pg_stat_activity shows, and lose nothing; under load all 15 sometimes
   * did, and the test then proved nothing about lost transactions.
   */
  private static int killTransactions(
      PostgresUrl url, AtomicBoolean running, AtomicInteger failuresSeen) {
    AtomicInteger kills = new AtomicInteger();
    try (Connection connection = connect(url);
        PreparedStatement kill =
            connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = ? AND application_name = 'partita'"
                    + " AND state IN ('active', 'idle in transaction') AND pid <> pg_backend_pid()")) {
      kill.setString(1, url.database());
      while (running.get() && kills.get() < 100 && (kills.get() < 15 || failuresSeen.get() == 0)) {
        try (ResultSet row = kill.executeQuery()) {
          row.next();
          kills.addAndGet(row.getInt(1));
        }
        Thread.sleep(50);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return kills.get();
  }

  /**
   * Waits until a partita connection waits for a lock, kills it, and returns how many it killed.
   */
  private static int killWaitingForALock(PostgresUrl url) throws Exception {
    try (Connection connection = connect(url);
        PreparedStatement kill =
            connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = ? AND application_name = 'partita'"
                    + " AND wait_event_type = 'Lock'")) {
      kill.setString(1, url.database());
      for (int attempt = 0; attempt < 200; attempt++) {
        try (ResultSet row = kill.executeQuery()) {
          row.next();
          if (row.getInt(1) > 0) {
            return row.getInt(1);
          }
        }
        Thread.sleep(25);
      }
    }
    return 0;
  }

  private static Connection connect(PostgresUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl() + "?user=postgres");
  }
}
