package io.partita.state.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partita.ErrorCategory;
import io.partita.PartitaException;
import io.partita.state.RunKind;
import io.partita.state.RunLiveness;
import io.partita.state.RunOptions;
import io.partita.state.RunOrigin;
import io.partita.state.RunRecord;
import io.partita.state.RunSelection;
import io.partita.state.RunStatus;
import io.partita.state.StateStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A write that meets a row lock held by another session waits the lock timeout, is rolled back as
 * busy (SQLState 55P03) and retried with backoff; only when the lock outlives every retry does the
 * write fail.
 */
class PostgresLockWaitTest {
  private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
  private static final Duration SHORT_LOCK_TIMEOUT = Duration.ofMillis(200);

  @Test
  void aWriteBlockedByARowLockIsRetriedUntilTheLockIsGone() throws Exception {
    PostgresUrl url = PostgresStores.freshUrl();
    try (StateStore store = PostgresStateStore.open(url, Optional.empty(), SHORT_LOCK_TIMEOUT)) {
      store.runs().create(aRun("r1"));
      try (Connection holder = lockRun(url, "r1")) {
        CompletableFuture<Boolean> moved =
            CompletableFuture.supplyAsync(
                () -> store.runs().transition("r1", RunStatus.QUEUED, RunStatus.RUNNING, T0));
        // Longer than one lock timeout, well within the five attempts and their backoff (~1.75 s).
        Thread.sleep(600);
        assertThat(moved).isNotDone();
        holder.rollback();
        assertThat(moved.get()).isTrue();
      }
      assertThat(store.runs().find("r1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }
  }

  @Test
  void aLockHeldPastEveryRetryFailsNamingTheWriteAndTheStore() throws Exception {
    PostgresUrl url = PostgresStores.freshUrl();
    try (StateStore store = PostgresStateStore.open(url, Optional.empty(), SHORT_LOCK_TIMEOUT);
        Connection holder = lockRun(url, "r1", store)) {
      assertThatThrownBy(
              () -> store.runs().transition("r1", RunStatus.QUEUED, RunStatus.RUNNING, T0))
          .isInstanceOf(PartitaException.class)
          .hasMessageContaining("Could not move run r1 from queued to running in " + url.display())
          .hasMessageContaining("canceling statement due to lock timeout")
          .extracting(e -> ((PartitaException) e).category())
          .isEqualTo(ErrorCategory.INTERNAL);
      holder.rollback();
    }
  }

  private static Connection lockRun(PostgresUrl url, String runId, StateStore store)
      throws SQLException {
    store.runs().create(aRun(runId));
    return lockRun(url, runId);
  }

  /** Another session that holds the run's row lock until it rolls back. */
  private static Connection lockRun(PostgresUrl url, String runId) throws SQLException {
    Connection holder = DriverManager.getConnection(url.jdbcUrl() + "?user=postgres");
    holder.setAutoCommit(false);
    try (Statement lock = holder.createStatement()) {
      lock.execute("SELECT 1 FROM partita.runs WHERE id = '" + runId + "' FOR UPDATE");
    }
    return holder;
  }

  private static RunRecord aRun(String id) {
    return new RunRecord(
        id,
        RunStatus.QUEUED,
        new RunOptions(RunSelection.all("", "2025-03-01..2025-03-07"), 2, "asc"),
        new RunOrigin(
            RunKind.BACKFILL, "snapshot-hash", Optional.empty(), "tester", Optional.empty()),
        T0,
        Optional.empty(),
        RunLiveness.NONE);
  }
}
